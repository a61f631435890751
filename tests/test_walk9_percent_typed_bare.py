"""A percentage typed without its sign in a share or margin column (walk 9).

Found by a newcomer's walk through the example workbook as a finance officer. Typing
10 for a 10% hurdle margin in the `bidders` sheet was read as a margin of 1,000%, with
no word: a screening bidder takes a patient only when its predicted profit is at least
h × the price (docs/methodology.md §6.3), and that profit is always below the price, so
Meridian took no one and the run reported 3,950 people taken instead of 6,450. A
hurdle margin is now at most 1 (100%), like a share, and a bare number above 1 in
either column says what it would mean as a percentage and how to write the one meant:
typing 25 for a 25% shed rate was refused already, but only with "enter at most 1".

Hand-worked: 10 read as a fraction is 10 × 100 = 1,000%; 25 is 2,500%; 0.1 and 0.25 are
the fractions meant. Nothing is written (exit 2).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def with_cell(path: Path, sheet: str, column: str, value: object) -> Path:
    """examples/clusters.xlsx with the first data row's ``column`` of ``sheet`` set."""
    book = openpyxl.load_workbook(EXAMPLE)
    rows = book[sheet]
    header = [cell.value for cell in rows[1]]
    rows.cell(2, header.index(column) + 1).value = value
    book.save(path)
    return path


def run_tender(book: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["tender", str(book), "--out", str(out)])
    return result.exit_code, result.stderr


def test_a_hurdle_margin_typed_as_10_is_refused_with_the_two_spellings(tmp_path: Path) -> None:
    book = with_cell(tmp_path / "c.xlsx", "bidders", "hurdle_margin", 10)
    code, stderr = run_tender(book, tmp_path / "out")
    assert code == 2, stderr
    assert "sheet 'bidders', row 2, column 'hurdle_margin'" in stderr
    assert "10 is 1,000%" in stderr
    assert "if you meant 10%, write 10% or 0.1" in stderr
    assert not (tmp_path / "out").exists()


def test_a_shed_rate_typed_as_25_says_what_it_would_mean(tmp_path: Path) -> None:
    book = with_cell(tmp_path / "c.xlsx", "nhs", "shed_rate", 25)
    code, stderr = run_tender(book, tmp_path / "out")
    assert code == 2, stderr
    assert "sheet 'nhs', row 2, column 'shed_rate'" in stderr
    assert "25 is 2,500%" in stderr
    assert "if you meant 25%, write 25% or 0.25" in stderr
    assert not (tmp_path / "out").exists()


def test_margins_of_100_percent_and_below_are_read(tmp_path: Path) -> None:
    # The bound is inclusive, and a negative margin above -100% is still a margin.
    for written in ("100%", 1, -0.5, "10%"):
        book = with_cell(tmp_path / "c.xlsx", "bidders", "hurdle_margin", written)
        result = CliRunner().invoke(cli, ["validate", "--for", "tender", str(book)])
        assert result.exit_code == 0, (written, result.output)


def test_the_template_notes_the_margins_limits(tmp_path: Path) -> None:
    # The blank workbook's header note is the reader's contract: it says 100% is the most.
    book = tmp_path / "blank.xlsx"
    result = CliRunner().invoke(cli, ["template", "--kind", "tender", str(book)])
    assert result.exit_code == 0, result.output
    header = openpyxl.load_workbook(book)["bidders"][1]
    note = next(cell.comment for cell in header if cell.value == "hurdle_margin")
    assert note is not None
    assert "above -100%, at most 100%" in note.text
