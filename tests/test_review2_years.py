"""An independent re-check of the tender side (review 2, December 2026): the years.

- ``pbrkit tender --draws N --years T`` headed the report with the medians over N draws
  but ran the year table on draw 0 alone, and said nothing of it: year 1's NHS surplus
  (-£15,027,714 on the example with --draws 20 --seed 7) differed from the surplus after
  the tender above it (-£15,095,137) with no word why. The table now says which draw it
  follows, in every format.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = [
    ["cluster", "service_users", "cluster_days"],
    [1, 100, 36500],
    [3, 50, 18250],
    [13, 20, 7000],
]
FOLLOWS = "the year table follows one of them, draw 0"


def run(book: Path, out: Path, draws: int) -> dict[str, object]:
    args = ["tender", str(book), "--out", str(out), "--years", "2", "--seed", "3"]
    result = CliRunner().invoke(cli, [*args, "--draws", str(draws)])
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads((out / "summary.json").read_text())
    return summary


@pytest.fixture
def book(tmp_workbook: WorkbookFactory) -> Path:
    return tmp_workbook({"caseload": CASELOAD})


def test_the_year_table_is_draw_0_and_says_so(book: Path, tmp_path: Path) -> None:
    several = run(book, tmp_path / "several", draws=5)
    one = run(book, tmp_path / "one", draws=1)
    years = several["years"]
    assert isinstance(years, dict)
    # Year 1 of the 5-draw run is the 1-draw run's tender: draw 0 of the same seed.
    first = years["rows"][0]["nhs_surplus"]
    assert first == pytest.approx(one["residue"]["nhs_surplus_after"], rel=1e-12)  # type: ignore[index]
    assert years["follows_draw"] == 0
    assert FOLLOWS in (tmp_path / "several" / "report.html").read_text()
    sheet = load_workbook(tmp_path / "several" / "report.xlsx")["Years"]
    assert any(FOLLOWS in str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def test_one_draw_needs_no_word(book: Path, tmp_path: Path) -> None:
    one = run(book, tmp_path / "one", draws=1)
    assert "follows_draw" not in one["years"]  # type: ignore[operator]
    assert FOLLOWS not in (tmp_path / "one" / "report.html").read_text()
