"""The reward model's held-out accuracies (reward_model/metrics.py), by hand on one group of four:

    candidate  annotator rank  tests   score
    a          1               pass    0.9
    b          2               pass    0.1
    c          2               fail    0.5
    d          3               fail    0.7

Annotator pairs (ranked apart): a>b, a>c, a>d, b>d, c>d; the tie b=c is not a pair.
Exactly one passes: (a,c) (a,d) (b,c) (b,d). Both pass or both fail, ranked apart: a>b, c>d.
"""

import pytest

from codegen_rlhf.data.rankings import RankedGroup
from codegen_rlhf.reward_model.metrics import evaluate

PASS = {"status": "passed", "passed": True, "tests_passed": 2, "tests_total": 2}
FAIL = {"status": "failed", "passed": False, "tests_passed": 1, "tests_total": 2}
GROUP = RankedGroup(prompt="def f():\n", completions=["a", "b", "c", "d"], ranks=[1, 2, 2, 3],
                    execution=[PASS, PASS, FAIL, FAIL])
SCORES = [0.9, 0.1, 0.5, 0.7]


def test_three_accuracies_on_the_same_pairs_by_hand():
    metrics, _ = evaluate([GROUP], [SCORES])
    # a>b right, a>c right, a>d right, b>d wrong (0.1 < 0.7), c>d wrong (0.5 < 0.7): 3 of 5
    assert metrics["eval_human_pair_accuracy"] == pytest.approx(3 / 5) and metrics["eval_human_pairs"] == 5
    assert metrics["eval_human_tied_pairs"] == 1
    # a>c right, a>d right, b>c wrong, b>d wrong: 2 of 4
    assert metrics["eval_exec_decided_accuracy"] == pytest.approx(2 / 4) and metrics["eval_exec_decided_pairs"] == 4
    # a>b right (both pass), c>d wrong (both fail): 1 of 2
    assert metrics["eval_exec_undecided_accuracy"] == pytest.approx(1 / 2)
    assert metrics["eval_exec_undecided_pairs"] == 2
    # equal execution results: a and b both pass all tests, c and d fail the same one of two -> the same two pairs
    assert metrics["eval_exec_tied_accuracy"] == pytest.approx(1 / 2) and metrics["eval_exec_tied_pairs"] == 2


def test_a_wrong_answer_over_a_syntax_error_is_undecided_by_pass_fail_but_not_tied():
    syntax = {"status": "syntax_error", "passed": False, "tests_passed": 0, "tests_total": 2}
    group = RankedGroup(prompt="p", completions=["x", "y"], ranks=[1, 2], execution=[FAIL, syntax])
    metrics, _ = evaluate([group], [[1.0, 0.0]])
    assert metrics["eval_exec_undecided_pairs"] == 1 and metrics["eval_exec_tied_pairs"] == 0


def test_groups_without_execution_have_no_execution_pairs():
    unexecuted = RankedGroup(prompt="p", completions=["a", "b"], ranks=[1, 2], execution=[None, None])
    metrics, _ = evaluate([unexecuted], [[1.0, 0.0]])
    assert metrics["eval_human_pair_accuracy"] == 1.0
    assert metrics["eval_exec_decided_pairs"] == metrics["eval_exec_undecided_pairs"] == 0
    assert metrics["eval_exec_decided_accuracy"] is None
