"""data/tasks/authoring/build.py: expected values, generated check(), splits, and the author errors it refuses.

The builder runs canonical solutions in-process because they are our own authored code; the shipped
suite's solutions are re-checked in the sandbox by tests/component/test_task_suite.py.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

BUILD_PY = Path(__file__).resolve().parents[2] / "data" / "tasks" / "authoring" / "build.py"
spec = importlib.util.spec_from_file_location("task_builder", BUILD_PY)
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)

HALVE = dict(
    name="halve",
    difficulty="easy",
    prompt='def halve(x: int) -> float:\n    """Half of x.\n\n    >>> halve(3)\n    1.5\n    """\n',
    solution="    return x / 2\n",
    inputs=[[3], [0], [-4], [10 ** 9], [1]],
)


def run_check(row: dict, fn) -> None:
    namespace: dict = {}
    exec(row["test"], namespace)  # the generated test is our own code
    namespace["check"](fn)


def test_expected_values_and_check_come_from_the_solution():
    row = build.build_task("maths", 4, HALVE)
    assert row["task_id"] == "maths/004" and row["split"] == "heldout" and row["entry_point"] == "halve"
    assert [t["expected"] for t in row["tests"]] == [1.5, 0.0, -2.0, 5e8, 0.5]
    run_check(row, lambda x: x / 2)
    run_check(row, lambda x: x / 2 + 1e-12)  # floats compare within the tolerance
    with pytest.raises(AssertionError):
        run_check(row, lambda x: x // 2)


def test_split_is_every_fifth_task():
    assert [build.build_task("f", i, HALVE)["split"] for i in range(10)] == ["train"] * 4 + ["heldout"] + ["train"] * 4 + ["heldout"]


def test_check_is_exact_for_non_floats():
    task = dict(HALVE, name="words", prompt='def words(s):\n    """Split.\n\n    >>> words("a b")\n    [\'a\', \'b\']\n    """\n',
                solution="    return s.split()\n", inputs=[["a b"], [""], ["x"], ["é ü"], ["a  b c"]])
    row = build.build_task("strings", 0, task)
    assert "_close" not in row["test"]
    run_check(row, str.split)
    with pytest.raises(AssertionError):
        run_check(row, lambda s: s.split(" "))


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(solution="    return (x, 2)\n", prompt=HALVE["prompt"].replace("1.5", "(3, 2)")), "JSON round trip"),
        (dict(prompt=HALVE["prompt"].replace("1.5", "2")), "disagrees with the solution"),
        (dict(inputs=HALVE["inputs"][:4]), ">= 5 inputs"),
        (dict(inputs=HALVE["inputs"] + [[3]]), "duplicate inputs"),
        (dict(difficulty="trivial"), "difficulty"),
        (dict(solution="    return 1 / (x - 1)\n", prompt=HALVE["prompt"].replace("1.5", "0.5")), "raised"),
        (dict(prompt=HALVE["prompt"].replace(">>> halve(3)\n    1.5\n", "")), ">>> example"),
    ],
)
def test_author_mistakes_are_refused(change, message):
    with pytest.raises(build.AuthoringError, match=message):
        build.build_task("f", 0, dict(HALVE, **change))


def test_script_check_mode_finds_the_shipped_files_up_to_date():
    # Rebuilding is deterministic, so the committed files equal a fresh build. As a script, the builder's
    # folder leads sys.path, where the `math` family must not shadow the standard library module.
    done = subprocess.run([sys.executable, str(BUILD_PY), "--check"], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")


def test_script_check_mode_reports_a_stale_file(tmp_path, monkeypatch):
    family = tmp_path / "authoring" / "tiny.py"
    family.parent.mkdir()
    family.write_text(f"FAMILY = 'tiny'\nTASKS = [{HALVE!r}]\n")
    (tmp_path / "tiny.jsonl").write_text("{}\n")
    monkeypatch.setattr(build, "AUTHORING_DIR", family.parent)
    monkeypatch.setattr(build, "TASKS_DIR", tmp_path)
    assert build.main(["--check"]) == 1
    assert build.main([]) == 0 and build.main(["--check"]) == 0
    assert json.loads((tmp_path / "tiny.jsonl").read_text())["task_id"] == "tiny/000"
