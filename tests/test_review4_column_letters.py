"""Column letters in messages are the sheet's own when the table does not start in A.

Found in review 4: the spreadsheet reader drops empty columns left of the first cell
in use, so a table starting in column B was read as if it started in A: two headers
both matching cluster_days, in D and E, were reported as "columns C ... and D ...", a
column holding values under no header in E was "column D", and an error value in a
ratings sheet starting in column C was placed two columns to the left.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.io.ratings import read_ratings
from pbrkit.reference import ReferenceSet
from test_review4_ods_time_cells import MANIFEST, content


def xlsx(
    path: Path, sheet: str, first_row: int, first_column: int, rows: list[list[object]]
) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    page = book.add_worksheet(sheet)
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row, start=first_column):
            if value is not None:
                page.write(r, c, value)
    book.close()
    return path


def test_two_matching_headers_are_named_by_their_own_letters(
    tmp_path: Path, ref: ReferenceSet
) -> None:
    rows = [
        ["cluster", "service_users", "cluster_days", "Cluster days (excl leave)"],
        [1, 120, 9600, 9000],
    ]
    path = xlsx(tmp_path / "b.xlsx", "caseload", 2, 1, rows)  # the table starts at B3
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    [problem] = caught.value.problems
    assert "columns D 'cluster_days' and E 'Cluster days (excl leave)'" in problem.message


def test_values_under_no_header_are_named_by_their_own_column(tmp_path: Path) -> None:
    rows = [["cluster", "service_users", "cluster_days", None], [1, 120, 9600, 9000]]
    path = xlsx(tmp_path / "b.xlsx", "caseload", 2, 1, rows)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    notes = [n["detail"] for n in json.loads((out / "summary.json").read_text())["notes"]]
    assert any(n.startswith("sheet 'caseload': column E holds values") for n in notes), notes


def test_a_ratings_cell_is_placed_in_its_own_column(tmp_path: Path) -> None:
    items = [str(i) for i in range(1, 14)] + list("ABCDE")
    rows = [["patient_id", *items, None], ["P1", *([1] * 18), "#N/A"]]
    path = xlsx(tmp_path / "c.xlsx", "ratings", 0, 2, rows)  # patient_id in C, items D-U
    with pytest.raises(InputError) as caught:
        read_ratings(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "V")]


def test_an_ods_table_starting_in_b_is_named_by_its_own_letters(
    tmp_path: Path, ref: ReferenceSet
) -> None:
    rows = [
        ["cluster", "service_users", "cluster_days", "Cluster days (excl leave)"],
        [1, 120, 9600, 9000],
    ]
    xml = content(rows).replace("<table:table-row>", "<table:table-row><table:table-cell/>")
    path = tmp_path / "b.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", xml)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    [problem] = caught.value.problems
    assert "columns D 'cluster_days' and E 'Cluster days (excl leave)'" in problem.message
