"""The math of PPO, GRPO and RLOO as small pure tensor functions (no models, no I/O, no state but the
two controllers and the running moments, whose state round-trips through `state_dict`).

Conventions: per-token tensors are `[batch, response_len]` over the *response* tokens only (the actions),
with `mask` 1.0 on real response tokens and 0.0 on padding after the end; per-sample tensors are `[batch]`.
Groups (several samples of one prompt, for GRPO/RLOO) are contiguous: rows `g*G .. g*G+G-1`.

Covered: log-probs from logits, KL estimators (k1, k3) and token-level KL reward shaping (the scalar
score lands on the last response token), fixed and adaptive KL controllers (Ziegler et al. 2019), reward
normalization by running moments and clipping, GAE with masks, masked whitening, the clipped policy loss
(with clip fraction and approx-KL), the clipped value loss, entropy, explained variance, GRPO
group-normalized and RLOO leave-one-out advantages.
Not covered: anything that needs a model or a distributed reduction (statistics here are per process).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

# ---------------------------------------------------------------------------------------------- masked statistics


def masked_mean(x: torch.Tensor, mask: torch.Tensor, dim: int | None = None) -> torch.Tensor:
    """Mean over the positions where mask is 1; an all-zero mask gives 0 instead of NaN."""
    if dim is None:
        return (x * mask).sum() / mask.sum().clamp(min=1.0)
    return (x * mask).sum(dim) / mask.sum(dim).clamp(min=1.0)


def masked_var(x: torch.Tensor, mask: torch.Tensor, unbiased: bool = True) -> torch.Tensor:
    mean = masked_mean(x, mask)
    count = mask.sum()
    var = ((x - mean) ** 2 * mask).sum() / count.clamp(min=1.0)
    if unbiased and count > 1:
        var = var * count / (count - 1)
    return var


def masked_whiten(x: torch.Tensor, mask: torch.Tensor, shift_mean: bool = True, eps: float = 1e-8) -> torch.Tensor:
    """(x - mean) / std over the masked positions; padding comes back as 0. `shift_mean=False` keeps the
    mean (used for rewards, whose sign matters)."""
    mean, var = masked_mean(x, mask), masked_var(x, mask)
    whitened = (x - mean) * torch.rsqrt(var + eps)
    if not shift_mean:
        whitened = whitened + mean
    return whitened * mask


# ---------------------------------------------------------------------------------------------- log-probs, KL


def logprobs_from_logits(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """log p(label) for each position: logits `[B, T, V]`, labels `[B, T]` -> `[B, T]` (float32)."""
    logp = torch.log_softmax(logits.float(), dim=-1)
    return torch.gather(logp, -1, labels.unsqueeze(-1)).squeeze(-1)


def entropy_from_logits(logits: torch.Tensor) -> torch.Tensor:
    """Entropy of the categorical distribution at each position: `[B, T, V]` -> `[B, T]`."""
    logits = logits.float()
    probs = torch.softmax(logits, dim=-1)
    return torch.logsumexp(logits, dim=-1) - (probs * logits).sum(-1)


def kl_estimate(logprobs: torch.Tensor, ref_logprobs: torch.Tensor, estimator: str = "k1") -> torch.Tensor:
    """Per-token estimate of KL(policy || reference) from samples of the policy (Schulman's estimators):
    k1 = log p - log q (unbiased, can be negative); k3 = (q/p - 1) - log(q/p) (unbiased, always >= 0)."""
    log_ratio = logprobs - ref_logprobs
    if estimator == "k1":
        return log_ratio
    if estimator == "k3":
        return torch.expm1(-log_ratio) + log_ratio
    raise ValueError(f"unknown KL estimator {estimator!r}: use k1 or k3")


def kl_shaped_rewards(scores: torch.Tensor, logprobs: torch.Tensor, ref_logprobs: torch.Tensor, mask: torch.Tensor,
                      kl_coef: float, estimator: str = "k1") -> tuple[torch.Tensor, torch.Tensor]:
    """Token rewards: -kl_coef * KL_t on every response token, plus the sample's scalar score on its last
    real token. Returns (rewards `[B, T]`, kl `[B, T]`), both zero on padding."""
    kl = kl_estimate(logprobs, ref_logprobs, estimator) * mask
    rewards = -kl_coef * kl
    last = last_token_index(mask)
    rewards[torch.arange(len(scores)), last] += scores.to(rewards.dtype)
    return rewards * mask, kl


def last_token_index(mask: torch.Tensor) -> torch.Tensor:
    """Index of the last 1 in each row (0 for an empty row, so an empty response still gets its score)."""
    positions = torch.arange(mask.shape[1], device=mask.device).expand_as(mask)
    return torch.where(mask.bool(), positions, torch.zeros_like(positions)).max(dim=1).values


# ---------------------------------------------------------------------------------------------- KL controllers


class FixedKLController:
    """A constant KL coefficient."""

    def __init__(self, kl_coef: float):
        self.value = kl_coef

    def update(self, current_kl: float, n_steps: int) -> None:
        pass

    def state_dict(self) -> dict:
        return {"value": self.value}

    def load_state_dict(self, state: dict) -> None:
        self.value = state["value"]


class AdaptiveKLController:
    """Ziegler et al. (2019): scale the coefficient by a proportional error toward a target KL,
    `value *= 1 + clip(kl / target - 1, -0.2, 0.2) * n_steps / horizon`."""

    def __init__(self, init_kl_coef: float, target: float, horizon: int):
        self.value, self.target, self.horizon = init_kl_coef, target, horizon

    def update(self, current_kl: float, n_steps: int) -> None:
        error = min(max(current_kl / self.target - 1.0, -0.2), 0.2)
        self.value *= 1.0 + error * n_steps / self.horizon

    def state_dict(self) -> dict:
        return {"value": self.value}

    def load_state_dict(self, state: dict) -> None:
        self.value = state["value"]


# ---------------------------------------------------------------------------------------------- reward scaling


@dataclass
class RunningMoments:
    """Running mean/std of all scores seen so far (parallel-merge form of Welford's algorithm)."""

    mean: float = 0.0
    var: float = 1.0
    count: float = 1e-8

    def update(self, x: torch.Tensor) -> None:
        n = x.numel()
        if n == 0:
            return
        batch_mean, batch_var = x.float().mean().item(), x.float().var(unbiased=False).item()
        total = self.count + n
        delta = batch_mean - self.mean
        m2 = self.var * self.count + batch_var * n + delta**2 * self.count * n / total
        self.mean, self.var, self.count = self.mean + delta * n / total, m2 / total, total

    @property
    def std(self) -> float:
        return math.sqrt(self.var)

    def state_dict(self) -> dict:
        return {"mean": self.mean, "var": self.var, "count": self.count}

    def load_state_dict(self, state: dict) -> None:
        self.mean, self.var, self.count = state["mean"], state["var"], state["count"]


def scale_scores(scores: torch.Tensor, mean: float, std: float, clip: float | None, shift_mean: bool = False,
                 eps: float = 1e-8) -> torch.Tensor:
    """Divide by the running std (and subtract the mean when `shift_mean`), then clip to [-clip, clip]."""
    scaled = (scores - mean) / (std + eps) if shift_mean else scores / (std + eps)
    return scaled.clamp(-clip, clip) if clip else scaled


# ---------------------------------------------------------------------------------------------- advantages


def gae(rewards: torch.Tensor, values: torch.Tensor, mask: torch.Tensor, gamma: float = 1.0,
        lam: float = 0.95) -> tuple[torch.Tensor, torch.Tensor]:
    """Generalized advantage estimation (Schulman et al. 2016) over right-padded responses.

    delta_t = r_t + gamma * V_{t+1} - V_t and A_t = delta_t + gamma * lam * A_{t+1}, where V and A past the
    last real token are 0 (the episode ends there). Returns (advantages, returns = advantages + values),
    both zero on padding.
    """
    values, rewards = values * mask, rewards * mask
    advantages = torch.zeros_like(rewards)
    next_value = torch.zeros_like(rewards[:, 0])
    next_advantage = torch.zeros_like(rewards[:, 0])
    for t in reversed(range(rewards.shape[1])):
        delta = rewards[:, t] + gamma * next_value - values[:, t]
        advantages[:, t] = delta + gamma * lam * next_advantage
        # padding positions reset the recursion, so the last real token sees a terminal next state
        next_value = values[:, t] * mask[:, t]
        next_advantage = advantages[:, t] * mask[:, t]
    advantages = advantages * mask
    return advantages, (advantages + values) * mask


def grpo_advantages(scores: torch.Tensor, group_size: int, scale: bool = True, eps: float = 1e-4) -> torch.Tensor:
    """GRPO (Shao et al. 2024): each score minus its group's mean, divided by the group's std (unbiased,
    as in TRL) when `scale`. A group whose samples all score the same gets 0."""
    groups = _groups(scores, group_size)
    centered = groups - groups.mean(dim=1, keepdim=True)
    if scale:
        centered = centered / (groups.std(dim=1, keepdim=True) + eps)
    return centered.reshape(-1)


def rloo_advantages(scores: torch.Tensor, group_size: int) -> torch.Tensor:
    """RLOO (Ahmadian et al. 2024): each score minus the mean of the *other* samples of its prompt."""
    if group_size < 2:
        raise ValueError("RLOO needs at least 2 samples per prompt")
    groups = _groups(scores, group_size)
    others_mean = (groups.sum(dim=1, keepdim=True) - groups) / (group_size - 1)
    return (groups - others_mean).reshape(-1)


def _groups(scores: torch.Tensor, group_size: int) -> torch.Tensor:
    if group_size < 1 or scores.numel() % group_size:
        raise ValueError(f"{scores.numel()} scores do not split into groups of {group_size}")
    return scores.float().reshape(-1, group_size)


# ---------------------------------------------------------------------------------------------- losses


@dataclass
class PolicyLossOutput:
    loss: torch.Tensor
    clip_fraction: torch.Tensor
    approx_kl: torch.Tensor


def policy_loss(logprobs: torch.Tensor, old_logprobs: torch.Tensor, advantages: torch.Tensor, mask: torch.Tensor,
                clip_eps: float = 0.2) -> PolicyLossOutput:
    """PPO's clipped surrogate, averaged over real tokens: mean(max(-A * r, -A * clip(r, 1-eps, 1+eps)))
    with r = exp(logprobs - old_logprobs). Also the fraction of tokens where the clip was active and
    approx-KL(old || new) = mean(0.5 * (log r)^2)."""
    log_ratio = logprobs - old_logprobs
    ratio = torch.exp(log_ratio)
    unclipped = -advantages * ratio
    clipped = -advantages * ratio.clamp(1.0 - clip_eps, 1.0 + clip_eps)
    loss = masked_mean(torch.maximum(unclipped, clipped), mask)
    with torch.no_grad():
        clip_fraction = masked_mean((clipped > unclipped).float(), mask)
        approx_kl = masked_mean(0.5 * log_ratio**2, mask)
    return PolicyLossOutput(loss, clip_fraction, approx_kl)


def value_loss(values: torch.Tensor, old_values: torch.Tensor, returns: torch.Tensor, mask: torch.Tensor,
               clip_eps: float | None = 0.2) -> tuple[torch.Tensor, torch.Tensor]:
    """Clipped value loss: 0.5 * mean(max((V - R)^2, (V_clipped - R)^2)), V_clipped = old +
    clip(V - old, -eps, eps). Returns (loss, fraction of tokens where the clipped term was larger)."""
    unclipped = (values - returns) ** 2
    if clip_eps is None:
        return 0.5 * masked_mean(unclipped, mask), torch.zeros(())
    clipped_values = old_values + (values - old_values).clamp(-clip_eps, clip_eps)
    clipped = (clipped_values - returns) ** 2
    loss = 0.5 * masked_mean(torch.maximum(unclipped, clipped), mask)
    with torch.no_grad():
        clip_fraction = masked_mean((clipped > unclipped).float(), mask)
    return loss, clip_fraction


def explained_variance(values: torch.Tensor, returns: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """1 - Var(R - V) / Var(R) over real tokens: 1 is a perfect critic, 0 no better than a constant."""
    var_returns = masked_var(returns, mask, unbiased=False)
    if var_returns <= 0:
        return torch.tensor(float("nan"))
    return 1.0 - masked_var(returns - values, mask, unbiased=False) / var_returns
