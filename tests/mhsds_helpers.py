"""Helpers for the MHSDS import tests: write tiny extracts as CSV files."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from pbrkit.mhsds import import_mhsds
from pbrkit.mhsds.importer import MhsdsImport
from pbrkit.mhsds.year import FinancialYear

Y2017 = FinancialYear(2017)

#: Defaults for an MHS803 row; tests override what they are about.
CARE = {
    "UniqMonthID": "1416",
    "UniqSubmissionID": "200",
    "OrgIDProv": "RXX",
    "Person_ID": "P1",
    "UniqClustID": "RXX1",
    "AMHCareClustCodeFin": "03",
    "StartDateCareClust": "2017-04-01",
    "EndDateCareClust": "",
    "MHS803UniqID": "1",
}
SPELL = {
    "UniqMonthID": "1416",
    "UniqSubmissionID": "200",
    "OrgIDProv": "RXX",
    "Person_ID": "P1",
    "UniqHospProvSpellID": "S1",
    "StartDateHospProvSpell": "2017-04-01",
    "DischDateHospProvSpell": "",
}


def write_csv(path: Path, rows: Sequence[Mapping[str, str]]) -> Path:
    """Rows as a CSV file (header from the first row's keys, in order)."""
    header: list[str] = []
    for row in rows:
        header += [k for k in row if k not in header]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})
    return path


def care(**values: str) -> dict[str, str]:
    """An MHS803 row: the defaults with ``values`` changed."""
    return {**CARE, **values}


def spell(**values: str) -> dict[str, str]:
    """An MHS501 row: the defaults with ``values`` changed."""
    return {**SPELL, **values}


def extract(folder: Path, files: Mapping[str, Sequence[Mapping[str, str]]]) -> Path:
    """Write ``{file name: rows}`` into ``folder``; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        write_csv(folder / name, rows)
    return folder


def run(
    folder: Path, files: Mapping[str, Sequence[Mapping[str, str]]], **options: object
) -> MhsdsImport:
    """Write an extract and import it for 2017/18."""
    return import_mhsds(extract(folder, files), Y2017, **options)  # type: ignore[arg-type]


def caseload_of(result: MhsdsImport) -> dict[int, tuple[int, int, int, int]]:
    """cluster → (service_users, cluster_days, episodes, admitted_days)."""
    frame = result.caseload
    return {
        int(row.cluster): (
            int(row.service_users),
            int(row.cluster_days),
            int(row.episodes),
            int(row.admitted_days),
        )
        for row in frame.itertuples()
    }


def reasons(result: MhsdsImport) -> dict[str, int]:
    """Reason → rows, over every table."""
    out: dict[str, int] = {}
    for entry in result.quality.entries:
        out[entry.reason] = out.get(entry.reason, 0) + entry.rows
    return out
