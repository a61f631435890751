"""Mutation round mut20 on perf20's ``Groups.mean_std`` (now from
``mean_std_totals``): the ``ddof`` reaches the standard deviation, and its default is
the sample's, 1; and the RIV's guard (``homogeneity._riv_of``) is "no spread", not
"a spread below 1" (benchmarks/mutation-session20.md).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pbrkit.group_kernel import Groups
from pbrkit.homogeneity import reduction_in_variance


def test_mean_std_by_hand_with_each_ddof() -> None:
    # Group 1: 1 and 3 (mean 2, squares 1 + 1 = 2); group 2: 5 alone (square 0).
    # ddof 1 (the default): √(2/1) = √2, and group 2 has no SD (n ≤ ddof: NaN).
    # ddof 0: √(2/2) = 1 and √(0/1) = 0.
    groups = Groups(np.array([1, 1, 2]))
    values = np.array([1.0, 3.0, 5.0])
    means, sd, counts = groups.mean_std(values)
    assert means.tolist() == [2.0, 5.0]
    assert counts.tolist() == [2, 1]
    assert sd[0] == math.sqrt(2.0) and math.isnan(sd[1])
    assert groups.std(values, ddof=0).tolist() == [1.0, 0.0]
    assert groups.mean_std(values, ddof=0)[1].tolist() == [1.0, 0.0]


def test_a_riv_whose_total_sum_of_squares_is_below_one() -> None:
    # Costs 0, 0.2 (cluster 1) and 0.6, 0.8 (cluster 2): overall mean 0.4, SST = 0.16 +
    # 0.04 + 0.04 + 0.16 = 0.4; cluster means 0.1 and 0.7, SSW = 4 × 0.01 = 0.04;
    # RIV = 1 − 0.04/0.4 = 0.9. An SST of 0.4 is a spread like any other (not "none").
    cost = pd.Series([0.0, 0.2, 0.6, 0.8])
    riv = reduction_in_variance(cost, pd.Series([1, 1, 2, 2]))
    assert riv == pytest.approx(0.9, rel=1e-12)
    # No spread at all (SST = 0): no RIV.
    assert math.isnan(reduction_in_variance(pd.Series([5.0, 5.0]), pd.Series([1, 2])))


def test_the_sd_pass_defaults_to_the_samples_ddof() -> None:
    # mean_std_totals as _count_mean_sd calls it (no ddof): 1 and 3 give √2 (ddof 1).
    sd = Groups(np.array([1, 1])).mean_std_totals(np.array([1.0, 3.0]))[1]
    assert sd.tolist() == [math.sqrt(2.0)]
