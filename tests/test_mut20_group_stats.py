"""Mutation round mut20 on perf20's ``Groups.mean_std`` (now from
``mean_std_totals``): the ``ddof`` reaches the standard deviation, and its default is
the sample's, 1 (benchmarks/mutation-session20.md).
"""

from __future__ import annotations

import math

import numpy as np

from pbrkit.group_kernel import Groups


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
