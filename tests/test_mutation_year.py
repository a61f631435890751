"""Tests written against mutmut on ``pbrkit.mhsds.year`` (mutm): the year's bounds,
labels and month ids that every day count of the MHSDS import rests on.

Day numbers count from 1970-01-01 = 0: 1 April 2017 is day 17,257 (47 years of
365 days = 17,155, plus 12 leap days = 17,167, plus 90 days of January-March 2017).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.mhsds.year import (
    FinancialYear,
    day_number,
    first_calendar_year,
    from_day_number,
    iso_dates,
    month_name,
    parse_year,
)


def test_day_numbers_count_from_1970() -> None:
    assert day_number(date(1970, 1, 1)) == 0
    assert day_number(date(2017, 4, 1)) == 17_257
    assert from_day_number(0) == date(1970, 1, 1)
    assert from_day_number(17_257) == date(2017, 4, 1)


def test_the_years_bounds_and_labels() -> None:
    year = FinancialYear(2017)
    assert (year.start, year.end_exclusive, year.days) == (17_257, 17_622, 365)
    # 2099/00: the second year is written with two digits, 2100 → "00".
    assert FinancialYear(2099).label == "2099/00"
    assert FinancialYear(2008).label == "2008/09"
    # April 2019 to March 2020 holds 29 February 2020; 2020/21 does not.
    assert FinancialYear(2019).days == 366
    assert FinancialYear(2020).days == 365
    assert FinancialYear(2017).month_ids == (1405, 1416)


@pytest.mark.parametrize(
    ("text", "first"),
    [("2017/18", 2017), ("2017 / 18", 2017), ("2017-2018", 2017), ("2099/00", 2099),
     ("2099/2100", 2099), ("\t2017-18\n", 2017), ("2017/19", None), ("2017/018", None),
     ("2017/2019", None), ("2017:18", None), ("x2017/18", None), ("2017/18x", None)],
)  # fmt: skip
def test_first_calendar_year(text: str, first: int | None) -> None:
    assert first_calendar_year(text) == first


def test_a_bad_year_says_what_was_given_and_what_is_expected() -> None:
    with pytest.raises(InputError) as caught:
        parse_year("2017/19")
    assert caught.value.problems == (
        Problem(
            "--year is not a financial year", value="2017/19", expected="a year such as 2017/18"
        ),
    )


def test_iso_dates_and_month_names() -> None:
    assert list(iso_dates(np.array([17_257.0, 17_621.0]))) == ["2017-04-01", "2018-03-31"]
    # 1413 + 2 = 1415 = 12 × 117 + 11: December 2017; 1414 + 2 = 12 × 118: January 2018.
    assert [month_name(m) for m in (1413, 1414, 1415)] == ["Dec 2017", "Jan 2018", "Feb 2018"]
