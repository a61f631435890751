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
    """``cells`` with each :func:`inexact_ids` cell reported (once) and made blank."""
    found = inexact_ids(raw, position, cells, rows)
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
            fix="store the IDs as text (format the column as Text before entering them, "
            "or import them as text), then run again",
        ),
        limit=_REPORTED,
        more=_more(raw.name, column),
    )
    return cells.mask(pd.Series(found, index=cells.index)) if positions.size else cells


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
