"""Small building blocks for auditable Excel sheets (XlsxWriter).

Finance staff audit a workbook by clicking on a total and seeing its formula, so
totals and derived columns are written as formulas *with their values saved*
(viewers that never recalculate still show the figure). Every string that came from
an input is written with ``write_string``: a team called ``=HYPERLINK(...)`` stays
text (OWASP ASVS 1.2.10; OWASP, CSV injection).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from pbrkit.model import RunMetadata
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.xlsx_layout import fit_columns, fit_row_heights, set_up_pages
from pbrkit.reports.xlsx_types import Book, CellFormat, Sheet


class ValuesWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet that writes each formula's saved value instead of the formula.

    Published workbooks (``--publish``) use it: rounded counts do not add up to their
    rounded totals, and a formula over a hidden ``*`` cell would recalculate to an
    error or to a figure the suppression hid, so every cell holds the published value.
    """

    def write_formula(
        self,
        row: int,
        col: int,
        formula: str,
        cell_format: CellFormat | None = None,
        value: object = 0,
    ) -> int:
        del formula
        write_cell(self, row, col, None if value == "" else value, cell_format)
        return 0


class _Workbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """Fits column widths to their content and sets up printing on every sheet."""

    def close(self) -> None:
        for ws in self.worksheets():
            fit_columns(ws)
            fit_row_heights(ws)
            set_up_pages(ws)
        super().close()


class _ValuesWorkbook(_Workbook):
    def add_worksheet(
        self, name: str | None = None, worksheet_class: type[object] | None = None
    ) -> Sheet:
        sheet: Sheet = super().add_worksheet(name, worksheet_class or ValuesWorksheet)
        return sheet


def new_workbook(path: Path, *, title: str, meta: RunMetadata) -> Book:
    """An XlsxWriter workbook with pbrkit's safe options and reproducible properties.

    Input strings never become formulas or links; the document's creation time is
    the run's timestamp (``SOURCE_DATE_EPOCH`` when set), so the same run gives the
    same bytes. A published run (``meta.disclosure`` set) gets a workbook in which
    no cell holds a formula: see :class:`ValuesWorksheet`.
    """
    factory = _ValuesWorkbook if meta.disclosure is not None else _Workbook
    workbook: Book = factory(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False},
    )
    workbook.set_properties(
        {
            "title": title,
            "comments": f"pbrkit {meta.pbrkit_version}",
            "created": datetime.fromisoformat(meta.generated_at).replace(tzinfo=None),
        }
    )
    return workbook


class Formats:
    """The workbook's formats, created once (XlsxWriter requires per-workbook objects)."""

    def __init__(self, workbook: Book) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[str | None, bool, bool, bool], CellFormat] = {}
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.subtitle = workbook.add_format({"italic": True, "font_color": "#555555"})
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#E8EEF4", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.warning = workbook.add_format({"bold": True, "font_color": "#9C0006"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        #: A label beside a wrapped value: at the top of the row, with its value (at the
        #: bottom, Excel's default, it reads as the label of the value below it).
        self.label = workbook.add_format({"valign": "top"})

    def get(
        self, number_format: str | None, bold: bool = False, top: bool = False, left: bool = False
    ) -> CellFormat:
        """A cell format with ``number_format`` (None = general), optionally bold,
        optionally at the top of its cell (beside wrapped text: at the bottom, Excel's
        default, a row's label would sit lines below its own description), and
        optionally left-aligned (a code such as cluster 0 is a name, not a figure:
        right-aligned, it ran into the name beside it, "0Variance")."""
        key = (number_format, bold, top, left)
        if key not in self._cache:
            props: dict[str, object] = {}
            if number_format:
                props["num_format"] = number_format
            if bold:
                props.update({"bold": True, "top": 1})
            if top:
                props["valign"] = "top"
            if left:
                props["align"] = "left"
            self._cache[key] = self._workbook.add_format(props)
        return self._cache[key]


def write_cell(ws: Sheet, row: int, col: int, value: object, fmt: CellFormat | None = None) -> None:
    """Write one value with the right XlsxWriter call; input strings stay strings.

    A hidden figure (:data:`~pbrkit.reports.suppression.SUPPRESSED`) is the text ``*``.
    """
    if is_suppressed(value):
        ws.write_string(row, col, str(value), fmt)
    elif value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool | np.bool_):
        ws.write_boolean(row, col, bool(value), fmt)
    elif isinstance(value, int | float | np.integer | np.floating):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def cell(row: int, col: int, *, absolute: bool = True) -> str:
    """A1 reference for 0-based ``row``, ``col``."""
    return str(xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute))


def _saved(value: object) -> object:
    """The value to store beside a formula (XlsxWriter would otherwise store 0)."""
    if is_suppressed(value):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return ""
    if isinstance(value, np.integer | np.floating):
        return float(value)
    return value
