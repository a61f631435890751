"""The financial year an input covers: the label rule, and the optional ``year`` sheet.

``pbrkit import mhsds`` writes the year it counted into the workbook's ``year`` sheet,
so ``pbrkit cost`` and ``pbrkit tender --years`` label their years from the data
rather than from a default (rev13: a 2017/18 import was costed as 2024/25 unless the
user added ``--first-year``). One rule reads a year everywhere: the sheet here, the
options ``--first-year`` and ``import mhsds --year``.
"""

from __future__ import annotations

import re
from typing import Final

from pbrkit.errors import Problem, ProblemCollector
from pbrkit.io.schema import Table, read_table
from pbrkit.io.sheets import YEAR
from pbrkit.io.workbook import Workbook

_YEAR_RE: Final = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")

#: What a year cell or option holds, as a refusal says it.
EXPECTED_YEAR: Final = "a financial year April to March, such as 2017/18"


def first_calendar_year(text: str) -> int | None:
    """The calendar year a financial year ``2017/18`` (also ``2017-18`` or
    ``2017/2018``) starts in; None for anything else, or a second year that does not
    follow the first (``2017/19``, ``2017/0018``)."""
    match = _YEAR_RE.match(text.strip())
    if match is None:
        return None
    first, second = int(match.group(1)), match.group(2)
    following = first + 1 if len(second) == 4 else (first + 1) % 100
    return first if int(second) == following else None


def year_label(first: int) -> str:
    """``2017/18`` for the year starting 1 April ``first``."""
    return f"{first}/{(first + 1) % 100:02d}"


def financial_year_label(text: str) -> str | None:
    """``text`` as the label ``2024/25``, or None when it names no financial year."""
    first = first_calendar_year(text)
    return None if first is None else year_label(first)


def read_input_year(workbook: Workbook, problems: ProblemCollector) -> str | None:
    """The year the workbook's ``year`` sheet gives (its one ``financial_year`` value),
    or None when it has no such sheet, the sheet has no ``financial_year`` column, or
    no value. A value that is no financial year, or two different years, is a problem
    located at its cell."""
    raw = workbook.sheet(YEAR.name)
    if raw is None:
        return None
    read = ProblemCollector()
    table = read_table(raw, YEAR, read)
    if table is None or YEAR.columns[0].name not in table.frame:
        # A sheet of the user's own that happens to be called "year" (a table by year):
        # not this one, so left alone as any other extra sheet is (it was before).
        return None
    problems.extend(read.problems)
    return _one_year(table, problems)


def _one_year(table: Table, problems: ProblemCollector) -> str | None:
    column = YEAR.columns[0].name
    years: dict[str, int] = {}  # each year given, and the first row giving it
    for value, row in zip(table.frame[column], table.rows, strict=True):
        if not isinstance(value, str) or not value.strip():
            continue
        label = financial_year_label(value)
        if label is None:
            problems.add(_cell_problem("not a financial year", table, int(row), value))
            continue
        if years and label not in years:
            first, at = next(iter(years.items()))
            message = f"a second year beside {first} (row {at}): the sheet holds one year"
            problems.add(_cell_problem(message, table, int(row), value))
        years.setdefault(label, int(row))
    return next(iter(years)) if len(years) == 1 else None


def _cell_problem(message: str, table: Table, row: int, value: object) -> Problem:
    return Problem(
        message,
        sheet=table.sheet,
        row=row,
        column=YEAR.columns[0].name,
        value=value,
        expected=f"one {EXPECTED_YEAR}",
        fix="write the year the caseload covers (2017/18, 2017-18 or 2017/2018), or "
        "delete the sheet to label the years from --first-year",
    )
