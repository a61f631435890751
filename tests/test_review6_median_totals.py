"""With several draws, the note under the Residue and Tender tables says what the
total row really is.

Found by reading ``pbrkit tender examples/clusters.xlsx --draws 5`` against its own
note. Under both tables the note said "the total row is the median of the totals, not
the sum of the rows above it", but the total row is the sum of the rows above it
(``=SUM(E2:E5)`` in the workbook, the same sum in report.html):

* Residue, people taken: Σ of the 22 clusters' medians = 6,454, while the run's own
  median (the Summary sheet, report.html's key figure, summary.json ``residue``) is
  6,450;
* Tender, payments to bidders: Σ of the 4 bidders' medians = £27,507,413, while the
  run's median is £27,544,674.

So a reader told that the total row is the headline's median found two figures for
one thing and no true explanation. The note now says the total row adds up the medians
above it and can differ from the headline figure, the median of the draws' totals.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
WRONG = "the total row is the median of the totals"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tender") / "out"
    args = ["tender", str(CLUSTERS), "--draws", "5", "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _summary(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return data


def _total(book: Any, sheet: str, label: str) -> tuple[Any, str | None]:
    """(saved value, formula) of column ``label`` on the first Total row of ``sheet``."""
    values, formulas = book[0][sheet], book[1][sheet]
    header = [c.value for c in values[1]]
    row = next(r for r in values.iter_rows() if r[0].value == "Total")
    column = header.index(label)
    return row[column].value, formulas.cell(row[0].row, column + 1).value


def test_the_total_rows_add_up_the_medians_and_differ_from_the_headline(run: Path) -> None:
    summary = _summary(run)
    path = run / "report.xlsx"
    book = (openpyxl.load_workbook(path, data_only=True), openpyxl.load_workbook(path))
    taken, formula = _total(book, "Residue", "People taken by bidders")
    assert formula == "=SUM(E2:E23)"
    assert taken == sum(r["taken_patients"] for r in summary["residue_by_cluster"])  # 6,454
    assert taken != summary["residue"]["taken_patients"]  # 6,450: the run's median
    paid, formula = _total(book, "Tender", "Payments to bidders £")
    assert formula == "=SUM(E2:E5)"
    assert paid == pytest.approx(sum(b["payments_to_bidders"] for b in summary["bidders"]))
    assert paid != pytest.approx(summary["residue"]["payments_to_bidders"])


def test_the_note_says_the_total_row_adds_up_the_rows(run: Path) -> None:
    html = (run / "report.html").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(run / "report.xlsx")
    notes = [
        str(c.value)
        for sheet in ("Residue", "Tender")
        for row in book[sheet].iter_rows()
        for c in row
        if isinstance(c.value, str) and "medians do not add up" in c.value
    ]
    assert len(notes) == 2
    for text in (*notes, html):
        assert WRONG not in text
    for note in notes:
        assert "the total row adds up the medians above it" in note
        assert "can differ from the headline figure" in note
    assert html.count("the total row adds up the medians above it") == 2


def test_published_the_count_totals_are_the_headlines_and_the_money_still_adds_up(
    run: Path, tmp_path: Path
) -> None:
    """What the note's bracket says: published, the total row's count of people taken
    is the headline's 6,450 (not the published rows' sum), its money still the sum of
    the clusters' medians (£77,216, as unpublished; the headline G is £74,979), rounded
    to the money base as every published £ total is (£50,000, docs/methodology.md §7)."""
    out = tmp_path / "out"
    args = ["tender", str(CLUSTERS), "--draws", "5", "--workers", "1", "--publish"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = _summary(out)
    path = out / "report.xlsx"
    book = (openpyxl.load_workbook(path, data_only=True), openpyxl.load_workbook(path))
    taken, _ = _total(book, "Residue", "People taken by bidders")
    assert taken == summary["residue"]["taken_patients"]
    gap, _ = _total(book, "Residue", "Residue cost gap (G) £")  # £77,216, a value
    rows = _summary(run)["residue_by_cluster"]  # unpublished: every row shown
    medians = sum(r["residue_cost_gap"] for r in rows)
    assert medians == pytest.approx(77_216.45, abs=0.01)
    # 77,216 ÷ 50,000 = 1.54, rounded to 2: £100,000.
    assert gap == round(medians / 50_000) * 50_000 == 100_000
    note = next(
        str(c.value)
        for row in book[1]["Residue"].iter_rows()
        for c in row
        if isinstance(c.value, str) and "medians do not add up" in c.value
    )
    assert "a published count of people is the headline's" in note
