"""A long text in a report table wraps in its column instead of running over the cells
to its right.

Found printing a PSA's report.xlsx through LibreOffice: the ranges table's Source
column holds texts up to 363 characters, written unwrapped, so each ran far to the
right of the last column; LibreOffice prints what a cell shows, so the page was fitted
to that overflow and every figure on the Uncertainty sheet printed at about a third of
its size. A text longer than PROSE_CHARS in a table row is now wrapped, its column
made PROSE_PIXELS wide (or wider, by the fit), and its row tall enough
(xlsx_layout.fit_row_heights).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.xlsx_layout import PROSE_CHARS, PROSE_PIXELS

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def uncertainty_sheet(tmp_path_factory: pytest.TempPathFactory) -> object:
    out = tmp_path_factory.mktemp("long") / "psa"
    done = CliRunner().invoke(
        cli,
        ["psa", str(ROOT / "examples" / "clusters.xlsx"), "--uncertainty",
         str(ROOT / "examples" / "uncertainty.csv"), "--samples", "2", "--out", str(out)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return openpyxl.load_workbook(out / "report.xlsx")["Uncertainty"]


def _table_sources(sheet: object) -> list[openpyxl.cell.Cell]:
    """The Source column's long texts in the ranges table (the header says 'Source')."""
    header = next(c for row in sheet.iter_rows() for c in row if c.value == "Source")  # type: ignore[attr-defined]
    column = sheet[header.column_letter]  # type: ignore[index]
    return [c for c in column if isinstance(c.value, str) and len(c.value) > PROSE_CHARS]


def test_long_sources_wrap_in_a_wide_column(uncertainty_sheet: object) -> None:
    long = _table_sources(uncertainty_sheet)
    assert long, "the example's ranges have sources longer than PROSE_CHARS"
    assert all(c.alignment.wrap_text for c in long)
    width = uncertainty_sheet.column_dimensions[long[0].column_letter].width  # type: ignore[attr-defined]
    # PROSE_PIXELS (360) is about 50 characters of Calibri 11: (360 - 5) / 7 = 50.7.
    assert width >= (PROSE_PIXELS - 5) / 7 - 1


def test_a_wrapped_source_row_is_tall_enough(uncertainty_sheet: object) -> None:
    for cell in _table_sources(uncertainty_sheet):
        height = uncertainty_sheet.row_dimensions[cell.row].height  # type: ignore[attr-defined]
        assert height is not None and height > 15, cell.coordinate


def test_the_rest_of_a_wrapped_row_sits_at_its_top(uncertainty_sheet: object) -> None:
    # The parameter's name and figures beside a wrapped source: at the top, with the
    # text's first line, not lines below it (Excel's default is the bottom).
    for cell in _table_sources(uncertainty_sheet):
        name = uncertainty_sheet.cell(cell.row, 1)  # type: ignore[attr-defined]
        assert name.value and name.alignment.vertical == "top", name.coordinate
