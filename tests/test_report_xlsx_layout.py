"""report.xlsx prints whole and shows whole labels (issue 9, item 4).

Every sheet: A4 landscape, fitted to the page width (one page across, or a few with
column A repeated when the sheet is very wide); long tables repeat their header row
on every printed page; no label in column A of the Assumptions sheet is cut off;
wrapped header rows are tall enough for their lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from xlsxwriter.utility import xl_pixel_width

from pbrkit.cli import cli
from pbrkit.reports.xlsx_layout import number_text, wrapped_lines
from recalc import convert, find_soffice

ROOT = Path(__file__).resolve().parents[1]
RUNS = {
    "cost": ["cost", str(ROOT / "examples" / "clusters.xlsx")],
    "tender": ["tender", str(ROOT / "examples" / "clusters.xlsx"), "--draws", "3"],
    "cluster": ["cluster", str(ROOT / "examples" / "ratings.xlsx")],
}


@pytest.fixture(scope="module", params=sorted(RUNS))
def workbook(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> object:
    out = tmp_path_factory.mktemp(request.param) / "out"
    result = CliRunner().invoke(cli, [*RUNS[request.param], "--out", str(out)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out / "report.xlsx")


def column_width(ws: Any, column: int) -> float:
    """A column's width in characters (XlsxWriter writes runs of equal columns as one
    ``<col min max>``, which openpyxl keys by the run's first letter)."""
    for dimension in ws.column_dimensions.values():
        if dimension.min is not None and dimension.min <= column <= dimension.max:
            return float(dimension.width)
    return 8.43  # Excel's default


def test_every_sheet_prints_landscape_fitted_to_width(workbook: object) -> None:
    for ws in workbook.worksheets:  # type: ignore[attr-defined]
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title  # as many pages down as needed
        across = ws.page_setup.fitToWidth or 1
        assert across == 1 or ws.print_title_cols == "$A:$A", ws.title


def test_long_tables_repeat_their_header_row(workbook: object) -> None:
    for ws in workbook.worksheets:  # type: ignore[attr-defined]
        if ws.freeze_panes and ws.max_row > 40 and ws.title not in ("Summary", "Assumptions"):
            assert ws.print_title_rows, f"{ws.title} has no print titles"


def test_assumption_labels_are_not_cut(workbook: object) -> None:
    ws = workbook["Assumptions"]  # type: ignore[index]
    width = ws.column_dimensions["A"].width
    labels = [
        c.value
        for c in ws["A"]
        if isinstance(c.value, str) and len(c.value) <= 60 and not c.font.sz > 11
    ]
    assert labels
    # Excel's column width unit is a 7-pixel digit plus 5 pixels of padding; the
    # label's width is measured with XlsxWriter's table of Calibri 11 glyph widths.
    pixels = int(width * 7 + 0.5) + 5
    longest = max(labels, key=xl_pixel_width)
    assert pixels >= xl_pixel_width(longest), longest


def test_wrapped_header_rows_are_tall_enough(workbook: object) -> None:
    for ws in workbook.worksheets:  # type: ignore[attr-defined]
        for row in ws.iter_rows():
            for c in row:
                if not (isinstance(c.value, str) and c.alignment.wrap_text):
                    continue
                width = _cell_width(ws, c)
                lines = wrapped_lines(c.value, int(width * 7 + 0.5) + 5 - 10)
                if lines > 1:  # 15 points a line of Calibri 11
                    height = ws.row_dimensions[c.row].height
                    assert height and height >= 15 * lines, f"{ws.title}!{c.coordinate}"


def _cell_width(ws: Any, c: Any) -> float:
    """A cell's width in characters: its column's, or its merged range's columns' (a
    finding on the Summary spans the headline's two columns)."""
    for merged in ws.merged_cells.ranges:
        if c.coordinate in merged:
            return sum(column_width(ws, col) for col in range(merged.min_col, merged.max_col + 1))
    return column_width(ws, c.column)


def test_number_text_widths() -> None:
    # Widths are worked from the text Excel shows, with room for a minus sign.
    assert number_text(1234567.4, "£#,##0;[Red]-£#,##0") == "-£1,234,567"
    assert number_text(0.123, "0.0%;[Red]-0.0%") == "-12.3%"
    assert number_text(12.5, "#,##0.00") == "-12.50"


def test_wrapped_lines_counts_word_breaks() -> None:
    # One word never breaks; "aaaa bbbb" is two lines in a column narrower than both.
    assert wrapped_lines("word", 5) == 1
    assert wrapped_lines("aaaa bbbb", 40) == 2
    assert wrapped_lines("aaaa bbbb", 1000) == 1


@pytest.mark.slow
@pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice and pdftotext",
)
def test_libreoffice_prints_every_header_landscape(tmp_path: Path) -> None:
    # The tender workbook has the widest sheet (Residue); printed by LibreOffice every
    # header word of every sheet is on an A4 landscape page.
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [*RUNS["tender"], "--out", str(out)])
    assert result.exit_code == 0, result.output
    conversion = convert(out / "report.xlsx", "pdf", tmp_path / "pdf", profile=tmp_path / "lo")
    assert not conversion.problems(), conversion.problems()
    pdf = conversion.outputs[0]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert width > height  # landscape
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    printed = set(text.split())
    book = openpyxl.load_workbook(out / "report.xlsx")
    missing = {
        (ws.title, word)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.font.b and c.fill.fgColor.rgb not in (None, "00000000") and isinstance(c.value, str)
        for word in c.value.split()
        if word not in printed
    }
    assert not missing, sorted(missing)[:20]
