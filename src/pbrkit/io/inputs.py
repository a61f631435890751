"""Assemble checked inputs for a command from a workbook and a reference set.

Sheet-by-sheet typing is :mod:`pbrkit.io.schema`'s job; this module adds the checks
that span rows and sheets (blank required cells, admitted days above cluster days,
duplicate prices, unknown resources), chooses between the workbook's own tariff,
packages and unit costs and the reference set's, and records which was used.
Every problem in every sheet is collected and raised once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.currency import active_currency, in_reference_currency
from pbrkit.errors import TABLE_SUFFIXES, Problem, ProblemCollector, file_of, place, table_word
from pbrkit.io import sheets
from pbrkit.io.fallback import Fallback, complete_tariff, has_activity
from pbrkit.io.financial_year import read_input_year
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.patients import (
    PatientActivity,
    find_patient_table,
    read_patient_activity,
    refuse_repeated_patients,
)
from pbrkit.io.required import check_required_values
from pbrkit.io.resources import match_resources
from pbrkit.io.schema import (
    MAX_PROBLEMS_PER_COLUMN,
    SheetSpec,
    Table,
    read_table,
    report_repeats,
)
from pbrkit.io.table_kind import why_caseload
from pbrkit.io.values import MAX_DAYS_PER_PERSON
from pbrkit.io.workbook import (
    Workbook,
    missing_sheet_problem,
    names_its_files,
    normalise_name,
    open_workbook,
    sheet_of,
)
from pbrkit.io.xlsxscan import column_letters
from pbrkit.model import CostInputs, PartialTariff
from pbrkit.model import QualityNote as QualityNote
from pbrkit.reference import ReferenceSet, tariff_frame


def read_sheet(
    workbook: Workbook,
    spec: SheetSpec,
    problems: ProblemCollector,
    *,
    required: bool = False,
) -> Table | None:
    """Read and type one sheet; record a problem if a required sheet is absent."""
    raw = workbook.sheet(spec.name)
    if raw is None:
        for alias in spec.aliases:
            raw = workbook.sheet(alias)
            if raw is not None:
                break
    if raw is None:
        if required:
            problems.add(
                missing_sheet_problem(
                    workbook.sheet_names,
                    (spec.name, *spec.aliases),
                    spec.synonyms,
                    holds=spec.description,
                    template="pbrkit template",
                    folder=workbook.folder,
                )
            )
        return None
    table = read_table(raw, spec, problems)
    if table is not None:
        check_required_values(table, spec, problems)
        if spec.name == sheets.PATIENTS.name:
            refuse_repeated_patients(table.frame, table.rows, table.sheet, problems)
    return table


@in_reference_currency
@names_its_files
def read_cost_inputs(
    path: Path,
    reference: ReferenceSet,
    *,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> tuple[CostInputs, list[QualityNote]]:
    """Read the ``caseload`` (and any ``tariff``, ``packages``, ``unit_costs``) of a workbook.

    Missing optional sheets come from ``reference``; ``tariff_file`` (a workbook or
    CSV with a tariff sheet) replaces both. Codes are read in the reference set's
    currency. Raises one :class:`InputError` listing every problem found.
    """
    workbook = open_workbook(path, limits=limits, default_sheet="caseload")
    problems = ProblemCollector()
    read = _read_cost_sheets(workbook, path, reference, problems, tariff_file, limits)
    frame, caseload_source = _caseload_and_source(read, path, problems)
    # A partial local tariff: the reference set prices the clusters with activity it
    # omits, each listed (docs/methodology.md §2). (A cell that is not a valid code is a
    # problem already: it names no cluster here.) A row of zeros borrows nothing.
    active: list[int] = (
        frame.loc[has_activity(frame), "cluster"].dropna().astype(int).tolist()
        if "cluster" in frame
        else []
    )
    tariff, fallbacks = tariff_prices(read.tariff, reference, problems, active=active)
    label = reference.label()
    unit_frame = _unit_cost_frame(
        read.unit_costs.frame if read.unit_costs is not None else reference.unit_costs,
        read.unit_costs,
        problems,
    )
    # Matched exactly: a resource written in other capitals is refused by name and row
    # (one resource written two ways), one with no unit cost named where it is fixed.
    packages_frame = reference.packages if read.packages is None else read.packages.frame
    match_resources(packages_frame, read.packages, unit_frame, read.unit_costs, label, problems)
    year = read_input_year(workbook, problems)
    problems.raise_if_any(hint=correct_hint(path, problems))
    if read.packages is not None:
        packages_frame = packages_frame.assign(
            cluster=packages_frame["cluster"].to_numpy(dtype=np.float64).astype(np.int64)
        )
    inputs = CostInputs(
        caseload=frame,
        clusters=reference.clusters,
        tariff=tariff,
        packages=packages_frame,
        unit_costs=unit_frame,
        sources=_sources(read, path, caseload_source, fallback_source(fallbacks, label), label),
        # A local tariff's missing clusters were looked for in the reference set too.
        tariff_where=read.tariff.source
        + ("" if read.tariff.table is None else f" or reference set {label}"),
        price_to=_price_to(read.tariff, workbook, path, tariff_file),
        partial_tariff=_partial(fallbacks, read.tariff.source, label),
        financial_year=year,
    )
    notes = _input_notes(read, workbook, frame)
    notes += fallback_notes(fallbacks, read.tariff.source, label)
    return inputs, notes


def _price_to(chosen: TariffTable, workbook: Workbook, path: Path, tariff_file: Path | None) -> str:
    """Where a missing price is added, as a fix text says it after "add a price for
    cluster 3": to the tariff read (the input's own or --tariff), else where this input
    can hold one: a lone CSV or Parquet table has no sheets and reads no other file."""
    if chosen.table is not None:
        return f"to {sheet_of(tariff_file or path, chosen.table.sheet)}"
    if chosen.no_rows is not None:  # a blank template's tariff: there, but not used
        return f"to {chosen.no_rows} (it has headers and no rows, so it was not used)"
    if workbook.folder is not None:
        return f"(a file tariff.csv in folder '{workbook.folder.resolve().name}', or --tariff FILE)"
    if path.suffix.lower() in TABLE_SUFFIXES:
        columns = ", ".join(c.name for c in sheets.TARIFF.required)
        return f"(with --tariff FILE, a table with columns {columns})"
    return "(a tariff sheet in the workbook, or --tariff FILE)"


@dataclass(frozen=True)
class _CostSheets:
    """The sheets a cost run reads, as read: a caseload or summed patient rows, and prices."""

    caseload: Table | None
    activity: PatientActivity | None
    tariff: TariffTable
    packages: Table | None
    unit_costs: Table | None


def _read_cost_sheets(
    workbook: Workbook,
    path: Path,
    reference: ReferenceSet,
    problems: ProblemCollector,
    tariff_file: Path | None,
    limits: ReadLimits,
) -> _CostSheets:
    """Read the activity (patient rows if the input has them, else the caseload) and prices.

    Raises at once only when there is no caseload at all: nothing else can be checked.
    """
    single_table = path.is_file() and path.suffix.lower() in TABLE_SUFFIXES
    patient_source = find_patient_table(path, workbook, single_table=single_table)
    activity: PatientActivity | None = None
    caseload: Table | None = None
    if patient_source is not None:
        review_days = reference.clusters["review_days"]
        activity = read_patient_activity(patient_source, problems, limits, review_days)
    else:
        caseload = _read_caseload(workbook, problems, single_table=single_table)
    chosen = read_tariff_table(
        workbook, path, reference, problems, tariff_file=tariff_file, limits=limits
    )
    packages = read_sheet(workbook, sheets.PACKAGES, problems)
    unit_costs = read_sheet(workbook, sheets.UNIT_COSTS, problems)
    if caseload is None and patient_source is None:
        problems.raise_if_any(hint=correct_hint(path, problems))
    # Cell problems so far are kept: the cross-row checks below still run, so one
    # pass reports everything; frames are only built once every cell is valid.
    # An optional sheet with headers and no rows (a blank template's) counts as absent.
    return _CostSheets(
        caseload, activity, chosen, _unless_empty(packages), _unless_empty(unit_costs)
    )


def _read_caseload(
    workbook: Workbook, problems: ProblemCollector, *, single_table: bool
) -> Table | None:
    """The caseload sheet; a lone CSV or Parquet table that cannot be read as one is
    also told why the single-table rule read it as a caseload (too few MHCT items for
    ratings), so a ratings file is not told only of caseload columns."""
    caseload = read_sheet(workbook, sheets.CASELOAD, problems, required=True)
    if single_table and caseload is None:
        why = why_caseload(workbook.sheet(workbook.sheet_names[0]))
        if why is not None:
            problems.add(why)
    return caseload


def _caseload_and_source(
    read: _CostSheets, path: Path, problems: ProblemCollector
) -> tuple[pd.DataFrame, str]:
    """The caseload frame (checked across rows) and where it came from, as reports say it."""
    if read.caseload is not None:
        frame = _caseload_frame(read.caseload, problems)
        return frame, sheet_of(path, read.caseload.sheet)
    if read.activity is not None:
        activity = read.activity
        return activity.caseload, (
            f"{activity.patients:,} patient row{'' if activity.patients == 1 else 's'} of "
            f"{sheet_of(path, activity.sheet)}, "
            "summed per cluster"
        )
    return pd.DataFrame(), ""


def _sources(
    read: _CostSheets, path: Path, caseload_source: str, tariff_fallback: str, label: str
) -> dict[str, str]:
    """Where each input came from: the workbook's own sheet or the reference set."""
    return {
        "caseload": caseload_source,
        "tariff": read.tariff.source + tariff_fallback,
        "packages": (
            sheet_of(path, read.packages.sheet)
            if read.packages is not None
            else f"reference set {label}"
        ),
        "unit_costs": (
            sheet_of(path, read.unit_costs.sheet)
            if read.unit_costs is not None
            else f"reference set {label}"
        ),
    }


