"""Write a patient-level table: an Excel sheet while it fits, Parquet or CSV beyond.

An Excel sheet holds 1,048,576 rows, the header included. A national extract (3.6
million people a year) does not fit, and XlsxWriter would only fail at the first row
past the limit, minutes into writing. So the row count is checked *before* anything is
written: a table that fits becomes one sheet, written in XlsxWriter's constant-memory
mode (each row is flushed to disk as it is finished, so memory stays flat); a table
that does not is written as Parquet (or CSV) beside the requested path, and the result
says so in a note for the report.

Text cells are always written as text (a patient ID or team called ``=HYPERLINK(...)``
stays characters, never a formula: OWASP, CSV injection); blank cells are left
empty. Columns are converted to Python values once, column by column, and each cell
goes straight to the writer method of its column's type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from pbrkit.reports.csv_safe import write_safe_csv
from pbrkit.reports.xlsx_types import Book, Sheet

#: Rows in an Excel sheet, the header row included.
EXCEL_MAX_ROWS: Final = 1_048_576

Fallback = Literal["parquet", "csv"]


@dataclass(frozen=True)
class ExportedTable:
    """Where a table went: the file written, its format, its rows, and any note."""

    path: Path
    format: Literal["xlsx", "parquet", "csv"]
    rows: int
    note: str | None = None


def write_patient_table(
    frame: pd.DataFrame,
    path: Path,
    *,
    sheet: str = "Patients",
    fallback: Fallback = "parquet",
) -> ExportedTable:
    """Write ``frame`` to ``path`` (.xlsx), or beside it as Parquet/CSV when too long.

    Args:
        frame: one row per patient; its index is not written.
        path: the .xlsx file to write.
        sheet: the sheet's name.
        fallback: the format for a table with more rows than a sheet holds.

    Returns:
        What was written; ``note`` explains a fallback in plain English.
    """
    rows = len(frame)
    if rows + 1 <= EXCEL_MAX_ROWS:
        write_patient_sheet(frame, path, sheet)
        return ExportedTable(path, "xlsx", rows)
    target = path.with_suffix(f".{fallback}")
    if fallback == "parquet":
        frame.to_parquet(target, index=False)
    else:
        write_safe_csv(frame, target)  # text cells that look like formulas are neutralised
    note = (
        f"{rows:,} patient rows do not fit an Excel sheet ({EXCEL_MAX_ROWS:,} rows, "
        f"header included): written to {target.name} instead of {path.name}"
    )
    return ExportedTable(target, fallback, rows, note)


#: A column's cell writer (``Sheet.write_number`` and the like). Each takes its own
#: column's cells (a number, a text, a bool), so no one value type fits all of them.
Writer = Callable[[int, int, Any], object]
#: A patient table's cell as written: its column's type, or None for an empty cell.
Cell = bool | float | str | None


def write_patient_sheet(frame: pd.DataFrame, path: Path, sheet: str) -> None:
    """Write ``frame`` to ``path`` as one sheet, with no fallback: for a caller that has
    refused a table longer than a sheet before any work (``pbrkit cluster --format
    xlsx``); a longer one is a ValueError, never a truncated sheet."""
    if len(frame) + 1 > EXCEL_MAX_ROWS:
        raise ValueError(
            f"{len(frame):,} rows do not fit an Excel sheet ({EXCEL_MAX_ROWS:,} rows, "
            "header included)"
        )
    import xlsxwriter

    workbook: Book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    ws = workbook.add_worksheet(sheet)
    header = workbook.add_format({"bold": True})
    columns = [_column(ws, frame[name]) for name in frame.columns]
    writers = tuple(write for write, _ in columns)
    values = [cells for _, cells in columns]
    # Widths before any row: constant-memory mode writes the sheet's columns with its
    # first row, so a width set later is lost.
    for col, (name, column) in enumerate(zip(frame.columns, values, strict=True)):
        ws.set_column(col, col, _width(str(name), column))
    for col, name in enumerate(frame.columns):
        ws.write_string(0, col, str(name), header)
    ws.freeze_panes(1, 0)
    if len(frame.columns):
        ws.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    for row, cells in enumerate(zip(*values, strict=True), start=1):
        for col, value in enumerate(cells):
            writers[col](row, col, value)
    workbook.close()


#: Rows read to size a column (the first ones: a width, not a statistic), and the
#: widest a column is made, in characters (a long reason wraps off-screen beyond it).
WIDTH_SAMPLE: Final = 1_000
WIDTH_MOST: Final = 60


def _width(name: str, cells: list[Cell]) -> int:
    """A column's width in characters: its header's or its longest sampled cell's, with
    room for the filter button, at most :data:`WIDTH_MOST`."""
    longest = max((len(str(c)) for c in cells[:WIDTH_SAMPLE] if c is not None), default=0)
    return min(WIDTH_MOST, max(len(name) + 3, longest + 1))


def _column(ws: Sheet, values: pd.Series) -> tuple[Writer, list[Cell]]:
    """The writer for a column's type, and its cells as Python values."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) and not values.isna().any():
        return ws.write_boolean, values.tolist()
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
        blank = ~np.isfinite(numbers)
        if not blank.any():
            return ws.write_number, numbers.tolist()
        cells: list[Cell] = numbers.tolist()
        for position in np.flatnonzero(blank).tolist():
            cells[position] = None
        return _skipping(ws.write_number), cells
    text = values.astype("string")
    cells = text.astype(object).where(text.notna(), None).tolist()
    if text.isna().any():
        return _skipping(ws.write_string), cells
    return ws.write_string, cells


def _skipping(write: Writer) -> Writer:
    """``write``, leaving the cell empty where the value is None."""

    def write_unless_blank(row: int, col: int, value: Cell) -> object:
        if value is not None:
            return write(row, col, value)
        return None

    return write_unless_blank
