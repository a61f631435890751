"""An independent re-check of rows that look empty (qa23, December 2026).

A cell holding only a space (typed under the table, or a non-breaking space pasted
from the web) is invisible in a spreadsheet, yet its row was read as data: a caseload
with a space at row 5000 of column GR was refused as "row 5000: the row has none of
the columns a row needs ... a note or subtotal in the table?", and a ratings sheet
with a space at row 3000 under no header as "patient_id is blank" there. Rows with
no cell filled are dropped as spacing (docs/methodology.md §8); a row of spaces alone
now is too. A row with visible text and no data is still refused.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _with_cell(source: Path, sheet: str, target: Path, row: int, column: int, text: str) -> Path:
    book = openpyxl.load_workbook(source)
    book[sheet].cell(row, column).value = text
    book.save(target)
    return target


@pytest.mark.parametrize("text", [" ", "\u00a0", "  \t"])
@pytest.mark.parametrize(("row", "column"), [(60, 1), (60, 8), (5000, 200)])
def test_a_caseload_row_of_spaces_alone_is_spacing(
    tmp_path: Path, text: str, row: int, column: int
) -> None:
    # Column 1 is the team (not required), 8 the first column with no header, 200 far off.
    book = _with_cell(ROOT / "examples" / "clusters.xlsx", "caseload", tmp_path / "c.xlsx",
                      row, column, text)  # fmt: skip
    result = CliRunner().invoke(cli, ["validate", str(book)])
    assert result.exit_code == 0, result.output
    assert "40 rows" in result.output  # the example's 40 rows, the space's row not among them


def test_a_caseload_row_with_visible_text_is_still_a_note(tmp_path: Path) -> None:
    book = _with_cell(ROOT / "examples" / "clusters.xlsx", "caseload", tmp_path / "c.xlsx",
                      5000, 200, "x")  # fmt: skip
    result = CliRunner().invoke(cli, ["validate", str(book)])
    assert result.exit_code == 2
    assert "row 5000: the row has none of the columns a row needs" in result.output


def test_a_ratings_row_of_spaces_alone_is_spacing(tmp_path: Path) -> None:
    book = _with_cell(ROOT / "examples" / "ratings.xlsx", "ratings", tmp_path / "r.xlsx",
                      3000, 30, " ")  # fmt: skip
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2,000 patients" in result.output
