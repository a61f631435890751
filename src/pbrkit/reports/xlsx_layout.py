"""Column widths from content and page setup, applied to every sheet as a workbook closes.

A finance officer opens report.xlsx and prints it: labels must not be cut off
(issue: Assumptions labels 10-13 characters wide), a long table must repeat its
header row on every printed page, and a wide one must fit the paper's width rather
than spill onto a second page across. XlsxWriter keeps every written cell until
``close``, so the widths can be worked out from what was written, once, for all
three workbooks.
"""

from __future__ import annotations

import math
from typing import Final

from xlsxwriter.utility import xl_pixel_width
from xlsxwriter.worksheet import ColumnInfo

from pbrkit.reports.xlsx_types import WrittenCell, WrittenSheet

#: Text longer than this many characters is prose meant to run over empty cells to
#: its right (a note, a title), not a label to fit its column to.
PROSE_CHARS: Final = 80
#: Widest column the fit makes, in pixels (about 75 characters of Calibri 11).
MAX_PIXELS: Final = 520
#: Width of a table column holding prose (texts over PROSE_CHARS, wrapped in it), in
#: pixels (about 50 characters): narrow enough that two such columns and a table's
#: figures still print on one page across (PAGE_PIXELS).
PROSE_PIXELS: Final = 360
#: Padding Excel adds to a fitted column, in pixels.
PADDING: Final = 10
#: Height of one line of Calibri 11, in points.
LINE_POINTS: Final = 15
#: XlsxWriter's code for A4 paper.
A4: Final = 9
#: Column pixels printed on one A4 landscape page at a still readable scale (about 57%,
#: so Calibri 11 prints near 6.3 points: the page's ~1,050 pixels of printable width at
#: 100%, over 0.57). The cost report's Clusters sheet fits on one page across.
PAGE_PIXELS: Final = 1850


def number_text(value: float, number_format: str | None) -> str:
    """``value`` roughly as Excel shows it under ``number_format`` (for widths only)."""
    fmt = number_format or ""
    if "%" in fmt:
        return f"-{abs(value) * 100:.1f}%"
    decimals = 2 if ".00" in fmt else 0
    prefix = "-£" if "£" in fmt else "-"
    grouping = "," if "#,##" in fmt or "£" in fmt else ""
    if not fmt:
        return f"-{value:g}"
    return f"{prefix}{abs(value):{grouping}.{decimals}f}"


def _cell_text(cell: WrittenCell, strings: list[str]) -> str | None:
    """The text a cell shows, or None for a cell whose width should not count."""
    fmt = cell.format
    if fmt is not None and (fmt.text_wrap or (fmt.font_size or 11) > 11):
        return None  # wrapped text fits any width; titles run over the columns to the right
    kind = type(cell).__name__
    if kind == "String":
        return str(strings[cell.string])
    if kind == "Number":
        return number_text(cell.number, fmt.num_format if fmt is not None else None)
    if kind == "Formula" and isinstance(cell.value, int | float):
        return number_text(cell.value, fmt.num_format if fmt is not None else None)
    if kind == "Formula" and isinstance(cell.value, str):
        return str(cell.value)
    return None


def fit_columns(ws: WrittenSheet) -> None:
    """Widen each column to its longest label or figure; never narrow one.

    Header cells wrap (their longest word still has to fit); prose longer than
    :data:`PROSE_CHARS` is left to overflow.
    """
    if ws.dim_rowmax is None:
        return
    strings = sorted(ws.str_table.string_table, key=ws.str_table.string_table.__getitem__)
    widest: dict[int, int] = {}
    for row in ws.table.values():
        for col, cell in row.items():
            fmt = cell.format
            if fmt is not None and fmt.text_wrap and type(cell).__name__ == "String":
                words = strings[cell.string].split()
                text: str | None = max(words, key=len) if words else None
            else:
                text = _cell_text(cell, strings)
            if not text or len(text) > PROSE_CHARS:
                continue
            widest[col] = max(widest.get(col, 0), xl_pixel_width(text) + PADDING)
    for col, pixels in widest.items():
        pixels = min(pixels, MAX_PIXELS)
        info = ws.col_info.get(col)
        if info is None:
            ws.col_info[col] = ColumnInfo(width=pixels)
        elif info.width is None or info.width < pixels:
            info.width = pixels


def wrapped_lines(text: str, pixels: int) -> int:
    """Lines ``text`` takes when wrapped at word breaks in a column ``pixels`` wide."""
    lines, used = 1, 0
    space = xl_pixel_width(" ")
    for word in text.split():
        width = xl_pixel_width(word)
        if used and used + space + width > pixels:
            lines, used = lines + 1, width
        else:
            used += (space if used else 0) + width
    return lines + text.count("\n")


def fit_row_heights(ws: WrittenSheet) -> None:
    """Make rows with wrapped text tall enough to show it all.

    Excel grows such rows when it opens the file, but LibreOffice and viewers that
    do not recalculate layout show a 15-point row with the rest cut off.
    """
    strings = sorted(ws.str_table.string_table, key=ws.str_table.string_table.__getitem__)
    merged = {(r, c): (c, last) for r, c, _, last in ws.merge}  # a cell across columns
    for row_num, row in ws.table.items():
        if row_num in ws.row_info:
            continue  # a height the writer chose
        lines = 1
        for col, cell in row.items():
            fmt = cell.format
            if type(cell).__name__ != "String" or fmt is None or not fmt.text_wrap:
                continue
            first, last = merged.get((row_num, col), (col, col))
            width = sum(_column_pixels(ws, c) for c in range(first, last + 1))
            lines = max(lines, wrapped_lines(strings[cell.string], width - PADDING))
        if lines > 1:
            ws.set_row(row_num, LINE_POINTS * lines)


def _column_pixels(ws: WrittenSheet, col: int) -> int:
    info = ws.col_info.get(col)
    return info.width if info is not None and info.width else ws.default_col_width


def pages_across(ws: WrittenSheet) -> int:
    """Pages across that keep type readable: one per :data:`PAGE_PIXELS` of columns,
    up to the last column shown (a chart's hidden copy of its values, far right, is
    not printed and takes no page)."""
    hidden = {col for col, info in ws.col_info.items() if info is not None and info.hidden}
    last = max((c for cells in ws.table.values() for c in cells if c not in hidden), default=None)
    if last is None:
        return 1
    default = ws.default_col_width
    total = 0
    for col in range(last + 1):
        info = ws.col_info.get(col)
        if col in hidden:
            continue
        total += info.width if info is not None and info.width is not None else default
    return max(1, math.ceil(total / PAGE_PIXELS))


def set_up_pages(ws: WrittenSheet) -> None:
    """A4 landscape, scaled to fit the width on as few pages across as stay readable.

    A sheet too wide for one page prints on two or more across, with column A (the
    cluster, bidder or label of each row) repeated on each, rather than shrinking to
    an unreadable scale.
    """
    ws.set_paper(A4)
    ws.set_landscape()
    across = pages_across(ws)
    ws.fit_to_pages(across, 0)
    if across > 1:
        ws.repeat_columns(0)
