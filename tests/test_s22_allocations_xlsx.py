"""``pbrkit cluster --format xlsx``: the allocations as one spreadsheet, refused when
the patients do not fit one sheet (before any work, nothing written)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.workflows import cluster as cluster_workflow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ratings.xlsx"
#: IDs a CSV would alter (leading ', lost zeros in a spreadsheet) or a sheet could run.
AWKWARD_IDS = ["007", '=HYPERLINK("http://x","y")', "-123", "+44", "@SUM(A1)"]


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def sheet_rows(path: Path) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(book["allocations"].iter_rows(values_only=True))
    finally:
        book.close()


def small_ratings(tmp_path: Path, ids: list[str]) -> Path:
    """The example's first len(ids) patients under the given IDs, as a CSV."""
    frame = pd.read_excel(EXAMPLE, sheet_name="ratings", dtype=str, engine="openpyxl")
    frame = frame.head(len(ids)).copy()
    frame["patient_id"] = ids
    path = tmp_path / "ratings.csv"
    frame.to_csv(path, index=False)
    return path


def test_xlsx_holds_the_parquet_table_cell_for_cell(tmp_path: Path) -> None:
    parquet_out, xlsx_out = tmp_path / "p", tmp_path / "x"
    assert invoke("cluster", EXAMPLE, "--format", "parquet", "--out", parquet_out).exit_code == 0
    result = invoke("cluster", EXAMPLE, "--format", "xlsx", "--out", xlsx_out)
    assert result.exit_code == 0, result.stderr
    assert not (xlsx_out / "allocations.csv").exists()
    expected = pd.read_parquet(parquet_out / "allocations.parquet")
    header, *rows = sheet_rows(xlsx_out / "allocations.xlsx")
    assert list(header) == list(expected.columns)
    assert len(rows) == len(expected) == 2000
    for col, name in enumerate(expected.columns):
        want = [None if pd.isna(v) else v for v in expected[name].tolist()]
        got = [row[col] for row in rows]
        assert got == want, name


def test_awkward_ids_stay_text_exactly_as_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ratings = small_ratings(tmp_path, AWKWARD_IDS)
    result = invoke("cluster", ratings, "--format", "xlsx", "--out", out)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out / "allocations.xlsx")  # not read-only: cell types
    sheet = book["allocations"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(AWKWARD_IDS))]
    assert sorted(c.value for c in cells) == sorted(AWKWARD_IDS)
    assert {c.data_type for c in cells} == {"s"}  # text, never a formula ("f")


@pytest.mark.parametrize(("sheet_rows_limit", "fits"), [(6, True), (5, False)])
def test_a_sheet_holds_the_header_and_every_patient_or_nothing_is_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sheet_rows_limit: int, fits: bool
) -> None:
    # 5 patients + 1 header row = 6 rows: a 6-row sheet holds them, a 5-row one does not.
    monkeypatch.setattr(cluster_workflow, "EXCEL_MAX_ROWS", sheet_rows_limit)
    ratings = small_ratings(tmp_path, [f"P{i}" for i in range(5)])
    out = tmp_path / "out"
    result = invoke("cluster", ratings, "--format", "xlsx", "--out", out)
    if fits:
        assert result.exit_code == 0, result.stderr
        assert len(sheet_rows(out / "allocations.xlsx")) == 6
        return
    assert result.exit_code == 2
    assert "5 patients do not fit one Excel sheet (4 rows below the header)" in result.stderr
    assert "--format parquet" in result.stderr
    assert not out.exists()


def test_publish_writes_no_allocations_and_force_removes_an_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert invoke("cluster", EXAMPLE, "--format", "xlsx", "--out", out).exit_code == 0
    assert (out / "allocations.xlsx").is_file()
    # Published, the sheet limit is not checked: no patient rows are written at all.
    monkeypatch.setattr(cluster_workflow, "EXCEL_MAX_ROWS", 2)
    result = invoke("cluster", EXAMPLE, "--format", "xlsx", "--publish", "--force", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "allocations.xlsx is not written (it holds patient IDs)" in result.stderr
    assert not (out / "allocations.xlsx").exists()
    assert (out / "report.xlsx").is_file()


def test_columns_are_wide_enough_to_read(tmp_path: Path) -> None:
    # Each column is as wide as its header + 3 (the filter button) or its longest cell
    # + 1, at most 60: 'patient_id' (10) → 13; a reason such as 'best score 35 for
    # cluster 5 (runner-up 4 at 33)' (47 characters) → 48; 'age' → 6.
    out = tmp_path / "out"
    assert invoke("cluster", EXAMPLE, "--format", "xlsx", "--out", out).exit_code == 0
    sheet = openpyxl.load_workbook(out / "allocations.xlsx")["allocations"]
    header = [c.value for c in sheet[1]]
    # XlsxWriter stores a width of n characters as n plus its padding (13 → 13.71).
    widths = {
        name: int(sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width)
        for i, name in enumerate(header)
    }
    longest_reason = max(len(c.value) for c in next(sheet.iter_cols(min_col=6, max_col=6))[1:1001])
    assert widths["patient_id"] == 13
    assert widths["reason"] == min(60, longest_reason + 1) > 40
    assert widths["age"] == 6
