"""data/tasks/authoring/build.py: tasks cut from real functions, expected values, generated check(), splits,
the author errors it refuses, and the shipped JSONL equal to a fresh build byte for byte.

The builder runs canonical solutions in-process because they are our own authored code; the shipped
suite's solutions are re-checked in the sandbox by tests/component/test_task_suite.py.
"""

import importlib.util
import json
import subprocess
import sys
import textwrap
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


def test_starter_tier_ids_and_every_fourth_task_held_out():
    rows = [build.build_task("maths", i, HALVE, tier="starter") for i in range(8)]
    assert [r["split"] for r in rows] == ["train"] * 3 + ["heldout"] + ["train"] * 3 + ["heldout"]
    assert [r["task_id"] for r in rows[:4]] == ["starter/maths/000", "starter/maths/001", "starter/maths/002",
                                                "starter/maths/003"]
    assert {r["tier"] for r in rows} == {"starter"} and build.build_task("maths", 0, HALVE)["tier"] == "core"


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
    # The shipped JSONL files equal a fresh build byte for byte (rebuilding is deterministic, and turning the
    # task dicts into functions changed no byte of them). As a script, the builder's
    # folder leads sys.path, where the `math` family must not shadow the standard library module.
    done = subprocess.run([sys.executable, str(BUILD_PY), "--check"], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")


def test_script_check_mode_reports_a_stale_file(tmp_path, monkeypatch):
    family = tmp_path / "authoring" / "tiny.py"
    family.parent.mkdir()
    family.write_text(HALVE_MODULE)
    (tmp_path / "tiny.jsonl").write_text("{}\n")
    monkeypatch.setattr(build, "AUTHORING_DIR", family.parent)
    monkeypatch.setattr(build, "TASKS_DIR", tmp_path)
    assert build.main(["--check"]) == 1
    assert build.main([]) == 0 and build.main(["--check"]) == 0
    assert json.loads((tmp_path / "tiny.jsonl").read_text())["task_id"] == "tiny/000"


def test_a_starter_module_builds_into_its_own_file(tmp_path, monkeypatch):
    authoring = tmp_path / "authoring"
    authoring.mkdir()
    (authoring / "tiny.py").write_text(HALVE_MODULE)
    (authoring / "starter_tiny.py").write_text(HALVE_MODULE.replace('FAMILY = "tiny"\n', 'FAMILY = "tiny"\nTIER = "starter"\n'))
    monkeypatch.setattr(build, "AUTHORING_DIR", authoring)
    monkeypatch.setattr(build, "TASKS_DIR", tmp_path)
    assert build.main(["starter_tiny"]) == 0 and not (tmp_path / "tiny.jsonl").exists()
    row = json.loads((tmp_path / "starter_tiny.jsonl").read_text())
    assert (row["task_id"], row["family"], row["tier"], row["split"]) == ("starter/tiny/000", "tiny", "starter", "train")


@pytest.mark.parametrize(
    "file_name, header, message",
    [
        ("starter_tiny.py", 'FAMILY = "tiny"\nTIER = "bonus"\n', "TIER must be one of core, starter"),
        ("starter_other.py", 'FAMILY = "tiny"\nTIER = "starter"\n', "named starter_<family>.py"),
        ("starter_nope.py", 'FAMILY = "nope"\nTIER = "starter"\n', "named starter_<family>.py"),  # no core nope.py
        ("starter_tiny.py", 'FAMILY = "tiny"\n', "FAMILY must be 'starter_tiny'"),  # TIER forgotten
    ],
)
def test_tier_and_module_name_must_agree(tmp_path, file_name, header, message):
    (tmp_path / "tiny.py").write_text(HALVE_MODULE)
    (tmp_path / file_name).write_text(HALVE_MODULE.replace('FAMILY = "tiny"\n', header))
    with pytest.raises(build.AuthoringError, match=message):
        build.load_family(tmp_path / file_name)


# HALVE as a family module writes it: the function is the canonical solution, the decorator its metadata.
HALVE_MODULE = '''from _task import task

FAMILY = "tiny"


@task(difficulty="easy", inputs=[[3], [0], [-4], [10 ** 9], [1]])
def halve(x: int) -> float:
    """Half of x.

    >>> halve(3)
    1.5
    """
    return x / 2
'''


def family_from_source(tmp_path, source: str, name: str = "tiny"):
    path = tmp_path / f"{name}.py"
    path.write_text(f"from _task import task\n\nFAMILY = {name!r}\n\n\n" + textwrap.dedent(source))
    return build.family_tasks(path)


def test_prompt_and_solution_are_cut_from_the_source_exactly(tmp_path):
    (tmp_path / "tiny.py").write_text(HALVE_MODULE)
    family, tier, [task] = build.family_tasks(tmp_path / "tiny.py")
    assert (family, tier) == ("tiny", "core") and task == HALVE  # the same task as the dict form the builder checks above


def test_everything_in_the_source_text_is_kept(tmp_path):
    # A multi-line decorator and signature, escapes inside the docstring, a comment and a blank line in the
    # body, a nested helper, a float tolerance: the prompt and solution are the lines as written.
    _, _, [task] = family_from_source(tmp_path, '''
        @task(
            difficulty="medium",
            float_tol=1e-6,
            inputs=[["a\\tb"], [""], ["x"], ["\\t"], ["ab"]],
        )
        def tabs(
            text: str,
        ) -> list:
            """Positions of tabs in `text`.

            >>> tabs("a\\tb")
            [1]
            """
            def is_tab(c):  # a nested helper stays in the solution
                return c == "\\t"

            return [i for i, c in enumerate(text) if is_tab(c)]
    ''')
    assert task["prompt"] == ('def tabs(\n    text: str,\n) -> list:\n'
                              '    """Positions of tabs in `text`.\n\n    >>> tabs("a\\tb")\n    [1]\n    """\n')
    assert task["solution"].startswith("    def is_tab(c):  # a nested helper stays in the solution\n")
    assert task["solution"].endswith('\n\n    return [i for i, c in enumerate(text) if is_tab(c)]\n')
    assert (task["float_tol"], task["difficulty"], task["inputs"][0]) == (1e-6, "medium", ["a\tb"])
    row = build.build_task("tiny", 0, task)
    assert [t["expected"] for t in row["tests"]] == [[1], [], [], [0], []]


def test_a_preamble_starts_the_prompt(tmp_path):
    # For prompts that need imports or helpers before the def (HumanEval's `from typing import List`).
    _, _, [task] = family_from_source(tmp_path, '''
        from typing import List


        @task(difficulty="easy", preamble="from typing import List\\n\\n\\n",
              inputs=[[[1]], [[]], [[2, 3]], [[0]], [[5, 5]]])
        def total(xs: List[int]) -> int:
            """Sum.

            >>> total([1, 2])
            3
            """
            return sum(xs)
    ''')
    assert task["prompt"].startswith("from typing import List\n\n\ndef total(xs: List[int]) -> int:\n")
    assert "preamble" not in task
    assert build.build_task("tiny", 0, task)["prompt"] == task["prompt"]  # the prompt compiles on its own


@pytest.mark.parametrize(
    "source, message",
    [
        ("def helper():\n    return 1\n", "needs @task"),
        ('@task(difficulty="easy", inputs=[])\ndef f():\n    """Doc."""; return 1\n', "its own line"),
        ('@task(difficulty="easy", inputs=[])\ndef f():\n    """Only a docstring."""\n', "its own line"),
    ],
)
def test_malformed_task_functions_are_refused(tmp_path, source, message):
    with pytest.raises(build.AuthoringError, match=message):
        family_from_source(tmp_path, source)


def test_shipped_tasks_are_functions_of_their_family_modules():
    # The module's own function is the canonical solution the JSONL holds: same answers on every input.
    path = build.AUTHORING_DIR / "dicts.py"
    module = build.load_family(path)
    _, _, tasks = build.family_tasks(path)
    rows = {r["entry_point"]: r for r in map(json.loads, (build.TASKS_DIR / "dicts.jsonl").read_text().splitlines())}
    assert [t["name"] for t in tasks] == list(rows)
    for t in tasks:
        assert (t["prompt"], t["solution"]) == (rows[t["name"]]["prompt"], rows[t["name"]]["canonical_solution"])
        for case in rows[t["name"]]["tests"]:
            assert getattr(module, t["name"])(*case["args"]) == case["expected"]
