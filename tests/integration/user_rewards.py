"""A user's reward functions, loaded by `train ppo` from `ppo.reward_functions` (see test_ppo_tiny.py), and
scorers loaded by `eval run --rerank` (test_rerank.py)."""

import json
import random
from pathlib import Path


def constant_two(prompts, completions, task_id, execution, **columns):
    assert len(task_id) == len(execution) == len(completions)  # the documented columns arrive
    return [2.0] * len(completions)


def even_first_character(prompts, completions, **columns):
    """A bandit over the first generated character: 1 when its code point is even. A random policy earns ~0.5
    on average over characters; only a policy that learned earns 1."""
    return [1.0 if c and ord(c[0]) % 2 == 0 else 0.0 for c in completions]


def zero(prompts, completions, **columns):
    """No task reward: what moves the policy then is the update's own noise (and the KL term against it)."""
    return [0.0] * len(completions)


def half_the_prompts_decided(prompts, completions, **columns):
    """Prompt f0 always earns 1 and f1 always 0 (their groups teach nothing); the others are the bandit."""
    bandit = even_first_character(prompts, completions)
    return [1.0 if "f0(" in p else 0.0 if "f1(" in p else b for p, b in zip(prompts, bandit)]


def knows_the_answers(prompts, completions, task_id, **columns):
    """A scorer that has the answer key (the canonical solutions of tests/fixtures/humaneval_4.jsonl): 1 for
    a completion that is the canonical solution, 0 otherwise. Best-of-n with it must reach the oracle."""
    fixture = Path(__file__).parents[1] / "fixtures" / "humaneval_4.jsonl"
    key = {p["task_id"]: p["canonical_solution"] for p in map(json.loads, fixture.read_text().splitlines())}
    return [1.0 if c == key.get(t) else 0.0 for c, t in zip(completions, task_id)]


def coin_flips(prompts, completions, **columns):
    """A scorer that knows nothing: a seeded coin per completion."""
    rng = random.Random(len(completions))
    return [rng.random() for _ in completions]
