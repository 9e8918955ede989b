"""A user's reward functions, loaded by `train ppo` from `ppo.reward_functions` (see test_ppo_tiny.py)."""


def constant_two(prompts, completions, task_id, execution, **columns):
    assert len(task_id) == len(execution) == len(completions)  # the documented columns arrive
    return [2.0] * len(completions)
