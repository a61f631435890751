"""Financial years and MHSDS month ids.

A financial year runs 1 April to 31 March. Dates are handled as whole days since
1970-01-01 (floats, NaN for a blank), so a period's days are one subtraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from pbrkit.errors import InputError, Problem
from pbrkit.io.financial_year import first_calendar_year as first_calendar_year
from pbrkit.io.financial_year import year_label

_EPOCH = date(1970, 1, 1).toordinal()
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_number(day: date) -> int:
    """Days since 1970-01-01."""
    return day.toordinal() - _EPOCH


def from_day_number(number: int) -> date:
    """The date ``number`` days after 1970-01-01."""
    return date.fromordinal(number + _EPOCH)


@dataclass(frozen=True)
class FinancialYear:
    """Financial year ``label`` (``2017/18``): 1 April ``first`` to 31 March ``first + 1``."""

    first: int

    @property
    def label(self) -> str:
        """``2017/18``."""
        return year_label(self.first)

    @property
    def start(self) -> int:
        """1 April, as a day number: the first day in the year."""
        return day_number(date(self.first, 4, 1))

    @property
    def end_exclusive(self) -> int:
        """1 April of the next year ("Y end + 1 day"): the first day after the year."""
        return day_number(date(self.first + 1, 4, 1))

    @property
    def days(self) -> int:
        """365, or 366 when the year holds 29 February."""
        return self.end_exclusive - self.start

    @property
    def month_ids(self) -> tuple[int, int]:
        """The UniqMonthIDs of April and March of this year."""
        return month_id(self.first, 4), month_id(self.first + 1, 3)


def parse_year(text: str) -> FinancialYear:
    """``2017/18`` (also ``2017-18`` or ``2017/2018``) as a :class:`FinancialYear`.

    Raises:
        InputError: anything else, or a second year that does not follow the first.
    """
    first = first_calendar_year(text)
    if first is not None:
        return FinancialYear(first)
    raise InputError(
        Problem("--year is not a financial year", value=text, expected="a year such as 2017/18")
    )


def iso_dates(days: npt.NDArray[np.float64]) -> npt.NDArray[np.str_]:
    """Day numbers as ISO ``yyyy-mm-dd`` text."""
    return (np.datetime64("1970-01-01", "D") + days.astype("timedelta64[D]")).astype(str)


def month_id(year: int, month: int) -> int:
    """MHSDS ``UniqMonthID`` of a calendar month: 12 × (year − 1900) + month − 3.

    Derived from the published month ids (1405 is April 2017; 1459 is October 2021,
    the first MHSDS v5 month), not taken from a specification.
    """
    return 12 * (year - 1900) + month - 3


def month_name(uniq_month_id: int) -> str:
    """``Apr 2017`` for 1405."""
    year, index = divmod(uniq_month_id + 2, 12)
    return f"{_MONTHS[index]} {1900 + year}"
