"""Direct tests of ``pbrkit.mhsds.workbook`` (mutation round mutimp2).

A tiny import (two MHS803 files, April and May 2017) is written and read back cell by
cell: the sheets in order, numbers as numbers, blanks as empty cells, the About sheet's
every row and its table of files.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from mhsds_helpers import care, run
from pbrkit import __version__
from pbrkit.mhsds import workbook
from pbrkit.mhsds.importer import MISSING_MONTH_EFFECT, MhsdsImport

APRIL, MAY = "1405", "1406"  # UniqMonthID: April 2017 is 12 × (2017 − 1900) + 1 = 1405

CODES = (
    "Cluster codes 00-21, padded or not ('3' = '03'); 09 ('should not be used') and "
    "anything else are left out. Dates are yyyy-mm-dd or dd/mm/yyyy (day first; a time "
    "after either is ignored). A blank cell or the text NULL is missing."
)


@pytest.fixture
def result(tmp_path: Path) -> MhsdsImport:
    # April: P1 in cluster 03 from 1 April 2017, open: 365 days; P2 in cluster 09 (left
    # out: "should not be used"). May: P3 in cluster 11 from 1 May 2017 to 1 June 2017
    # (end exclusive): 31 days.
    april = [
        care(UniqMonthID=APRIL),
        care(UniqMonthID=APRIL, Person_ID="P2", UniqClustID="RXX2", AMHCareClustCodeFin="09"),
    ]
    may = [
        care(
            UniqMonthID=MAY,
            Person_ID="P3",
            UniqClustID="RXX3",
            AMHCareClustCodeFin="11",
            StartDateCareClust="2017-05-01",
            EndDateCareClust="2017-06-01",
        )
    ]
    files = {"MHS803CareCluster_2017_04.csv": april, "MHS803CareCluster_2017_05.csv": may}
    return run(tmp_path / "extract", files)


def test_the_codes_rule_is_the_reference_sets() -> None:
    assert workbook.codes_rule() == CODES


def test_about_rows_whole(result: MhsdsImport, tmp_path: Path) -> None:
    rows = workbook.about_rows(result)
    unconfirmed = ", ".join(result.item_codes.unconfirmed_items())
    assert unconfirmed  # the shipped mapping has unconfirmed items
    missing = "Jun 2017, Jul 2017, Aug 2017, Sep 2017, Oct 2017, Nov 2017, Dec 2017, " + (
        "Jan 2018, Feb 2018, Mar 2018"
    )
    assert rows[:10] == [
        ("pbrkit import of an MHSDS extract", ""),
        ("Financial year", "2017/18: 01 April 2017 to 31 March 2018"),
        ("Provider", "every provider in the extract"),
        ("Folder", str(tmp_path / "extract")),
        ("Months covered", "Apr 2017 to May 2017 (2 files, listed below)"),
        ("Rows left out", "1: see the data_quality sheet"),
        ("Item codes", result.item_codes.source),
        (
            "Unconfirmed item mapping",
            f"items {unconfirmed}: which SNOMED CT id is which of these items is NOT "
            "confirmed from a primary source (assigned in numeric order); replace the "
            "mapping with --item-codes FILE",
        ),
        ("Written by", f"pbrkit {__version__}"),
        (
            "Warning",
            f"no MHS803CareCluster submission for 10 month(s) of 2017/18: {missing}. "
            + MISSING_MONTH_EFFECT,
        ),
    ]
    rules = rows[10:]
    assert [label for label, _ in rules] == [f"Rule {n}" for n in range(1, 9)]
    assert [text for _, text in rules] == [
        CODES if text == "{codes_rule}" else text for text in workbook.RULES
    ]
    assert rules[3] == ("Rule 4", CODES)
    assert rules[0][1].startswith("Files are matched to MHS803CareCluster, MHS801ClusterTool")


def test_about_rows_of_a_provider_with_every_item_confirmed(result: MhsdsImport) -> None:
    confirmed = result.item_codes.frame.assign(status="confirmed")
    codes = dataclasses.replace(result.item_codes, frame=confirmed)
    chosen = dataclasses.replace(result, provider="RXX", item_codes=codes, warnings=())
    rows = dict(workbook.about_rows(chosen))
    assert rows["Provider"] == "RXX"
    assert rows["Unconfirmed item mapping"] == "none"
    assert "Warning" not in rows


def test_months_covered_run_from_the_first_to_the_last(result: MhsdsImport) -> None:
    # Three months in two files, out of order: April (1405) to June 2017 (1407).
    first = dataclasses.replace(result.files[0], months=(1406, 1405))
    second = dataclasses.replace(result.files[1], months=(1407,))
    rows = dict(workbook.about_rows(dataclasses.replace(result, files=(second, first))))
    assert rows["Months covered"] == "Apr 2017 to Jun 2017 (2 files, listed below)"


def test_the_codes_rule_lists_every_unused_code(monkeypatch: pytest.MonkeyPatch) -> None:
    # A reference set with two unused codes (the shipped one has only 09).
    monkeypatch.setattr(workbook, "mhsds_codes", lambda: (1, 12, [9, 10]))
    monkeypatch.setattr(workbook, "unused_note", lambda: "unused")
    assert workbook.codes_rule().startswith(
        "Cluster codes 01-12, padded or not ('3' = '03'); 09 ('unused'), 10 ('unused') and "
        "anything else are left out."
    )


def test_about_rows_with_no_month(result: MhsdsImport) -> None:
    files = tuple(dataclasses.replace(f, months=()) for f in result.files)
    rows = dict(workbook.about_rows(dataclasses.replace(result, files=files)))
    assert rows["Months covered"] == "none (2 files, listed below)"


def test_files_frame(result: MhsdsImport) -> None:
    frame = workbook.files_frame(result)
    folder = result.folder
    assert list(frame.columns) == ["file", "table", "rows", "months", "sha256"]
    assert frame.to_dict("list") == {
        "file": ["MHS803CareCluster_2017_04.csv", "MHS803CareCluster_2017_05.csv"],
        "table": ["MHS803CareCluster", "MHS803CareCluster"],
        "rows": [2, 1],
        "months": ["Apr 2017", "May 2017"],
        "sha256": [
            hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in ("MHS803CareCluster_2017_04.csv", "MHS803CareCluster_2017_05.csv")
        ],
    }
    two = dataclasses.replace(result.files[0], months=(1405, 1406))
    both = workbook.files_frame(dataclasses.replace(result, files=(two,)))
    assert both["months"].tolist() == ["Apr 2017, May 2017"]


def _values(sheet: object) -> list[tuple[object, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def test_the_workbook_read_back(result: MhsdsImport, tmp_path: Path) -> None:
    path = tmp_path / "import.xlsx"
    workbook.write_import_workbook(result, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["caseload", "patients", "data_quality", "year", "About"]
    caseload = _values(book["caseload"])
    assert caseload[0] == tuple(result.caseload.columns)
    # cluster 03: 1 person, 365 days, 1 period, 0 admitted; cluster 11: 31 days.
    rows = {row[0]: row for row in caseload[1:]}
    assert rows[3][1:] == (1, 365, 1, 0)
    assert rows[11][1:] == (1, 31, 1, 0)
    assert all(type(v) is int for row in caseload[1:] for v in row)
    patients = _values(book["patients"])
    assert patients[0] == tuple(result.patients.columns)
    assert len(patients) == 3
    quality = _values(book["data_quality"])
    assert quality[0] == tuple(result.quality.frame().columns)
    assert [v for v in quality[1] if v is not None] == [
        v for v in result.quality.frame().iloc[0].tolist() if v is not None and v != ""
    ]
    about = book["About"]
    top = workbook.about_rows(result)
    got = _values(about)
    assert got[: len(top)] == [(label, text, None, None, None) for label, text in top]
    assert got[len(top)] == (None,) * 5  # one empty row before the files
    assert got[len(top) + 1] == ("file", "table", "rows", "months", "sha256")
    files = workbook.files_frame(result)
    assert got[len(top) + 2 :] == [tuple(r) for r in files.itertuples(index=False)]
    assert round(about.column_dimensions["A"].width) == 29  # 28 characters, Excel's padding
    assert round(about.column_dimensions["B"].width) == 17
    assert round(book["caseload"].column_dimensions["A"].width) == 15


def test_ratings_are_written_only_when_there_are_some(result: MhsdsImport, tmp_path: Path) -> None:
    ratings = pd.DataFrame(
        {"patient_id": ["P1", "P2"], "score": pd.array([3, None], dtype="Int64")}
    )
    path = tmp_path / "with.xlsx"
    workbook.write_import_workbook(dataclasses.replace(result, ratings=ratings), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["caseload", "patients", "ratings", "data_quality", "year", "About"]
    # A blank (NA) stays an empty cell; 3 stays the number 3.
    assert _values(book["ratings"]) == [("patient_id", "score"), ("P1", 3), ("P2", None)]
    # Text that looks like a formula is written as text, never run by Excel.
    hostile = pd.DataFrame({"patient_id": ["=1+1", "@SUM(A1)"], "score": [1, 2]})
    workbook.write_import_workbook(dataclasses.replace(result, ratings=hostile), path)
    cells = openpyxl.load_workbook(path)["ratings"]
    assert [(c.value, c.data_type) for c in cells["A"][1:]] == [("=1+1", "s"), ("@SUM(A1)", "s")]
    empty = dataclasses.replace(result, ratings=ratings.iloc[:0])
    workbook.write_import_workbook(empty, tmp_path / "empty.xlsx")
    assert "ratings" not in openpyxl.load_workbook(tmp_path / "empty.xlsx").sheetnames


def test_cells_are_python_values_and_blanks_none() -> None:
    column = pd.Series([np.int64(3), np.float64(2.5), np.nan, None], dtype=object)
    cells = workbook._cells(column)
    assert cells == [3, 2.5, None, None]
    assert [type(c) for c in cells] == [int, float, type(None), type(None)]
    text = pd.Series(["a", pd.NA], dtype=pd.StringDtype("pyarrow"))
    assert workbook._cells(text) == ["a", None]


def test_every_column_is_wide_enough_to_read(result: MhsdsImport, tmp_path: Path) -> None:
    # rev13: every column was 14 characters wide, so on the data_quality sheet the
    # table ("MHS803CareCluster", 17 characters) and the reason ("cluster 09 (should
    # not be used)", 31) were cut off by the next, non-empty column when opened in Excel
    # or LibreOffice: the sheet that says why rows were left out could not be read.
    # Now a column is as wide as its longest cell (at least 14, at most 120
    # characters), plus Excel's padding; nothing wraps (rows written one by one cannot
    # grow to fit, and LibreOffice drew wrapped lines over the next row).
    path = tmp_path / "import.xlsx"
    workbook.write_import_workbook(result, path)
    book = openpyxl.load_workbook(path)
    quality = book["data_quality"]
    header = [c.value for c in quality[1]]
    for letter, name in zip("ABCDEF", header, strict=False):
        cells = [str(c.value) for c in quality[letter] if c.value is not None]
        longest = max(len(text) for text in cells)
        width = quality.column_dimensions[letter].width
        assert width >= min(longest, 120), (name, longest, width)
        assert width <= 121, (name, width)
        assert not any(c.alignment.wrap_text for c in quality[letter]), name
    table = quality.column_dimensions["A"].width
    assert round(table) == len("MHS803CareCluster") + 1
