"""The whole import: folder → checked, de-duplicated records → the workbook's sheets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from pbrkit.errors import InputError, Problem
from pbrkit.mhsds import clinician, items, periods
from pbrkit.mhsds.clean import KEY, column, deduplicate, month_first_example, whole_numbers
from pbrkit.mhsds.columns import (
    CARE_CLUSTER,
    CLUSTER_ASSESS,
    CLUSTER_TOOL,
    HOSPITAL_SPELL,
    REQUIRED,
    ROW_ID,
    TABLES,
    load_column_map,
)
from pbrkit.mhsds.quality import QualityLog
from pbrkit.mhsds.read import Extract, SourceFile, read_extract
from pbrkit.mhsds.year import FinancialYear, month_id, month_name

#: UniqMonthID of April 2024, the first MHSDS v6.0 month: MHS801-MHS804 were retired.
FIRST_V6_MONTH = month_id(2024, 4)


@dataclass(frozen=True)
class MhsdsImport:
    """What one import produced: the sheets to write and everything said about them."""

    folder: Path
    year: FinancialYear
    provider: str | None
    caseload: pd.DataFrame
    patients: pd.DataFrame
    ratings: pd.DataFrame | None
    quality: QualityLog
    files: tuple[SourceFile, ...]
    item_codes: items.ItemCodes
    warnings: tuple[str, ...]

    def summary(self) -> dict[str, Any]:
        """Headline figures, for the command line and ``--json``."""
        return {
            "year": self.year.label,
            "provider": self.provider,
            "files": len(self.files),
            "people": int(self.patients["patient_id"].nunique()),
            # A person in two clusters in the year is in two caseload rows: this is the
            # figure `pbrkit cost` reports as service users (methodology §9).
            "service_users": int(self.caseload["service_users"].sum()),
            "cluster_days": int(self.caseload["cluster_days"].sum()),
            "episodes": int(self.caseload["episodes"].sum()),
            "admitted_days": int(self.caseload["admitted_days"].sum()),
            "rated_people": 0 if self.ratings is None else len(self.ratings),
            "rows_left_out": self.quality.total(),
            "warnings": list(self.warnings),
        }


def import_mhsds(
    folder: Path,
    year: FinancialYear,
    *,
    provider: str | None = None,
    item_codes: Path | None = None,
    columns: Path | None = None,
) -> MhsdsImport:
    """Read the MHSDS files in ``folder`` and build the sheets for ``year``.

    Raises:
        InputError: no MHS803 file, a required column missing, a bad ``--columns`` or
            item-codes file, no MHS803 submission in any month of ``year``, or no
            usable cluster period left (exit 2).
    """
    mapping = load_column_map(columns) if columns else {}
    codes = items.load_item_codes(item_codes)
    extract = read_extract(folder, mapping)
    _refuse_year_without_submissions(extract.files, year)
    _refuse_unknown_provider(extract.tables[CARE_CLUSTER], provider)
    log = QualityLog()
    tables = {
        name: _deduplicated(name, frame, provider, log) for name, frame in extract.tables.items()
    }
    care, tool = tables[CARE_CLUSTER], tables.get(CLUSTER_TOOL)
    care = _local_ids_from_tool(care, tool)
    found = periods.cluster_periods(care, year, log)
    runs = (
        periods.hospital_days(tables[HOSPITAL_SPELL], year, log)
        if HOSPITAL_SPELL in tables
        else pd.DataFrame(columns=["_person", "start", "end"])
    )
    if found.empty:
        raise InputError(
            _nothing_left(log, year), hint="see the reasons above; nothing was written"
        )
    patients = periods.patients(found, runs)
    ratings = None
    if tool is not None and CLUSTER_ASSESS in tables:
        assess = tables[CLUSTER_ASSESS]
        chosen = items.latest_assessments(tool, year, log)
        scores = items.item_scores(assess, codes, log)
        clusters = clinician.clinician_clusters(chosen, tool, found, log)
        sheet = items.ratings_sheet(chosen, scores, clusters, assess, log)
        ratings = clinician.with_days(sheet, patients)
    return MhsdsImport(
        folder=folder,
        year=year,
        provider=provider,
        caseload=periods.caseload(patients),
        patients=patients,
        ratings=ratings,
        quality=log,
        files=extract.files,
        item_codes=codes,
        warnings=_all_warnings(extract, year),
    )


def _refuse_year_without_submissions(files: tuple[SourceFile, ...], year: FinancialYear) -> None:
    """No month of ``year`` has an MHS803 submission: every period in it would be one
    left open in another year's submission and carried on (examples/mhsds at 2030/31:
    184 people, 67,160 days, all guesses), so the year is refused, naming the years
    the files cover (round 11 wrote the workbook with a warning)."""
    first, last = year.month_ids
    months = {m for f in files if f.table == CARE_CLUSTER for m in f.months}
    if any(first <= m <= last for m in months):
        return
    # A UniqMonthID's financial year: April (id 12 × (y − 1900) + 1) starts year y.
    per_year = Counter(FinancialYear(1900 + (m - 1) // 12).label for m in months)
    covered = ", ".join(f"{y} ({n} month{'s' * (n != 1)})" for y, n in sorted(per_year.items()))
    fullest = max(sorted(per_year), key=per_year.__getitem__, default=None)
    # Files with a header and no row cover no month: no --year would help (rev13: it
    # said "give --year YYYY/YY (the year the files cover most)").
    instead = f"give --year {fullest} (the year the files cover most), or " if fullest else ""
    raise InputError(
        Problem(
            f"no {CARE_CLUSTER} submission for any month of {year.label}: nothing in the "
            f"extract says who was in which cluster then (its {CARE_CLUSTER} files "
            f"{f'cover {covered}' if covered else 'hold no rows'})",
            fix=f"{instead}add {year.label}'s {CARE_CLUSTER} files",
        ),
        hint="nothing was written",
    )


#: Provider codes a --provider that matches none lists, before "and N more".
_PROVIDERS_SHOWN: Final = 20


def _refuse_unknown_provider(care: pd.DataFrame, provider: str | None) -> None:
    """``--provider`` that matches no MHS803 row would leave every row out, and the run
    would stop on "no usable cluster period" with a left-out count per table: one
    problem instead, with the codes the extract does hold (review3 found them unsaid).
    Matched as :func:`_deduplicated` matches: stripped, in any capitals."""
    if provider is None or "OrgIDProv" not in care.columns:
        return  # no option, or no column: _deduplicated names the missing column
    held = care["OrgIDProv"].dropna().astype(str).str.strip()
    if held.str.upper().eq(provider.strip().upper()).any():
        return
    codes = sorted({code for code in held if code})
    shown = ", ".join(codes[:_PROVIDERS_SHOWN])
    if len(codes) > _PROVIDERS_SHOWN:
        shown += f" and {len(codes) - _PROVIDERS_SHOWN} more"
    raise InputError(
        Problem(
            f"--provider {provider} matches no row of the {CARE_CLUSTER} files "
            f"(column OrgIDProv holds {shown or 'no code'})",
            fix="give one of these codes to --provider, or leave --provider out to import "
            "every provider",
        ),
        hint="nothing was written",
    )


def _deduplicated(
    table: str, frame: pd.DataFrame, provider: str | None, log: QualityLog
) -> pd.DataFrame:
    frame = _provider_codes(frame)
    if provider is not None:
        if "OrgIDProv" not in frame.columns:
            raise InputError(Problem(f"--provider needs column 'OrgIDProv' in the {table} files"))
        other = frame["OrgIDProv"].ne(provider.strip().upper()).fillna(True)
        frame = log.leave_out(table, f"another provider (--provider {provider})", frame, other)
    if table == HOSPITAL_SPELL:
        built = column(frame, "OrgIDProv").fillna("") + column(frame, "HospProvSpellID")
        key = column(frame, "UniqHospProvSpellID").fillna(column(frame, "UniqHospProvSpellNum"))
        frame = frame.assign(**{KEY: key.fillna(built)})
    else:
        built = column(frame, "OrgIDProv").fillna("") + column(frame, "ClustId")
        frame = frame.assign(**{KEY: column(frame, "UniqClustID").fillna(built)})
    keys = [KEY, "CodedAssToolType"] if table == CLUSTER_ASSESS else [KEY]
    return deduplicate(frame, table, keys, ROW_ID[table], log)


def _provider_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """``OrgIDProv`` stripped and in capitals, as ODS codes are written: ``rxx`` is the
    trust ``RXX`` for ``--provider``, the overlap rule (one person at one provider), a
    local patient id (``local:RXX:7``) and the record keys built from it (rev11 found
    ``RXX`` and ``rxx`` read as two providers, keeping overlapping periods)."""
    if "OrgIDProv" not in frame.columns:
        return frame
    return frame.assign(OrgIDProv=frame["OrgIDProv"].str.strip().str.upper())


def _local_ids_from_tool(care: pd.DataFrame, tool: pd.DataFrame | None) -> pd.DataFrame:
    """MHS803 has no LocalPatientId in the national layout: take it from MHS801 by UniqClustID."""
    if tool is None or "LocalPatientId" not in tool.columns:
        return care
    by_key = tool.set_index(KEY)["LocalPatientId"].dropna()
    filled = column(care, "LocalPatientId").fillna(care[KEY].map(by_key))
    return care.assign(LocalPatientId=filled.astype(pd.StringDtype("pyarrow")))


def _nothing_left(log: QualityLog, year: FinancialYear) -> list[Problem]:
    problems = [Problem(f"no usable cluster period with a day in {year.label} is left")]
    problems += [
        Problem(
            f"{entry.table}: {entry.rows:,} row(s) left out: {entry.reason}"
            + (f" (e.g. {entry.examples})" if entry.examples else "")
        )
        for entry in log.entries
    ]
    return problems


def _all_warnings(extract: Extract, year: FinancialYear) -> tuple[str, ...]:
    """Every warning of the import, for stderr and the About sheet."""
    return tuple(
        _warnings(extract.files, extract.tables, year)
        + _skipped(extract.skipped)
        + _month_first(extract.tables)
        + _half_of_the_ratings(extract.tables)
    )


def _skipped(names: tuple[str, ...]) -> list[str]:
    """A file the user put in the folder but whose name matched no table is said, not lost."""
    if not names:
        return []
    return [
        f"{len(names):,} CSV/Parquet file(s) not read, their names holding no MHSDS table name "
        f"({', '.join(TABLES)}): {_first_five(names)}"
    ]


def _half_of_the_ratings(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The assessments (MHS801) and their rated items (MHS802) make a ratings sheet only
    together (methodology §9): one without the other is said, not dropped in silence."""
    pair = (CLUSTER_TOOL, CLUSTER_ASSESS)
    present = [table for table in pair if table in tables]
    if len(present) != 1:
        return []
    missing = next(table for table in pair if table not in tables)
    return [
        f"{present[0]} file(s) but no {missing} file(s): no ratings sheet was written (the "
        f"ratings need both tables); add the {missing} files of the same months"
    ]


