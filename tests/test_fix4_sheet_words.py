"""A general fix text for a CSV names files, not sheets (fix4, item 2).

Found running ``pbrkit validate`` on CSVs written for the purpose, after fix2/fix3
located every problem in a CSV by its file: the fix texts below still sent the user to
sheets a CSV does not have.

- a note row under the table (``,,,Source: PAS``): "move the note above the header row
  or to another sheet";
- a header of 40,000 characters: "(a note belongs above the header row or on another
  sheet)";
- a second header row: "or move that table to a sheet of its own";
- an empty CSV: "put the column names in the first row (`pbrkit template` writes a
  caseload sheet)", a workbook's sheet, where the user has a CSV (the names are listed
  in the problem's "expected").

Each now says "file" for a CSV (the SheetName of a CSV knows its file:
``errors.table_word``); a workbook's texts are unchanged.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

HEADER = "cluster,service_users,cluster_days,notes"
NOTE_ROW = f"{HEADER}\n3,2,364,\n,,,Source: PAS\n"
REPEAT = f"{HEADER}\n3,2,364,\n{HEADER}\n4,1,100,\n"
LONG = "x" * 40_000


def _refused(path: Path) -> str:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def _csv(tmp_path: Path, text: str, name: str = "c.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_note_row_in_a_csv(tmp_path: Path) -> None:
    out = _refused(_csv(tmp_path, NOTE_ROW))
    assert "file 'c.csv', row 3: the row has none of the columns" in out
    assert "move the note above the header row or to another file" in out
    assert "sheet" not in out


def test_a_long_header_in_a_csv(tmp_path: Path) -> None:
    out = _refused(_csv(tmp_path, f"cluster,service_users,cluster_days,{LONG}\n3,2,364,1\n"))
    assert "(a note belongs above the header row or in another file)" in out
    assert "sheet" not in out


def test_a_repeated_header_in_a_csv(tmp_path: Path) -> None:
    out = _refused(_csv(tmp_path, REPEAT))
    assert "file 'c.csv', row 3: the row repeats the header row" in out
    assert "or move that table to a file of its own" in out
    assert "sheet" not in out


def test_an_empty_csv(tmp_path: Path) -> None:
    for text in ("", "\n\n"):
        out = _refused(_csv(tmp_path, text))
        assert "file 'c.csv': no header row found" in out
        assert "Fix: put the column names in the first row of the file" in out
        assert "sheet" not in out


def test_a_folder_of_csvs(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    _csv(folder, REPEAT, "caseload.csv")
    out = _refused(folder)
    assert "file 'book/caseload.csv', row 3: the row repeats" in out
    assert "or move that table to a file of its own" in out


def test_a_workbook_still_names_sheets(tmp_workbook: WorkbookFactory) -> None:
    blank = {"cluster": None, "service_users": None, "cluster_days": None}
    row = {"cluster": 3, "service_users": 2, "cluster_days": 364, "notes": None}
    out = _refused(tmp_workbook({"caseload": [row, {**blank, "notes": "Source: PAS"}]}))
    assert "move the note above the header row or to another sheet" in out
    heads = {"cluster": "cluster", "service_users": "service_users"}
    out = _refused(tmp_workbook({"caseload": [row, {**heads, "cluster_days": "cluster_days"}]}))
    assert "or move that table to a sheet of its own" in out
    out = _refused(tmp_workbook({"caseload": [{**row, LONG: 1}]}))
    assert "(a note belongs above the header row or on another sheet)" in out
