"""Agreement coefficients for rankings, in plain Python (no scipy): Kendall's tau-b and Krippendorff's alpha.

- `kendall_tau_b(x, y)`: rank correlation of two rankings of the same candidates, corrected for ties
  (tau-b = (concordant - discordant) / sqrt((n0 - ties_x) * (n0 - ties_y))). O(n^2), fine for K <= 9.
- `krippendorff_alpha(units, metric)`: reliability among any number of annotators with missing values;
  `units` holds, per unit (here: one candidate of one item), the values the annotators gave it. Ordinal,
  nominal and interval difference functions, following Krippendorff (2011), "Computing Krippendorff's
  Alpha-Reliability", via the coincidence matrix.

Both return None where the coefficient is undefined (a constant ranking; no variation at all).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    if len(x) != len(y):
        raise ValueError("both rankings must cover the same candidates")
    concordant = discordant = ties_x_only = ties_y_only = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            dx, dy = _sign(x[i] - x[j]), _sign(y[i] - y[j])
            if dx and dy:
                concordant += dx == dy
                discordant += dx != dy
            elif dx:
                ties_y_only += 1
            elif dy:
                ties_x_only += 1
    untied = concordant + discordant
    denominator = math.sqrt((untied + ties_y_only) * (untied + ties_x_only))
    return None if denominator == 0 else (concordant - discordant) / denominator


def krippendorff_alpha(units: Sequence[Sequence[float]], metric: str = "ordinal") -> float | None:
    # Only units with two values or more are pairable; each contributes its m(m-1) ordered pairs, weighted 1/(m-1).
    coincidences: Counter = Counter()
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidences[c, k] += 1 / (m - 1)
    marginals: Counter = Counter()
    for (c, _), count in coincidences.items():
        marginals[c] += count
    n = sum(marginals.values())
    if n <= 1:
        return None
    delta = _difference(metric, marginals)
    observed = sum(count * delta(c, k) for (c, k), count in coincidences.items()) / n
    expected = sum(marginals[c] * marginals[k] * delta(c, k) for c in marginals for k in marginals) / (n * (n - 1))
    return None if expected == 0 else 1 - observed / expected


def _difference(metric: str, marginals: Counter):
    """The squared difference function delta^2(c, k) of the chosen level of measurement."""
    if metric == "nominal":
        return lambda c, k: float(c != k)
    if metric == "interval":
        return lambda c, k: float(c - k) ** 2
    if metric == "ordinal":
        # Distance between two ranks counts how many pairable values lie between them (ties at the ends halved).
        order = sorted(marginals)
        cumulative, running = {}, 0.0
        for value in order:
            cumulative[value] = running
            running += marginals[value]

        def ordinal(c, k):
            low, high = min(c, k), max(c, k)
            between = cumulative[high] + marginals[high] - cumulative[low]
            return (between - (marginals[low] + marginals[high]) / 2) ** 2

        return ordinal
    raise ValueError(f"unknown metric {metric!r}; use ordinal, nominal or interval")


def _sign(v: float) -> int:
    return (v > 0) - (v < 0)
