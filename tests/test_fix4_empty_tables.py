"""A CSV with a header and no rows is told of its file, not a sheet (fix4, item 4).

Found running ``pbrkit validate`` on CSVs written for the purpose: a caseload CSV with
only its header row was told "file 'hdr.csv': the caseload sheet has no data rows", a
ratings CSV with only its 19 headers "the ratings sheet has no data rows", and a CSV of
patient rows (patient_id, cluster, cluster_days) was noted as "summed to 2 clusters (no
caseload sheet)". Each now says "file" for a CSV (errors.table_word), and the patient
note says what it means for any input: "(the input has patient rows and no caseload)".
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

ITEMS = [f"HoNOS {i}" for i in range(1, 13)] + ["item 13"] + [f"SARN {c}" for c in "ABCDE"]


def _run(path: Path, code: int) -> str:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_a_caseload_csv_without_rows(tmp_path: Path) -> None:
    path = tmp_path / "hdr.csv"
    path.write_text("cluster,service_users,cluster_days\n", encoding="utf-8")
    out = _run(path, 2)
    assert "file 'hdr.csv': the caseload file has no data rows" in out
    assert "sheet" not in out


def test_a_ratings_csv_without_rows(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(",".join(["patient_id", *ITEMS]) + "\n", encoding="utf-8")
    out = _run(path, 2)
    assert "file 'r.csv': the ratings file has no data rows" in out
    assert "sheet" not in out


def test_patient_rows_in_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "pat.csv"
    path.write_text("patient_id,cluster,cluster_days\nP1,3,100\nP2,4,200\n", encoding="utf-8")
    out = _run(path, 0)
    assert "2 patient rows summed to 2 clusters (the input has patient rows and no caseload)" in out
    assert "sheet" not in out


def test_a_workbook_still_says_sheet(tmp_workbook: WorkbookFactory) -> None:
    book = tmp_workbook(
        {"caseload": [{"cluster": None, "service_users": None, "cluster_days": None}]}
    )
    out = _run(book, 2)
    assert "the caseload sheet has no data rows" in out
