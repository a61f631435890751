"""Impossible ages in a column of whole numbers are found without a float copy (round 10
of issue 16): the same rows as the float comparison, spelt out here."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.errors import ProblemCollector
from pbrkit.io.ratings import MAX_AGE, _refuse_impossible_ages


def _rows_refused(ages: pd.Series) -> list[int]:
    problems = ProblemCollector()
    rows = np.arange(len(ages), dtype=np.int64) + 2
    _refuse_impossible_ages(ages, "ratings", rows, problems)
    return [p.row for p in problems.problems if p.row is not None]


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(st.integers(min_value=-40_000, max_value=40_000), min_size=0, max_size=15),
    dtype=st.sampled_from([np.int16, np.int32, np.int64, np.uint16]),
)
def test_the_same_rows_as_floats(cells: list[int], dtype: type) -> None:
    info = np.iinfo(dtype)
    cells = [c for c in cells if info.min <= c <= info.max]
    whole = pd.Series(np.array(cells, dtype=dtype))
    floats = pd.Series(np.array(cells, dtype=np.float64))
    assert _rows_refused(whole) == _rows_refused(floats)


def test_hand_worked() -> None:
    # Row 2: age 0 (fine); row 3: -1 (refused); row 4: MAX_AGE (fine); row 5: 126 (refused).
    ages = pd.Series(np.array([0, -1, MAX_AGE, MAX_AGE + 1], dtype=np.int16))
    assert _rows_refused(ages) == [3, 5]
