"""Worked test for pbrkit.io.patients' per-cluster sums written against mut23's
surviving mutants (benchmarks/mutation-session23.md): a blank cost or episodes adds
nothing, and only rows that give episodes are counted with their days.
"""

from __future__ import annotations

import math

import numpy as np

from pbrkit.io import patients


def test_blank_costs_and_episodes_add_nothing_and_are_not_counted() -> None:
    # Cluster 3: two rows, days 10 and 20.5, admitted 0 and 2, costs £100.25 and blank,
    # episodes 2 and blank. Cluster 5: one row, 7 days, 1 admitted, £50, 1 episode.
    #   n:            3 → 2,            5 → 1
    #   days:         3 → 10 + 20.5 = 30.5,   5 → 7
    #   admitted:     3 → 0 + 2 = 2,    5 → 1
    #   costed:       3 → 1 (the blank is not), 5 → 1
    #   cost:         3 → £100.25 (the blank adds £0), 5 → £50
    #   counted:      3 → 1 (the blank is not), 5 → 1
    #   episodes:     3 → 2,            5 → 1
    #   counted_days: 3 → 10 (the days of the row giving episodes), 5 → 7
    # Every other cluster: 0 throughout.
    sums = patients._Sums()
    nan = math.nan
    sums.add_rows(
        np.array([3, 3, 5], dtype=np.intp),
        np.array([10.0, 20.5, 7.0]),
        np.array([0.0, 2.0, 1.0]),
        np.array([100.25, nan, 50.0]),
        np.array([2.0, nan, 1.0]),
    )
    expected = {
        "n": (2, 1),
        "days": (30.5, 7),
        "admitted": (2, 1),
        "costed": (1, 1),
        "cost": (100.25, 50),
        "counted": (1, 1),
        "episodes": (2, 1),
        "counted_days": (10, 7),
    }
    for name, (three, five) in expected.items():
        found = getattr(sums, name)
        assert found.shape == (100,), name
        assert (found[3], found[5]) == (three, five), name
        assert np.count_nonzero(np.delete(found, [3, 5])) == 0, name
