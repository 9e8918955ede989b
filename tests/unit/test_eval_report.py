"""Bootstrap intervals and per-task counts behind summary.json and `eval compare`."""

import pytest

from codegen_rlhf.evaluation.compare import paired, paired_lines
from codegen_rlhf.evaluation.intervals import bootstrap_ci
from codegen_rlhf.evaluation.report import pass_at_k_with_ci, per_task_counts, summarize


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


def test_a_run_over_several_tiers_reports_and_pairs_each_tier():
    results = ([{"task_id": f"core/{i}", "passed": False, "status": "failed"} for i in range(4)]
               + [{"task_id": f"starter/{i}", "passed": i < 2, "status": "passed" if i < 2 else "failed"}
                  for i in range(4)])
    tiers = {f"core/{i}": "core" for i in range(4)} | {f"starter/{i}": "starter" for i in range(4)}
    summary = summarize(results, [1], model="m", adapter=None, benchmark="heldout", prompt_format="raw",
                        config={}, generation={}, finish_reasons=[], timings={}, out_dir="d", tiers=tiers)
    assert summary["pass_at_k"]["pass@1"]["value"] == pytest.approx(2 / 8)
    assert summary["per_tier"]["core"]["pass_at_k"]["pass@1"]["value"] == 0.0
    assert summary["per_tier"]["starter"]["n_tasks"] == summary["per_tier"]["core"]["n_tasks"] == 4
    assert summary["per_tier"]["starter"]["pass_at_k"]["pass@1"]["value"] == pytest.approx(0.5)

    after = {**summary, "name": "after", "per_task": {**summary["per_task"], "core/0": [1, 1]}}
    comparison = {"baseline": "before", "paired": [paired({**summary, "name": "before"}, after)]}
    lines = paired_lines(comparison)
    assert lines[0].startswith("pass@1 paired difference after - before: +0.125")
    assert any(line.startswith("pass@1, core tier paired difference after - before: +0.250") for line in lines)
    assert any(line.startswith("pass@1, starter tier paired difference after - before: +0.000") for line in lines)

    one_tier = summarize(results[:4], [1], model="m", adapter=None, benchmark="x", prompt_format="raw", config={},
                         generation={}, finish_reasons=[], timings={}, out_dir="d", tiers=tiers)
    assert one_tier["per_tier"] == {}  # a single tier is the whole run: nothing to break down
