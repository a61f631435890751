"""Properties of the MHSDS import, against a day-by-day count written independently."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mhsds_helpers import care, caseload_of, run, spell

Y_START, Y_AFTER = date(2017, 4, 1), date(2018, 4, 1)
dates = st.dates(min_value=date(2016, 10, 1), max_value=date(2018, 7, 1))
maybe_end = st.one_of(st.none(), dates)


def _days(start: date, end: date | None) -> set[date]:
    """Every day d of 2017/18 with start ≤ d < end (open end: to the year's end)."""
    stop = min(end or Y_AFTER, Y_AFTER)
    day, out = max(start, Y_START), set()
    while day < stop:
        out.add(day)
        day += timedelta(days=1)
    return out


def _text(day: date | None, day_first: bool) -> str:
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if day_first else day.isoformat()


@settings(max_examples=40, deadline=None)
@given(
    start=dates,
    end=maybe_end,
    spells=st.lists(st.tuples(dates, maybe_end), max_size=3),
    day_first=st.booleans(),
)
def test_days_and_admitted_days_match_a_day_by_day_count(
    start: date, end: date | None, spells: list[tuple[date, date | None]], day_first: bool
) -> None:
    period = _days(start, end) if end is None or end >= start else set()
    in_hospital: set[date] = set()
    for admitted, discharged in spells:
        if discharged is None or discharged >= admitted:
            in_hospital |= _days(admitted, discharged)
    anchor = care(UniqClustID="RXX0", Person_ID="ANCHOR", AMHCareClustCodeFin="1")
    files = {
        "MHS803CareCluster_1.csv": [
            care(StartDateCareClust=_text(start, day_first), EndDateCareClust=_text(end, False)),
            anchor,
        ],
        "MHS501HospProvSpell_1.csv": [
            spell(UniqHospProvSpellID=f"S{n}", StartDateHospProvSpell=_text(a, day_first),
                  DischDateHospProvSpell=_text(d, not day_first))
            for n, (a, d) in enumerate(spells)
        ],
    }  # fmt: skip
    if not spells:
        del files["MHS501HospProvSpell_1.csv"]
    with tempfile.TemporaryDirectory() as folder:
        got = caseload_of(run(Path(folder), files))
    expected = (1, len(period), 1, len(period & in_hospital)) if period else None
    assert got.get(3) == expected
    assert got[1] == (1, 365, 1, 0)  # the anchor, open all year


@settings(max_examples=15, deadline=None)
@given(order=st.permutations(range(6)), split=st.integers(min_value=0, max_value=6))
def test_row_order_and_files_do_not_change_the_result(order: list[int], split: int) -> None:
    rows = [
        care(UniqClustID="A", Person_ID="P1", EndDateCareClust="2017-06-01"),
        care(UniqClustID="B", Person_ID="P1", StartDateCareClust="2017-06-01",
             AMHCareClustCodeFin="11"),
        care(UniqClustID="C", Person_ID="P1", StartDateCareClust="2017-05-01",
             AMHCareClustCodeFin="4"),  # overlaps A: left out
        care(UniqClustID="D", Person_ID="P2", UniqMonthID="1410", AMHCareClustCodeFin="5"),
        care(UniqClustID="D", Person_ID="P2", EndDateCareClust="2017-09-01"),  # later: wins
        care(UniqClustID="E", Person_ID="P3", MHS803UniqID="9", AMHCareClustCodeFin="12"),
    ]  # fmt: skip
    shuffled = [rows[i] for i in order]
    files = {
        "MHS803CareCluster_a.csv": shuffled[:split] or [rows[5]],
        "MHS803CareCluster_b.csv": shuffled[split:] or [rows[5]],
    }
    with tempfile.TemporaryDirectory() as folder:
        got = caseload_of(run(Path(folder), files))
    # A: 61 days (April, May) in 3; B: 304 (365 − 61) in 11; D: 153 (April-August) in 3;
    # E: 365 in 12.
    assert got == {3: (2, 61 + 153, 2, 0), 11: (1, 304, 1, 0), 12: (1, 365, 1, 0)}
