"""A Total row with a row under it is named as a Total, not as a subtotal (review 7).

Found adding a "Total" row under the caseload of examples/clusters.xlsx and a source
note two rows below it: `pbrkit cost` called row 42 "a subtotal row ('Total')" and
said to use Excel's Data > Subtotal > Remove All, which has nothing to remove. The
row is a Total that is not the table's last row: the message now says so, and that
a Total as the last row is checked and skipped.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def test_a_total_above_a_note_is_named_as_a_total(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(EXAMPLE)
    sheet = book["caseload"]
    sheet["A42"] = "Total"
    for column in "CDE":
        sheet[f"{column}42"] = sum(sheet[f"{column}{r}"].value or 0 for r in range(2, 42))
    sheet["A44"] = "Source: PAS extract"
    book.save(tmp_path / "c.xlsx")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "c.xlsx")])
    assert result.exit_code == 2
    assert "Data > Subtotal" not in result.stderr
    assert (
        "sheet 'caseload', row 42: a Total row ('Total') that is not the table's last row"
    ) in result.stderr
    assert "row 44: the row has none of the columns a row needs" in result.stderr
