"""Shared fixtures: the shipped reference set, and a factory for small input workbooks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from pbrkit.reference import ReferenceSet, load_reference_set

#: A sheet given to ``tmp_workbook``: a list of dicts (keys become the header row) or
#: a list of lists written as they stand (for title blocks or odd headers).
Rows = Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]]
WorkbookFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def ref() -> ReferenceSet:
    """The default shipped reference set (illustrative-2014-15)."""
    return load_reference_set()


def write_xlsx(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """Write ``sheets`` to ``path`` with XlsxWriter; None leaves a cell blank.

    Strings are always written as text (``strings_to_formulas`` off), so ``=1+1`` or
    ``-5`` stay the characters typed; datetimes are written as Excel dates.
    """
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "default_date_format": "yyyy-mm-dd"}
    )
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(_grid(rows)):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


def _grid(rows: Rows) -> list[list[Any]]:
    if rows and isinstance(rows[0], Mapping):
        header: list[str] = []
        for row in rows:
            header += [k for k in row if k not in header]  # type: ignore[union-attr]
        return [header] + [[row.get(k) for k in header] for row in rows]  # type: ignore[union-attr]
    return [list(row) for row in rows]


@pytest.fixture
def tmp_workbook(tmp_path: Path) -> WorkbookFactory:
    """``tmp_workbook({"caseload": [{...}, ...]}, name="x.xlsx")`` → path of a new xlsx."""

    def make(sheets: Mapping[str, Rows], name: str = "input.xlsx") -> Path:
        return write_xlsx(tmp_path / name, sheets)

    return make