def _input_notes(read: _CostSheets, workbook: Workbook, frame: pd.DataFrame) -> list[QualityNote]:
    """Data-quality notes on the activity read and on the workbook's own sheets."""
    caseload = read.caseload
    notes = (
        _patient_notes(read.activity)
        if read.activity is not None
        else _caseload_notes(frame, caseload.extra if caseload is not None else ())
    )
    own = [caseload, read.packages, read.unit_costs]
    own += [] if read.tariff.from_file else [read.tariff.table]
    notes += _sheet_notes(workbook, [t for t in own if t is not None])
    if read.packages is not None:
        notes += _repeated_package_notes(read.packages)
    if caseload is not None:
        notes += _repeated_caseload_notes(caseload)
    return notes


def _repeated_package_notes(table: Table) -> list[QualityNote]:
    """Package rows that repeat an earlier row exactly. A cluster's rows add up
    (docs/methodology.md §2), so a row pasted twice doubles its cost: said, not refused,
    since one resource may rightly take two rows."""
    pairs = _repeated_rows(table, ("cluster", "resource", "quantity", "per"))
    return _repeat_note("repeated package rows", table, pairs, "added to the package cost")


def _repeated_caseload_notes(table: Table) -> list[QualityNote]:
    """Caseload rows that repeat an earlier row in every column: rows for one cluster
    are summed (docs/methodology.md §2), so a row pasted twice counts its people twice."""
    pairs = _repeated_rows(table, tuple(table.frame.columns))
    return _repeat_note("repeated caseload rows", table, pairs, "counted")


