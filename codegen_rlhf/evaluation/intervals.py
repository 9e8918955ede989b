"""95% intervals over tasks, the one way every evaluation report states its uncertainty.

Tasks are the unit resampled (percentile bootstrap): they are what varies between benchmarks, while samples
within a task are not resampled. A paired difference resamples tasks together, so each task is compared with
itself and task difficulty cancels out; it is "significant" when its interval leaves out 0.
"""

from __future__ import annotations

BOOTSTRAP_RESAMPLES = 2000


def bootstrap_ci(values: list[float], resamples: int = BOOTSTRAP_RESAMPLES, seed: int = 0) -> tuple[float, float]:
    """95% percentile interval of the mean, resampling the values (tasks) with replacement."""
    import numpy as np  # noqa: PLC0415 (numpy: ~0.1 s; the CLI imports this module, only the interval needs it)

    data = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(resamples, len(data)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def mean_with_ci(values: list[float]) -> dict:
    """{"value": mean, "ci95": [low, high]}."""
    low, high = bootstrap_ci(values)
    return {"value": sum(values) / len(values), "ci95": [low, high]}


def paired_difference(diffs: list[float]) -> dict:
    """Per-task differences -> {"mean_diff", "ci95", "significant", "tasks"}."""
    low, high = bootstrap_ci(diffs)
    return {"mean_diff": sum(diffs) / len(diffs), "ci95": [low, high], "significant": not low <= 0 <= high,
            "tasks": len(diffs)}


def verdict(difference: dict) -> str:
    return "significant" if difference["significant"] else "no significant change"
