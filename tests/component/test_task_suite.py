"""The task suite through the real sandbox: the shipped suite validates, and broken fixtures do not.

Fixtures are built with the real builder (data/tasks/authoring/build.py) so their `check` functions are the
generated kind; the weak one has tests that a structural mutant still passes.
"""

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from codegen_rlhf.cli import cli
from codegen_rlhf.data import validate as v
from codegen_rlhf.data.problems import PROBLEM_SETS, TASKS_DIR, TIERS, load_problems

BUILD_PY = Path(__file__).resolve().parents[2] / "data" / "tasks" / "authoring" / "build.py"
spec = importlib.util.spec_from_file_location("task_builder", BUILD_PY)
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def authored(name, doc, solution, inputs, doc_call, doc_result):
    return dict(name=name, difficulty="easy", solution=solution, inputs=inputs,
                prompt=f'def {name}(x):\n    """{doc}\n\n    >>> {name}({doc_call})\n    {doc_result}\n    """\n')


GOOD = authored("plus_one", "The successor of x.", "    return x + 1\n", [[0], [1], [-5], [10 ** 12], [7]], "1", "2")
# Only tested at 0 and 2, where x * x == x + x: the Mult -> Add mutant survives, only constant returns die.
WEAK = authored("square_it", "Multiply x by itself.", "    return x * x\n", [[0], [2], [0.0], [2.0], [-0.0]], "2", "4")


def write_suite(tmp_path: Path, broken_solution: bool) -> Path:
    rows = [build.build_task("fixture", 0, GOOD), build.build_task("fixture", 1, WEAK)]
    if broken_solution:
        rows[0]["canonical_solution"] = "    return x + 2\n"
    path = tmp_path / "fixture.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_sandbox_reports_a_wrong_solution_and_weak_tests(tmp_path):
    report = v.validate(write_suite(tmp_path, broken_solution=True), workers=2)
    problems = {(f.task_id, f.check) for f in report.findings}
    assert problems == {("fixture/000", "execution"), ("fixture/001", "mutants")}
    weak = next(f for f in report.findings if f.task_id == "fixture/001")
    assert "only constant-return mutants fail" in weak.message


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    failing = runner.invoke(cli, ["data", "validate", str(write_suite(tmp_path, broken_solution=True)), "--workers", "2"])
    assert failing.exit_code == 1
    assert "fixture/000: execution: canonical solution failed" in failing.output
    assert "fixture/001: mutants: only constant-return mutants fail" in failing.output.replace("\n", "")
    counts = runner.invoke(cli, ["data", "validate", str(tmp_path), "--counts"])
    assert counts.exit_code == 0 and "| core | fixture | 2 | 0 | 2 | 0 | 0 | 2 |" in counts.output
    missing = subprocess.run([sys.executable, "-c", "from codegen_rlhf.cli import main; main()", "data", "validate",
                              str(tmp_path / "nope")], capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.strip() == f"error: {tmp_path / 'nope'}: no such file or directory"


@pytest.mark.slow  # ~1,500 sandbox runs: 90 s on the 2-core machine while other jobs loaded it (load 14)
def test_the_shipped_suite_is_valid_and_large_enough():
    report = v.validate(TASKS_DIR, workers=max(2, os.cpu_count() or 1))
    assert report.findings == []
    splits = [p["split"] for p in report.problems]
    assert len(splits) >= 300 and splits.count("train") >= 240 and splits.count("heldout") >= 60
    assert {p["difficulty"] for p in report.problems} == {"easy", "medium", "hard"}
    assert report.mutants_killed >= 2 * len(report.problems)


def test_shipped_ids_splits_and_tiers_follow_the_documented_rules():
    # data/README.md: core `<family>/<index>` in <family>.jsonl, every fifth held out; starter
    # `starter/<family>/<index>` in starter_<family>.jsonl, every fourth held out. Indices count from 0 per file.
    core_families, seen_tiers = set(), set()
    for f in sorted(TASKS_DIR.iterdir(), key=lambda f: f.name):
        if not f.name.endswith(".jsonl"):
            continue
        rows = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines()]
        assert rows, f.name
        tier = rows[0]["tier"]
        family = f.name.removesuffix(".jsonl").removeprefix("starter_")
        assert f.name == (f"{family}.jsonl" if tier == "core" else f"starter_{family}.jsonl")
        for index, row in enumerate(rows):
            assert (row["tier"], row["family"]) == (tier, family), row["task_id"]
            if tier == "core":
                assert re.fullmatch(r"[a-z_]+/\d{3}", row["task_id"]) and row["task_id"] == f"{family}/{index:03d}"
                assert row["split"] == ("heldout" if index % 5 == 4 else "train"), row["task_id"]
            else:
                assert tier == "starter" and row["task_id"] == f"starter/{family}/{index:03d}"
                assert row["split"] == ("heldout" if index % 4 == 3 else "train"), row["task_id"]
                assert row["difficulty"] in ("easy", "medium"), row["task_id"]  # nothing hard in the starter tier
        seen_tiers.add(tier)
        if tier == "core":
            core_families.add(family)
    starter_families = {p["family"] for p in load_problems("tasks").values() if p["tier"] == "starter"}
    assert starter_families <= core_families and len(core_families) == 10
    assert seen_tiers <= set(TIERS) and set(build.HELDOUT_EVERY) == set(TIERS)


def test_problem_sets_split_the_suite_by_tier_and_split():
    sets = {name: load_problems(name) for name in ("tasks", "train", "heldout", "core-train", "core-heldout",
                                                   "starter-train", "starter-heldout")}
    everything = sets["tasks"]
    for tier in TIERS:
        for split in ("train", "heldout"):
            ids = {t for t, p in everything.items() if (p["tier"], p["split"]) == (tier, split)}
            assert set(sets[f"{tier}-{split}"]) == ids
            assert PROBLEM_SETS[f"{tier}-{split}"].evaluation_only == (split == "heldout")
    assert set(sets["train"]) == set(sets["core-train"]) | set(sets["starter-train"])
    assert set(sets["heldout"]) == set(sets["core-heldout"]) | set(sets["starter-heldout"])
    assert not set(sets["train"]) & set(sets["heldout"]) and len(sets["core-heldout"]) == 71
    assert len(sets["starter-train"]) >= 120 and len(sets["starter-heldout"]) >= 40
