"""The parts of XlsxWriter that pbrkit calls, as Protocols.

XlsxWriter ships no type hints to mypy (no ``py.typed``), so every workbook, sheet,
chart and format it returns would be untyped. These Protocols say what the renderers do
with them, so mypy checks each call's arguments against XlsxWriter's documented signatures
(https://xlsxwriter.readthedocs.io/worksheet.html, /workbook.html, /chart.html).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeAlias, overload

#: Options XlsxWriter takes as a dict: a format's properties, a chart's series, axis
#: or legend, a conditional format.
Options = Mapping[str, object]
# XlsxWriter's record of a written cell is one of several namedtuples (String, Number,
# Formula, …) with different fields, told apart by class name: no one type fits them.
WrittenCell: TypeAlias = Any


class CellFormat(Protocol):
    """A cell format (``Workbook.add_format``), with the properties the column fit reads."""

    text_wrap: int
    font_size: float
    num_format: str | int


class XlsxChart(Protocol):
    """A chart (``Workbook.add_chart``) before it is inserted in a sheet."""

    def add_series(self, options: Options) -> None: ...
    def set_legend(self, options: Options) -> None: ...
    def set_title(self, options: Options) -> None: ...
    def set_x_axis(self, options: Options) -> None: ...
    def set_y_axis(self, options: Options) -> None: ...
    def set_size(self, options: Options) -> None: ...
    def show_blanks_as(self, option: str) -> None: ...
    def show_hidden_data(self) -> None: ...


class Sheet(Protocol):
    """A worksheet as the renderers write it (row and column numbers from 0)."""

    name: str
    #: The last column written to so far (None before any).
    dim_colmax: int | None

    def write_string(
        self, row: int, col: int, string: str, cell_format: CellFormat | None = None
    ) -> int: ...
    def write_number(
        self, row: int, col: int, number: float, cell_format: CellFormat | None = None
    ) -> int: ...
    def write_boolean(
        self, row: int, col: int, boolean: bool, cell_format: CellFormat | None = None
    ) -> int: ...
    def write_blank(
        self, row: int, col: int, blank: None, cell_format: CellFormat | None = None
    ) -> int: ...
    def write_formula(
        self,
        row: int,
        col: int,
        formula: str,
        cell_format: CellFormat | None = None,
        value: object = 0,
    ) -> int: ...
    def write_comment(self, row: int, col: int, comment: str) -> int: ...
    def merge_range(
        self,
        first_row: int,
        first_col: int,
        last_row: int,
        last_col: int,
        data: str,
        cell_format: CellFormat | None = None,
    ) -> int: ...
    def set_column(
        self,
        first_col: int,
        last_col: int,
        width: float | None = None,
        cell_format: CellFormat | None = None,
        options: Options | None = None,
    ) -> int: ...
    def set_column_pixels(self, first_col: int, last_col: int, width: int) -> int: ...
    def set_row(self, row: int, height: float | None = None) -> int: ...
    def conditional_format(
        self, first_row: int, first_col: int, last_row: int, last_col: int, options: Options
    ) -> int: ...
    def autofilter(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None: ...
    def freeze_panes(self, row: int, col: int) -> None: ...
    def repeat_rows(self, first_row: int, last_row: int | None = None) -> None: ...
    def repeat_columns(self, first_col: int, last_col: int | None = None) -> None: ...
    def set_paper(self, paper_size: int) -> None: ...
    def set_landscape(self) -> None: ...
    def fit_to_pages(self, width: int, height: int) -> None: ...
    @overload
    def insert_chart(self, row: int, col: int, chart: XlsxChart, /) -> int: ...
    @overload
    def insert_chart(self, cell: str, chart: XlsxChart, /) -> int: ...


class Book(Protocol):
    """A workbook as the renderers fill it."""

    def add_worksheet(self, name: str | None = None) -> Sheet: ...
    def add_format(self, properties: Options | None = None) -> CellFormat: ...
    def add_chart(self, options: Options) -> XlsxChart: ...
    def set_properties(self, properties: Options) -> None: ...
    def close(self) -> None: ...


class ColumnSetting(Protocol):
    """XlsxWriter's record of a column's ``set_column`` (width in pixels)."""

    width: int | None
    hidden: bool


class SharedStrings(Protocol):
    """XlsxWriter's table of the strings written: each string and its index."""

    string_table: Mapping[str, int]


class WrittenSheet(Sheet, Protocol):
    """A sheet with what was written into it, as XlsxWriter keeps it until ``close``:
    private attributes (not its documented API), read to fit columns and rows to their
    content (:mod:`pbrkit.reports.xlsx_layout`)."""

    dim_rowmax: int | None
    default_col_width: int
    str_table: SharedStrings
    col_info: dict[int, ColumnSetting]
    row_info: Mapping[int, object]
    merge: Sequence[Sequence[int]]
    table: Mapping[int, Mapping[int, WrittenCell]]
