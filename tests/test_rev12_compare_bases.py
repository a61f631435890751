"""rev12: published runs whose £ totals are rounded to different bases, compared.

Each published run rounds its £ totals to its own money base (5 × its largest price,
rounded up: docs/methodology.md §7). The hand-worked workbook of tests/test_compare.py
has a largest price of £3,650 a year (cluster 11):

    MFF 1: 5 × £3,650     = £18,250  → £20,000
    MFF 3: 5 × £3,650 × 3 = £54,750  → £100,000

so a comparison of the two that said "£ totals rounded to the nearest £20,000" (the
first run's sentence) would tell a reader the second run's totals are five times
surer than they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from conftest import write_xlsx
from test_compare import CASELOAD, TARIFF, invoke


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bases")
    book = write_xlsx(folder / "small.xlsx", {"caseload": CASELOAD, "tariff": TARIFF})
    for name, mff in (("one", "1"), ("three", "3")):
        result = invoke("cost", book, "--mff", mff, "--publish", "--out", folder / name)
        assert result.exit_code == 0, result.output
    out = folder / "compared"
    result = invoke("compare", folder / "one", folder / "three", "--out", out)
    assert result.exit_code == 0, result.output
    return out


def test_each_runs_money_base_is_said(compared: Path) -> None:
    statement = json.loads((compared / "summary.json").read_text())["disclosure"]["statement"]
    assert "£20,000 (one)" in statement and "£100,000 (three)" in statement, statement
    page = (compared / "report.html").read_text(encoding="utf-8")
    assert "£100,000 (three)" in page
    run_sheet = openpyxl.load_workbook(compared / "report.xlsx")["Run"]
    cells = [str(c.value) for row in run_sheet.iter_rows() for c in row if c.value]
    assert any("£100,000 (three)" in c for c in cells), cells


def test_a_published_markdown_table_says_it_is_published(compared: Path) -> None:
    # The --markdown table of published runs is pasted where the reports' banners are
    # not: it says what they say, each run's base with it (£0 of cost is "within
    # £25,000", not exactly nothing).
    runs = [compared.parent / "one", compared.parent / "three"]
    out = invoke("compare", *runs, "--markdown").stdout
    assert out.splitlines()[0] == "| | one | three | three − one |"
    assert "Published with small-number suppression" in out
    assert "£20,000 (one) and £100,000 (three)" in out
    assert "The difference of two rounded counts is not a count" in out


def test_the_terminal_says_published_totals_shown_alike_are_within_a_base(
    compared: Path,
) -> None:
    # Published, -£127k and -£170k both read -£150k (review 9b): the reports say "within
    # £X of" (half of each run's base added), and the terminal said "the same as". The
    # run 'one' compared with itself: its surplus rounds alike, so within
    # (£20,000 + £20,000) / 2 = £20,000 of itself, as the findings say.
    one = compared.parent / "one"
    result = invoke("compare", one, one, "--names", "a,b", "--out", compared.parent / "self")
    assert result.exit_code == 0, result.output
    assert "(b within £20k of a)" in result.output, result.output
    assert "the same as" not in result.output
