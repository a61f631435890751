"""A sheet named almost right is named in the fix (review 6).

Found trying the newcomer's mistake "wrong sheet name" on a copy of
examples/clusters.xlsx with its caseload sheet renamed 'Caseload data' (as a finance
workbook would title it): the message listed the sheets found and said "add a sheet
named 'caseload'". A sheet whose name holds the expected one is now named in the fix:
"rename sheet 'Caseload data' to 'caseload'". Exit 2 and nothing written, as before.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def renamed(tmp_path: Path, title: str) -> Path:
    book = openpyxl.load_workbook(ROOT / "examples" / "clusters.xlsx")
    book["caseload"].title = title
    path = tmp_path / "c.xlsx"
    book.save(path)
    return path


def test_the_near_sheet_is_named(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(renamed(tmp_path, "Caseload data")), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "rename sheet 'Caseload data' to 'caseload'" in result.stderr
    assert not out.exists()


def test_an_unrelated_sheet_is_not_suggested(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(renamed(tmp_path, "Sheet1"))])
    assert result.exit_code == 2
    assert "rename sheet" not in result.stderr
    assert "add a sheet named 'caseload'" in result.stderr
