"""Rewards for completions: the graded execution reward, and the TRL-style reward-function signature.

Execution reward follows CodeRL's graded scale (DESIGN.md): all tests pass +1.0, failing tests -0.3,
runtime error (timeouts and resource kills included) -0.6, syntax error -1.0. With `partial_credit` (RLTF)
a failing program earns a share of the gap to +1.0 in proportion to the tests it passed.

Reward functions have TRL's signature, `fn(prompts, completions, **columns) -> list[float | None]`, so users
can add their own and several combine with weights; `None` means "no opinion" and is skipped when combining.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

PASSED, FAILED, SYNTAX_ERROR = 1.0, -0.3, -1.0
RUNTIME_ERROR = -0.6  # error, timeout, memory and killed all count as runtime errors

RewardFn = Callable[..., list]


def execution_reward(status: str, tests_passed: int | None = None, tests_total: int | None = None,
                     partial_credit: bool = False) -> float:
    if status == "passed":
        return PASSED
    if status == "syntax_error":
        return SYNTAX_ERROR
    if status == "failed":
        if partial_credit and tests_total:
            return FAILED + (PASSED - FAILED) * (tests_passed or 0) / tests_total
        return FAILED
    return RUNTIME_ERROR


def combine(reward_fns: Sequence[RewardFn], weights: Sequence[float]) -> RewardFn:
    """A reward function returning the weighted sum of `reward_fns`; a `None` from one of them is skipped."""
    if len(reward_fns) != len(weights):
        raise ValueError("one weight per reward function")

    def combined(prompts, completions, **columns):
        totals = [0.0] * len(completions)
        for fn, weight in zip(reward_fns, weights):
            for i, value in enumerate(fn(prompts, completions, **columns)):
                if value is not None:
                    totals[i] += weight * value
        return totals

    return combined


class ExecutionReward:
    """The execution reward as a TRL-style reward function: each completion runs against its problem's tests
    in `sandbox` (a `codegen_rlhf.sandbox.Sandbox`); `task_id` is the column naming each row's problem.

    `results()` gives the raw sandbox results (status, tests passed) for callers that log them; `reward()`
    turns one into a float.
    """

    def __init__(self, sandbox, problems: dict[str, dict], partial_credit: bool = False):
        self.sandbox, self.problems, self.partial_credit = sandbox, problems, partial_credit

    def __call__(self, prompts, completions, task_id, **columns) -> list[float]:
        return [self.reward(r) for r in self.results(completions, task_id)]

    def results(self, completions: Sequence[str], task_ids: Sequence[str]) -> list:
        return list(self.sandbox.map((self.problems[t], c) for t, c in zip(task_ids, completions)))

    def reward(self, result) -> float:
        return execution_reward(result.status, result.tests_passed, result.tests_total, self.partial_credit)


class RewardModelScorer:
    """A trained reward model (`codegen-rlhf train rm`) as a TRL-style reward function: the score of
    prompt + completion, in batches. `path` is an exported RM directory (plain or LoRA) or its run directory."""

    __name__ = "reward_model"

    def __init__(self, path, batch_size: int = 8, dtype: str = "auto", device=None):
        import torch

        from codegen_rlhf.reward_model import load_reward_model

        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.model, self.tokenizer, self.max_seq_len = load_reward_model(path, dtype, device)
        self.batch_size = batch_size

    def __call__(self, prompts, completions, **columns) -> list[float]:
        from codegen_rlhf.reward_model import score_texts

        return score_texts(self.model, self.tokenizer, list(prompts), list(completions), self.max_seq_len,
                           self.batch_size)
