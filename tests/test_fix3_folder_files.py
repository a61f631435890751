"""A folder of CSVs is told about its files, not sheets (fix3, item 3).

Found by running `pbrkit cost` and `pbrkit validate` on a folder holding 'Casload.csv'
and 'tariff.csv': "sheet 'caseload' is missing (sheets found: 'Casload', 'tariff').
Fix: rename sheet 'Casload' to 'caseload' ... or add a sheet named 'caseload'"; and on
one holding 'caseload.csv' and 'Case Load.csv': "sheets 'Case Load' and 'caseload' both
match 'caseload'". A folder has files: the messages now name them as the folder holds
them ('Casload.csv', "file 'caseload.csv' is missing from folder 'book1'"). A
workbook's wording is unchanged.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n1,5,420\n"


def _refused(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def test_a_missing_caseload_file(tmp_path: Path) -> None:
    folder = tmp_path / "book1"
    folder.mkdir()
    (folder / "Casload.csv").write_text(CASELOAD, encoding="utf-8")
    (folder / "tariff.csv").write_text("cluster,price,unit\n1,357,per_episode\n", "utf-8")
    for args in (["cost", str(folder), "--out", str(tmp_path / "o")], ["validate", str(folder)]):
        out = _refused(*args)
        assert (
            "Error: file 'caseload.csv' is missing from folder 'book1' (files found: "
            "'Casload.csv', 'tariff.csv'). Fix: rename file 'Casload.csv' to 'caseload.csv' "
            "if it holds people, cluster days and admitted days per cluster in the year (one "
            "row per team), else add a file 'caseload.csv' to the folder"
        ) in out  # fix10: one fix wording for every reader
        assert "sheet" not in out


def test_two_files_for_one_table(tmp_path: Path) -> None:
    folder = tmp_path / "book2"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    (folder / "Case Load.csv").write_text(CASELOAD, encoding="utf-8")
    out = _refused("cost", str(folder), "--out", str(tmp_path / "o"))
    assert "files 'Case Load.csv' and 'caseload.csv' both match 'caseload'" in out
    assert "sheet" not in out


def test_a_workbook_is_told_its_sheets(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook({"Casload": [{"cluster": 1, "service_users": 5, "cluster_days": 420}]})
    out = _refused("cost", str(book), "--out", str(tmp_path / "o"))
    assert "sheet 'caseload' is missing (sheets found: 'Casload')" in out
    assert "add a sheet named 'caseload'" in out
