"""Trusted-side behaviour on the process backend: test counting, structured tests, statuses, time limits."""

import shutil
import subprocess
import sys
import time

import pytest

from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.sandbox import Sandbox
from codegen_rlhf.sandbox.harness import prepare_tests

SQUARE = {
    "task_id": "t/square",
    "prompt": "def square(x):\n",
    "entry_point": "square",
    "canonical_solution": "    return x * x\n",
    "test": (
        "def check(candidate):\n"
        "    assert candidate(2) == 4\n"
        "    assert candidate(3) == 9\n"
        "    for x in range(5):\n"
        "        assert candidate(x) == x * x\n"
        "    assert True\n"
    ),
    "tests": [{"args": [4], "expected": 16}, {"args": [0.5], "expected": 0.25}],
}


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(workers=2, timeout_s=2.0) as sb:
        yield sb


def test_each_assert_about_the_candidate_is_one_test():
    prepared = prepare_tests(SQUARE)
    assert [counted for _, counted, _ in prepared.units] == [True, True, True, False]
    assert prepared.count(SQUARE) == 5  # 3 statements of check + 2 structured tests


def test_check_with_early_return_runs_whole():
    problem = dict(SQUARE, test="def check(candidate):\n    if candidate(1) == 1:\n        return\n    assert 0\n")
    assert prepare_tests(problem).whole_check


def test_a_helper_defined_in_check_may_return():
    test = ("def check(candidate):\n    def twice(x):\n        return candidate(candidate(x))\n"
            "    assert twice(2) == candidate(4)\n    assert candidate(3) == 9\n")
    prepared = prepare_tests(dict(SQUARE, test=test))
    assert not prepared.whole_check
    assert [(counted, text) for _, counted, text in prepared.units] == [
        (False, "def twice(x):"), (True, "assert twice(2) == candidate(4)"), (True, "assert candidate(3) == 9")]


def test_partial_credit_counts_each_test(sandbox):
    wrong_for_three = "    return 10 if x == 3 else x * x\n"
    result = sandbox.check(SQUARE, wrong_for_three)
    assert (result.status, result.tests_passed, result.tests_total) == ("failed", 3, 5)
    assert "AssertionError: assert candidate(3) == 9" in result.detail


def test_structured_tests_compare_json_style(sandbox):
    problem = {"task_id": "t/pair", "prompt": "def pair(x):\n", "entry_point": "pair", "test": "",
               "tests": [{"args": [1], "expected": [1, 2]}, {"args": [2], "expected": {"a": 2.0}}]}
    result = sandbox.check(problem, "    return (1, 2) if x == 1 else {'a': 2.0000000001}\n")
    assert (result.passed, result.tests_total) == (True, 2)
    assert not sandbox.check(problem, "    return [1, '2'] if x == 1 else {'a': 2}\n").passed


@pytest.mark.parametrize("completion,status", [
    ("    return (\n", "syntax_error"),
    ("    return undefined_name\n", "error"),
    ("    return x * 1\n", "failed"),
    ("    while True: pass\n", "timeout"),
    ("    return ' ' * (10 ** 11)\n", "memory"),
    ("    import os; os.abort()\n", "killed"),
])
def test_statuses(sandbox, completion, status):
    result = sandbox.check(SQUARE, completion)
    assert (result.passed, result.status) == (False, status), result


def test_expected_exceptions_reach_the_tests_as_the_same_builtin_type(sandbox):
    problem = {"task_id": "t/raises", "prompt": "def parse(s):\n", "entry_point": "parse",
               "test": "def check(candidate):\n    try:\n        candidate('x')\n    except ValueError:\n"
                       "        pass\n    else:\n        assert False\n    assert candidate('3') == 3\n"}
    assert sandbox.check(problem, "    return int(s)\n").passed
    assert sandbox.check(problem, "    return 3 if s == '3' else None\n").status == "failed"


