"""Invariants of two pieces of this stop's code, checked on random inputs (hypothesis).

1. The MHSDS import's patients sheet (pbrkit.mhsds.periods.patients): a person's days in
   a cluster are the days of the year held by any of their periods in it, each once (so
   never more than the year has), their admitted days those of these days inside a
   hospital spell, their episodes the periods (never more than the days); and the order
   of the periods never matters. Worked out here by brute force, day by day, with sets.
2. The typed xlsx read (pbrkit.io.calamine_text.as_read_from_text): from a cell's float,
   the float that parsing calamine's nine-place text of it gives, bit for bit, including
   the fast path that skips formatting (its proof is in the module's docstring: this
   hunts for a counterexample to it).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io.calamine_text import as_read_from_text, text_of
from pbrkit.mhsds import periods
from pbrkit.mhsds.clean import PERSON

YEAR_DAYS = 365

#: A period or spell as (first day, days) within the year, end exclusive.
span = st.tuples(st.integers(0, YEAR_DAYS - 1), st.integers(1, YEAR_DAYS)).map(
    lambda s: (s[0], min(YEAR_DAYS, s[0] + s[1]))
)
#: A kept period: person, cluster, first day, end (exclusive).
period = st.tuples(st.sampled_from(["P1", "P2", "P3"]), st.sampled_from([3, 11]), span)


def _frame(rows: list[tuple[str, int, tuple[int, int]]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            PERSON: [r[0] for r in rows],
            "cluster": [r[1] for r in rows],
            "start": [float(r[2][0]) for r in rows],
            "end": [float(r[2][1]) for r in rows],
        }
    )


def _hospital(spells: list[tuple[str, tuple[int, int]]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            PERSON: [s[0] for s in spells],
            "start": [float(s[1][0]) for s in spells],
            "end": [float(s[1][1]) for s in spells],
        }
    )
    if frame.empty:
        return pd.DataFrame(columns=[PERSON, "start", "end"])
    return periods._union_runs(frame, [PERSON])  # as hospital_days gives them


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(period, min_size=1, max_size=8),
    spells=st.lists(st.tuples(st.sampled_from(["P1", "P2", "P3"]), span), max_size=4),
    seed=st.integers(0, 2**32 - 1),
)
def test_patients_count_each_day_once_in_any_order(
    rows: list[tuple[str, int, tuple[int, int]]],
    spells: list[tuple[str, tuple[int, int]]],
    seed: int,
) -> None:
    hospital = _hospital(spells)
    sheet = periods.patients(_frame(rows), hospital)
    in_hospital: dict[str, set[int]] = {}
    for person, (first, end) in spells:
        in_hospital.setdefault(person, set()).update(range(first, end))
    expected = {}
    for person, cluster in {(r[0], r[1]) for r in rows}:
        mine = [r[2] for r in rows if (r[0], r[1]) == (person, cluster)]
        days = set().union(*(range(first, end) for first, end in mine))
        admitted = days & in_hospital.get(person, set())
        # Every period an episode, but never more episodes than days.
        expected[(person, cluster)] = (len(days), min(len(mine), len(days)), len(admitted))
    got = {
        (p.patient_id, p.cluster): (p.days, p.episodes, p.admitted_days) for p in sheet.itertuples()
    }
    assert got == expected
    assert (sheet["days"] <= YEAR_DAYS).all()
    assert (sheet["admitted_days"] <= sheet["days"]).all()
    # The periods' order never matters.
    shuffled = _frame(rows).sample(frac=1, random_state=np.random.RandomState(seed % 2**32))
    again = periods.patients(shuffled.reset_index(drop=True), hospital)
    pd.testing.assert_frame_equal(again, sheet)


def test_patients_worked_by_hand() -> None:
    # P1 in cluster 3 at two providers: days 0-99 and 50-149 share 50-99: the union is
    # 0-149, 150 days (not 100 + 100 = 200), 2 episodes. A spell on days 90-159 gives
    # 90-149 inside the union: 60 admitted days (not 10 + 60 = 70 from each period).
    rows = [("P1", 3, (0, 100)), ("P1", 3, (50, 150))]
    sheet = periods.patients(_frame(rows), _hospital([("P1", (90, 160))]))
    assert sheet[["days", "episodes", "admitted_days"]].values.tolist() == [[150, 2, 60]]


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e16, max_value=1e16)


@settings(max_examples=3000, deadline=None)
@given(numbers=st.lists(finite, min_size=1, max_size=20))
def test_typed_numbers_read_as_their_text_parses(numbers: list[float]) -> None:
    read = as_read_from_text(np.array(numbers, dtype=np.float64))
    for number, value in zip(numbers, read, strict=True):
        parsed = float(text_of(number))
        assert value == parsed and math.copysign(1, value) == math.copysign(1, parsed), (
            number,
            text_of(number),
            value,
        )


@settings(max_examples=2000, deadline=None)
@given(
    whole=st.integers(-(2**23), 2**23),
    places=st.integers(0, 9),
    digits=st.integers(0, 10**9 - 1),
)
def test_decimals_of_nine_places_take_the_fast_path(whole: int, places: int, digits: int) -> None:
    # A decimal of at most nine places below 2**23 (money, days, a cluster code): its
    # nearest float is its own text's parse, so it reads unchanged.
    fraction = digits // 10 ** (9 - places)
    number = float(f"{whole}.{fraction:0{places}d}") if places else float(whole)
    assert as_read_from_text(np.array([number]))[0] == float(text_of(number)) == number
