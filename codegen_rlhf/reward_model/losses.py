"""Reward-model losses: pure tensor math on padded per-prompt score matrices.

Every function takes the scores of one batch laid out per prompt, `scores[P, K]` (row p holds the K candidates
of prompt p; `valid[P, K]` marks real entries, the rest is padding), so that all candidates of a prompt are
scored in one forward pass and every comparison of a prompt is in the same batch (InstructGPT's layout).

- `plackett_luce_loss`: listwise negative log-likelihood of a ranking with ties (rank levels, 1 = best, equal
  levels tie). Ties use Breslow's approximation: the members of a tie group are each chosen against the same
  risk set (everything ranked at their level or below). It is exact without ties, cheap, and with K = 2 it
  equals the Bradley–Terry loss. Prompts whose candidates all tie carry no order and are left out.
- `bradley_terry_loss`: `-log σ(s_i - s_j - m_ij)` over a preference matrix (`prefers[p, i, j]`: i beats j),
  averaged per prompt over its pairs and then over prompts that have pairs. `margins` is the optional
  Llama-2-style margin (e.g. proportional to the rank gap). The same function serves human pairs and
  execution-derived pairs; `preferences_from_levels` turns rank levels or execution values into the matrix.
- `pass_fraction_loss`: binary cross-entropy of an auxiliary head's logit against the fraction of tests passed.
- `centering_loss`: the squared mean score per prompt, keeping rewards near zero (their offset is otherwise
  unidentifiable under pairwise losses, which matters when PPO adds them to other rewards).

Not covered: Efron's tie correction and averaging over tie permutations (Breslow's form is used throughout),
and per-pair weights other than one weight per loss term (applied by the caller).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def preferences_from_levels(levels: torch.Tensor, valid: torch.Tensor, higher_is_better: bool = False):
    """`prefers[p, i, j]` = candidate i strictly beats candidate j; both valid.

    `levels` are rank levels (lower is better, `higher_is_better=False`) or values such as execution rewards
    (`higher_is_better=True`). Ties give no pair.
    """
    a, b = levels.unsqueeze(2), levels.unsqueeze(1)
    better = a > b if higher_is_better else a < b
    return better & valid.unsqueeze(2) & valid.unsqueeze(1)


def plackett_luce_loss(scores: torch.Tensor, ranks: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Mean over prompts of the ranking's negative log-likelihood (Breslow ties); 0 when no prompt has an order.

    For candidate i with risk set R_i = {j : rank_j >= rank_i}, the term is `s_i - logsumexp_{j in R_i} s_j`;
    a prompt's loss is minus the sum of its terms. The last-placed single candidate contributes exactly 0.
    """
    in_risk_set = (ranks.unsqueeze(1) >= ranks.unsqueeze(2)) & valid.unsqueeze(1) & valid.unsqueeze(2)
    # Padding rows get themselves as risk set: an all -inf logsumexp would put NaN into the backward pass.
    in_risk_set |= torch.eye(scores.shape[1], dtype=torch.bool, device=scores.device)
    masked = scores.unsqueeze(1).expand_as(in_risk_set).masked_fill(~in_risk_set, float("-inf"))
    log_norm = torch.logsumexp(masked, dim=2)  # [P, K]
    terms = torch.where(valid, scores - log_norm, torch.zeros_like(scores))
    ordered = _has_two_levels(ranks, valid)
    if not ordered.any():
        return scores.sum() * 0.0
    return -(terms.sum(dim=1)[ordered]).mean()


def bradley_terry_loss(scores: torch.Tensor, prefers: torch.Tensor, margins: torch.Tensor | None = None):
    """Mean over prompts (with at least one pair) of the mean over its pairs of `-log σ(s_i - s_j - m_ij)`."""
    diff = scores.unsqueeze(2) - scores.unsqueeze(1)
    if margins is not None:
        diff = diff - margins
    pair_loss = torch.where(prefers, -F.logsigmoid(diff), torch.zeros_like(diff))
    pairs_per_prompt = prefers.sum(dim=(1, 2))
    has_pairs = pairs_per_prompt > 0
    if not has_pairs.any():
        return scores.sum() * 0.0
    per_prompt = pair_loss.sum(dim=(1, 2))[has_pairs] / pairs_per_prompt[has_pairs]
    return per_prompt.mean()


def pass_fraction_loss(logits: torch.Tensor, pass_fraction: torch.Tensor, known: torch.Tensor) -> torch.Tensor:
    """BCE-with-logits of the auxiliary head against the pass fraction, over candidates with an execution."""
    if not known.any():
        return logits.sum() * 0.0
    return F.binary_cross_entropy_with_logits(logits[known], pass_fraction[known].to(logits.dtype))


def centering_loss(scores: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Mean over prompts of (mean score of the prompt's candidates)²."""
    counts = valid.sum(dim=1).clamp(min=1)
    means = torch.where(valid, scores, torch.zeros_like(scores)).sum(dim=1) / counts
    return (means[valid.any(dim=1)] ** 2).mean()


def _has_two_levels(ranks: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    big = torch.iinfo(torch.long).max
    best = torch.where(valid, ranks, torch.full_like(ranks, big)).min(dim=1).values
    worst = torch.where(valid, ranks, torch.full_like(ranks, -big)).max(dim=1).values
    return worst > best
