"""write_patient_table: one sheet while the rows fit, Parquet or CSV (with a note) beyond."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from pbrkit.reports import patient_table
from pbrkit.reports.patient_table import write_patient_table


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "patient_id": ["000457", '=HYPERLINK("http://x")', "P3"],
            "cluster": [4, 11, 14],
            "cost": [1234.5, np.nan, 0.0],
            "team": ["North", None, "-2+3"],
            "detained": [True, False, True],
        }
    )


def test_rows_that_fit_go_to_one_sheet(tmp_path: Path) -> None:
    path = tmp_path / "patients.xlsx"
    written = write_patient_table(frame(), path)
    assert written.path == path and written.format == "xlsx" and written.note is None
    sheet = load_workbook(path)["Patients"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["patient_id", "cluster", "cost", "team", "detained"]
    # IDs keep leading zeros; text that looks like a formula stays text; blanks stay empty.
    assert rows[1] == ["000457", 4, 1234.5, "North", True]
    assert rows[2] == ['=HYPERLINK("http://x")', 11, None, None, False]
    assert rows[3] == ["P3", 14, 0, "-2+3", True]
    for row in sheet.iter_rows(min_row=2, max_col=1):
        assert row[0].data_type == "s"
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("fallback", ["parquet", "csv"])
def test_rows_beyond_a_sheet_go_elsewhere_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fallback: str
) -> None:
    monkeypatch.setattr(patient_table, "EXCEL_MAX_ROWS", 3)  # header + 2 rows
    path = tmp_path / "patients.xlsx"
    written = write_patient_table(frame(), path, fallback=fallback)  # type: ignore[arg-type]
    assert not path.exists()  # nothing half-written
    assert written.path == tmp_path / f"patients.{fallback}"
    assert written.format == fallback and written.rows == 3
    assert written.note is not None and "do not fit an Excel sheet" in written.note
    back = (
        pd.read_parquet(written.path)
        if fallback == "parquet"
        else pd.read_csv(written.path, dtype=str)
    )
    assert len(back) == 3
    assert back["patient_id"].iloc[0] == "000457"


def test_one_sheet_only_refuses_rows_beyond_a_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # header + 3 rows = 4 > 3: a caller without a fallback gets an error, not a sheet
    # cut short, and no file
    monkeypatch.setattr(patient_table, "EXCEL_MAX_ROWS", 3)
    path = tmp_path / "allocations.xlsx"
    with pytest.raises(ValueError, match="3 rows do not fit an Excel sheet"):
        patient_table.write_patient_sheet(frame(), path, "allocations")
    assert not path.exists()
    # header + 3 rows = 4 = the limit: written whole
    monkeypatch.setattr(patient_table, "EXCEL_MAX_ROWS", 4)
    patient_table.write_patient_sheet(frame(), path, "allocations")
    assert load_workbook(path)["allocations"].max_row == 4
