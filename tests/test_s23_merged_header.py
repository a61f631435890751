"""A header merged across columns names the column it left blank (qa22, session 23).

A header cell merged over B1:C1 keeps its text in B1 only, so column C holds values
under no header. Before, the message said only "required column 'cluster_days' is
missing ... add a column headed 'cluster_days'", though the column is there, in C:
the fix now names C and the merge, so the analyst unmerges rather than adds a copy.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def _run(book: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out)])
    return result.exit_code, result.output


def test_a_header_merged_across_two_columns_names_the_blank_one(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "caseload"
    sheet.append(["cluster", "service_users", "cluster_days"])
    sheet.append([4, 10, 3000])
    sheet.merge_cells("B1:C1")  # C1's 'cluster_days' is dropped by the merge
    book.save(tmp_path / "merged.xlsx")
    code, output = _run(tmp_path / "merged.xlsx", tmp_path / "out")
    assert code == 2, output
    assert "required column 'cluster_days' is missing" in output
    assert "column C has values but no header" in output
    assert "unmerge the header and head it 'cluster_days'" in output
    assert not (tmp_path / "out").exists()


def test_two_blank_headers_are_both_named_and_one_problem_each(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "caseload.csv").write_text("cluster,,\n4,10,3000\n5,20,6000\n")
    code, output = _run(folder, tmp_path / "out")
    assert code == 2, output
    for column in ("service_users", "cluster_days"):
        assert f"required column '{column}' is missing" in output
        assert f"if one holds {column}, unmerge the header and head that one '{column}'" in output
    assert output.count("columns B and C have values but no header") == 2
    assert not (tmp_path / "out").exists()


def test_a_blank_header_over_an_empty_column_keeps_the_plain_fix(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "caseload.csv").write_text("cluster,service_users,\n4,10,\n")
    code, output = _run(folder, tmp_path / "out")
    assert code == 2, output
    assert "Fix: add a column headed 'cluster_days'" in output
    assert "no header" not in output
