"""Rewards for completions: the execution reward on one of three scales, and the TRL-style reward-function signature.

The execution reward's scales (`ppo.exec_reward`):
- binary (RL's default): 1.0 when all tests pass, else 0.0. It beat graded and partial on the same budget
  (eval/rl_quality.md): under those the policy learns to fail less badly (fewer syntax and runtime errors, about
  as many passes).
- graded: CodeRL's scale (README.md, "Data formats"): all tests pass +1.0, failing tests -0.3, runtime error
  (timeouts and resource kills included) -0.6, syntax error -1.0.
- partial: graded, plus RLTF's partial credit: a failing program earns a share of the gap to +1.0 in proportion
  to the tests it passed. The reward model's execution signal uses it (codegen_rlhf/data/rankings.py).

Reward functions have TRL's signature, `fn(prompts, completions, **columns) -> list[float | None]`, so users
can add their own (`ppo.reward_functions`, "module:function" -> weight) and several combine with weights
(`RewardMix`); `None` means "no opinion" and is skipped. The RL trainer passes the columns `task_id` and
`execution` (each completion's sandbox result: status, tests_passed, tests_total, detail). Built in: `passed`,
the binary pass/fail reward.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from codegen_rlhf.errors import UserError

PASSED, FAILED, SYNTAX_ERROR = 1.0, -0.3, -1.0
RUNTIME_ERROR = -0.6  # error, timeout, memory and killed all count as runtime errors
EXECUTION_SCALES = ("binary", "graded", "partial")

RewardFn = Callable[..., list]


def execution_reward(status: str, tests_passed: int | None = None, tests_total: int | None = None,
                     scale: str = "graded") -> float:
    if scale == "binary":
        return 1.0 if status == "passed" else 0.0
    if status == "passed":
        return PASSED
    if status == "syntax_error":
        return SYNTAX_ERROR
    if status == "failed":
        if scale == "partial" and tests_total:
            return FAILED + (PASSED - FAILED) * (tests_passed or 0) / tests_total
        return FAILED
    return RUNTIME_ERROR


def passed(prompts, completions, execution, **columns) -> list[float]:
    """The binary reward as a reward function, read from the `execution` column the RL trainer passes: 1.0 when
    all of a completion's tests pass, else 0.0. For mixing it with a graded execution reward
    (`ppo.exec_reward=graded`); alone it equals `ppo.exec_reward=binary`."""
    return [1.0 if result.status == "passed" else 0.0 for result in execution]


class RewardMix:
    """Named reward functions with weights, used as one (TRL's way): a completion's reward is the weighted sum of
    what the functions return for it, a `None` ("no opinion") skipped. `score()` also gives each function's own
    values, for logging."""

    def __init__(self, terms: dict[str, tuple[RewardFn, float]]):
        self.terms = terms

    def __call__(self, prompts, completions, **columns) -> list[float]:
        return self.score(prompts, completions, **columns)[0]

    def score(self, prompts, completions, **columns) -> tuple[list[float], dict[str, list]]:
        totals, values = [0.0] * len(completions), {}
        for name, (fn, weight) in self.terms.items():
            values[name] = list(fn(prompts, completions, **columns))
            if len(values[name]) != len(completions):
                raise ValueError(f"reward function {name} returned {len(values[name])} values for "
                                 f"{len(completions)} completions")
            for i, value in enumerate(values[name]):
                if value is not None:
                    totals[i] += weight * value
        return totals, values


def load_reward_function(spec: str) -> RewardFn:
    """`module:function` (an importable module, e.g. your own package or a file on PYTHONPATH) -> the function."""
    module_name, _, name = spec.partition(":")
    if not module_name or not name:
        raise UserError(f"reward function {spec!r}: write it as module:function")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise UserError(f"reward function {spec!r}: cannot import {module_name} ({e})") from None
    fn = getattr(module, name, None)
    if not callable(fn):
        raise UserError(f"reward function {spec!r}: {module_name} has no function {name}")
    return fn


class ExecutionReward:
    """The execution reward as a TRL-style reward function: each completion runs against its problem's tests
    in `sandbox` (a `codegen_rlhf.sandbox.Sandbox`); `task_id` is the column naming each row's problem. When
    the caller has run them already (the RL trainer runs the sandbox while its models score), the `execution`
    column holds the results and nothing runs twice.

    `results()` gives the raw sandbox results (status, tests passed) for callers that log them; `reward()`
    turns one into a float.
    """

    def __init__(self, sandbox, problems: dict[str, dict], scale: str = "graded"):
        if scale not in EXECUTION_SCALES:
            raise UserError(f"execution reward scale {scale!r}: use {', '.join(EXECUTION_SCALES)}")
        self.sandbox, self.problems, self.scale = sandbox, problems, scale

    def __call__(self, prompts, completions, task_id, execution=None, **columns) -> list[float]:
        return [self.reward(r) for r in execution or self.results(completions, task_id)]

    def results(self, completions: Sequence[str], task_ids: Sequence[str]) -> list:
        return list(self.sandbox.map((self.problems[t], c) for t, c in zip(task_ids, completions)))

    def reward(self, result) -> float:
        return execution_reward(result.status, result.tests_passed, result.tests_total, self.scale)
