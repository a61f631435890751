"""A file whose name says one format and whose bytes another is named for what it is.

Found in review 4: an .ods saved with an .xlsx name gave "could not be opened as a
spreadsheet (calamine error: Xlsx error: File not found '_rels/.rels')", an .xlsx
named .ods "Ods error: 'mimetype' file not found in archive", and a Parquet file
named .csv "no header row found ... put the column names in the first row" (its
bytes decoded as text). Each now says what the file is and which name to give it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from click.testing import CliRunner

from pbrkit.cli import cli
from test_review4_ods_time_cells import ods

ROWS = [["cluster", "service_users", "cluster_days"], [1, 120, 9600], [3, 200, 34000]]


def xlsx(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("caseload")
    for r, row in enumerate(ROWS):
        sheet.write_row(r, 0, row)
    book.close()
    return path


def parquet(path: Path) -> Path:
    pd.DataFrame(ROWS[1:], columns=ROWS[0]).to_parquet(path)
    return path


def refusal(path: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists()
    return result.output


@pytest.mark.parametrize(
    ("make", "name", "said"),
    [
        (lambda p: ods(p, ROWS), "book.xlsx", "is an OpenDocument spreadsheet (.ods)"),
        (xlsx, "book.ods", "is an Excel workbook (.xlsx)"),
        (parquet, "table.csv", "is a Parquet file"),
        (xlsx, "table.csv", "is a spreadsheet (.xlsx or .ods)"),
        (xlsx, "table.parquet", "is a spreadsheet (.xlsx or .ods), not Parquet"),
        (lambda p: p.write_text("cluster,service_users\n") and p, "t.parquet", "is text"),
    ],
)
def test_a_renamed_file_is_named_for_what_it_is(
    tmp_path: Path, make: object, name: str, said: str
) -> None:
    assert callable(make)
    made = make(tmp_path / ("made" + Path(name).suffix.replace(".", "_")))
    path = tmp_path / name
    shutil.move(made, path)
    output = refusal(path, tmp_path)
    assert f"'{name}' {said}" in output, output
    assert "calamine error" not in output and "no header row" not in output


def test_a_true_file_is_still_read(tmp_path: Path) -> None:
    for path in (xlsx(tmp_path / "a.xlsx"), parquet(tmp_path / "a.parquet")):
        out = tmp_path / path.suffix.lstrip(".")
        result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
        assert result.exit_code == 0, result.output