def _first_five(names: tuple[str, ...]) -> str:
    """The first five names, and how many more there are."""
    return ", ".join(names[:5]) + (f" and {len(names) - 5:,} more" if len(names) > 5 else "")


def _month_first(tables: dict[str, pd.DataFrame]) -> list[str]:
    """A date column written month first is named: its dates are read day first."""
    notes = []
    for table, frame in tables.items():
        for name in REQUIRED[table]:
            if "Date" not in name or name not in frame.columns:
                continue
            example = month_first_example(frame[name])
            if example is not None:
                notes.append(
                    f"{table} column {name} holds dates written month first (e.g. "
                    f"{example}, which is no day-first date): its dates were read day first "
                    "(03/04/2017 is 3 April), so others may be wrong; export dates as "
                    "yyyy-mm-dd, or set Excel's region to English (United Kingdom)"
                )
    return notes


#: What a month with no MHS803 submission does to the counts (qa22: it said "a period
#: that ended in such a month may be missing", but a closed period is not submitted
#: again, so one whose end only that month reported is read as still open: its days run
#: on, and the person's next period is dropped as overlapping. On the shipped example
#: without August 2017, cluster days went up, 59,327 to 60,840, not down).
MISSING_MONTH_EFFECT = (
    "A period whose end only such a month reported is counted as still open (its days "
    "run on past its end) and the same person's next period is then left out as "
    "overlapping (sheet data_quality); a period that began and ended in such a month "
    "is not seen at all. Add the month's file for exact figures"
)


def _warnings(
    files: tuple[SourceFile, ...], tables: dict[str, pd.DataFrame], year: FinancialYear
) -> list[str]:
    """Things a reader should know that leave no row out."""
    notes = []
    first, last = year.month_ids
    care_months = {m for f in files if f.table == CARE_CLUSTER for m in f.months}
    missing = [month_name(m) for m in range(first, last + 1) if m not in care_months]
    if missing:
        notes.append(
            f"no {CARE_CLUSTER} submission for {len(missing)} month(s) of {year.label}: "
            f"{', '.join(missing)}. {MISSING_MONTH_EFFECT}"
        )
    for table, frame in tables.items():
        late = int(np.sum(whole_numbers(frame["UniqMonthID"]) >= FIRST_V6_MONTH))
        if late and table != HOSPITAL_SPELL:
            notes.append(
                f"{late:,} {table} row(s) from April 2024 or later, when MHSDS v6.0 retired "
                "the cluster tables: check where they came from"
            )
    return notes
