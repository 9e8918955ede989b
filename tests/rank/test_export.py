"""`rank export`: pairs (TRL RewardTrainer format, no pairs from ties) and K-wise rows, as a datasets
directory and JSONL, read back by datasets, by the reward model's reader, and by TRL's RewardTrainer."""

import json

import pytest
from datasets import load_from_disk
from rankdb import FAILED, PASSED, rank_cli

from codegen_rlhf.data.rankings import load_rankings
from codegen_rlhf.models import tiny_tokenizer
from codegen_rlhf.rank.export import rows
from codegen_rlhf.rank.store import Store


@pytest.fixture
def ranked_db(tmp_path):
    path = tmp_path / "r.db"
    with Store(path) as store:
        pid, _ = store.add_prompt("t/0", "def f(x):\n")
        ids = [store.add_candidate(pid, f"    return x + {j}\n", PASSED if j == 0 else FAILED)[0] for j in range(3)]
        ids.append(store.add_candidate(pid, "    return x * 9\n", None)[0])  # never executed
        alice = store.annotator("alice")
        store.submit(alice, pid, {"overall": dict(zip(ids, [1, 1, 2, 3])), "readability": dict(zip(ids, [2, 1, 1, 1]))}, 5.0)
    return path, ids


def test_pairs_skip_ties_and_carry_margin_and_execution(ranked_db):
    path, (a, b, c, d) = ranked_db
    with Store(path) as store:
        pairs = rows(store, "pairs")
    chosen_rejected = {(p["chosen"][-2], p["rejected"][-2], p["margin"]) for p in pairs}
    # completions end in "0\n", "1\n", "2\n", "9\n"; levels 1, 1, 2, 3: every strict pair once, none for the tie.
    assert chosen_rejected == {("0", "2", 1.0), ("0", "9", 2.0), ("1", "2", 1.0), ("1", "9", 2.0), ("2", "9", 1.0)}
    first = next(p for p in pairs if p["chosen"].endswith("0\n") and p["rejected"].endswith("2\n"))
    assert first["chosen_execution"] == {"status": "passed", "passed": True, "tests_passed": 3, "tests_total": 3}
    assert first["rejected_execution"]["status"] == "failed"
    assert next(p for p in pairs if p["rejected"].endswith("9\n"))["rejected_execution"] is None
    assert {p["annotator"] for p in pairs} == {"alice"} and {p["prompt"] for p in pairs} == {"def f(x):\n"}


def test_export_round_trip_through_datasets_and_the_reward_model_reader(ranked_db, tmp_path, capsys):
    path, _ = ranked_db
    out = tmp_path / "pairs"
    code, out_text, err = rank_cli(capsys, "export", "--db", path, "--format", "pairs", "--out", out)
    assert code == 0, err
    assert "5 pairs" in out_text
    dataset = load_from_disk(str(out))
    assert dataset.column_names[:4] == ["prompt", "chosen", "rejected", "margin"]
    jsonl = [json.loads(line) for line in (out / "pairs.jsonl").read_text().splitlines()]
    assert jsonl == dataset.to_list()
    groups = load_rankings(str(out / "pairs.jsonl"))
    assert len(groups) == 1 and len(groups[0].preference_pairs()) == 5

    kwise = tmp_path / "kwise"
    assert rank_cli(capsys, "export", "--db", path, "--format", "kwise", "--out", kwise, "--criterion", "readability")[0] == 0
    (row,) = load_from_disk(str(kwise)).to_list()
    assert row["ranks"] == [2, 1, 1, 1] and len(row["completions"]) == 4
    assert row["execution"][0]["tests_passed"] == 3 and row["execution"][3] is None
    (group,) = load_rankings(str(kwise / "kwise.jsonl"))
    assert group.ranks == [2, 1, 1, 1]


def test_export_replaces_its_own_output_and_refuses_other_directories(ranked_db, tmp_path, capsys):
    path, _ = ranked_db
    out = tmp_path / "pairs"
    assert rank_cli(capsys, "export", "--db", path, "--out", out)[0] == 0
    assert rank_cli(capsys, "export", "--db", path, "--out", out)[0] == 0
    foreign = tmp_path / "precious"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    code, _, err = rank_cli(capsys, "export", "--db", path, "--out", foreign)
    assert code == 2 and "is not a dataset export" in err
    assert (foreign / "notes.txt").read_text() == "keep me"
    code, _, err = rank_cli(capsys, "export", "--db", path, "--out", tmp_path / "x", "--annotator", "nobody")
    assert code == 2 and "no overall rankings by nobody" in err
    assert not (tmp_path / "x").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left behind


