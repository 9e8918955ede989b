"""Bootstrap intervals and per-task counts behind summary.json and `eval compare`."""

import pytest

from codegen_rlhf.evaluation.compare import paired, paired_lines
from codegen_rlhf.evaluation.intervals import bootstrap_ci
from codegen_rlhf.evaluation.report import pass_at_k_with_ci, per_task_counts


def test_bootstrap_interval_brackets_the_mean_and_narrows_with_more_tasks():
    few = [1.0, 0.0] * 5
    many = [1.0, 0.0] * 500
    low_few, high_few = bootstrap_ci(few)
    low_many, high_many = bootstrap_ci(many)
    assert low_few < 0.5 < high_few and low_many < 0.5 < high_many
    assert high_many - low_many < (high_few - low_few) / 5  # ~1/sqrt(100) of the width
    assert bootstrap_ci([0.25] * 7) == (0.25, 0.25)


def test_per_task_counts_and_pass_at_k():
    results = [{"task_id": "a", "passed": True}, {"task_id": "a", "passed": False},
               {"task_id": "b", "passed": False}, {"task_id": "b", "passed": False}]
    counts = per_task_counts(results)
    assert counts == {"a": (2, 1), "b": (2, 0)}
    scores = pass_at_k_with_ci(counts, [1, 2])
    assert scores["pass@1"]["value"] == pytest.approx(0.25) and scores["pass@2"]["value"] == pytest.approx(0.5)


def test_paired_flips_are_counted_over_shared_tasks():
    base = {"name": "base", "per_task": {"a": [1, 0], "b": [1, 1], "c": [1, 0], "only_base": [1, 1]}}
    new = {"name": "new", "per_task": {"a": [1, 1], "b": [1, 0], "c": [1, 0], "only_new": [1, 1]}}
    result = paired(base, new)
    assert result["tasks"] == 3 and result["gained"] == ["a"] and result["lost"] == ["b"]
    assert result["mean_diff"] == pytest.approx(0.0) and result["better"] == 1 and result["worse"] == 1


def test_each_shared_metric_gets_a_paired_difference_and_a_verdict():
    base = {"name": "base", "pass_at_k": {"pass@1": {}, "pass@2": {}},
            "per_task": {f"t{i}": [2, 0] for i in range(30)}}
    better = {"name": "better", "pass_at_k": {"pass@1": {}}, "per_task": {f"t{i}": [2, 2] for i in range(30)}}
    same = {"name": "same", "pass_at_k": {"pass@1": {}, "pass@2": {}},
            "per_task": {f"t{i}": [2, i % 2] for i in range(30)} | {"t0": [2, 0]}}
    up = paired(base, better)["metrics"]
    assert list(up) == ["pass@1"] and up["pass@1"]["mean_diff"] == pytest.approx(1.0) and up["pass@1"]["significant"]
    lines = paired_lines({"baseline": "base", "paired": [paired(base, better), paired(same, same)]})
    assert lines[0].startswith("pass@1 paired difference better - base: +1.000") and "(significant)" in lines[0]
    assert all("no significant change" in line for line in lines[1:]) and len(lines) == 3
