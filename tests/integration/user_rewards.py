"""A user's reward functions, loaded by `train ppo` from `ppo.reward_functions` (see test_ppo_tiny.py)."""


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