@pytest.mark.slow
def test_exported_pairs_train_trl_reward_trainer_one_step(ranked_db, tmp_path, capsys):
    """TRL's own RewardTrainer consumes the export as is (a tiny random model: no weights needed)."""
    # Only this slow test trains a model: the rest of tests/rank runs without torch.
    from transformers import (  # noqa: PLC0415 (torch + transformers: ~3.9 s)
        MistralConfig,
        MistralForSequenceClassification,
    )
    from trl import RewardConfig, RewardTrainer  # noqa: PLC0415 (trl's RewardTrainer, with the line above: ~4.7 s)


    path, _ = ranked_db
    out = tmp_path / "pairs"
    assert rank_cli(capsys, "export", "--db", path, "--out", out)[0] == 0
    tokenizer = tiny_tokenizer()
    config = MistralConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                           num_attention_heads=2, num_key_value_heads=1, num_labels=1,
                           pad_token_id=tokenizer.pad_token_id)
    trainer = RewardTrainer(
        model=MistralForSequenceClassification(config),
        args=RewardConfig(output_dir=str(tmp_path / "rm"), max_steps=1, per_device_train_batch_size=2,
                          report_to=[], use_cpu=True, save_strategy="no", logging_steps=1),
        train_dataset=load_from_disk(str(out)),
        processing_class=tokenizer,
    )
    result = trainer.train()
    assert result.global_step == 1 and result.training_loss > 0


def test_no_rankings_of_a_criterion_is_not_called_all_ties(ranked_db, tmp_path, capsys):
    """Bug 5: `--format pairs --criterion correctness` with no correctness rankings said "(all ties)"."""
    path, _ = ranked_db
    code, _, err = rank_cli(capsys, "export", "--db", path, "--criterion", "correctness", "--out", tmp_path / "c")
    assert code == 2
    assert err.strip() == f"error: {path}: no correctness rankings to export"


def test_rankings_that_are_all_ties_say_so(tmp_path, capsys):
    path = tmp_path / "ties.db"
    with Store(path) as store:
        pid, _ = store.add_prompt("t/0", "def f(x):\n")
        ids = [store.add_candidate(pid, f"    return {j}\n", PASSED)[0] for j in range(2)]
        store.submit(store.annotator("alice"), pid, {"overall": dict.fromkeys(ids, 1)}, 1.0)
    code, _, err = rank_cli(capsys, "export", "--db", path, "--out", tmp_path / "p")
    assert code == 2 and "all 1 overall rankings are ties: no pairs" in err


def test_export_carries_blind_comments_and_skip_reasons(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Store(path) as store:
        items = []
        for i in range(2):
            pid, _ = store.add_prompt(f"t/{i}", f"def f{i}(x):\n")
            items.append((pid, [store.add_candidate(pid, f"    return {j}\n", PASSED)[0] for j in range(2)]))
        alice = store.annotator("alice")
        (p0, (a, b)), (p1, _) = items
        store.submit(alice, p0, {"overall": {a: 2, b: 1}}, 3.0, comment="first thought", blind=True)
        store.submit(alice, p0, {"overall": {a: 1, b: 2}}, 4.0, comment="on reflection A", blind=True)  # a revision
        store.skip(alice, p1, "prompt unclear", comment="which order?")
    out = tmp_path / "k"
    assert rank_cli(capsys, "export", "--db", path, "--format", "kwise", "--out", out)[0] == 0
    (row,) = [json.loads(line) for line in (out / "kwise.jsonl").read_text().splitlines()]
    assert (row["ranks"], row["blind"], row["comment"]) == ([1, 2], True, "on reflection A")
    skipped = [json.loads(line) for line in (out / "skipped.jsonl").read_text().splitlines()]
    assert skipped == [{"task_id": "t/1", "annotator": "alice", "reason": "prompt unclear", "comment": "which order?"}]
