"""Write an import as a pbrkit input workbook: caseload, patients, ratings, data_quality,
year, About.

The workbook is what ``pbrkit cost``, ``cluster`` and ``tender`` read; the About sheet
says where every figure came from (files and their sha256) and which rules made it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter

from pbrkit import __version__
from pbrkit.io.sheets import YEAR
from pbrkit.mhsds.importer import MhsdsImport
from pbrkit.mhsds.periods import mhsds_codes, unused_note
from pbrkit.mhsds.year import from_day_number, month_name


def codes_rule() -> str:
    """The rule on cluster codes, from the reference set (care clusters: 00-21 but 09)."""
    low, high, unused = mhsds_codes()
    left_out = ", ".join(f"{k:02d} ('{unused_note()}')" for k in unused)
    return (
        f"Cluster codes {low:02d}-{high:02d}, padded or not ('3' = '03'); {left_out} and anything "
        "else are left out. Dates are yyyy-mm-dd or dd/mm/yyyy (day first; a time after "
        "either is ignored). A blank cell or the text NULL is missing."
    )


#: The rules, as the About sheet states them (docs/methodology.md, "Importing MHSDS extracts").
RULES = (
    "Files are matched to MHS803CareCluster, MHS801ClusterTool, MHS802ClusterAssess and "
    "MHS501HospProvSpell by the table name in the file name; identifiers, codes and dates are "
    "read as text; OrgIDProv in capitals, as ODS codes are written (rxx is RXX).",
    "Repeated submissions: one row per UniqClustID (per UniqHospProvSpellID, or "
    "UniqHospProvSpellNum, for spells; per UniqClustID and CodedAssToolType for rated items): "
    "the row from the latest UniqMonthID, then the latest UniqSubmissionID, then the highest "
    "row id (MHS803UniqID, ...). Rows of every month in the folder take part, also months after "
    "the year. The latest row decides: if it is invalid it is left out, never replaced by an "
    "older one.",
    "The person is Person_ID, else LocalPatientId (written local:ORG:ID, so the two id spaces "
    "never mix). MHS803 rows without either take LocalPatientId from the MHS801 row with the "
    "same UniqClustID.",
    "{codes_rule}",
    "Days in the year = min(End, 1 April after the year) - max(Start, 1 April), End exclusive, "
    "a blank End counting as open (NHS Digital's ClusterDaysRP rule over a year). Periods with "
    "no day in the year are left out.",
    "Overlapping periods of one person at one provider (sharing a day in the year): the period "
    "that starts first is kept (ties: the lower UniqClustID, its digits compared as numbers: "
    "RXX9 before RXX10), the later one left out. A person in one cluster at two providers at "
    "once (not an overlap): each day in the cluster counted once, so a person's days in a "
    "cluster never exceed the year's; each period is an episode, but never more episodes than "
    "days.",
    "caseload per cluster: service_users = distinct people with a day in the cluster (a person "
    "in two clusters counts in both); cluster_days = sum of the people's days in the cluster; "
    "episodes = periods; admitted_days = the people's days in the cluster inside their "
    "hospital spells (admission to discharge, discharge exclusive, open = to the year end; "
    "overlapping spells count each day once). Spells are matched to periods by person.",
    "patients: one row per person and cluster (days, episodes = periods, admitted_days). "
    "ratings: per person, the latest assessment (AssToolCompDate) in the year (ties: the "
    "higher UniqClustID, its digits compared as numbers: RXX10 after RXX9), its items "
    "mapped from SNOMED CT ids, scores '0'-'4' or '00'-'04' (an item given two different "
    "scores through two ids is blank, not known), "
    "and the clinician's cluster from the kept period with the same UniqClustID (if it was "
    "left out: the person's kept period at the same provider holding the assessment date; "
    "none: blank), so ratings and patients agree, with the person's days and admitted_days "
    "in that cluster as on the patients sheet.",
)


def write_import_workbook(result: MhsdsImport, path: Path) -> None:
    """Write ``result`` to ``path`` (.xlsx), streaming rows (constant memory)."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    try:
        _sheet(book, "caseload", result.caseload)
        _sheet(book, "patients", result.patients)
        if result.ratings is not None and not result.ratings.empty:
            _sheet(book, "ratings", result.ratings)
        _sheet(book, "data_quality", result.quality.frame())
        # The year counted, for cost and tender to label their years with (rev13: a
        # 2017/18 import was costed as 2024/25 without --first-year).
        year = YEAR.columns[0].name
        _sheet(book, YEAR.name, pd.DataFrame({year: [result.year.label]}, dtype=object))
        about = book.add_worksheet("About")
        about.set_column(0, 0, 28)
        about.set_column(1, 4, 16)
        rows = about_rows(result)
        for number, (label, text) in enumerate(rows):
            about.write_string(number, 0, label)
            about.write_string(number, 1, text)
        _rows(about, files_frame(result), start=len(rows) + 1)
    finally:
        book.close()