def _repeated_rows(table: Table, columns: tuple[str, ...]) -> list[str]:
    """``row 5 repeats row 3`` for each row equal to an earlier one in ``columns``."""
    frame = table.frame[list(columns)].reset_index(drop=True)
    repeated = frame.duplicated(keep=False).to_numpy(dtype=bool)
    if not repeated.any():
        return []
    first: dict[tuple[str, ...], int] = {}
    pairs = []
    cells = frame.loc[repeated].fillna("").astype(str).itertuples(index=False)
    for position, row in zip(np.flatnonzero(repeated), cells, strict=True):
        seen = first.setdefault(tuple(row), int(position))
        if seen != position:
            pairs.append(f"row {table.rows[position]} repeats row {table.rows[seen]}")
    return pairs


def _repeat_note(check: str, table: Table, pairs: list[str], done: str) -> list[QualityNote]:
    if not pairs:
        return []
    shown = "; ".join(pairs[:5]) + ("; …" if len(pairs) > 5 else "")
    return [
        QualityNote(
            check,
            f"{place(table.sheet)}: {shown}; both are {done} "
            "(delete a repeat that was pasted twice)",
            len(pairs),
        )
    ]


#: The Data quality check naming a cluster priced from the reference set.
FALLBACK_CHECK = "reference price used"


