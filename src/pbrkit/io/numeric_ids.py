"""Patient IDs stored as numbers a spreadsheet cannot hold exactly: refused, never read.

An xlsx or ods cell stores a number as a double. Whole numbers above 2**53
(9,007,199,254,740,992) are not all representable, so 1234567890123456789 is read as
1234567890123457024 without a word (review 7b); and Excel keeps only 15 significant
digits of any number it is given (Microsoft, "Excel specifications and limits": number
precision, 15 digits), so a numeric ID with more has likely been changed before pbrkit
ever reads it. An ID is never changed or guessed: such a cell is an input error at the
cell, and the fix is to store the IDs as text. IDs held as text (text cells, CSV files)
and Parquet columns are exact and never refused. Every cell reaches the readers as text,
so the number cells are found from the spreadsheet (``RawSheet.number_cells``).

A number cell holding a number that is not whole (12.5, or 1.5e-20, the shape Excel
gives a code typed as "15E-21") is refused the same way: an ID is a code, never a
fraction, and the reader's text of a number is rounded to 9 decimal places (1.5e-20
reads as "0"), so the number held is judged (``RawSheet.number_values``), not the text.
It is loaded only for cells whose text could hide a fraction: one with a point, "0" or
"-0", or more than 15 characters. A number within 0.0000000005 of a whole number other
than 0 reads as that whole number (7.0000000001 as "7") and is not looked for: reading
every numeric ID's number would read the sheet twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.errors import Problem, ProblemCollector
from pbrkit.io.workbook import RawSheet

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

#: Significant digits Excel keeps of a number.
SPREADSHEET_DIGITS: Final = 15
#: Above this, a double no longer holds every whole number.
EXACT_WHOLE_LIMIT: Final = float(2**53)
#: Cells reported per column before the rest are counted.
_REPORTED: Final = 20
_FIX: Final = (
    "store the IDs as text (format the column as Text before entering them, "
    "or import them as text), then run again"
)


def inexact_ids(raw: RawSheet, position: int, cells: pd.Series, rows: IntArray) -> BoolArray:
    """Cells of column ``position`` (``cells``, at sheet ``rows``) that hold a number of
    2**53 or more, or with more than 15 significant digits, in a number cell (text
    cells, CSV and Parquet files are never flagged)."""
    if raw.number_cells is None or not len(cells):
        return np.zeros(len(cells), dtype=bool)
    # The grid holds every cell as text: first the cells whose text is such a number
    # (one pass over the column), then, only if there are any, which are number cells.
    # Only 16 characters or more can write one (a double's text has every digit):
    # millions of short IDs are not parsed as numbers.
    text = pd.Series(cells, dtype="string[pyarrow]").str.strip()
    long = np.flatnonzero(text.str.len().fillna(0).to_numpy(dtype=np.int64) > SPREADSHEET_DIGITS)
    found = np.zeros(len(cells), dtype=bool)
    if not long.size:
        return found
    numbers = pd.to_numeric(text.iloc[long], errors="coerce").astype("Float64")
    found[long] = _too_precise(np.asarray(numbers.to_numpy(na_value=np.nan), dtype=np.float64))
    if not found.any():
        return found
    stored = raw.number_cells(position)
    at = rows - raw.first_row  # the grid's rows (a spreadsheet's grid has no header row)
    inside = (at >= 0) & (at < len(stored))
    is_number = np.zeros(len(cells), dtype=bool)
    is_number[inside] = stored[at[inside]]
    return found & is_number


def fractional_ids(
    raw: RawSheet, position: int, cells: pd.Series, rows: IntArray
) -> npt.NDArray[np.float64]:
    """The number held by each cell of column ``position`` that is a number cell holding
    a number that is not whole; NaN for every other cell (text cells, CSV and Parquet
    files, whole numbers)."""
    held = np.full(len(cells), np.nan)
    if raw.number_values is None or not len(cells):
        return held
    # Only text with a point, "0"/"-0" (a tiny number rounded) or more than 15
    # characters can hide a fraction; other IDs never load the sheet's numbers.
    text = pd.Series(cells, dtype="string[pyarrow]").str.strip()
    hiding = text.str.contains(".", regex=False) | text.isin(["0", "-0"])
    hiding |= text.str.len() > SPREADSHEET_DIGITS
    suspects = np.flatnonzero(hiding.fillna(False).to_numpy(dtype=bool))
    if not suspects.size:
        return held
    stored = raw.number_values(position)
    at = rows[suspects] - raw.first_row  # the grid's rows (no header row in it)
    inside = (at >= 0) & (at < len(stored))
    numbers = np.full(suspects.size, np.nan)
    numbers[inside] = stored[at[inside]]
    whole = ~np.isfinite(numbers) | (numbers == np.floor(numbers))
    held[suspects] = np.where(whole, np.nan, numbers)
    return held


def _too_precise(numbers: npt.NDArray[np.float64]) -> BoolArray:
    """2**53 or above, or more than 15 significant digits (the shortest decimal of the
    double does not survive being written with 15)."""
    finite = np.isfinite(numbers)
    magnitude = np.abs(np.where(finite, numbers, 0.0))
    found = magnitude >= EXACT_WHOLE_LIMIT
    # Fewer than 16 digits before the point and no fraction: 15 digits at most.
    candidates = np.flatnonzero(
        finite & ~found & ((magnitude >= 1e15) | (numbers != np.floor(numbers)))
    )
    for at in candidates:
        value = float(numbers[at])
        found[at] = float(f"{value:.{SPREADSHEET_DIGITS}g}") != value
    return found


def without_inexact_ids(
    raw: RawSheet,
    position: int,
    cells: pd.Series,
    rows: IntArray,
    column: str,
    problems: ProblemCollector,
) -> pd.Series:
    """``cells`` with each :func:`fractional_ids` and :func:`inexact_ids` cell reported
    (once) and made blank."""
    if raw.number_values is None and raw.number_cells is None:
        # A CSV or Parquet file: no number cells, so neither kind is found. Not
        # asked, the two passes made four arrays of every patient (an 80 MB one of
        # NaN among them) to find none: 0.07 s at 10 million (round 19 of issue 16).
        return cells
    held = fractional_ids(raw, position, cells, rows)
    fractions = ~np.isnan(held)
    found = inexact_ids(raw, position, cells, rows) & ~fractions
    _report_fractions(raw.name, column, cells, rows, held, problems)
    positions = np.flatnonzero(found)
    problems.add_each(
        positions,
        lambda i: Problem(
            # "digits", not "significant digits": 9007199254741000 (15 significant
            # digits) and 1e20 (one) are refused for lying above 2**53.
            f"patient ID stored as a number with more than {SPREADSHEET_DIGITS} digits "
            f"(read as {_shown(cells.iloc[i])}): a spreadsheet keeps only "
            f"{SPREADSHEET_DIGITS} significant digits of a number, and whole numbers "
            "exactly only up to 9,007,199,254,740,992, so the ID read may not be the one "
            "written",
            sheet=raw.name,
            row=int(rows[i]),
            column=column,
            expected="an ID stored as text",
            fix=_FIX,
        ),
        limit=_REPORTED,
        more=_more(raw.name, column),
    )
    refused = found | fractions
    return cells.mask(pd.Series(refused, index=cells.index)) if refused.any() else cells


def _report_fractions(
    sheet: str,
    column: str,
    cells: pd.Series,
    rows: IntArray,
    held: npt.NDArray[np.float64],
    problems: ProblemCollector,
) -> None:
    """One problem per number cell whose number is not whole (``held`` not NaN)."""
    problems.add_each(
        np.flatnonzero(~np.isnan(held)),
        lambda i: Problem(
            f"patient ID stored as the number {float(held[i])!r}, which is not a whole "
            f"number (read as {_shown(cells.iloc[i])}): a patient ID is a code, and a "
            "number cell cannot hold one that is not a whole number",
            sheet=sheet,
            row=int(rows[i]),
            column=column,
            expected="an ID stored as text",
            fix=_FIX,
        ),
        limit=_REPORTED,
        more=lambda n: Problem(
            f"{n:,} more patient IDs stored as numbers that are not whole numbers",
            sheet=sheet,
            column=column,
        ),
    )


def _more(sheet: str, column: str) -> Callable[[int], Problem]:
    """The one problem counting the refused cells beyond the first :data:`_REPORTED`."""
    return lambda n: Problem(
        f"{n:,} more patient IDs stored as numbers with more than {SPREADSHEET_DIGITS} digits",
        sheet=sheet,
        column=column,
    )


def _shown(value: object) -> str:
    """The cell as read (1234567890123457024 for 1234567890123456789)."""
    return str(value).strip()
