"""Review 2 (round 13): two values of variable_share on the nhs sheet give one problem.

Found with an nhs sheet of two cost pools, each row saying ``payment`` blended, with
``variable_share`` 0.3 on one and 0.4 on the other. pbrkit listed two problems: the
right one ("variable_share has different values (0.3, 0.4)") and a false one ("a
blended payment needs a variable_share (0 to 1). Fix: give variable_share on the
sheet"), which tells the user to add what the sheet already has twice. The conflict
is now the only problem, with pools or with a fixed_cost_share row alike.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

POOLS = [
    ["pool", "amount", "kind", "payment", "variable_share"],
    ["Beds", 10, "fixed", "blended", 0.3],
    ["Teams", 10, "variable", "blended", 0.4],
]
SHARES = [
    ["fixed_cost_share", "shed_rate", "payment", "variable_share"],
    [0.5, 0.25, "blended", 0.3],
    [None, None, None, 0.4],
]


@pytest.mark.parametrize("nhs", [POOLS, SHARES], ids=["pools", "shares"])
def test_conflicting_variable_shares_are_one_problem(
    tmp_path: Path, nhs: list[list[object]]
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster", "days", "cost"])
    sheet.append(["P1", 1, 365, 500])
    sheet.append(["P2", 2, 365, 3000])
    table = book.create_sheet("nhs")
    for row in nhs:
        table.append(row)
    book.save(tmp_path / "w.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(tmp_path / "w.xlsx"), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "variable_share has different values (0.3, 0.4)" in result.output
    assert "needs a variable_share" not in result.output
    assert "problems found" not in result.output
    assert not out.exists()
