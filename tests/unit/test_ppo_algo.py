"""PPO/GRPO/RLOO math against tensors computed by hand (the arithmetic is in the comments)."""

import math

import pytest
import torch

from codegen_rlhf.rl import algo


def close(actual, expected, tol=1e-5):
    return torch.allclose(torch.as_tensor(actual, dtype=torch.float32),
                          torch.as_tensor(expected, dtype=torch.float32), atol=tol)


def test_gae_full_row():
    # gamma 1, lam 0.5: delta2 = 1 - .7 = .3; delta1 = .7 - .6 = .1, A1 = .1 + .5*.3 = .25;
    # delta0 = .6 - .5 = .1, A0 = .1 + .5*.25 = .225; returns = A + V
    adv, ret = algo.gae(torch.tensor([[0.0, 0.0, 1.0]]), torch.tensor([[0.5, 0.6, 0.7]]),
                        torch.ones(1, 3), gamma=1.0, lam=0.5)
    assert close(adv, [[0.225, 0.25, 0.3]])
    assert close(ret, [[0.725, 0.85, 1.0]])


def test_gae_stops_at_the_last_real_token():
    # padding holds garbage (9) that must not leak in: gamma .9, lam 1: A1 = 1 - .6 = .4;
    # A0 = (.9*.6 - .5) + .9*.4 = .4; with lam 1 the returns are the discounted reward sums (.9, 1)
    adv, ret = algo.gae(torch.tensor([[0.0, 1.0, 9.0]]), torch.tensor([[0.5, 0.6, 9.0]]),
                        torch.tensor([[1.0, 1.0, 0.0]]), gamma=0.9, lam=1.0)
    assert close(adv, [[0.4, 0.4, 0.0]])
    assert close(ret, [[0.9, 1.0, 0.0]])


def test_whiten_ignores_padding():
    # mean 2, unbiased var (1 + 0 + 1) / 2 = 1
    out = algo.masked_whiten(torch.tensor([1.0, 2.0, 3.0, 100.0]), torch.tensor([1.0, 1.0, 1.0, 0.0]))
    assert close(out, [-1.0, 0.0, 1.0, 0.0], tol=1e-4)
    kept = algo.masked_whiten(torch.tensor([1.0, 2.0, 3.0, 100.0]), torch.tensor([1.0, 1.0, 1.0, 0.0]),
                              shift_mean=False)
    assert close(kept, [1.0, 2.0, 3.0, 0.0], tol=1e-4)


def test_kl_estimators():
    logp, ref = torch.tensor([0.0, -1.0]), torch.tensor([-0.5, -1.0])
    assert close(algo.kl_estimate(logp, ref, "k1"), [0.5, 0.0])
    # k3 at log-ratio .5: e^-.5 - 1 + .5
    assert close(algo.kl_estimate(logp, ref, "k3"), [math.exp(-0.5) - 0.5, 0.0])
    with pytest.raises(ValueError, match="k2"):
        algo.kl_estimate(logp, ref, "k2")


def test_kl_shaped_rewards_put_the_score_on_the_last_real_token():
    scores = torch.tensor([2.0, -1.0])
    logp = torch.tensor([[-1.0, -2.0, -3.0], [-1.0, -1.0, 0.0]])
    ref = torch.tensor([[-1.5, -2.0, -2.0], [-2.0, -1.0, 5.0]])
    mask = torch.tensor([[1.0, 1.0, 1.0], [1.0, 1.0, 0.0]])
    # k1 = [[.5, 0, -1], [1, 0, (pad)]]; rewards = -.1 * k1, plus the score at index 2 and 1
    rewards, kl = algo.kl_shaped_rewards(scores, logp, ref, mask, kl_coef=0.1)
    assert close(kl, [[0.5, 0.0, -1.0], [1.0, 0.0, 0.0]])
    assert close(rewards, [[-0.05, 0.0, 2.1], [-0.1, -1.0, 0.0]])


def test_last_token_index_of_an_empty_response_is_zero():
    assert algo.last_token_index(torch.tensor([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]])).tolist() == [1, 0, 2]


def test_policy_loss_clips_only_in_the_direction_that_helps():
    # ratios 1.5, .5, 1, .5 (and a masked 3); advantages 1, -1, 2, 1:
    # t0: max(-1.5, -1.2) = -1.2 clipped; t1: max(.5, .8) = .8 clipped; t2: -2; t3: max(-.5, -.8) = -.5 unclipped
    ratio = torch.tensor([[1.5, 0.5, 1.0, 0.5, 3.0]])
    logp, old = ratio.log(), torch.zeros(1, 5)
    adv = torch.tensor([[1.0, -1.0, 2.0, 1.0, 5.0]])
    mask = torch.tensor([[1.0, 1.0, 1.0, 1.0, 0.0]])
    out = algo.policy_loss(logp, old, adv, mask, clip_eps=0.2)
    assert close(out.loss, (-1.2 + 0.8 - 2.0 - 0.5) / 4)
    assert close(out.clip_fraction, 0.5)
    assert close(out.approx_kl, 0.5 * (math.log(1.5) ** 2 + 2 * math.log(0.5) ** 2) / 4)


