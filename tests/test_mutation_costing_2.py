"""Tests written against the survivors of mutmut on ``pbrkit.costing`` (mutrest): the
three functions changed since their first run (``zero_package_notes``,
``_missing_tariff``, ``package_cost_per_day``); verdicts in benchmarks/mutation-cost.md.
"""

from __future__ import annotations

import pandas as pd

from pbrkit.costing import zero_package_notes


def test_a_free_package_with_no_source_named_points_to_the_tables() -> None:
    # Inputs built without ``sources`` (the library's callers may leave it empty): the
    # note names the tables in words. Cluster 4, D = 10, A = 0, k = £0: one row.
    rows = pd.DataFrame(
        {"cluster": [4], "cluster_days": [10.0], "admitted_days": [0.0],
         "cost_source": ["modelled"], "package_cost_per_day": [0.0]}
    )  # fmt: skip
    (note,) = zero_package_notes(rows, {})
    assert note.text == (
        "cluster 4: every care package row costs £0 (quantity or unit cost 0), so the "
        "community days are costed at £0, used as given (check quantity in the packages "
        "and unit_cost in the unit costs)"
    )
    assert note.rows == 1
