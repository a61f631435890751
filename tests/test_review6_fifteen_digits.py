"""report.html, summary.pdf and explore.html round a figure from the 15 digits Excel
shows, so a half that float arithmetic left a hair short shows as Excel shows it.

Found by comparing every table of ``pbrkit cluster examples/ratings.xlsx --publish``
between report.html and report.xlsx. Cluster 14's money at stake is £151,925 − £148,772.50
= £3,152.50; worked out in floating point it is 3152.4999999999995. The published workbook
stores that cell as 3152.5 (XlsxWriter writes a plain number to 16 digits) and Excel and
LibreOffice show £3,153; report.html rounded the 17-digit form, 3152.4999999999995, and
showed £3,152. format.half_away said it rounds "as Excel rounds from the 15 digits it
shows" but rounded from ``repr`` (up to 17 digits).

Excel shows a number to 15 significant digits (3152.4999999999995 is 3152.50000000000,
£3,153; 2.675, stored as 2.67499999999999982…, is 2.675, 2.68), and now so does
half_away, with the explore page's halfAway the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.format import count, fixed, half_away, money, percent

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (151925 - 148772.5, 0, "3153"),  # exact: 3152.5
        (3152.4999999999995, 0, "3153"),  # 3152.50000000000 to 15 digits
        (1234.4999999999998, 0, "1235"),
        (10612.49, 0, "10612"),  # a true .49 stays down
        (2.675, 2, "2.68"),  # 2.67499999999999982… to 15 digits is 2.675
        (0.1 + 0.2, 2, "0.30"),
        (-3152.4999999999995, 0, "-3153"),  # away from zero either side
    ],
)  # fmt: skip
def test_half_away_rounds_from_the_15_digits_excel_shows(
    value: float, digits: int, shown: str
) -> None:
    assert str(half_away(value, digits)) == shown


def test_the_formatters_follow() -> None:
    assert money(3152.4999999999995) == "£3,153"
    assert count(1234.4999999999998) == "1,235"
    assert fixed(0.12499999999999999) == "0.13"  # 0.125000000000000 to 15 digits
    assert percent(0.012499999999999999) == "1.3%"  # 1.25%


def test_money_at_stake_shows_as_the_workbook_does(tmp_path: Path) -> None:
    # Found on the published run; published £ totals are now rounded to the money base
    # (docs/methodology.md §7), so the exact run shows the same cell.
    out = tmp_path / "out"
    args = ["cluster", str(ROOT / "examples" / "ratings.xlsx"), "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out / "report.xlsx", data_only=True)["Money at stake"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == 14)
    assert row[3:5] == (151925, 148772.5)
    # The difference, a formula whose saved value is the float 3152.4999999999995:
    # Excel shows it to 15 digits, 3152.50000000000, as £3,153.
    assert row[5] == pytest.approx(3152.5)
    html = (out / "report.html").read_text(encoding="utf-8")
    cells = re.search(r"Psychotic Crisis</td><td class=\"num\">\d+</td>(.*?)</tr>", html)
    assert cells is not None
    assert re.findall(r">([^<]*)</td>", cells.group(1)) == ["£151,925", "£148,773", "£3,153"]