def test_policy_loss_gradient_is_zero_where_clipped():
    logp = torch.tensor([[math.log(1.5), 0.0]], requires_grad=True)
    algo.policy_loss(logp, torch.zeros(1, 2), torch.tensor([[1.0, 1.0]]), torch.ones(1, 2)).loss.backward()
    # token 0 is clipped (no gradient); token 1: d(-A * e^x)/dx / 2 = -.5
    assert close(logp.grad, [[0.0, -0.5]])


def test_value_loss_clipped():
    # t0: (1 - 2)^2 = 1 vs clipped V = .5 + .2 = .7 -> 1.69; t1: 1 vs 1; loss = .5 * (1.69 + 1) / 2
    values, old = torch.tensor([[1.0, 0.0]]), torch.tensor([[0.5, 0.0]])
    returns = torch.tensor([[2.0, 1.0]])
    loss, frac = algo.value_loss(values, old, returns, torch.ones(1, 2), clip_eps=0.2)
    assert close(loss, 0.6725)
    assert close(frac, 0.5)
    unclipped, _ = algo.value_loss(values, old, returns, torch.ones(1, 2), clip_eps=None)
    assert close(unclipped, 0.5)


def test_entropy_and_logprobs_from_logits():
    logits = torch.tensor([[[0.0, 0.0, 0.0, 0.0], [0.0, math.log(3.0), -1e9, -1e9]]])
    assert close(algo.entropy_from_logits(logits), [[math.log(4.0), -(0.25 * math.log(0.25) + 0.75 * math.log(0.75))]])
    assert close(algo.logprobs_from_logits(logits, torch.tensor([[2, 1]])), [[math.log(0.25), math.log(0.75)]])


def test_explained_variance():
    returns, mask = torch.tensor([[1.0, 2.0, 3.0, 7.0]]), torch.tensor([[1.0, 1.0, 1.0, 0.0]])
    assert close(algo.explained_variance(torch.tensor([[1.0, 2.0, 3.0, 0.0]]), returns, mask), 1.0)
    assert close(algo.explained_variance(torch.full((1, 4), 2.0), returns, mask), 0.0)
    # V = R - (1, -1, 0): Var(R - V) = 2/3 of Var(R) = 2/3 -> 0
    assert close(algo.explained_variance(torch.tensor([[0.0, 3.0, 3.0, 0.0]]), returns, mask), 0.0)


def test_grpo_advantages():
    # group [1, 0, 0, 1]: mean .5, unbiased std sqrt(1/3); group [2, 2, 2, 2]: no signal
    adv = algo.grpo_advantages(torch.tensor([1.0, 0.0, 0.0, 1.0, 2.0, 2.0, 2.0, 2.0]), group_size=4)
    a = 0.5 / (math.sqrt(1 / 3) + 1e-4)
    assert close(adv, [a, -a, -a, a, 0, 0, 0, 0])
    assert close(algo.grpo_advantages(torch.tensor([3.0, 1.0]), 2, scale=False), [1.0, -1.0])
    with pytest.raises(ValueError, match="groups of 4"):
        algo.grpo_advantages(torch.ones(6), group_size=4)


def test_rloo_advantages():
    # 1 - mean(0, 0, 1) = 2/3; 0 - mean(1, 0, 1) = -2/3
    assert close(algo.rloo_advantages(torch.tensor([1.0, 0.0, 0.0, 1.0]), 4), [2 / 3, -2 / 3, -2 / 3, 2 / 3])
    assert close(algo.rloo_advantages(torch.tensor([3.0, 1.0, -1.0, -1.0]), 2), [2.0, -2.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="at least 2"):
        algo.rloo_advantages(torch.ones(3), 1)


def test_kl_controllers():
    fixed = algo.FixedKLController(0.05)
    fixed.update(100.0, 10)
    assert fixed.value == 0.05
    # error clipped to +-.2: .1 * (1 + .2 * 100 / 10000) and .1 * (1 - .2 * 100 / 10000)
    up, down = algo.AdaptiveKLController(0.1, 6.0, 10000), algo.AdaptiveKLController(0.1, 6.0, 10000)
    up.update(9.0, 100)
    down.update(3.0, 100)
    assert up.value == pytest.approx(0.1002) and down.value == pytest.approx(0.0998)
    # small error stays proportional: kl 6.6 -> error .1
    mid = algo.AdaptiveKLController(0.1, 6.0, 1000)
    mid.update(6.6, 10)
    assert mid.value == pytest.approx(0.1 * (1 + 0.1 * 10 / 1000))
    restored = algo.AdaptiveKLController(1.0, 6.0, 10000)
    restored.load_state_dict(up.state_dict())
    assert restored.value == up.value


def test_running_moments_and_score_scaling():
    moments = algo.RunningMoments()
    moments.update(torch.tensor([1.0, 2.0, 3.0]))
    moments.update(torch.tensor([4.0, 5.0]))
    # population mean / variance of 1..5: 3 and 2
    assert moments.mean == pytest.approx(3.0) and moments.var == pytest.approx(2.0)
    scaled = algo.scale_scores(torch.tensor([4.0, -8.0]), mean=3.0, std=2.0, clip=3.0)
    assert close(scaled, [2.0, -3.0])
    assert close(algo.scale_scores(torch.tensor([5.0]), mean=3.0, std=2.0, clip=None, shift_mean=True), [1.0])
