"""The synthetic population does not depend on the order of the caseload's rows.

Found in review 8: the lognormal costs were drawn caseload row by row in the sheet's
order, so the same caseload sorted another way gave other people, and every tender
figure moved within its selection-noise range ("row order never matters" did not hold).
The rows are now drawn in an order of their own values (docs/methodology.md §6.1).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from pbrkit.tender import synthesise_population
from tender_tariff import REVIEW_DAYS, TARIFF

_ROW = st.fixed_dictionaries(
    {
        "cluster": st.sampled_from([1, 3, 11]),
        "team": st.sampled_from(["North", "South", "Älmhult", ""]),
        "service_users": st.integers(0, 30),
        "cluster_days": st.integers(0, 4_000).map(float),
        "cost": st.integers(0, 90_000).map(float),
        "cost_cv": st.sampled_from([0.5, 1.0, float("nan")]),
    }
)


def _valid(row: dict[str, object]) -> dict[str, object]:
    # Nobody in a row means no days and no cost (the reader refuses anything else).
    if row["service_users"] == 0:
        return {**row, "cluster_days": 0.0, "cost": 0.0}
    return {**row, "cluster_days": max(float(row["cluster_days"]), 1.0)}  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    # A caseload where no row has anyone is refused ("no one to tender", review5).
    st.lists(_ROW.map(_valid), min_size=1, max_size=8).filter(
        lambda rows: any(row["service_users"] for row in rows)
    ),
    st.randoms(use_true_random=False),
)
def test_any_order_of_the_caseload_rows_gives_the_same_people(rows, random) -> None:
    caseload = pd.DataFrame(rows)
    shuffled = caseload.sample(frac=1, random_state=random.randrange(2**32))
    first = synthesise_population(caseload, TARIFF, REVIEW_DAYS, seed=11)
    again = synthesise_population(shuffled, TARIFF, REVIEW_DAYS, seed=11)
    assert_frame_equal(first, again)


def test_the_rows_are_drawn_by_cluster_then_team_not_in_sheet_order() -> None:
    # Two rows in one cluster: South first in the sheet, yet North's people come first
    # (syn-000001 and syn-000002), as they would with the rows the other way round.
    caseload = pd.DataFrame(
        {
            "cluster": [3, 3],
            "team": ["South", "North"],
            "service_users": [1, 2],
            "cluster_days": [100.0, 200.0],
            "cost": [1_000.0, 4_000.0],
        }
    )
    people = synthesise_population(caseload, TARIFF, REVIEW_DAYS, seed=0)
    assert people["team"].tolist() == ["North", "North", "South"]
    assert people["patient_id"].tolist() == ["syn-000001", "syn-000002", "syn-000003"]
    # Each row's costs still add up to its own C (rescaled): 4,000 for North, 1,000 South.
    totals = people.groupby("team")["cost"].sum()
    assert totals.to_numpy() == pytest.approx([4_000.0, 1_000.0], rel=1e-12)
