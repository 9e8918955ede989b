"""Best-of-n: a scorer picks one of each task's n samples without seeing the tests (`eval run --rerank`).

    codegen-rlhf eval run --model M --benchmark heldout --n 8 --rerank runs/chain/rm/model --out runs/bo8
    codegen-rlhf eval run ... --rerank my_rewards:prefer_short     # any TRL-style reward function

How AceCoder and CodeT judge a code reward model, and what a user of one cares about: for every task, does the
sample the scorer ranks first pass? Reported next to the two bounds that the same samples give:
- `pass@1`, the mean over samples: what a random pick passes;
- `rerank_pass@1`: the pick's pass. When several samples share the top score, the pick counts as the mean pass
  of those (the expected value of breaking the tie at random), so a constant scorer scores exactly pass@1;
- `pass@N`: some sample passes, what a perfect picker (an oracle) would reach.
Each has a 95% bootstrap interval over tasks, and the gains pick - random and oracle - pick get paired
intervals (tasks resampled together, so task difficulty cancels out).

The scorer gets the problems' prompts, the completions and the column `task_id`, never the tests or a sandbox
result: a reward model is `RewardModelScorer` (reward_model/score.py), anything else a `module:function` with
the reward-function signature of rewards.py. None scores a sample lowest.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from codegen_rlhf.errors import UserError
from codegen_rlhf.evaluation.intervals import mean_with_ci, paired_difference, verdict
from codegen_rlhf.rewards import load_reward_function


def check_scorer_spec(spec: str) -> None:
    """Before any model loads: a reward-model directory, or module:function that imports."""
    if Path(spec).is_dir():
        from codegen_rlhf.reward_model.model import model_dir  # noqa: PLC0415 (torch: ~2.5 s; eval run loads it next)

        model_dir(spec)
        return
    if ":" not in spec:
        raise UserError(f"--rerank {spec}: not a reward-model directory, nor module:function")
    load_reward_function(spec)


def load_scorer(spec: str) -> Callable:
    """A reward-model directory (`train rm`'s model/ or its run directory) or `module:function`."""
    check_scorer_spec(spec)
    if Path(spec).is_dir():
        from codegen_rlhf.reward_model.score import RewardModelScorer  # noqa: PLC0415 (torch + transformers: ~3.5 s)

        return RewardModelScorer(spec)
    return load_reward_function(spec)


def scores_of(scorer: Callable, prompts: list[str], completions: list[str], task_ids: list[str]) -> list[float]:
    """The scorer's value for every sample, None and NaN as -inf; a wrong answer is a UserError."""
    values = scorer(prompts=prompts, completions=completions, task_id=task_ids)
    name = getattr(scorer, "__name__", type(scorer).__name__)
    try:
        values = list(values)
    except TypeError:
        raise UserError(f"scorer {name} returned {type(values).__name__}, not a list of numbers") from None
    if len(values) != len(completions):
        raise UserError(f"scorer {name} returned {len(values)} scores for {len(completions)} completions")
    scores = []
    for value in values:
        if value is not None and not isinstance(value, (int, float)):
            raise UserError(f"scorer {name} returned {value!r}: scores must be numbers or None")
        scores.append(-math.inf if value is None or math.isnan(value) else float(value))
    return scores


def pick_pass(scores: list[float], passed: list[bool]) -> float:
    """The pass of the top-scored sample; a tie at the top counts as the mean pass of the tied samples."""
    top = max(scores)
    tied = [p for s, p in zip(scores, passed) if s == top]
    return sum(tied) / len(tied)


def best_of_n(per_task: dict[str, tuple[list[float], list[bool]]]) -> dict:
    """{task_id: (scores, passed)} -> the three pass rates with intervals and the paired gains."""
    picks = {t: pick_pass(s, p) for t, (s, p) in per_task.items()}
    random_pick = {t: sum(p) / len(p) for t, (_, p) in per_task.items()}
    oracle = {t: float(any(p)) for t, (_, p) in per_task.items()}
    n = min(len(p) for _, p in per_task.values())
    tasks = list(per_task)
    return {
        "pass@1": mean_with_ci([random_pick[t] for t in tasks]),
        "rerank_pass@1": mean_with_ci([picks[t] for t in tasks]),
        f"pass@{n}": mean_with_ci([oracle[t] for t in tasks]),
        "gain_over_random": paired_difference([picks[t] - random_pick[t] for t in tasks]),
        "gap_to_oracle": paired_difference([oracle[t] - picks[t] for t in tasks]),
        "n": n,
        "tasks": len(tasks),
        "per_task_pick": picks,
    }


def rerank(scorer: Callable, problems: dict[str, dict], samples: list[dict], results: list[dict]) -> dict:
    """best_of_n over `samples` (eval run's rows: task_id, completion) and their sandbox `results` (same order)."""
    return best_of_n(scored_tasks(scorer, problems, samples, results))


def scored_tasks(scorer: Callable, problems: dict[str, dict], samples: list[dict],
                 results: list[dict]) -> dict[str, tuple[list[float], list[bool]]]:
    """{task_id: (the scorer's scores, passed)} in sample order, from one scoring call; every task needs at least
    two samples."""
    if [s["task_id"] for s in samples] != [r["task_id"] for r in results]:
        raise UserError("samples and results are not in the same order: rerank the run eval run wrote")
    scores = scores_of(scorer, [problems[s["task_id"]]["prompt"] for s in samples],
                       [s["completion"] for s in samples], [s["task_id"] for s in samples])
    per_task: dict[str, tuple[list[float], list[bool]]] = {}
    for sample, result, score in zip(samples, results, scores):
        task_scores, task_passed = per_task.setdefault(sample["task_id"], ([], []))
        task_scores.append(score)
        task_passed.append(bool(result["passed"]))
    if min(len(p) for _, p in per_task.values()) < 2:
        raise UserError("reranking needs at least two samples per task (--n 2 or more)")
    return per_task


def summary_lines(result: dict) -> list[str]:
    """What `eval run --rerank` prints and report.md holds (`result`: best_of_n's, with "scorer")."""
    n = result["n"]
    lines = [f"best-of-{n} with {result['scorer']} over {result['tasks']} tasks:"]
    for key, label in (("pass@1", "random pick (mean over samples)"), ("rerank_pass@1", "the scorer's pick"),
                       (f"pass@{n}", "oracle (some sample passes)")):
        value = result[key]
        lines.append(f"  {key:<14} {value['value']:.3f} [{value['ci95'][0]:.3f}, {value['ci95'][1]:.3f}]  {label}")
    for key, label in (("gain_over_random", "pick - random"), ("gap_to_oracle", "oracle - pick")):
        d = result[key]
        lines.append(f"  {label}: {d['mean_diff']:+.3f} [{d['ci95'][0]:+.3f}, {d['ci95'][1]:+.3f}] paired ({verdict(d)})")
    return lines