def fallback_source(fallbacks: list[Fallback], label: str) -> str:
    """`` (clusters 3, 5 from reference set …)`` after a partial tariff's source."""
    if not fallbacks:
        return ""
    codes = ", ".join(str(f.cluster) for f in fallbacks)
    noun = "cluster" if len(fallbacks) == 1 else "clusters"
    return f"; {noun} {codes} from reference set {label}"


def _partial(fallbacks: list[Fallback], source: str, label: str) -> PartialTariff | None:
    """The local tariff ``source`` completed from reference set ``label``, if it was."""
    clusters = tuple(f.cluster for f in fallbacks)
    return PartialTariff(source, label, clusters) if clusters else None


def fallback_notes(fallbacks: list[Fallback], source: str, label: str) -> list[QualityNote]:
    """One Data quality note per cluster the local tariff omits (docs/methodology.md §2)."""
    return [
        QualityNote(
            FALLBACK_CHECK,
            f"cluster {f.cluster} has activity and no price in {source}: priced at "
            f"reference set {label}'s £{f.price:,.2f} {f.unit}",
            1,
            cluster=f.cluster,
        )
        for f in fallbacks
    ]


def _unless_empty(table: Table | None) -> Table | None:
    return None if table is not None and table.frame.empty else table


@dataclass(frozen=True)
class TariffTable:
    """The tariff sheet a run prices with, as read; None for the reference set's tariff."""

    table: Table | None
    #: Where it came from, as the reports say it.
    source: str
    #: True for a ``--tariff`` file, False for the input's own sheet or the reference.
    from_file: bool
    #: The input's own tariff when it has headers and no rows (so not used), as
    #: :func:`~pbrkit.io.workbook.sheet_of` says it: a fix text sends the prices there.
    no_rows: str | None = None


