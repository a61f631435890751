"""One rule for what a single CSV or Parquet table is: a caseload, patient rows or ratings.

Every command (and ``pbrkit validate``) asks this module, so a file is never a
caseload to one command and patient rows to another. The rule looks at the header
row only (never the data: a column of cluster codes 1-13 is not a row of MHCT item
headers):

1. **ratings** when the header names at least 13 of the 18 MHCT scales (1-13, A-E);
2. **patient rows** when it has a patient ID column and a cluster column, and no
   count of people (``service_users``);
3. otherwise a **caseload** (one row per cluster, or per team and cluster).

The choice is recorded for the run's reports (:func:`pbrkit.io.columns.record_read_as`).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Final

import pandas as pd

from pbrkit.errors import TABLE_SUFFIXES, Problem
from pbrkit.io import sheets
from pbrkit.io.columns import current_map, record_read_as
from pbrkit.io.headers import normalise_header
from pbrkit.io.ratings import ITEMS, item_name
from pbrkit.io.schema import HEADER_SEARCH_ROWS, SheetSpec
from pbrkit.io.workbook import RawSheet, Workbook

#: Item headers that make a table a ratings extract (as many as 5 may be missing).
RATINGS_ITEMS: Final = len(ITEMS) - 5


class TableKind(Enum):
    """What a single table holds."""

    CASELOAD = "a caseload (one row per cluster)"
    PATIENTS = "patient rows (one row per patient)"
    RATINGS = "MHCT ratings (one row per patient)"


def _names(spec: SheetSpec, column: str) -> frozenset[str]:
    found = next(c for c in spec.columns if c.name == column)
    return frozenset(normalise_header(n) for n in (found.name, *found.aliases))


_ID: Final = _names(sheets.PATIENTS, "patient_id") | {
    "clientid",
    "personid",
    "pseudoid",
}
_CLUSTER: Final = _names(sheets.PATIENTS, "cluster") | _names(sheets.CASELOAD, "cluster")
_PEOPLE: Final = _names(sheets.CASELOAD, "service_users")


def is_single_table(path: Path) -> bool:
    """A lone .csv or .parquet file (not a workbook or a folder of CSVs)."""
    return path.is_file() and path.suffix.lower() in TABLE_SUFFIXES


def header_labels(raw: RawSheet) -> list[str]:
    """The header row: the first of the top rows naming a cluster or patient ID column
    (a title block may sit above it); the first non-blank row when none does."""
    if raw.has_header:
        return [str(c) for c in raw.grid.columns]
    first: list[str] | None = None
    for i in range(min(HEADER_SEARCH_ROWS, len(raw.grid))):
        cells = [str(v) for v in raw.grid.iloc[i].tolist() if pd.notna(v) and str(v).strip()]
        if not cells:
            continue
        first = first if first is not None else cells
        keys = {_mapped(c, raw.name) for c in cells}
        if keys & (_ID | _CLUSTER | _PEOPLE):
            return cells
    return first or []


def _mapped(label: str, sheet: str) -> str:
    """A header's key, or the key of the column --columns maps it to."""
    key = normalise_header(label)
    for name in (sheet, "ratings", "patients", "caseload"):
        target = current_map(name).get(key)
        if target is not None:
            return normalise_header(target)
    return key


def classify(labels: list[str], sheet: str = "") -> TableKind:
    """The rule above, applied to a header row."""
    if sum(item_name(label) is not None for label in labels) >= RATINGS_ITEMS:
        return TableKind.RATINGS
    keys = {_mapped(label, sheet) for label in labels}
    if keys & _ID and keys & _CLUSTER and not keys & _PEOPLE:
        return TableKind.PATIENTS
    return TableKind.CASELOAD


def single_table_kind(path: Path, workbook: Workbook) -> TableKind:
    """What the single table ``path`` is; recorded for the run's reports.

    A Parquet file's header is its schema (read without loading the rows).
    """
    labels: list[str] | None = None
    sheet = workbook.sheet_names[0] if workbook.sheet_names else ""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            labels = list(pq.read_schema(path).names)
        except Exception:  # a damaged file: the sheet reader reports it properly
            labels = None
    if labels is None:
        raw = workbook.sheet(sheet)
        labels = header_labels(raw) if raw is not None else []
    kind = classify(labels, sheet)
    record_read_as(f"{path.name}: {kind.value}")
    return kind


def why_caseload(raw: RawSheet | None) -> Problem | None:
    """Why a lone table that could not be read as a caseload was read as one (rule 3
    above), when its header looks like another kind: MHCT items but too few for
    ratings (rule 1), or a patient ID but no cluster column (rule 2). None otherwise
    (the caseload's own problems say all there is to say)."""
    if raw is None:
        return None
    labels = header_labels(raw)
    found = {item_name(label) for label in labels}
    items = [item for item in ITEMS if item in found]
    if items:
        return Problem(
            f"read as a caseload (one row per cluster), as its header names {len(items)} "
            f"of the {len(ITEMS)} MHCT items ({', '.join(items)}) and a table is read as "
            f"MHCT ratings only when it names at least {RATINGS_ITEMS}",
            sheet=raw.name,
            fix="for MHCT ratings, head the item columns 1-13 and A-E (e.g. 'HoNOS 1', "
            "'item_01', 'SARN A') and run `pbrkit cluster`; for a caseload, give the "
            "columns the problems above name",
        )
    keys = {label: _mapped(label, raw.name) for label in labels}
    ids = [label for label, key in keys.items() if key in _ID]
    if ids and not set(keys.values()) & (_CLUSTER | _PEOPLE):
        return Problem(
            f"read as a caseload (one row per cluster), as it has a patient ID column "
            f"('{ids[0]}') but no cluster column, which patient rows need",
            sheet=raw.name,
            fix="for patient rows, add a column headed 'cluster' (the patient's cluster); "
            "for a caseload, give the columns the problems above name",
        )
    return None
