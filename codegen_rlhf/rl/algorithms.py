"""The RL algorithms, declared once with what they need. The trainer (which models to build, what to check),
the config's validation and the CLI's `--algo` choices and help all read ALGORITHMS: adding an algorithm is a
`register(Algorithm(...))` with its advantage function (plus its math in algo.py) and a test.

An advantage function takes the KL-shaped token rewards `[B, T]`, the critic's values (None without a critic),
the response mask, the `ppo` config section and each sample's score as the reward functions gave it `[B]`
(before normalization and the KL term), and returns `(advantages [B, T], returns [B, T] or None)`. Rows of one
prompt are contiguous, `samples_per_prompt` each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Algorithm:
    name: str
    summary: str  # one line for --help
    needs_critic: bool  # a value model (separate, or a head on the actor: ppo.critic)
    needs_groups: bool  # compares several completions of one prompt: samples_per_prompt >= 2
    advantages: Callable


ALGORITHMS: dict[str, Algorithm] = {}


def register(algorithm: Algorithm) -> Algorithm:
    ALGORITHMS[algorithm.name] = algorithm
    return algorithm


# The functions import algo (and so torch) when they run: the CLI reads this registry at start-up, and torch
# would add seconds to every command's --help.

def _gae(rewards, values, mask, cfg, scores):
    from codegen_rlhf.rl import algo  # noqa: PLC0415 (torch: ~2.5 s; the CLI reads this registry)

    advantages, returns = algo.gae(rewards, values, mask, cfg.gamma, cfg.lam)
    if cfg.whiten_advantages:
        advantages = algo.masked_whiten(advantages, mask)
    return advantages, returns


def _per_sequence(baseline: str) -> Callable:
    """The sequence reward (the sum of the token rewards) against a baseline from its prompt's group, on every
    token of the response."""

    def advantages(rewards, values, mask, cfg, scores):
        from codegen_rlhf.rl import algo  # noqa: PLC0415 (torch: ~2.5 s; the CLI reads this registry)

        per_sample = getattr(algo, baseline)(rewards.sum(dim=1), cfg.samples_per_prompt)
        return per_sample[:, None] * mask, None

    return advantages


register(Algorithm("ppo", "clipped PPO with a critic and GAE", needs_critic=True, needs_groups=False,
                   advantages=_gae))
register(Algorithm("grpo", "group-normalized advantages, no critic", needs_critic=False, needs_groups=True,
                   advantages=_per_sequence("grpo_advantages")))
register(Algorithm("rloo", "leave-one-out baseline per prompt, no critic", needs_critic=False, needs_groups=True,
                   advantages=_per_sequence("rloo_advantages")))


def _kept(rewards, values, mask, cfg, scores):
    """Rejection sampling: advantage 1 on every token of a completion whose score reaches ppo.rft_min_score,
    0 elsewhere. With one epoch the ratio is 1, so the clipped loss is plain fine-tuning on the kept ones."""
    kept = (scores >= cfg.rft_min_score).to(mask.dtype)
    return kept[:, None] * mask, None


register(Algorithm("rft", "rejection-sampling fine-tuning (expert iteration): fine-tune on the completions that "
                   "score at least ppo.rft_min_score", needs_critic=False, needs_groups=False, advantages=_kept))
