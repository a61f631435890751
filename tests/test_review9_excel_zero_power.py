"""A 100% deflator's projection recalculates in Excel (rev9, December 2026).

``--deflator 100%`` is allowed (every price gone after a year; docs/methodology.md §2).
The Projection sheet's formulas were ``=income_0*(1-d)^t``: in year 0 that is 0^0,
which Excel evaluates to #NUM! (LibreOffice and Python say 1), so year 0's income,
its surplus and every figure after it showed #NUM! in Excel while the saved value
said £48,650. Each factor is now 1 in year 0 by an IF, never a power of 0.

Below: ``(1 − 1)^0`` is the 0^0; the guard makes year 0's factor 1, so year 0's
income is the input year's income, as the saved value and summary.json say.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def _projection_formulas(tmp_workbook: WorkbookFactory, tmp_path: Path) -> list[str]:
    book = tmp_workbook({"caseload": [{"cluster": 4, "service_users": 10, "cluster_days": 3000}]})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--years", "3", "--deflator", "100%",
                                      "--inflation", "2%", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Projection"]
    return [c.value for row in sheet.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=") and "^" in c.value]  # fmt: skip


def test_no_projection_power_can_be_zero_to_the_zero_in_excel(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    formulas = _projection_formulas(tmp_workbook, tmp_path)
    assert formulas  # income and cost of each of the 3 years
    for formula in formulas:
        # Every "(1±rate)^t" sits in "IF(t=0,1,(1±rate)^t)": Excel never sees 0^0.
        powers = re.findall(r"\(1[-+][^()]+\)\^(\$?[A-Z]+\$?\d+)", formula)
        guarded = re.findall(r"IF\((\$?[A-Z]+\$?\d+)=0,1,\(1[-+][^()]+\)\^\1\)", formula)
        assert powers and len(guarded) == len(powers), formula  # before: no IF at all