def test_keyword_arguments_reach_the_candidate(sandbox):
    problem = {"task_id": "t/kw", "prompt": "def scale(x, factor=1):\n", "entry_point": "scale",
               "test": "def check(candidate):\n    assert candidate(2, factor=3) == 6\n    assert candidate(2) == 2\n"}
    assert sandbox.check(problem, "    return x * factor\n").passed


def test_broken_test_code_is_an_error_and_the_worker_keeps_serving(sandbox):
    broken = dict(SQUARE, task_id="t/broken", test="import no_such_module\ndef check(candidate):\n    pass\n",
                  tests=[])
    result = sandbox.check(broken, SQUARE["canonical_solution"])
    assert result.status == "error" and "ModuleNotFoundError" in result.detail
    assert sandbox.check(SQUARE, SQUARE["canonical_solution"]).passed


def test_prompt_helpers_are_available_to_tests(sandbox):
    problem = {"task_id": "t/helper", "prompt": "def double(x):\n    return 2 * x\n\ndef quadruple(x):\n",
               "entry_point": "quadruple",
               "test": "def check(candidate):\n    assert candidate(3) == double(double(3))\n"}
    assert sandbox.check(problem, "    return double(double(x))\n").passed
    # redefining the helper in the completion does not change what the tests compute
    assert not sandbox.check(problem, "    return 0\ndef double(x):\n    return 0\n").passed


def test_results_stream_in_input_order(sandbox):
    slow_to_load = "    return x * x\nimport time\ntime.sleep(0.3)\n"
    completions = [slow_to_load, "    return x * x\n", "    return 0\n"] * 3
    results = list(sandbox.map((SQUARE, c) for c in completions))
    assert [r.passed for r in results] == [True, True, False] * 3


def test_a_slow_sample_does_not_hold_up_the_other_workers():
    # Results stream in input order, yet the second worker keeps scoring behind a slow first sample: by the
    # time the slow one's result arrives, every later result is ready.
    slow = "    return x * x\nimport time\ntime.sleep(2.5)\n"
    with Sandbox(workers=2, timeout_s=5.0) as sb:
        results = sb.map((SQUARE, c) for c in [slow] + ["    return x * x\n"] * 80)
        assert next(results).passed
        started = time.monotonic()
        rest = list(results)
        drained_in = time.monotonic() - started
    assert len(rest) == 80 and all(r.passed for r in rest)
    assert drained_in < 0.05


@pytest.mark.slow
def test_time_limit_scales_from_reference_solution():
    once = "def check(candidate):\n    assert candidate(2) == 4\n"
    sleeping = "    return x * x\nimport time\ntime.sleep({})\n"
    slow = dict(SQUARE, task_id="t/slow", test=once, tests=[], canonical_solution=sleeping.format(0.8))
    with Sandbox(workers=1) as sb:  # timeout_s=None: 4 x the reference's >= 0.8 s, above the 2 s floor
        assert sb.check(slow, sleeping.format(2.3)).passed
        over = sb.check(slow, sleeping.format(30))
        assert over.status == "timeout" and 3000 <= over.duration_ms < 20000
        quick = dict(slow, task_id="t/quick", reference_time_s=0.01)  # floor: 2 s
        assert sb.check(quick, sleeping.format(1.0)).passed
        assert sb.check(quick, sleeping.format(2.3)).status == "timeout"


def test_strict_mode_runs_when_every_mechanism_is_in_force():
    with Sandbox(workers=1, strict=True) as sb:  # as root on Linux all mechanisms are available
        assert sb.missing == []
        assert sb.check(SQUARE, SQUARE["canonical_solution"]).passed


USER_NAMESPACE_SCRIPT = """
import warnings
from codegen_rlhf.sandbox import Sandbox, SandboxUnavailable
problem = {"task_id": "t", "prompt": "def f(x):\\n", "entry_point": "f",
           "test": "def check(candidate):\\n    assert candidate(2) == 4\\n"}
try:
    Sandbox(workers=1, strict=True)
    print("strict: ran")
except SandboxUnavailable as e:
    print("strict: refused:", e)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with Sandbox(workers=1, timeout_s=5) as sb:
        print("passed:", sb.check(problem, "    return x * x\\n").passed)
print("warnings:", len(caught))
"""