def read_tariff_table(
    workbook: Workbook | None,
    path: Path,
    reference: ReferenceSet,
    problems: ProblemCollector,
    *,
    tariff_file: Path | None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> TariffTable:
    """Which tariff a run prices with: the one precedence rule every command follows.

    ``--tariff`` (a workbook or CSV that must have a tariff sheet) wins; else the
    input's own ``tariff`` sheet, unless it has headers and no rows (a blank
    template's); else the reference set's (README, Input sheets). With ``--tariff``
    the input's own sheet is not read: it is not used (``workbook`` may then be None).
    """
    if tariff_file is not None:
        book = open_workbook(tariff_file, limits=limits, default_sheet="tariff")
        # Its problems name the file: the input's own sheet of that name is not read.
        found = ProblemCollector()
        table = read_sheet(book, sheets.TARIFF, found, required=True)
        problems.extend(replace(p, file=tariff_file.name) for p in found.problems)
        return TariffTable(table, tariff_file.name, from_file=True)
    own = None if workbook is None else read_sheet(workbook, sheets.TARIFF, problems)
    table = _unless_empty(own)
    if table is None:
        no_rows = None if own is None else sheet_of(path, own.sheet)
        return TariffTable(None, f"reference set {reference.label()}", False, no_rows)
    return TariffTable(table, sheet_of(path, table.sheet), from_file=False)


def tariff_prices(
    chosen: TariffTable,
    reference: ReferenceSet,
    problems: ProblemCollector,
    *,
    active: Iterable[int] = (),
) -> tuple[pd.DataFrame, list[Fallback]]:
    """The chosen tariff as :func:`pbrkit.pricing.price_activity` takes it, and the
    clusters with activity (``active``) a local tariff omits, priced from the reference.

    A cluster priced twice is a problem (which price is meant?). While any problem is
    recorded the reference set's tariff stands in: the caller raises before using it.
    """
    if chosen.table is None:
        return reference.tariff, []
    repeats = ProblemCollector()
    report_repeats(chosen.table, "cluster", repeats, fix="keep one price per cluster")
    file = chosen.source if chosen.from_file else None
    problems.extend(replace(p, file=file) for p in repeats.problems)
    if problems:
        return reference.tariff, []
    return complete_tariff(tariff_frame(chosen.table.frame), reference.tariff, active)


def correct_hint(path: Path, problems: ProblemCollector | None = None) -> str:
    """``correct caseload.xlsx and prices.csv and run again; nothing was written``."""
    return f"correct {files_to_correct(path, problems)} and run again; nothing was written"


def files_to_correct(path: Path, problems: ProblemCollector | None) -> str:
    """The files holding the problems: ``path``, and any other file a problem names."""
    named = [] if problems is None else [p.file for p in problems.problems]
    files = ([path.name] if None in named or not named else []) + sorted(
        {f for f in named if f is not None}
    )
    return " and ".join(files)


def _caseload_frame(table: Table, problems: ProblemCollector) -> pd.DataFrame:
    frame = table.frame
    n = len(frame)
    admitted = frame["admitted_days"] if "admitted_days" in frame else pd.Series(np.zeros(n))
    admitted = admitted.fillna(0.0)
    over = (admitted > frame["cluster_days"]).to_numpy(dtype=bool)
    problems.add_each(
        np.flatnonzero(over),
        lambda i: Problem(
            "admitted days exceed cluster days (admitted days are part of cluster days)",
            sheet=table.sheet,
            row=int(table.rows[i]),
            column="admitted_days",
            value=float(admitted.iloc[i]),
            expected=f"at most {frame['cluster_days'].iloc[i]:g}",
            fix="check the two figures; admitted days count inside cluster days",
        ),
        limit=MAX_PROBLEMS_PER_COLUMN,
    )
    _check_whole_people(table, problems)
    _check_days_per_person(table, problems)
    _check_episodes(table, problems)
    if n == 0:
        problems.add(
            Problem(
                f"the caseload {table_word(table.sheet)} has no data rows",
                sheet=table.sheet,
                fix="add one row per cluster (or per team and cluster)",
            )
        )
    if problems:
        return frame
    return pd.DataFrame(
        {
            "cluster": frame["cluster"].astype(np.int64),
            "team": frame["team"] if "team" in frame else pd.Series([None] * n, dtype=object),
            "service_users": frame["service_users"].astype(np.float64),
            "cluster_days": frame["cluster_days"].astype(np.float64),
            "admitted_days": admitted.astype(np.float64),
            "episodes": _optional(frame, "episodes", n),
            "actual_cost": _optional(frame, "actual_cost", n),
            "cost_cv": _optional(frame, "cost_cv", n),
            "row": table.rows,
        }
    )


def _check_whole_people(table: Table, problems: ProblemCollector) -> None:
    """Service users count distinct people, so each row's is whole: the tender's
    population (tender/population.py) refuses half a person, and the cost run reads
    the same workbook the same way (docs/methodology.md §2)."""
    people = table.frame["service_users"].to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore"):
        broken = np.isfinite(people) & (people != np.floor(people))
    problems.add_each(
        np.flatnonzero(broken),
        lambda i: Problem(
            "service users count people, so must be a whole number",
            sheet=table.sheet,
            row=int(table.rows[i]),
            column="service_users",
            value=float(people[i]),
            expected="a whole number of people (0, 1, 2, ...)",
            fix="give the number of distinct people in the row, not an average or a "
            "caseload in full-time equivalents",
        ),
        limit=MAX_PROBLEMS_PER_COLUMN,
    )


def _check_days_per_person(table: Table, problems: ProblemCollector) -> None:
    """Cluster days cannot exceed 366 a person in a year (a leap year's days)."""
    frame = table.frame
    people = frame["service_users"].to_numpy(dtype=np.float64)
    days = frame["cluster_days"].to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore"):
        over = days > MAX_DAYS_PER_PERSON * people
    problems.add_each(
        np.flatnonzero(over),
        lambda i: Problem(
            f"{days[i]:,.0f} cluster days for {people[i]:,.0f} "
            f"{'person' if people[i] == 1 else 'people'} is "
            f"more than {MAX_DAYS_PER_PERSON} days a person in a year",
            sheet=table.sheet,
            row=int(table.rows[i]),
            column="cluster_days",
            value=float(days[i]),
            expected=f"at most {MAX_DAYS_PER_PERSON} × service_users",
            fix="check the two figures (days may be in the wrong column or unit)",
        ),
        limit=MAX_PROBLEMS_PER_COLUMN,
    )


def _episodes_and_days(
    table: Table,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None:
    """A caseload's episodes and cluster days as numbers (None: no episodes column)."""
    frame = table.frame
    if "episodes" not in frame:
        return None
    return (
        frame["episodes"].to_numpy(dtype=np.float64),
        frame["cluster_days"].to_numpy(dtype=np.float64),
    )


def _check_episodes(table: Table, problems: ProblemCollector) -> None:
    """Days in a cluster are days of some episode, and every episode has at least one
    day in its cluster: 0 episodes beside cluster days would price a per-episode
    cluster at £0 (a blank exported as 0 is the usual cause), and more episodes than
    days at many times its days (a figure from another column; rev9)."""
    if (given := _episodes_and_days(table)) is None:
        return
    episodes, days = given
    with np.errstate(invalid="ignore"):
        broken = (days > 0) & ((episodes == 0) | (episodes > days))
    problems.add_each(
        np.flatnonzero(broken),
        lambda i: _episodes_problem(table, int(table.rows[i]), float(episodes[i]), days[i]),
        limit=MAX_PROBLEMS_PER_COLUMN,
    )


def _episodes_problem(table: Table, row: int, episodes: float, days: float) -> Problem:
    if episodes == 0:
        what = (
            f"0 episodes for {days:,.0f} cluster days: days in a cluster are days of some episode"
        )
        expected = "at least one episode where there are cluster days, or a blank"
        fix = (
            "leave episodes blank to use cluster days ÷ review period, or give the "
            "number of episodes"
        )
    else:
        what = (
            f"{episodes:,.0f} episodes for {days:,.0f} cluster days: every episode has "
            "at least one day in the cluster"
        )
        expected = f"at most {days:,.0f} (the row's cluster days), or a blank"
        fix = (
            "check the two figures (episodes may be in the wrong column), or leave "
            "episodes blank to use cluster days ÷ review period"
        )
    return Problem(what, sheet=table.sheet, row=row, column="episodes",
                   value=episodes or 0, expected=expected, fix=fix)  # fmt: skip


def _optional(frame: pd.DataFrame, name: str, n: int) -> pd.Series:
    if name in frame:
        return frame[name].astype(np.float64)
    return pd.Series(np.full(n, np.nan))


def _unit_cost_frame(
    frame: pd.DataFrame, table: Table | None, problems: ProblemCollector
) -> pd.DataFrame:
    if table is not None:
        report_repeats(
            table, "resource", problems, fix="keep one unit cost per resource", ignore_case=True
        )
    indexed = frame.drop_duplicates("resource").set_index("resource")
    return indexed


def _sheet_notes(workbook: Workbook, tables: list[Table]) -> list[QualityNote]:
    """Hidden sheets that were read, and columns holding values under no header."""
    notes = []
    for table in tables:
        notes += [QualityNote("reading", note, 1) for note in table.notes]
        copies = sheet_copies(workbook.sheet_names, table.sheet)
        if copies:
            notes.append(_copies_note(table, copies))
        raw = workbook.sheet(table.sheet)
        if raw is not None and not raw.visible:
            notes.append(
                QualityNote(
                    "hidden sheet",
                    f"{place(table.sheet)} is hidden in the workbook; it was read all the "
                    "same (unhide it to check it is the sheet you meant)",
                    1,
                )
            )
        if table.unnamed:
            letters = ", ".join(column_letters(p) for p in table.unnamed)
            notes.append(
                QualityNote(
                    "unnamed columns",
                    f"{place(table.sheet)}: column {letters} holds values but has no "
                    "header, so it was not read (a header merged across columns names "
                    "only the first)",
                    len(table.unnamed),
                )
            )
    return notes


def _copies_note(table: Table, copies: list[str]) -> QualityNote:
    """Sheets that look like copies of the one read; in a folder of CSVs, files
    (``'caseload (2).csv'``), named as the folder holds them."""
    file = file_of(table.sheet)
    kind = table_word(table.sheet)
    suffix = "" if file is None else Path(file).suffix
    read = f"'{table.sheet}{suffix}'"
    many = len(copies) > 1
    listed = ", ".join(repr(f"{name}{suffix}") for name in copies)
    return QualityNote(
        "sheet copies",
        f"{kind}{'s' if many else ''} {listed} look{'' if many else 's'} like "
        f"{'copies' if many else 'a copy'} of {place(table.sheet)}: only {read} was read "
        f"(rename the {kind} you mean to {read})",
        len(copies),
    )


def sheet_copies(names: Sequence[str], read: str) -> list[str]:
    """Sheets named as Excel and LibreOffice name a copy of ``read``: 'caseload (2)',
    'Copy of caseload', 'caseload_2' (found in review 4: a user editing the copy saw
    their figures while 'caseload' was read without a word)."""
    wanted = normalise_name(read)
    pattern = re.compile(r"(?i)^(?:copy\s+of\s+)?(.*?)(?:\s*\(\d+\)|_\d+)?$")
    found = []
    for name in names:
        if name == read:
            continue
        match = pattern.fullmatch(name.strip())
        if match and match.group(1) != name.strip() and normalise_name(match.group(1)) == wanted:
            found.append(name)
    return found


def _patient_notes(activity: PatientActivity) -> list[QualityNote]:
    frame = activity.caseload
    summed = "service users = patient rows, cluster days = Σ days, admitted days = Σ admitted_days"
    if frame["episodes"].notna().any():
        summed += ", episodes = Σ episodes (a blank one: the patient's days ÷ review period)"
    summed += (
        ", actual cost = Σ cost"
        if activity.has_cost
        else "; no cost column, so the modelled cost is used"
    )
    notes = [
        QualityNote(
            "rows read",
            "{people} patient row{s}",
            activity.patients,
            people=activity.patients,
            rows_are_people=True,
        ),
        QualityNote(
            "patient-level input",
            f"{{people}} patient row{{s}} summed to {len(frame):,} "
            f"{'cluster' if len(frame) == 1 else 'clusters'} "
            f"(the input has patient rows and no caseload): {summed}",
            len(frame),
            people=activity.patients,
        ),
    ]
    if activity.partly_costed:
        codes = ", ".join(str(c) for c in activity.partly_costed)
        notes.append(
            QualityNote(
                "cost partly missing",
                f"some patients in cluster(s) {codes} have no cost: those clusters use "
                "the modelled cost, not Σ cost",
                len(activity.partly_costed),
            )
        )
    if activity.extra:
        notes.append(
            QualityNote(
                "columns not used",
                f"columns not used for costing: {', '.join(activity.extra)}",
                len(activity.extra),
            )
        )
    notes += _team_note(activity.extra)
    notes += [QualityNote("reading", note, 1) for note in activity.notes]
    return notes + _caseload_notes(frame, ())[1:]


def _team_note(extra: tuple[str, ...]) -> list[QualityNote]:
    """Why patient rows with a ``team`` column give no team view: the rows are summed
    per cluster, and the team view is a caseload sheet's (docs/methodology.md §2)."""
    teams = [c for c in extra if normalise_name(c) == "team"]
    if not teams:
        return []
    return [
        QualityNote(
            "no team view",
            f"column {teams[0]}: patient rows are summed per cluster, so they give no "
            "team view; for one, give a caseload sheet with a team column, one row per "
            "team and cluster (docs/methodology.md §2)",
            1,
        )
    ]


def _caseload_notes(frame: pd.DataFrame, extra: tuple[str, ...]) -> list[QualityNote]:
    notes = [QualityNote("rows read", f"{len(frame):,} caseload rows", len(frame))]
    defaulted = int(frame["episodes"].isna().sum())
    if defaulted:
        notes.append(
            QualityNote(
                "episodes defaulted",
                "episodes not given: cluster days ÷ review period used (docs/methodology.md §2)",
                defaulted,
            )
        )
    currency = active_currency()
    for code, word in ((currency.variance, "variance"), (currency.not_assessed, "not assessed")):
        if code is None:
            continue
        label = f"{word} ({currency.code_of(code)})"
        people = float(frame.loc[frame["cluster"] == code, "service_users"].sum())
        if people:
            notes.append(
                QualityNote(
                    f"cluster {label}",
                    f"{{people}} {{persons}} ({{share}}) {{are}} in cluster {label}: "
                    "a sign of clustering or data-quality gaps (docs/methodology.md §4)",
                    int((frame["cluster"] == code).sum()),
                    people=people,
                    share_of=float(frame["service_users"].sum()),
                )
            )
    notes += _zero_actual_cost_notes(frame)
    if extra:
        text = f"columns not used for costing: {', '.join(extra)}"
        notes.append(QualityNote("extra columns kept", text, len(extra)))
    return notes


def _zero_actual_cost_notes(frame: pd.DataFrame) -> list[QualityNote]:
    """Caseload rows whose actual cost is £0 beside cluster days: taken as given (it
    replaces the modelled cost, docs/methodology.md §2), but a blank exported as 0 is
    the usual cause, so the rows are named. (Patient rows summed have no sheet row.)"""
    zero = (frame["actual_cost"] == 0) & (frame["cluster_days"] > 0) & (frame["row"] > 0)
    rows = [int(r) for r in frame.loc[zero, "row"]]
    if not rows:
        return []
    shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
    return [
        QualityNote(
            "actual cost £0",
            f"caseload {'row' if len(rows) == 1 else 'rows'} {shown}: an actual cost of £0 "
            "for cluster days, used as given "
            "(leave actual_cost blank for the modelled cost)",
            len(rows),
        )
    ]
