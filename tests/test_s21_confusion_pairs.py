"""The audit's pair bounds are worked out from the confusion matrix's non-zero cells,
not from a table as long as the caseload (which put about 370 MB on the peak of a
10,000,000-patient `pbrkit cluster`): the pairs, and so every bound, must be the same
as the patients' own distinct pairs, whatever the codes and their order."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.audit import agreement
from pbrkit.audit_bounds import confusion_pairs, pair_bounds

CODES = [1, 4, 11]


def _tariff_frame() -> pd.DataFrame:
    # Cluster 1 £1,500 an episode, 11 £5,000 a year, 4 £10 a day + £300 an admitted day.
    return pd.DataFrame(
        {"price": [1500.0, 10.0, 5000.0], "unit": ["per_episode", "per_day", "per_year"],
         "admitted_day_price": [float("nan"), 300.0, float("nan")]},
        index=pd.Index(CODES, name="cluster"),
    )  # fmt: skip


def test_the_pairs_worked_by_hand() -> None:
    # Clinician 4 → suggested 4, 11, 11; clinician 11 → 4: three distinct pairs, and
    # (1, 1), (1, 4), (11, 11)... which no patient is in, are not among them.
    clinician, suggested = np.array([4, 4, 4, 11]), np.array([4, 11, 11, 4])
    rows, columns = confusion_pairs(agreement(clinician, suggested).confusion)
    assert sorted(zip(rows.tolist(), columns.tolist(), strict=True)) == [(4, 4), (4, 11), (11, 4)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(CODES)), min_size=1,
                max_size=40))  # fmt: skip
def test_the_bounds_from_the_matrix_are_the_patients_own(people: list[tuple[int, int]]) -> None:
    clinician = np.array([c for c, _ in people])
    suggested = np.array([s for _, s in people])
    review = pd.Series(91.0, index=pd.Index(CODES, name="cluster"))
    direct = pair_bounds(clinician, suggested, _tariff_frame(), review)
    matrix = confusion_pairs(agreement(clinician, suggested).confusion)
    assert direct.notna().all().all()  # every pair priced: the comparison compares numbers
    pd.testing.assert_frame_equal(pair_bounds(*matrix, _tariff_frame(), review), direct)