#: Column widths in characters: never narrower than a date or a 12-digit id, and wide
#: enough for every data_quality reason (the longest are about 110 characters). Text is
#: not wrapped: the workbook is written row by row, so row heights cannot follow a
#: wrapped cell, and LibreOffice then draws wrapped lines over the next row.
NARROWEST, WIDEST = 14, 120


def _sheet(book: xlsxwriter.Workbook, name: str, frame: pd.DataFrame) -> None:
    sheet = book.add_worksheet(name)
    # As wide as the longest cell, so a reason or an id is not cut off by the next,
    # non-empty column when the sheet is opened (rev13: all were 14 characters, and
    # "MHS803CareCluster" or "cluster 09 (should not be used)" could not be read).
    for col, column in enumerate(frame.columns):
        longest = max(len(str(column)), _longest_text(frame[column]))
        width = min(max(longest, NARROWEST), WIDEST)
        sheet.set_column(col, col, width)
    _rows(sheet, frame, start=0)


def _longest_text(column: pd.Series) -> int:
    """The most characters a cell of ``column`` has as written (numbers: their digits)."""
    if column.empty:
        return 0
    if pd.api.types.is_numeric_dtype(column.dtype):
        return max((len(str(v)) for v in (column.min(), column.max()) if pd.notna(v)), default=0)
    text = pa.array(column.astype(object).where(column.notna(), None), type=pa.string())
    return int(pc.max(pc.utf8_length(text)).as_py() or 0)


def _rows(sheet: Any, frame: pd.DataFrame, start: int) -> None:
    """Header and rows; blanks (NA) stay empty cells, numbers stay numbers."""
    sheet.write_row(start, 0, [str(c) for c in frame.columns])
    columns = [_cells(frame[c]) for c in frame.columns]
    for offset, row in enumerate(zip(*columns, strict=True), start=start + 1):
        for col, value in enumerate(row):
            if value is not None:
                sheet.write(offset, col, value)


def _cells(column: pd.Series) -> list[Any]:
    values = column.astype(object).where(column.notna(), None).tolist()
    return [v.item() if isinstance(v, np.generic) else v for v in values]


def about_rows(result: MhsdsImport) -> list[tuple[str, str]]:
    """The About sheet's top: what this workbook is and the rules that made it."""
    year = result.year
    unconfirmed = ", ".join(result.item_codes.unconfirmed_items()) or "none"
    months = sorted({m for f in result.files for m in f.months})
    covered = f"{month_name(months[0])} to {month_name(months[-1])}" if months else "none"
    rows: list[tuple[str, str]] = [
        ("pbrkit import of an MHSDS extract", ""),
        (
            "Financial year",
            f"{year.label}: {from_day_number(year.start):%d %B %Y} to "
            f"{from_day_number(year.end_exclusive - 1):%d %B %Y}",
        ),
        ("Provider", result.provider or "every provider in the extract"),
        ("Folder", str(result.folder)),
        ("Months covered", f"{covered} ({len(result.files)} files, listed below)"),
        ("Rows left out", f"{result.quality.total():,}: see the data_quality sheet"),
        ("Item codes", result.item_codes.source),
        (
            "Unconfirmed item mapping",
            f"items {unconfirmed}: which SNOMED CT id is which of these "
            "items is NOT confirmed from a primary source (assigned in numeric order); replace the "
            "mapping with --item-codes FILE"
            if unconfirmed != "none"
            else "none",
        ),
        ("Written by", f"pbrkit {__version__}"),
    ]
    rows += [("Warning", text) for text in result.warnings]
    codes = codes_rule()
    rows += [
        (f"Rule {n}", codes if text == "{codes_rule}" else text)
        for n, text in enumerate(RULES, start=1)
    ]
    return rows


def files_frame(result: MhsdsImport) -> pd.DataFrame:
    """One row per file read, with its sha256."""
    return pd.DataFrame(
        {
            "file": [f.path.name for f in result.files],
            "table": [f.table for f in result.files],
            "rows": [f.rows for f in result.files],
            "months": [", ".join(month_name(m) for m in f.months) for f in result.files],
            "sha256": [f.sha256 for f in result.files],
        }
    )