@pytest.mark.skipif(not shutil.which("unshare"), reason="util-linux unshare not installed")
def test_missing_mechanism_warns_once_or_is_refused_under_strict():
    # As root of a fresh user namespace that maps only uid 0, the uid drop is impossible: a real gap.
    proc = subprocess.run(["unshare", "--user", "--map-root-user", sys.executable, "-c", USER_NAMESPACE_SCRIPT],
                          capture_output=True, text=True, timeout=120)
    if "unshare failed" in proc.stderr:
        pytest.skip("user namespaces are not available here")
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("strict: refused:") and "unprivileged sample uid" in lines[0], proc.stderr
    assert lines[1:] == ["passed: True", "warnings: 1"], proc.stderr


def test_a_runtime_error_names_its_program_line(sandbox):
    """The innermost frame of the program (prompt + completion) itself, as a syntax error does: the ranking UI
    highlights that line."""
    result = sandbox.check(SQUARE, "    return helper(x)\n\ndef helper(y):\n    raise ValueError('no')\n")
    assert result.status == "error" and result.detail.startswith("ValueError: no (line 5)")


def test_a_check_assert_that_repeats_a_structured_test_counts_once(sandbox):
    """The task suite states each case twice, as a check() assert and as a structured test: six cases are six
    tests, not twelve (issue 20, bug 9); with a tolerance helper (`_close(candidate(...), want, tol)`) too."""
    suite = load_problems("tasks")
    for task_id in ("dicts/000", "lists/011"):
        problem = suite[task_id]
        assert prepare_tests(problem).count(problem) == len(problem["tests"]), task_id
    problem = suite["dicts/000"]  # char_frequencies; this one is right only for texts without repeats
    result = sandbox.check(problem, "    return {c: 1 for c in text}\n")
    assert (result.tests_passed, result.tests_total) == (2, 6)  # "" and "Aa"; before the fix: 4/12


COUNTER = {"task_id": "t/counter", "prompt": "def nth(k):\n", "entry_point": "nth", "test": (
    "def check(candidate):\n"
    "    assert candidate(1) == 1\n"
    "    assert candidate(2) == 2\n"
    "    seen = candidate(3)\n"
    "    assert seen == 3\n"
    "    assert candidate(4) == 4\n"), "tests": [{"args": [5], "expected": 5}]}
STATEFUL = "    calls.append(k)\n    return len(calls) if calls == list(range(1, k + 1)) else -1\n\ncalls = []\n"


def test_calls_known_in_advance_are_announced_and_happen_once_each_in_order(sandbox):
    """The leading literal calls go to the sample in one message; calls after a statement whose arguments
    only show as it runs are made live. A candidate that counts its calls sees exactly the tests' sequence."""
    prepared = prepare_tests(COUNTER)
    assert prepared.known_calls == [[1], [2]] and not prepared.only_known_calls
    result = sandbox.check(COUNTER, STATEFUL)
    assert (result.status, result.tests_passed, result.tests_total) == ("passed", 4, 4), result  # `seen` is no test
    literal_only = dict(COUNTER, test="def check(candidate):\n    assert candidate(1) == 1\n    assert candidate(2) == 2\n",
                        tests=[{"args": [3], "expected": 3}])
    assert prepare_tests(literal_only).only_known_calls  # so the structured test is announced as well
    assert sandbox.check(literal_only, STATEFUL).passed


def test_a_timeout_among_announced_calls_keeps_the_tests_passed_before_it(sandbox):
    slow_third = "    if k == 3:\n        while True:\n            pass\n    return k\n"
    problem = dict(COUNTER, test="def check(candidate):\n" + "".join(
        f"    assert candidate({k}) == {k}\n" for k in range(1, 5)), tests=[])
    result = sandbox.check(problem, slow_third)
    assert (result.status, result.tests_passed, result.tests_total) == ("timeout", 2, 4), result
