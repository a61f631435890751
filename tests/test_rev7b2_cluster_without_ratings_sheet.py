"""`pbrkit cluster` on a workbook with no ratings sheet says so, not "18 items missing"
(review 7b follow-up).

Found in review 7b: an MHSDS import given no MHS801/MHS802 files writes no ratings
sheet; `pbrkit cluster` on it fell back to the patients sheet and said "MHCT item
columns missing: 1, 2, ..., E", as if the sheet were a ratings sheet short of items.
A patients sheet holding no item column at all now reads as what it is: no ratings
sheet, and for an import's workbook (it has a data_quality sheet) how to get one.

The tests failed on the old code (the items-missing message).
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli


def _said(output: str) -> str:
    return " ".join(output.split())


def test_an_import_without_ratings_says_how_to_get_them(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2018_03.csv": [care()]})
    book = tmp_path / "trust.xlsx"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(book)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = runner.invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 2, result.output
    said = _said(result.output)
    assert "the workbook has no ratings sheet" in said
    assert "MHS801ClusterTool and MHS802ClusterAssess" in said
    assert "item columns missing" not in said
    assert not out.exists()


def test_a_patients_sheet_without_items_is_no_ratings_sheet(tmp_path: Path) -> None:
    book = tmp_path / "p.xlsx"
    workbook = xlsxwriter.Workbook(str(book))
    sheet = workbook.add_worksheet("patients")
    sheet.write_row(0, 0, ["patient_id", "cluster", "days"])
    sheet.write_row(1, 0, ["A1", 3, 100])
    workbook.close()
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    said = _said(result.output)
    assert "the workbook has no ratings sheet" in said
    assert "item columns missing" not in said
    assert "MHS801" not in said  # not an import's workbook
