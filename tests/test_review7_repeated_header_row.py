"""A second header row below the first is one problem, said as such (review 7).

Found copying the caseload of examples/clusters.xlsx, header included, four rows under
itself (a second table, as when two extracts are pasted onto one sheet): `pbrkit cost`
refused it with six problems at row 46, one per column ("not a valid cluster code
(found 'cluster')", "not a number (found 'service_users')", ...), none saying what
the row is. It is now one problem naming the row as a repeat of the header row, with
what to do about the table under it.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def test_a_repeated_header_row_is_one_problem(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(EXAMPLE)
    sheet = book["caseload"]
    for row in range(1, 42):  # the header (row 1) and 40 rows, again from row 46
        for column in range(1, 8):
            sheet.cell(row + 45, column, sheet.cell(row, column).value)
    book.save(tmp_path / "c.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(tmp_path / "c.xlsx"), "--out", str(out)])
    assert result.exit_code == 2
    assert "found 'service_users'" not in result.stderr
    assert (
        "sheet 'caseload', row 46: the row repeats the header row (row 1): a second table "
        "below the first?"
    ) in result.stderr
    assert "problems found" not in result.stderr  # one problem
    assert not out.exists()
