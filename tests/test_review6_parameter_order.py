"""The uncertainty table's row order must not change a PSA's figures (review 6).

Found by running ``pbrkit psa examples/clusters.xlsx`` with ``--samples 40 --inner 2``
twice, once with examples/uncertainty.csv and once with its 12 rows reversed: same
inputs, same seed, yet the NHS surplus change's 5th percentile moved from −£18,358,962
to −£17,518,299 (and its median from −£14,558,935 to −£15,097,342). Column k of the
Latin hypercube went to the k-th row of the table, so reordering the rows gave each
parameter another column's strata. docs/uncertainty.md promises "the seed fixes
everything"; the columns now go to the parameters in order of their paths.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from pbrkit.uncertainty import ParameterRow, check_parameters, run_psa
from pbrkit.uncertainty.sampling import latin_hypercube, sample_parameters

ROWS = (
    ("tariff.scale", 0.95, 1.05),
    ("nhs.fixed_cost_share", 0.15, 0.5),
    ("bidders.*.info_quality", 0.3, 0.6),
)


def _params(rows: tuple[tuple[str, float, float], ...]) -> tuple:  # type: ignore[type-arg]
    return check_parameters(
        [ParameterRow(path, low, high, row=n) for n, (path, low, high) in enumerate(rows, 2)]
    )


def test_the_same_table_in_another_row_order_draws_the_same_values() -> None:
    given = sample_parameters(_params(ROWS), 25, 7)
    reversed_ = sample_parameters(_params(ROWS[::-1]), 25, 7)
    # The columns keep the table's order (that is how the reports list them) ...
    assert list(given.columns) == [path for path, _, _ in ROWS]
    assert list(reversed_.columns) == [path for path, _, _ in ROWS[::-1]]
    # ... but every parameter gets the same draws, row order or not.
    pd.testing.assert_frame_equal(given, reversed_[given.columns])


def test_the_hypercube_columns_go_to_the_paths_in_sorted_order() -> None:
    # Sorted paths: bidders.*.info_quality (column 0), nhs.fixed_cost_share (1),
    # tariff.scale (2). tariff.scale, normal round 1 with sd 0.05/1.2816 = 0.039014,
    # takes column 2's probabilities through its inverse CDF.
    params = {p.name: p for p in _params(ROWS)}
    u = latin_hypercube(25, 3, 7)
    drawn = sample_parameters(tuple(params.values()), 25, 7)
    for k, name in enumerate(sorted(params)):
        assert np.array_equal(drawn[name].to_numpy(), params[name].marginal.ppf(u[:, k]))


def _sum(values: Mapping[str, float], seed: int) -> dict[str, float]:
    total = values["tariff.scale"] + 10 * values["nhs.fixed_cost_share"]
    return {"nhs_surplus_change": -total, "public_spending_change": total}


def test_a_psa_gives_the_same_summary_whatever_the_row_order() -> None:
    one = run_psa(_sum, _params(ROWS), samples=30, inner=1, seed=3).summary()
    two = run_psa(_sum, _params(ROWS[::-1]), samples=30, inner=1, seed=3).summary()
    assert one["figures"] == two["figures"]
