"""Kendall tau-b and Krippendorff's alpha against hand-computed and published values."""

import math

import pytest

from codegen_rlhf.rank.agreement import kendall_tau_b, krippendorff_alpha

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units, gaps
# where an observer gave no value. The paper reports alpha = .743 (nominal), .815 (ordinal), .849 (interval).
_ = None
RELIABILITY_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
UNITS = [[row[u] for row in RELIABILITY_DATA if row[u] is not None] for u in range(12)]


@pytest.mark.parametrize("metric, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_alpha_reproduces_krippendorffs_worked_example(metric, published):
    assert krippendorff_alpha(UNITS, metric) == pytest.approx(published, abs=5e-4)


def test_alpha_extremes():
    assert krippendorff_alpha([[1, 1], [2, 2], [3, 3]]) == 1.0
    # Two coders who always disagree: o(1,2) = o(2,1) = 2, n = 4, D_o = 4/4 = 1, D_e = (2*2 + 2*2)/(4*3) = 2/3,
    # alpha = 1 - 1 / (2/3) = -0.5
    assert krippendorff_alpha([[1, 2], [2, 1]], "nominal") == pytest.approx(-0.5)
    assert krippendorff_alpha([[1, 1], [1, 1]]) is None  # no variation: undefined
    assert krippendorff_alpha([[1], [2]]) is None  # nothing pairable
    with pytest.raises(ValueError, match="unknown metric"):
        krippendorff_alpha(UNITS, "ratio-ish")


def test_tau_b_hand_computed():
    assert kendall_tau_b([1, 2, 3, 4], [1, 2, 3, 4]) == 1.0
    assert kendall_tau_b([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert kendall_tau_b([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(4 / 6)  # 5 concordant, 1 discordant
    # x ties the first pair: 2 concordant, 0 discordant, 1 pair tied in x only -> 2 / sqrt(3 * 2)
    assert kendall_tau_b([1, 1, 2], [1, 2, 3]) == pytest.approx(2 / math.sqrt(6))
    # ties on both sides, one shared: pairs (0,1) tied in both, (2,3) tied in y only, the rest concordant
    # -> nc = 4, nd = 0, tx-only = 0, ty-only = 1: 4 / sqrt((4 + 1) * 4)
    assert kendall_tau_b([1, 1, 2, 3], [1, 1, 2, 2]) == pytest.approx(4 / math.sqrt(20))
    assert kendall_tau_b([1, 1, 1], [1, 2, 3]) is None
    with pytest.raises(ValueError):
        kendall_tau_b([1, 2], [1])
