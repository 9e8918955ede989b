"""Best-of-n arithmetic (evaluation/rerank.py): what a scorer's pick passes, against the random pick (pass@1)
and the oracle (pass@n), with the tie rule and the checks on what a scorer returns."""

import random

import pytest

from codegen_rlhf.errors import UserError
from codegen_rlhf.evaluation.rerank import best_of_n, pick_pass, scores_of


def synthetic_tasks(tasks=200, n=8, seed=0):
    """Tasks whose true pass rates spread over [0, 1], n samples each: {task: passed list}."""
    rng = random.Random(seed)
    out = {}
    for t in range(tasks):
        rate = rng.random()
        out[f"t{t}"] = [rng.random() < rate for _ in range(n)]
    return out


def test_pick_pass_takes_the_top_score_and_averages_a_tie_at_the_top():
    assert pick_pass([0.1, 0.9, 0.5], [False, True, False]) == 1.0
    assert pick_pass([0.9, 0.1, 0.5], [False, True, True]) == 0.0
    # two samples share the top score, one passes: the expected pass of a random tie-break
    assert pick_pass([0.7, 0.7, 0.1], [True, False, True]) == 0.5


def test_an_oracle_scorer_reaches_pass_at_n_and_a_constant_one_is_exactly_the_random_pick():
    tasks = synthetic_tasks()
    oracle = best_of_n({t: ([float(p) for p in passed], passed) for t, passed in tasks.items()})
    assert oracle["rerank_pass@1"]["value"] == oracle["pass@8"]["value"]
    assert oracle["gap_to_oracle"]["mean_diff"] == 0.0
    assert oracle["gain_over_random"]["significant"] and oracle["gain_over_random"]["mean_diff"] > 0.1

    constant = best_of_n({t: ([0.0] * len(passed), passed) for t, passed in tasks.items()})
    assert constant["rerank_pass@1"]["value"] == pytest.approx(constant["pass@1"]["value"])
    # arithmetic by hand on the same data: pass@1 is the mean pass rate, pass@8 the share of tasks with a pass
    assert constant["pass@1"]["value"] == pytest.approx(sum(sum(p) / 8 for p in tasks.values()) / len(tasks))
    assert constant["pass@8"]["value"] == pytest.approx(sum(any(p) for p in tasks.values()) / len(tasks))


def test_a_random_scorer_does_not_beat_the_random_pick_beyond_noise_and_an_inverted_one_loses():
    tasks = synthetic_tasks()
    rng = random.Random(1)
    noise = best_of_n({t: ([rng.random() for _ in passed], passed) for t, passed in tasks.items()})
    assert not noise["gain_over_random"]["significant"]
    assert abs(noise["gain_over_random"]["mean_diff"]) < 0.05
    inverted = best_of_n({t: ([-float(p) for p in passed], passed) for t, passed in tasks.items()})
    assert inverted["gain_over_random"]["significant"] and inverted["gain_over_random"]["mean_diff"] < 0
    # it picks a failing sample whenever one exists: only tasks where every sample passes count
    assert inverted["rerank_pass@1"]["value"] == pytest.approx(sum(all(p) for p in tasks.values()) / len(tasks))


def test_scores_none_and_nan_rank_lowest_and_bad_answers_are_user_errors():
    def scorer(prompts, completions, **columns):
        return [None, float("nan"), 2, 0.5]

    assert scores_of(scorer, ["p"] * 4, ["a", "b", "c", "d"], ["t"] * 4) == [float("-inf"), float("-inf"), 2.0, 0.5]
    with pytest.raises(UserError, match="returned 1 scores for 4 completions"):
        scores_of(lambda **_: [1.0], ["p"] * 4, ["a"] * 4, ["t"] * 4)
    with pytest.raises(UserError, match="scores must be numbers"):
        scores_of(lambda **_: ["high"], ["p"], ["a"], ["t"])
    with pytest.raises(UserError, match="not a list of numbers"):
        scores_of(lambda **_: 3.0, ["p"], ["a"], ["t"])
