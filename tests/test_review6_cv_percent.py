"""`80%` in cost_cv is refused with a message that fits a ratio (review 6).

Found trying the newcomer's mistake "percent signs" on a copy of examples/clusters.xlsx:
`80%` in the caseload's cost_cv (a coefficient of variation, SD ÷ mean) was refused as
"a percentage where an amount or count belongs (a percentage is never £)", which speaks
of money. A count column's message now says to write a ratio as a number (80% as 0.8);
a money column's is unchanged.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def caseload(path: Path, cv: object, cost: object = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    sheet.append(["cluster", "service_users", "cluster_days", "actual_cost", "cost_cv"])
    sheet.append([3, 10, 3000, cost, cv])
    book.save(path)
    return path


def test_a_percent_cost_cv_says_write_it_as_a_ratio(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(caseload(tmp_path / "c.xlsx", "80%"))])
    assert result.exit_code == 2
    assert "row 2, column 'cost_cv': a percentage where a number belongs" in result.stderr
    assert "never £" not in result.stderr
    assert "80% as 0.8" in result.stderr


def test_a_percent_in_money_still_says_never_pounds(tmp_path: Path) -> None:
    book = caseload(tmp_path / "c.xlsx", None, "25%")
    result = CliRunner().invoke(cli, ["validate", str(book)])
    assert result.exit_code == 2
    assert "a percentage where an amount or count belongs (a percentage is never £)" in (
        result.stderr
    )
