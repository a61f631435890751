"""The audit's patients and £ per clinician cluster, grouped once (round 10 of issue 16):
the same patients as a group-by per column (the former computation, spelt out here), and
each column's sum exact (fractions.Fraction, rounded once), so the same in any row order."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.audit import _money_by_cluster


def _per_column(
    clinician: np.ndarray,
    income_clinician: np.ndarray,
    income_suggested: np.ndarray,
    difference: np.ndarray,
) -> pd.DataFrame:
    """The former computation: each column grouped on its own."""
    columns = {
        "income_clinician": income_clinician,
        "income_suggested": income_suggested,
        "difference": difference,
    }
    sums = {
        name: pd.Series(values)
        .groupby(clinician)
        .agg(lambda group: float(sum((Fraction(v) for v in group), Fraction(0))) + 0.0)
        for name, values in columns.items()
    }
    patients = pd.Series(clinician).groupby(clinician).size().astype(np.int64)
    money = pd.DataFrame({"patients": patients, **sums})
    money.index = pd.Index(money.index.astype(np.int64), name="cluster")
    return money


_MONEY = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False) | st.sampled_from(
    [0.1, 0.2, 0.3, 1e16, -1e16, 1.0, -0.0, 1e-300]  # sums that round: order matters
)


@settings(max_examples=80, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.sampled_from([1, 2, 3, 10, 21, 99, 700]), _MONEY, _MONEY),
        min_size=0,
        max_size=60,
    ),
    dtype=st.sampled_from([np.int8, np.int16, np.int64]),
    in_order=st.booleans(),
)
def test_exact_sums_of_each_column(
    data: list[tuple[int, float, float]], dtype: type, in_order: bool
) -> None:
    if in_order:  # rows in cluster order (pandas summed these by np.add.reduceat)
        data = sorted(data, key=lambda row: row[0])
    clinician = np.array([row[0] for row in data], dtype=np.int64).astype(dtype, casting="unsafe")
    a = np.array([row[1] for row in data], dtype=np.float64)
    b = np.array([row[2] for row in data], dtype=np.float64)
    difference = a - b
    got = _money_by_cluster(clinician, a, b, difference)
    want = _per_column(clinician, a, b, difference)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    # check_exact treats -0.0 and 0.0 alike: compare the bits too
    assert got.to_numpy().tobytes() == want.to_numpy().tobytes()


def test_hand_worked_sums() -> None:
    # Cluster 3: 0.1 + 0.2 = 0.30000000000000004 (in row order); cluster 11: 5 - 2.5 = 2.5
    clinician = np.array([3, 11, 3, 11], dtype=np.int16)
    a = np.array([0.1, 5.0, 0.2, 0.0])
    b = np.array([0.0, 2.5, 0.0, 0.0])
    money = _money_by_cluster(clinician, a, b, a - b)
    assert money.index.tolist() == [3, 11]
    assert money.index.dtype == np.int64 and money.index.name == "cluster"
    assert money["patients"].tolist() == [2, 2]
    assert money["income_clinician"].tolist() == [0.1 + 0.2, 5.0]
    assert money["difference"].tolist() == [0.1 + 0.2, 2.5]
