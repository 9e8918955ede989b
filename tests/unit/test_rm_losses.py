"""Reward-model losses against hand-computed numbers (codegen_rlhf.reward_model.losses)."""

import math

import pytest
import torch

from codegen_rlhf.reward_model.losses import (
    bradley_terry_loss,
    centering_loss,
    pass_fraction_loss,
    plackett_luce_loss,
    preferences_from_levels,
)


def t(rows, dtype=torch.float32):
    return torch.tensor(rows, dtype=dtype)


def log_sigmoid(x):
    return -math.log1p(math.exp(-x))


def test_plackett_luce_three_candidates_matches_hand_computation():
    s = [2.0, 1.0, 0.5]
    # order 0 > 1 > 2: log P = (s0 - lse(s0,s1,s2)) + (s1 - lse(s1,s2)) + 0
    expected = -((s[0] - math.log(sum(math.exp(x) for x in s))) + (s[1] - math.log(math.exp(s[1]) + math.exp(s[2]))))
    loss = plackett_luce_loss(t([s]), t([[1, 2, 3]], torch.long), t([[True] * 3], torch.bool))
    assert loss.item() == pytest.approx(expected, rel=1e-6)


def test_plackett_luce_with_two_candidates_equals_bradley_terry():
    scores = t([[0.3, -1.2], [2.0, 2.5]])
    ranks = t([[1, 2], [2, 1]], torch.long)
    valid = torch.ones(2, 2, dtype=torch.bool)
    pl = plackett_luce_loss(scores, ranks, valid)
    bt = bradley_terry_loss(scores, preferences_from_levels(ranks, valid))
    expected = -(log_sigmoid(0.3 + 1.2) + log_sigmoid(2.5 - 2.0)) / 2
    assert pl.item() == pytest.approx(expected, rel=1e-6)
    assert bt.item() == pytest.approx(expected, rel=1e-6)


def test_plackett_luce_ties_use_breslow_risk_sets():
    # ranks [1, 1, 2]: both tied winners are chosen against {0, 1, 2}; the last one alone contributes 0.
    s = [1.0, 0.0, -1.0]
    lse_all = math.log(sum(math.exp(x) for x in s))
    expected = -((s[0] - lse_all) + (s[1] - lse_all))
    loss = plackett_luce_loss(t([s]), t([[1, 1, 2]], torch.long), torch.ones(1, 3, dtype=torch.bool))
    assert loss.item() == pytest.approx(expected, rel=1e-6)
    # A tie is symmetric: swapping the tied scores gives the same loss.
    swapped = plackett_luce_loss(t([[0.0, 1.0, -1.0]]), t([[1, 1, 2]], torch.long), torch.ones(1, 3, dtype=torch.bool))
    assert swapped.item() == pytest.approx(loss.item(), rel=1e-6)


def test_plackett_luce_skips_all_tied_prompts_and_padding_without_nan_gradients():
    scores = t([[1.0, 2.0, 0.0], [0.5, 0.5, 0.5]]).requires_grad_()
    ranks = t([[2, 1, 9], [1, 1, 1]], torch.long)
    valid = t([[True, True, False], [True, True, True]], torch.bool)
    loss = plackett_luce_loss(scores, ranks, valid)
    assert loss.item() == pytest.approx(-log_sigmoid(2.0 - 1.0), rel=1e-6)  # only prompt 0, a K=2 list
    loss.backward()
    assert torch.isfinite(scores.grad).all()
    assert scores.grad[1].abs().sum() == 0 and scores.grad[0, 2] == 0


def test_bradley_terry_averages_pairs_per_prompt_then_prompts_and_applies_margins():
    scores = t([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
    ranks = t([[1, 2, 3], [2, 1, 1]], torch.long)
    valid = t([[True, True, True], [True, True, False]], torch.bool)
    prefers = preferences_from_levels(ranks, valid)
    assert prefers.sum().item() == 3 + 1
    p0 = -(log_sigmoid(1.0) + log_sigmoid(2.0) + log_sigmoid(1.0)) / 3
    p1 = -log_sigmoid(1.0)
    assert bradley_terry_loss(scores, prefers).item() == pytest.approx((p0 + p1) / 2, rel=1e-6)

    gaps = (ranks.unsqueeze(1) - ranks.unsqueeze(2)).float()  # rank_j - rank_i for i beating j
    m0 = -(log_sigmoid(1.0 - 0.5) + log_sigmoid(2.0 - 1.0) + log_sigmoid(1.0 - 0.5)) / 3
    m1 = -log_sigmoid(1.0 - 0.5)
    assert bradley_terry_loss(scores, prefers, 0.5 * gaps).item() == pytest.approx((m0 + m1) / 2, rel=1e-6)


def test_execution_values_order_pairs_higher_first_and_ties_give_none():
    values = t([[1.0, -0.3, -0.6, -1.0, -0.6]])
    prefers = preferences_from_levels(values, torch.ones(1, 5, dtype=torch.bool), higher_is_better=True)
    assert prefers[0, 0].tolist() == [False, True, True, True, True]
    assert not prefers[0, 2, 4] and not prefers[0, 4, 2]
    assert prefers.sum().item() == 4 + 3 + 1 + 1


def test_no_pairs_gives_zero_loss_that_still_backpropagates():
    scores = t([[1.0, 2.0]]).requires_grad_()
    loss = bradley_terry_loss(scores, torch.zeros(1, 2, 2, dtype=torch.bool))
    assert loss.item() == 0.0
    loss.backward()
    assert scores.grad is not None


def test_pass_fraction_and_centering_losses():
    logits = t([[0.0, 2.0]])
    loss = pass_fraction_loss(logits, t([[0.5, 1.0]]), t([[True, False]], torch.bool))
    assert loss.item() == pytest.approx(math.log(2), rel=1e-6)  # BCE(σ(0) = 0.5, target 0.5) = log 2
    scores = t([[1.0, 3.0, 100.0], [-1.0, 0.0, 0.0]])
    valid = t([[True, True, False], [True, True, True]], torch.bool)
    assert centering_loss(scores, valid).item() == pytest.approx((2.0**2 + (1 / 3) ** 2) / 2, rel=1e-6)
