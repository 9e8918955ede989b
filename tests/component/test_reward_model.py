"""Reward-model training end to end on CPU (tiny-random model, real DeepSpeed engine, synthetic rankings):
learning beats chance on held-out pairs, the export loads with AutoModelForSequenceClassification, LoRA
export + merge, resume reproduces an uninterrupted run, and the scorer PPO uses agrees with the export."""

import json
import shutil

import pytest
import torch
from rm_synthetic import write_synthetic
from safetensors.torch import load_file
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from codegen_rlhf.config import load_config
from codegen_rlhf.data.rankings import load_rankings, split_by_prompt
from codegen_rlhf.errors import UserError
from codegen_rlhf.jsonl import read_jsonl
from codegen_rlhf.reward_model.export import merge
from codegen_rlhf.reward_model.metrics import evaluate
from codegen_rlhf.reward_model.score import RewardModelScorer
from codegen_rlhf.reward_model.train import run

FAST = ["rm.optim.micro_batch_size=4", "rm.optim.learning_rate=0.003"]


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    # Tiny matrices: a second intra-op thread only adds spin-wait, which costs 10-20x on a loaded 2-core box.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def config(data, *overrides):
    return load_config("tiny", [f"rm.data={data}", *FAST, *overrides])


def hf_scores(model_dir, groups):
    """Scores straight from transformers, with nothing of ours in the loading path."""
    model = AutoModelForSequenceClassification.from_pretrained(model_dir).eval()
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    out = []
    with torch.no_grad():
        for g in groups:
            tokens = tokenizer([g.prompt + c for c in g.completions], padding=True, return_tensors="pt")
            out.append(model(**tokens).logits[:, 0].tolist())
    return out


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rm")
    data = write_synthetic(tmp / "synthetic.jsonl", 40)
    out = run(config(data, "rm.optim.max_steps=12", "rm.optim.eval_every=6", "rm.optim.save_every=6"),
              out_dir=str(tmp / "run"))
    return out, data


def test_training_beats_chance_on_held_out_pairs_and_writes_metrics_and_plot(trained):
    out, _ = trained
    lines = read_jsonl(out / "metrics.jsonl")
    assert all("step" in line for line in lines)
    evals = [line for line in lines if "eval_human_pair_accuracy" in line]
    assert [e["step"] for e in evals] == [0, 6, 12]
    final = evals[-1]
    assert final["eval_human_pair_accuracy"] > 0.75 and final["eval_exec_pair_accuracy"] > 0.75
    assert final["eval_human_pair_accuracy"] > evals[0]["eval_human_pair_accuracy"]
    assert final["eval_spearman_pass_fraction"] > 0.5
    assert final["eval_score_mean_passed"] > final["eval_score_mean_syntax_error"]
    train_losses = [line["loss"] for line in lines if "loss" in line]
    assert train_losses[-1] < train_losses[0]
    assert (out / "rm_eval.png").stat().st_size > 10_000
    assert json.loads((out / "model" / "reward_model.json").read_text())["base_model"] == "tiny-random"


def test_export_loads_with_auto_model_and_scores_what_was_evaluated(trained):
    out, data = trained
    _, held_out = split_by_prompt(load_rankings(data), 0.2, seed=0)
    scores = hf_scores(out / "model", held_out)
    final = [line for line in read_jsonl(out / "metrics.jsonl") if "eval_human_pair_accuracy" in line][-1]
    assert evaluate(held_out, scores)[0]["eval_human_pair_accuracy"] == final["eval_human_pair_accuracy"]
    scorer = RewardModelScorer(out)  # the run directory works as well as model/
    g = held_out[0]
    assert scorer([g.prompt] * len(g.completions), g.completions) == pytest.approx(scores[0], abs=1e-5)


def test_lora_export_is_adapter_plus_head_and_merges_into_a_plain_model(tmp_path):
    data = write_synthetic(tmp_path / "synthetic.jsonl", 12)
    out = run(config(data, "model.lora.enabled=true", "model.lora.r=4", "rm.optim.max_steps=2"),
              out_dir=str(tmp_path / "run"))
    exported = out / "model"
    assert (exported / "adapter_config.json").is_file() and not (exported / "config.json").exists()
    adapter_config = json.loads((exported / "adapter_config.json").read_text())
    assert "score" in adapter_config["modules_to_save"]
    merged = merge(out, tmp_path / "merged")
    groups = load_rankings(data)[:2]
    scores = hf_scores(merged, groups)
    scorer = RewardModelScorer(exported)
    assert scorer([groups[0].prompt] * 4, groups[0].completions) == pytest.approx(scores[0], abs=1e-5)
    with pytest.raises(UserError, match="not empty"):
        merge(out, tmp_path / "merged")


def test_resume_after_interruption_matches_an_uninterrupted_run(tmp_path):
    data = write_synthetic(tmp_path / "synthetic.jsonl", 12)
    overrides = ["rm.optim.max_steps=4", "rm.optim.save_every=2", "rm.optim.keep_last=3", "rm.exec_weight=0.5",
                 "rm.pass_fraction_weight=0.5"]
    whole = run(config(data, *overrides), out_dir=str(tmp_path / "whole"))
    interrupted = run(config(data, *overrides), out_dir=str(tmp_path / "interrupted"))
    # Simulate a kill right after the step-2 checkpoint: later checkpoints and the export never happened.
    for later in ("step-00000004",):
        shutil.rmtree(interrupted / "checkpoints" / later)
    shutil.rmtree(interrupted / "model")
    with pytest.raises(UserError, match="--resume"):
        run(config(data, *overrides), out_dir=str(interrupted))
    run(config(data, *overrides), resume=True, out_dir=str(interrupted))
    a = load_file(whole / "model" / "model.safetensors")
    b = load_file(interrupted / "model" / "model.safetensors")
    assert a.keys() == b.keys()
    for key in a:
        torch.testing.assert_close(a[key], b[key], rtol=1e-5, atol=1e-6)
    steps = [line["step"] for line in read_jsonl(interrupted / "metrics.jsonl") if "loss" in line]
    assert steps[-2:] == [3, 4]


def test_loss_terms_without_data_are_refused(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"prompt": "p", "chosen": "a", "rejected": "b"}) + "\n"
                     + json.dumps({"prompt": "q", "chosen": "c", "rejected": "d"}) + "\n")
    with pytest.raises(UserError, match="rm.pl_weight is set .* no full ranking"):
        run(config(pairs, "rm.exec_weight=0"), out_dir=str(tmp_path / "run"))
    with pytest.raises(UserError, match="rm.exec_weight is set"):
        run(config(pairs, "rm.pl_weight=0", "rm.bt_weight=1"), out_dir=str(tmp_path / "run"))
    with pytest.raises(UserError, match="every reward-model loss weight is 0"):
        run(config(pairs, "rm.pl_weight=0", "rm.exec_weight=0"), out_dir=str(tmp_path / "run"))
