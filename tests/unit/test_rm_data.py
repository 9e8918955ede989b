"""Ranking data for the reward model (codegen_rlhf.data.rankings): both export forms, every source kind, bad rows."""

import json
from pathlib import Path

import datasets
import pytest

from codegen_rlhf.data.rankings import load_rankings, split_by_prompt
from codegen_rlhf.errors import UserError

FIXTURE = Path(__file__).parents[1] / "fixtures" / "rankings_kwise.jsonl"


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def kwise_row(**changes):
    row = json.loads(FIXTURE.read_text().splitlines()[0])
    row.update(changes)
    return row


def test_kwise_fixture_loads_with_ties_pairs_and_execution_order():
    groups = load_rankings(str(FIXTURE))
    assert [len(g.completions) for g in groups] == [4, 3, 3, 3]
    add = groups[0]
    assert add.ranks == [1, 3, 4, 1] and add.annotator == "alice"
    # ties (0 and 3 both level 1) give no pair; every other pair is there with its rank gap
    assert sorted(add.preference_pairs()) == [(0, 1, 2.0), (0, 2, 3.0), (1, 2, 1.0), (3, 1, 2.0), (3, 2, 3.0)]
    assert add.execution_values() == [1.0, pytest.approx(-0.3 + 1.3 / 3), -1.0, 1.0]
    assert add.pass_fractions() == [1.0, pytest.approx(1 / 3), 0.0, 1.0]
    # a timeout without counts is a runtime error with pass fraction 0
    assert groups[3].execution_values()[2] == -0.6 and groups[3].pass_fractions()[2] == 0.0


def test_pairs_rows_merge_per_prompt_and_annotator(tmp_path):
    ex = {"status": "passed", "passed": True, "tests_passed": 1, "tests_total": 1}
    rows = [
        {"prompt": "p", "chosen": "a", "rejected": "b", "margin": 1, "annotator": "x", "chosen_execution": ex},
        {"prompt": "p", "chosen": "a", "rejected": "c", "annotator": "x"},
        {"prompt": "p", "chosen": "b", "rejected": "c", "annotator": "y"},
    ]
    groups = load_rankings(write(tmp_path / "pairs.jsonl", rows))
    assert len(groups) == 2
    x = groups[0]
    assert x.ranks is None and x.completions == ["a", "b", "c"]
    assert x.preference_pairs() == [(0, 1, 1.0), (0, 2, 0.0)]
    assert x.execution[0] == ex and x.execution[1] is None


def test_save_to_disk_directories_and_a_folder_of_exports_load(tmp_path):
    rows = [json.loads(line) for line in FIXTURE.read_text().splitlines()]
    # `rank export` layout: the saved dataset with a JSONL copy inside
    datasets.Dataset.from_list(rows).save_to_disk(str(tmp_path / "kwise"))
    write(tmp_path / "kwise" / "kwise.jsonl", rows)
    assert [g.ranks for g in load_rankings(str(tmp_path / "kwise"))] == [r["ranks"] for r in rows]
    # a folder holding both exports: the K-wise one is read
    pairs = [{"prompt": "p", "chosen": "a", "rejected": "b"}]
    datasets.Dataset.from_list(pairs).save_to_disk(str(tmp_path / "pairs"))
    assert len(load_rankings(str(tmp_path))) == len(rows)
    write(tmp_path / "more_kwise.jsonl", rows[:1])
    with pytest.raises(UserError, match="several ranking sources"):
        load_rankings(str(tmp_path))


@pytest.mark.parametrize(
    "row, message",
    [
        (kwise_row(completions=["    return a + b\n"], ranks=[1], execution=None), "at least 2 candidates"),
        (kwise_row(ranks=[1, 2, 5, 1]), r"from 1 \(best\) to 4, got 5"),
        (kwise_row(ranks=[0, 1, 2, 3]), "got 0"),
        (kwise_row(ranks=[1, 2]), "one level per completion"),
        ({"prompt": "p", "completions": ["a", "b"]}, "missing column 'ranks'"),
        (kwise_row(execution=[{"status": "exploded"}] * 4), "unknown execution status 'exploded'"),
        ({"prompt": "p", "text": "a"}, "missing column 'completions'"),
    ],
)
def test_bad_rows_are_user_errors_naming_the_line(tmp_path, row, message):
    path = write(tmp_path / "bad.jsonl", [kwise_row(), row])
    with pytest.raises(UserError, match=message) as info:
        load_rankings(path)
    assert "bad.jsonl:2: " in str(info.value)


def test_missing_source_unknown_format_and_pairs_column_errors(tmp_path):
    with pytest.raises(UserError, match="bad.jsonl:1: unknown rankings format"):
        load_rankings(write(tmp_path / "bad.jsonl", [{"prompt": "p", "text": "a"}]))
    with pytest.raises(UserError, match="cannot load rankings"):
        load_rankings(str(tmp_path / "nope.jsonl.missing"))
    path = write(tmp_path / "pairs.jsonl", [{"prompt": "p", "chosen": "a"}])
    with pytest.raises(UserError, match=r"pairs.jsonl:1: missing column 'rejected'"):
        load_rankings(path)


def test_split_keeps_every_ranking_of_a_prompt_on_one_side():
    groups = load_rankings(str(FIXTURE))
    train, held_out = split_by_prompt(groups, 0.34, seed=0)
    assert len(train) + len(held_out) == len(groups) and held_out
    assert not {g.prompt for g in train} & {g.prompt for g in held_out}
    assert split_by_prompt(groups, 0.34, seed=0) == (train, held_out)


def test_parquet_file_loads_through_datasets(tmp_path):
    rows = [json.loads(line) for line in FIXTURE.read_text().splitlines()]
    datasets.Dataset.from_list(rows).to_parquet(str(tmp_path / "kwise.parquet"))
    groups = load_rankings(str(tmp_path / "kwise.parquet"))
    assert [g.completions for g in groups] == [r["completions"] for r in rows]
    assert "kwise.parquet row 3" in groups[3].source
