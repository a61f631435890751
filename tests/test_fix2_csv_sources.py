"""Where a table was read, for a CSV input, is its file, not a sheet (fix2, item 2's
follow-up).

Found after the messages were fixed: `pbrkit validate c9.csv` still said "caseload: 3
rows (sheet 'caseload' of c9.csv)", and report.xlsx's Assumptions "Source of caseload:
sheet 'caseload' of c9.csv", naming a sheet the file does not have. A CSV or Parquet
table's source is now its file ("file 'c9.csv'"; in a folder of CSVs "file
'book/caseload.csv'"); a spreadsheet's stays "sheet 'caseload' of trust.xlsx".
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n1,100,20000\n"


def test_validate_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "c9.csv").write_text(CASELOAD, encoding="utf-8")
    done = CliRunner().invoke(cli, ["validate", str(tmp_path / "c9.csv")])
    assert done.exit_code == 0, done.output
    assert "    caseload: 1 row (file 'c9.csv')\n" in done.output


def test_the_report_names_each_file_of_a_folder(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (book / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    (book / "unit_costs.csv").write_text(
        (Path(__file__).resolve().parents[1] / "tariffs" / "illustrative-2014-15"
         / "unit_costs.csv").read_text(encoding="utf-8"), encoding="utf-8",
    )  # fmt: skip
    done = CliRunner().invoke(cli, ["cost", str(book), "--out", str(tmp_path / "o")])
    assert done.exit_code == 0, done.output
    sheet = openpyxl.load_workbook(tmp_path / "o" / "report.xlsx")["Assumptions"]
    sources = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert sources["Source of caseload"] == "file 'book/caseload.csv'"
    assert sources["Source of unit_costs"] == "file 'book/unit_costs.csv'"


def test_a_workbook_still_names_its_sheet(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    done = CliRunner().invoke(cli, ["validate", str(root / "examples" / "clusters.xlsx")])
    assert "(sheet 'caseload' of clusters.xlsx)" in done.output
