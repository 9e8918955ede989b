"""ExecutionReward on real sandbox runs of known-good and known-bad completions (CodeRL scale, RLTF credit)."""

import pytest

from codegen_rlhf.data.problems import load_problems
from codegen_rlhf.errors import UserError
from codegen_rlhf.rewards import ExecutionReward, RewardMix, load_reward_function
from codegen_rlhf.sandbox import Sandbox

TASK = "dicts/000"  # char_frequencies(text) -> dict in order of first appearance


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(backend="process", workers=2) as sb:
        yield sb


@pytest.fixture(scope="module")
def problems():
    return load_problems("train")


def test_graded_rewards_from_real_runs(sandbox, problems):
    good = problems[TASK]["canonical_solution"]
    wrong = "    return {}\n"
    crash = "    raise ValueError('boom')\n"
    syntax = "    return (\n"
    reward = ExecutionReward(sandbox, problems)
    values = reward(["p"] * 4, [good, wrong, crash, syntax], task_id=[TASK] * 4)
    assert values == [1.0, -0.3, -0.6, -1.0]


def test_partial_credit_scales_with_tests_passed(sandbox, problems):
    # counts every character once: right only when the text has no repeated character
    partly = "    return {c: 1 for c in text}\n"
    plain = ExecutionReward(sandbox, problems)
    credit = ExecutionReward(sandbox, problems, scale="partial")
    (result,) = credit.results([partly], [TASK])
    assert result.status == "failed" and 0 < result.tests_passed < result.tests_total
    expected = -0.3 + 1.3 * result.tests_passed / result.tests_total
    assert credit.reward(result) == pytest.approx(expected)
    assert plain.reward(result) == -0.3


def test_mixes_with_other_reward_functions_and_reuses_given_results(sandbox, problems):
    def length_penalty(prompts, completions, **columns):
        return [-0.01 * len(c) for c in completions]

    def no_opinion(prompts, completions, **columns):
        return [None] * len(completions)

    execution = ExecutionReward(sandbox, problems)
    mix = RewardMix({"exec": (execution, 1.0), "length": (length_penalty, 2.0), "none": (no_opinion, 5.0)})
    good = problems[TASK]["canonical_solution"]
    totals, terms = mix.score(["p"], [good], task_id=[TASK])
    assert totals == [pytest.approx(1.0 - 0.02 * len(good))]
    assert terms == {"exec": [1.0], "length": [-0.01 * len(good)], "none": [None]}
    # results the caller already has are used as they are: a failing result makes even the good program fail
    (failed,) = execution.results(["    return {}\n"], [TASK])
    assert mix(["p"], [good], task_id=[TASK], execution=[failed]) == [pytest.approx(-0.3 - 0.02 * len(good))]


def test_binary_reward_is_one_only_when_every_test_passes(sandbox, problems):
    partly = "    return {c: 1 for c in text}\n"  # passes some tests, not all (see above)
    completions = [problems[TASK]["canonical_solution"], partly, "    return {}\n", "    raise ValueError\n",
                   "    return (\n"]
    results = ExecutionReward(sandbox, problems).results(completions, [TASK] * 5)
    assert [r.status for r in results] == ["passed", "failed", "failed", "error", "syntax_error"]
    binary = ExecutionReward(sandbox, problems, scale="binary")  # ppo.exec_reward=binary, RL's default
    assert binary(["p"] * 5, completions, task_id=[TASK] * 5, execution=results) == [1.0, 0.0, 0.0, 0.0, 0.0]
    passed = load_reward_function("codegen_rlhf.rewards:passed")  # as ppo.reward_functions names it
    assert passed(["p"] * 5, completions, execution=results, task_id=[TASK] * 5) == [1.0, 0.0, 0.0, 0.0, 0.0]
    with pytest.raises(UserError, match="use binary, graded, partial"):
        ExecutionReward(sandbox, problems, scale="shaped")
