"""A data quality note about a CSV input names the file, as its problems do (fix3, item 1).

Found after fix2 made every *problem* in a CSV name its file: the notes on the Data
quality sheet still named a sheet the user's CSV does not have. A caseload CSV with a
row pasted twice said "sheet 'caseload': row 3 repeats row 2"; a zero-width space in a
header "sheet 'caseload', column A: header 'cluster' had invisible characters removed";
a folder's Total row "sheet 'caseload', row 4: a Total row"; a copy in a folder "sheet
'caseload (2)' looks like a copy of sheet 'caseload'". Each is now located by the rule
every problem is (errors.place, Problem.location): "file 'c.csv': row 3 repeats row 2".
A spreadsheet's notes still name its sheet.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from pbrkit.errors import Problem, SheetName, place

HEADER = "cluster,service_users,cluster_days\n"


def _notes(path: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / "o"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return [note["detail"] for note in json.loads(result.stdout)["notes"]]


def _one(notes: list[str], part: str) -> str:
    found = [note for note in notes if part in note]
    assert len(found) == 1, notes
    return found[0]


def test_a_repeated_row_of_a_caseload_csv(tmp_path: Path) -> None:
    # Cluster 1's row pasted twice: 5 + 5 service users are counted, as the rows say.
    (tmp_path / "c.csv").write_text(HEADER + "1,5,420\n1,5,420\n", encoding="utf-8")
    note = _one(_notes(tmp_path / "c.csv", tmp_path), "repeats row")
    assert note.startswith("file 'c.csv': row 3 repeats row 2"), note  # was "sheet 'caseload'"


def test_a_header_with_an_invisible_character(tmp_path: Path) -> None:
    text = "clus\u200bter,service_users,cluster_days\n1,5,420\n"
    (tmp_path / "c.csv").write_text(text, encoding="utf-8")
    note = _one(_notes(tmp_path / "c.csv", tmp_path), "invisible characters")
    assert note.startswith("file 'c.csv', column A: header 'cluster'"), note


def test_a_total_row_in_a_folder_of_csvs(tmp_path: Path) -> None:
    # 5 + 3 = 8 service users and 420 + 252 = 672 days: the Total row agrees.
    folder = tmp_path / "book"
    folder.mkdir()
    text = HEADER + "1,5,420\n2,3,252\nTotal,8,672\n"
    (folder / "caseload.csv").write_text(text, encoding="utf-8")
    note = _one(_notes(folder, tmp_path), "a Total row")
    assert note.startswith("file 'book/caseload.csv', row 4: a Total row"), note


def test_a_copy_in_a_folder_of_csvs(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(HEADER + "1,5,420\n", encoding="utf-8")
    (folder / "caseload (2).csv").write_text(HEADER + "1,6,420\n", encoding="utf-8")
    note = _one(_notes(folder, tmp_path), "a copy")
    assert note == (
        "file 'caseload (2).csv' looks like a copy of file 'book/caseload.csv': only "
        "'caseload.csv' was read (rename the file you mean to 'caseload.csv')"
    )


def test_a_spreadsheet_still_names_its_sheets(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    row = {"cluster": 1, "service_users": 5, "cluster_days": 420}
    book = tmp_workbook({"caseload": [row, row], "caseload (2)": [row]})
    notes = _notes(book, tmp_path)
    assert _one(notes, "repeats row").startswith("sheet 'caseload': row 3 repeats row 2")
    assert _one(notes, "a copy") == (
        "sheet 'caseload (2)' looks like a copy of sheet 'caseload': only 'caseload' was "
        "read (rename the sheet you mean to 'caseload')"
    )


def test_one_rule_for_problems_and_notes() -> None:
    csv = SheetName("caseload", file="c.csv")
    assert place(csv, row=3) == Problem("x", sheet=csv, row=3).location() == "file 'c.csv', row 3"
    assert place("caseload", row=3) == "sheet 'caseload', row 3"
    # A sheet name that knows its file keeps it through a copy to another process.
    named = pickle.loads(pickle.dumps(SheetName("ratings", {"5": "HoNOS 05"}, "r.csv")))
    assert (named.file, named.headers) == ("r.csv", {"5": "HoNOS 05"})
