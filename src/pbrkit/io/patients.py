"""Patient rows summed to a caseload, so ``pbrkit cost`` can cost a patient-level extract.

A ``patients`` table (docs/methodology.md §8: one row per patient with ``patient_id``, ``cluster``
and ``days``; optionally ``admitted_days``, ``episodes`` and ``cost``) becomes one
caseload row per cluster: service users = patient rows, cluster days = Σ days, admitted
days = Σ admitted days, episodes = Σ episodes (a blank one is the patient's days ÷ the
review period, as ``pbrkit tender`` prices it), and actual cost = Σ cost for a cluster
whose every patient has a cost (a cluster with some costs missing is costed by the
model, and a note says so).

Two readers feed one accumulator:

- a Parquet file whose columns are typed (numbers, or text cluster codes) is streamed
  with pyarrow, batch by batch and only the columns costing needs: a national extract
  of 10 million rows is summed in well under a second, holding one batch at a time on
  each core (:mod:`pbrkit.io.parquet_units`), every sum exact whatever the rows' order
  (:mod:`pbrkit.io.exact_batches`);
- anything else (a ``patients`` sheet, a CSV file, a Parquet file of text cells) goes
  through the text-grid reader and the sheet contract like every other sheet.

Both check every cell, vectorised, and report bad cells by row and column (in a
Parquet file the header counts as row 1, as in a spreadsheet). Cluster codes are parsed
once per distinct value, however many rows there are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit import exact_sum
from pbrkit.currency import Currency, active_currency
from pbrkit.errors import Problem, ProblemCollector, ResourceLimitExceeded
from pbrkit.io import exact_batches, parquet_columns, parse, sheets
from pbrkit.io.columns import current_map
from pbrkit.io.headers import normalise_header
from pbrkit.io.limits import ReadLimits
from pbrkit.io.schema import MAX_PROBLEMS_PER_COLUMN, infinite_words, read_table
from pbrkit.io.table_kind import TableKind, single_table_kind
from pbrkit.io.values import MAX_DAYS_PER_PERSON, MAX_EXACT_TOTAL, MAX_MONEY
from pbrkit.io.workbook import RawSheet, Workbook

#: Rows per Parquet batch: big enough to amortise the per-batch cost, small enough
#: (about 40 MB of numbers) that memory stays flat however long the file is.
BATCH_ROWS: Final = 1 << 20

#: Code keys are below this (docs/methodology.md §3), so per-code sums are bincounts.
_CODES: Final = 100

_NAMES: Final = {
    column.name: {normalise_header(n) for n in (column.name, *column.aliases)}
    for column in sheets.PATIENTS.columns
}
#: Headers that mark a table as a caseload (counts of people), not patient rows.
_CASELOAD_NAMES: Final = {
    normalise_header(n)
    for column in sheets.CASELOAD.columns
    if column.name == "service_users"
    for n in (column.name, *column.aliases)
}

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class PatientActivity:
    """Patient rows summed per cluster.

    ``caseload`` has the columns of :attr:`pbrkit.costing.CostInputs.caseload`, one
    row per cluster present; ``patients`` counts the rows read; ``partly_costed``
    lists clusters where only some patients had a cost (modelled cost used);
    ``extra`` names columns that costing does not use.
    """

    caseload: pd.DataFrame
    patients: int
    sheet: str
    has_cost: bool
    partly_costed: tuple[int, ...] = ()
    extra: tuple[str, ...] = ()
    #: Data-quality notes from reading (headers cleaned, a Total row skipped).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParquetPatients:
    """A Parquet file of patient rows that can be streamed: its path and column names."""

    path: Path
    columns: dict[str, str]
    extra: tuple[str, ...]


PatientSource = ParquetPatients | RawSheet


def find_patient_table(
    path: Path, workbook: Workbook, *, single_table: bool
) -> PatientSource | None:
    """The patient rows to cost, when the input has patients and no caseload.

    A single CSV/Parquet file counts as patient rows when
    :func:`pbrkit.io.table_kind.single_table_kind` says it holds patient rows or
    ratings; a workbook or folder when it has a ``patients`` sheet and no ``caseload``.
    """
    if single_table:
        # One rule for every command (pbrkit.io.table_kind): ratings are patient rows too.
        if single_table_kind(path, workbook) is TableKind.CASELOAD:
            return None
        if path.suffix.lower() == ".parquet":
            streamed = _parquet_patients(path)
            if streamed is not None:
                return streamed
        raw = workbook.sheet(workbook.sheet_names[0])
        return dataclasses.replace(raw, name=sheets.PATIENTS.name) if raw is not None else None
    if workbook.find(sheets.CASELOAD.name) is None and workbook.find(sheets.PATIENTS.name):
        return workbook.sheet(sheets.PATIENTS.name)
    return None


def read_patient_activity(
    source: PatientSource, problems: ProblemCollector, limits: ReadLimits, review_days: pd.Series
) -> PatientActivity | None:
    """Sum patient rows per cluster; None (with ``problems`` filled in) when any is bad.

    ``review_days`` (R by code) turns blank episodes into D ÷ R where others are given.
    """
    if isinstance(source, ParquetPatients):
        return _stream_parquet(source, problems, limits, review_days)
    return _from_sheet(source, problems, review_days)


# --------------------------------------------------------------------- detection


def _has_patient_columns(labels: set[str]) -> bool:
    return (
        bool(labels & _NAMES["patient_id"])
        and bool(labels & _NAMES["cluster"])
        and bool(labels & _NAMES["days"])
        and not labels & _CASELOAD_NAMES
    )


def _parquet_patients(path: Path) -> ParquetPatients | None:
    """The file's columns, when it holds patient rows typed well enough to stream."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception:  # a corrupt file: the general reader reports it properly
        return None
    columns: dict[str, str] = {}
    user = current_map(sheets.PATIENTS.name)  # --columns [patients]
    for name in schema.names:
        key = normalise_header(name)
        key = normalise_header(user[key]) if key in user else key
        for column, names in _NAMES.items():
            if key in names and column not in columns:
                columns[column] = name
                break
    if not _has_patient_columns({normalise_header(n) for n in columns}):
        return None
    # Two columns of one name (which one streams is unclear) and lists or structs are
    # refused as the general reader refuses them (found in review 4: exit 1 before).
    parquet_columns.check_schema(schema, sheets.PATIENTS.name)
    numeric = ("days", "admitted_days", "episodes", "cost")
    for column in numeric:
        if column in columns:
            kind = schema.field(columns[column]).type
            if not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
                return None  # money as text ("£1,234"): the text reader parses it
            if kind in (pa.float32(), pa.float16()):
                return None  # read as the decimals written (parse.parse_number)
    kind = schema.field(columns["cluster"]).type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if not (
        pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
    ):
        return None
    used = set(columns.values())
    extra = tuple(n for n in schema.names if n not in used)
    return ParquetPatients(path, columns, extra)


# --------------------------------------------------------------------- summing


@dataclass
class _Sums:
    """Per-cluster sums, indexed by cluster code 0-99."""

    n: FloatArray = field(default_factory=lambda: np.zeros(_CODES))
    days: FloatArray = field(default_factory=lambda: np.zeros(_CODES))
    admitted: FloatArray = field(default_factory=lambda: np.zeros(_CODES))
    costed: FloatArray = field(default_factory=lambda: np.zeros(_CODES))
    cost: FloatArray = field(default_factory=lambda: np.zeros(_CODES))
    #: Σ episodes given, the rows that give them and those rows' days: the other rows'
    #: days become episodes at D ÷ R (docs/methodology.md §2), as tender prices them.
    episodes: FloatArray = field(default_factory=lambda: np.zeros(_CODES))
    counted: FloatArray = field(default_factory=lambda: np.zeros(_CODES))
    counted_days: FloatArray = field(default_factory=lambda: np.zeros(_CODES))

    def add_rows(
        self,
        codes: IntArray,
        days: FloatArray,
        admitted: FloatArray,
        cost: FloatArray | None,
        episodes: FloatArray | None = None,
    ) -> None:
        """Add checked rows: valid codes, days ≥ 0, admitted days (blank = 0); cost and
        episodes NaN where not given. Each sum is exact, rounded once (no figure depends
        on the rows' order: :mod:`pbrkit.io.exact_batches`); called once per table."""

        def add(values: FloatArray) -> FloatArray:
            return exact_sum.group_sums(codes, values, _CODES)[0]

        self.n += np.bincount(codes, minlength=_CODES)
        self.days += add(days)
        self.admitted += add(admitted)
        if cost is not None:
            known = ~np.isnan(cost)
            self.costed += np.bincount(codes, known, minlength=_CODES)
            self.cost += add(np.where(known, cost, 0.0))
        if episodes is not None:
            given = ~np.isnan(episodes)
            self.counted += np.bincount(codes, given, minlength=_CODES)
            self.episodes += add(np.where(given, episodes, 0.0))
            self.counted_days += add(np.where(given, days, 0.0))

    def caseload(
        self, has_cost: bool, review_days: pd.Series
    ) -> tuple[pd.DataFrame, tuple[int, ...]]:
        """One caseload row per cluster with patients, and the partly costed clusters.

        ``review_days`` (R by code) turns the days of rows without episodes into
        episodes, D ÷ R; a cluster where no row gives episodes keeps them blank (the
        costing then takes D ÷ R of the whole cluster, the same figure)."""
        present = np.flatnonzero(self.n > 0)
        n = self.n[present]
        nan = np.full(len(present), np.nan)
        actual: FloatArray = nan
        partly: tuple[int, ...] = ()
        if has_cost:
            costed = self.costed[present]
            complete = costed == n
            actual = np.where(complete, self.cost[present], np.nan)
            partly = tuple(int(c) for c in present[~complete & (costed > 0)])
        frame = pd.DataFrame(
            {
                "cluster": present.astype(np.int64),
                "team": pd.Series([None] * len(present), dtype=object),
                "service_users": n,
                "cluster_days": self.days[present],
                "admitted_days": self.admitted[present],
                "episodes": self._episodes(present, review_days),
                "actual_cost": actual,
                "cost_cv": nan,
                "row": np.zeros(len(present), dtype=np.int64),  # no one sheet row per cluster
            }
        )
        return frame, partly

    def _episodes(self, present: IntArray, review_days: pd.Series) -> FloatArray:
        rest = self.days[present] - self.counted_days[present]
        review = review_days.reindex(present).to_numpy(dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            # No days left without episodes adds none, even for a code with no R (99).
            defaulted = np.where(rest > 0, rest / review, 0.0)
        given = self.counted[present] > 0
        return np.where(given, self.episodes[present] + defaulted, np.nan)


@dataclass
class _Found:
    """Bad cells of one kind: the first few located, the rest counted."""

    message: str
    column: str
    expected: str
    fix: str
    cells: list[tuple[int, object]] = field(default_factory=list)
    count: int = 0
    last_row: int = 0

    def add(self, rows: IntArray, values: list[object]) -> None:
        room = MAX_PROBLEMS_PER_COLUMN - len(self.cells)
        if room > 0:
            self.cells.extend(zip((int(r) for r in rows[:room]), values[:room], strict=True))
        self.count += len(rows)
        if len(rows):
            self.last_row = int(rows[-1])

    def extend(self, later: _Found) -> None:
        """Add the cells found in later rows (as :meth:`add` would have added them)."""
        room = MAX_PROBLEMS_PER_COLUMN - len(self.cells)
        if room > 0:
            self.cells.extend(later.cells[:room])
        self.count += later.count
        if later.count:
            self.last_row = later.last_row

    def problems(self, sheet: str) -> list[Problem]:
        found = [
            Problem(
                self.message,
                sheet=sheet,
                row=row,
                column=self.column,
                value=value,
                expected=self.expected,
                fix=self.fix,
            )
            for row, value in self.cells
        ]
        more = self.count - len(self.cells)
        if more > 0:
            found.append(
                Problem(
                    f"{more:,} more cells in this column are not valid (up to row {self.last_row})",
                    sheet=sheet,
                    column=self.column,
                    expected=self.expected,
                )
            )
        return found


def _unused_words(currency: Currency) -> tuple[str, str]:
    """The message and fix for a code the set says is not used (care clusters: 9)."""
    unused = min(currency.unused, default=None)
    return currency.unused_message(unused) if unused is not None else ("not a valid code", "")


def _checks() -> dict[str, _Found]:
    count = "a number of 0 or more"
    days = f"a number of days from 0 to {MAX_DAYS_PER_PERSON}"
    cluster = sheets.PATIENTS.columns[1].expected()
    currency = active_currency()
    nine, nine_fix = _unused_words(currency)
    return {
        "id_blank": _Found(
            "required value is blank", "patient_id", "an identifier", "fill in the cell"
        ),
        "cluster_blank": _Found(
            "required value is blank", "cluster", cluster, "fill in the cell or delete the row"
        ),
        "cluster_bad": _Found(
            "not a valid cluster code",
            "cluster",
            cluster,
            f"use a code {currency.describe_valid()}",
        ),
        "cluster_nine": _Found(nine, "cluster", cluster, nine_fix),
        "days_blank": _Found(
            "required value is blank",
            "days",
            count,
            "give every patient's cluster days (costing needs them)",
        ),
        "days_bad": _Found("value out of range", "days", days, f"enter {days}"),
        "admitted_bad": _Found(
            "value out of range (or not a finite number: NaN)",
            "admitted_days",
            days,
            f"enter {days}",
        ),
        "over": _Found(
            "admitted days exceed cluster days (admitted days are part of cluster days)",
            "admitted_days",
            "at most the patient's days",
            "check the two figures; admitted days count inside cluster days",
        ),
        **_episode_checks(count),
        "cost_bad": _Found(
            "value out of range (or not a finite number: NaN)",
            "cost",
            _COST,
            "enter the amount in £, or leave it blank for the modelled cost",
        ),
        **_infinite_checks(days, count),
    }


#: What a patient's cost may be (the cell reader's bound, SECURITY.md).
_COST: Final = f"an amount in £ from 0 to {MAX_MONEY:,.0f}"


def _infinite_checks(days: str, count: str) -> dict[str, _Found]:
    """±infinity in a Parquet float column, told in the words every other reader uses
    (left20: it reads as a number, just not a finite one), with the largest accepted:
    episodes are at most the days, so at most a year's days too."""
    found = {}
    for key, column, expected, largest in (
        ("days", "days", days, MAX_DAYS_PER_PERSON),
        ("admitted", "admitted_days", days, MAX_DAYS_PER_PERSON),
        ("episodes", "episodes", count, MAX_DAYS_PER_PERSON),
        ("cost", "cost", _COST, MAX_MONEY),
    ):
        message, fix = infinite_words(expected, largest)
        found[f"{key}_infinite"] = _Found(message, column, expected, fix)
    return found


def _episode_checks(count: str) -> dict[str, _Found]:
    """The checks of a patient's episodes (part of :func:`_checks`)."""
    return {
        "episodes_bad": _Found(
            "value out of range (or not a finite number: NaN or infinity)",
            "episodes",
            count,
            "enter the patient's episodes (periods in the cluster), or leave it blank for "
            "days ÷ review period",
        ),
        "episodes_zero": _Found(
            "0 episodes beside days in the cluster: days in a cluster are days of some episode",
            "episodes",
            "at least one episode where there are days, or a blank",
            "leave episodes blank to use days ÷ review period, or give the number of episodes",
        ),
        "episodes_over": _Found(
            "more episodes than days in the cluster: every episode has at least one day",
            "episodes",
            "at most the patient's days, or a blank",
            "check the two figures (episodes may be in the wrong column), or leave "
            "episodes blank to use days ÷ review period",
        ),
    }


RowsOf = Callable[[IntArray], IntArray]


def _check_numbers(
    found: dict[str, _Found],
    rows_of: RowsOf,
    days: FloatArray,
    admitted: FloatArray,
    cost: FloatArray | None,
    episodes: FloatArray | None = None,
    episodes_given: BoolArray | None = None,
) -> bool:
    """Days given and in 0-366, admitted days (blank = 0) in 0-366 and ≤ days, costs
    finite in 0-£1e12 and episodes finite and 0 or more where given (a blank cost or
    episode count is filled in before this, so a NaN here was stored as a number), and
    no 0 episodes given (``episodes_given``) beside days, which would price a
    per-episode cluster at £0, nor more episodes than days (every episode has a day;
    the caseload refuses both too); True when clean.
    Whole-array reductions first: rows are only located when something is wrong, so a
    clean national extract costs a few passes of ``min`` and ``max``."""
    clean = True
    top = float(MAX_DAYS_PER_PERSON)
    if not (days.min(initial=0.0) >= 0 and days.max(initial=0.0) <= top):
        blank = np.isnan(days) | _infinite(found["days_infinite"], rows_of, days)
        _locate(found["days_blank"], rows_of, days, np.isnan(days))
        _locate(found["days_bad"], rows_of, days, ~blank & ~((days >= 0) & (days <= top)))
        clean = False
    if not (admitted.min(initial=0.0) >= 0 and admitted.max(initial=0.0) <= top):
        told = _infinite(found["admitted_infinite"], rows_of, admitted)
        _locate(found["admitted_bad"], rows_of, admitted, ~told & ~_within(admitted, top))
        clean = False
    # Each problem once: a day count already refused above is not also compared. When
    # both columns are clean every row is within range, so one comparison says it.
    over = admitted > days
    if not clean:
        over &= (days >= 0) & _within(admitted, top)
    if over.any():
        _locate(found["over"], rows_of, admitted, over)
        clean = False
    if cost is not None and not (cost.min(initial=0.0) >= 0 and cost.max(initial=0.0) <= MAX_MONEY):
        told = _infinite(found["cost_infinite"], rows_of, cost)
        _locate(found["cost_bad"], rows_of, cost, ~told & ~_within(cost, MAX_MONEY))
        clean = False
    if episodes is not None and not (
        episodes.min(initial=0.0) >= 0 and np.isfinite(episodes.max(initial=0.0))
    ):
        told = _infinite(found["episodes_infinite"], rows_of, episodes)
        _locate(found["episodes_bad"], rows_of, episodes, ~told & ~(episodes >= 0))
        clean = False
    if episodes is not None and episodes_given is not None:
        zero = episodes_given & (episodes == 0) & (days > 0)
        over_days = episodes_given & (episodes > days) & (days > 0) & np.isfinite(episodes)
        for key, mask in (("episodes_zero", zero), ("episodes_over", over_days)):
            if mask.any():
                _locate(found[key], rows_of, episodes, mask)
                clean = False
    return clean


def check_patient_days(
    frame: pd.DataFrame, rows: IntArray, sheet: str, problems: ProblemCollector
) -> None:
    """Admitted days within cluster days, and no 0 episodes beside days, in patient rows
    already typed against the ``patients`` contract (the tender's reader): the checks
    this reader makes, so ``pbrkit tender`` refuses what ``pbrkit cost`` refuses
    (methodology §2)."""
    found = _checks()
    admitted = np.nan_to_num(_column(frame, "admitted_days", len(frame)))
    episodes, given = _episodes_column(frame)
    checked = None if episodes is None or given is None else np.where(given, episodes, 0.0)
    days = frame["days"].to_numpy(dtype=np.float64)
    _check_numbers(found, lambda at: rows[at], days, admitted, None, checked, given)
    for check in found.values():
        problems.extend(check.problems(sheet))


def _within(values: FloatArray, top: float) -> BoolArray:
    """0 to ``top``; False for NaN and ±infinity."""
    return (values >= 0) & (values <= top)


def _infinite(found: _Found, rows_of: RowsOf, values: FloatArray) -> BoolArray:
    """Locate the ±infinite values (told as infinite, not out of range); their mask."""
    infinite = np.isinf(values)
    _locate(found, rows_of, values, infinite)
    return infinite


def _locate(found: _Found, rows_of: RowsOf, values: FloatArray, mask: BoolArray) -> None:
    at = np.flatnonzero(mask)
    if len(at):
        found.add(rows_of(at), [_shown(values[i]) for i in at[:MAX_PROBLEMS_PER_COLUMN]])


def _blanks(n: int) -> FloatArray:
    """Stand-in values for blank cells: told as blank (no "found"), never as 0.0."""
    return np.full(n, np.nan)


def _shown(value: float) -> object:
    return None if np.isnan(value) else float(value)


# --------------------------------------------------------------------- Parquet


def _stream_parquet(
    source: ParquetPatients, problems: ProblemCollector, limits: ReadLimits, review_days: pd.Series
) -> PatientActivity | None:
    """Sum a Parquet file batch by batch: Arrow groups each batch by its raw cluster
    value, numpy checks the numbers; cluster values are parsed once, at the end."""
    import pyarrow.parquet as pq

    sheet = sheets.PATIENTS.name
    handle = pq.ParquetFile(source.path, memory_map=True)
    _check_row_limit(handle.metadata.num_rows, limits, sheet)
    columns = source.columns
    wanted = [c for c in ("cluster", "days", "admitted_days", "episodes", "cost") if c in columns]
    read = wanted + (["patient_id"] if _ids_may_be_blank(handle, columns["patient_id"]) else [])
    has_cost = "cost" in columns
    aggregates, names = _aggregates(columns)
    found = _checks()
    summed = _sum_batches(source.path, columns, wanted, read, aggregates, found)
    if summed.total == 0:
        problems.add(_no_rows(sheet))
        return None
    keys = list(summed.keys)
    _, bad, blank = _key_codes(keys)
    if (bad | blank).any() or not summed.clean:
        # A second pass over the cluster column only, to locate the bad values.
        bad_keys = [k for k, b in zip(keys, bad, strict=True) if b]
        _locate_clusters(handle, columns["cluster"], bad_keys, found)
        for check in found.values():
            problems.extend(check.problems(sheet))
        return None
    sums = _Sums()
    for name, each in zip(names, summed.sums, strict=True):
        setattr(sums, name, each.sums())
    if float(sums.cost.sum()) > MAX_EXACT_TOTAL / 100:
        problems.add(_inexact_cost(float(sums.cost.sum()), sheet, columns.get("cost", "cost")))
        return None
    caseload, partly = sums.caseload(has_cost, review_days)
    return PatientActivity(caseload, summed.total, sheet, has_cost, partly, source.extra)


def _check_row_limit(total: int, limits: ReadLimits, sheet: str) -> None:
    """Refuse a file with more rows than ``--max-rows`` before reading any of them."""
    if total > limits.max_rows:
        raise ResourceLimitExceeded(
            Problem(
                f"{total:,} rows, more than the limit of {limits.max_rows:,}",
                sheet=sheet,
                fix="raise the limit with --max-rows if the file is genuine, or split it",
            )
        )


Aggregate = tuple[str, str] | tuple[str, str, Any]


def _aggregates(columns: dict[str, str]) -> tuple[list[Aggregate], list[str]]:
    """Arrow's per-cluster aggregations of a batch, and the :class:`_Sums` field each adds to."""
    # Arrow's grouped sums skip nulls: a blank admitted day or cost adds nothing.
    aggregates: list[Aggregate] = [("cluster", "count", _count_all()), ("days", "sum")]
    names = ["n", "days"]
    if "admitted_days" in columns:
        aggregates.append(("admitted_days", "sum"))
        names.append("admitted")
    if "episodes" in columns:
        # counted_days: the days of rows giving episodes, a column _sum_batches adds.
        aggregates += [("episodes", "sum"), ("episodes", "count"), ("counted_days", "sum")]
        names += ["episodes", "counted", "counted_days"]
    if "cost" in columns:
        aggregates += [("cost", "sum"), ("cost", "count")]
        names += ["cost", "costed"]
    return aggregates, names


@dataclass(frozen=True)
class _Summed:
    """A file's batches checked and summed: whether every number and ID was valid, the
    rows read, the raw cluster values found, and each aggregate's exact sums by code."""

    clean: bool
    total: int
    keys: dict[object, None]
    sums: list[exact_sum.GroupSums]


def _sum_batches(
    path: Path,
    columns: dict[str, str],
    wanted: Sequence[str],
    read: Sequence[str],
    aggregates: list[Aggregate],
    found: dict[str, _Found],
) -> _Summed:
    """Check every batch and add its sums per cluster code, exactly.

    The batches are read and summed side by side (:mod:`pbrkit.io.parquet_units`), each
    the batch one reader would give; their bad cells are added in the file's order, so
    every message is the one a single reader gives. Each aggregate's sums go into exact
    accumulators (:class:`pbrkit.exact_sum.GroupSums`): the batches' own sums where
    float64 added them exactly, else their rows (:mod:`pbrkit.io.exact_batches`), so
    no figure depends on the rows' order or on where the batches are cut.
    """
    from pbrkit.io import parquet_units

    def work(batch: Any, first_row: int) -> _BatchSums:
        return _batch_sums(batch, read, wanted, aggregates, first_row)

    clean, total, keys = True, 0, dict[object, None]()
    sums = [exact_sum.GroupSums(_CODES) for _ in aggregates]
    source = [columns[c] for c in read]
    for batch in parquet_units.map_batches(path, source, BATCH_ROWS, work):
        for key, check in batch.found.items():
            found[key].extend(check)
        keys.update(dict.fromkeys(batch.keys))
        for j, each in enumerate(sums):
            each.add(*batch.exact.get(j, (batch.codes, batch.sums[:, j])))
        clean, total = batch.clean and clean, total + batch.rows
    return _Summed(clean, total, keys, sums)


@dataclass(frozen=True)
class _BatchSums:
    """One batch's checks and sums per raw cluster value (``keys``, whose cluster codes
    are ``codes``: 0 for a bad value, whose file is refused); ``exact`` the aggregates
    (by position) float64 would not add exactly: each row's code and value instead."""

    rows: int
    clean: bool
    found: dict[str, _Found]
    keys: list[object]
    codes: IntArray
    sums: FloatArray
    exact: dict[int, tuple[npt.NDArray[np.integer[Any]], FloatArray]]


def _batch_sums(
    batch: Any, read: Sequence[str], wanted: Sequence[str], aggregates: list[Aggregate], first: int
) -> _BatchSums:
    """Check one batch (its first row ``first``, counted from 0) and sum it per cluster."""
    import pyarrow as pa

    part = dict(zip(read, batch.columns, strict=True))
    found = _checks()
    clean = _check_batch(part, batch.num_rows, first, found)
    # Grouped even when a number is bad: every distinct cluster value gets checked.
    table = pa.Table.from_arrays([part[c] for c in wanted], names=wanted)
    if "episodes" in part:
        table = table.append_column("counted_days", _counted_days(part))
    grouped = table.group_by("cluster", use_threads=False).aggregate(aggregates)
    keys = grouped.column("cluster").to_pylist()
    sums = [
        np.nan_to_num(grouped.column(i).to_numpy(zero_copy_only=False), nan=0.0)
        for i, name in enumerate(grouped.column_names)
        if name != "cluster"
    ]
    codes = _codes_or_0(keys)
    exact = _rows_kept(table, aggregates, keys, codes) if clean else {}
    stacked = np.column_stack(sums).astype(np.float64)
    return _BatchSums(batch.num_rows, clean, found, keys, codes, stacked, exact)


def _codes_or_0(keys: list[object]) -> IntArray:
    """Each raw cluster value's code, 0 where it has none (its file is refused)."""
    codes, bad, blank = _key_codes(keys)
    return np.where(bad | blank, 0, np.nan_to_num(codes)).astype(np.intp)


def _rows_kept(
    table: Any, aggregates: list[Aggregate], keys: list[object], codes: IntArray
) -> dict[int, tuple[npt.NDArray[np.integer[Any]], FloatArray]]:
    """The batch's summed columns that float64 would not add exactly (pennies, parts
    of a day), by their place among the aggregates: each row's cluster code and value
    (a blank as 0: Arrow's sums skip it). ``keys`` are the batch's raw cluster values
    and ``codes`` theirs."""
    kept: dict[int, tuple[npt.NDArray[np.integer[Any]], FloatArray]] = {}
    rows: npt.NDArray[np.integer[Any]] | None = None
    for j, (column, how, *_) in enumerate(aggregates):
        if how != "sum":
            continue
        values = _numbers(table.column(column).combine_chunks(), blank=0.0)
        if exact_sum.adds_exactly(values):
            continue
        if rows is None:
            rows = _row_codes(table.column("cluster").combine_chunks(), keys, codes)
        kept[j] = (rows, values)
    return kept


def _row_codes(cluster: Any, keys: list[object], codes: IntArray) -> npt.NDArray[np.integer[Any]]:
    """Each row's cluster code: the column itself where it holds whole numbers that are
    their own codes (a typed extract: no copy), else through its distinct values."""
    import pyarrow as pa

    if pa.types.is_integer(cluster.type) and not cluster.null_count and codes.tolist() == keys:
        return np.asarray(cluster.to_numpy(zero_copy_only=False))
    rows = exact_batches.rows_of(cluster)
    present = np.flatnonzero(np.bincount(rows.index, minlength=len(rows.keys)))
    of_keys = np.zeros(len(rows.keys), dtype=np.intp)
    of_keys[present] = _codes_or_0([rows.keys[i] for i in present])
    return of_keys[rows.index]


def _counted_days(part: dict[str, Any]) -> Any:
    """Each row's days where it gives episodes, else 0 (summed per cluster)."""
    import pyarrow.compute as pc

    days = pc.cast(part["days"], "float64")
    return pc.if_else(pc.is_valid(part["episodes"]), days, 0.0)


def _check_batch(part: dict[str, Any], n: int, offset: int, found: dict[str, _Found]) -> bool:
    """Check one batch's numbers, and its IDs when read; True when all are valid."""

    def rows_of(at: IntArray) -> IntArray:
        return at + (offset + 2)  # the header is row 1

    days = _numbers(part["days"], blank=np.nan)
    admitted = (
        _numbers(part["admitted_days"], blank=0.0) if "admitted_days" in part else np.zeros(n)
    )
    # A blank cost is allowed (modelled cost); NaN stored as a number is not.
    cost = _numbers(part["cost"], blank=0.0) if "cost" in part else None
    episodes = given = None
    if "episodes" in part:
        episodes = _numbers(part["episodes"], blank=0.0)
        given = np.asarray(part["episodes"].is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    ok = _check_numbers(found, rows_of, days, admitted, cost, episodes, given)
    if "patient_id" in part:
        ok = _check_ids(part["patient_id"], rows_of, found["id_blank"]) and ok
    return ok


def _inexact_cost(total: float, sheet: str, column: str) -> Problem:
    """A cost column too large to add up exactly to the penny in float64."""
    return Problem(
        f"the cost column adds up to £{total:,.0f}, beyond which "
        "totals are no longer exact to the penny",
        sheet=sheet,
        column=column,
        fix="check the column's units (pounds, not pence) and the largest values",
    )


def _count_all() -> Any:
    import pyarrow.compute as pc

    return pc.CountOptions(mode="all")


def _key_codes(keys: list[object]) -> tuple[FloatArray, BoolArray, BoolArray]:
    """The cluster code of each distinct value; which are bad; which are blank."""
    values = pd.Series(keys, dtype=object)
    codes, bad = parse.parse_cluster(values)
    blank = np.isnan(codes) & ~bad
    return codes, bad, blank


def _locate_clusters(
    handle: Any, column: str, bad_keys: list[object], found: dict[str, _Found]
) -> None:
    """Find the rows of blank and bad cluster values (only run when there are some)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    offset = 0
    for batch in handle.iter_batches(batch_size=BATCH_ROWS, columns=[column]):
        values = batch.column(0)
        blank = values.is_null()
        if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
            blank = pc.or_kleene(blank, pc.equal(pc.utf8_trim_whitespace(values), ""))
        at = np.flatnonzero(pc.fill_null(blank, False).to_numpy(zero_copy_only=False))
        found["cluster_blank"].add(at + offset + 2, [None] * min(len(at), MAX_PROBLEMS_PER_COLUMN))
        nine = [k for k in bad_keys if parse.is_unused_cluster(k)]
        other = [k for k in bad_keys if k not in nine]
        for key, keys in (("cluster_nine", nine), ("cluster_bad", other)):
            if not keys:
                continue
            bad = pc.is_in(values, value_set=pa.array(keys, values.type))
            at = np.flatnonzero(pc.fill_null(bad, False).to_numpy(zero_copy_only=False))
            shown = values.take(pa.array(at[:MAX_PROBLEMS_PER_COLUMN])).to_pylist()
            found[key].add(at + offset + 2, shown)
        offset += batch.num_rows


def _numbers(values: Any, *, blank: float) -> FloatArray:
    """An Arrow number column as float64 (zero-copy when it can), blanks filled in."""
    if values.null_count:
        values = values.fill_null(blank)
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64)


def _ids_may_be_blank(handle: Any, column: str) -> bool:
    """False when the file's statistics prove no ID is null or empty (nothing to read)."""
    metadata = handle.metadata
    index = handle.schema_arrow.get_field_index(column)
    for group in range(metadata.num_row_groups):
        stats = metadata.row_group(group).column(index).statistics
        if stats is None or not stats.has_null_count or stats.null_count:
            return True
        if not stats.has_min_max or (isinstance(stats.min, str) and not stats.min.strip()):
            return True
    return False


def _check_ids(values: Any, rows_of: RowsOf, found: _Found) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    blank = values.is_null()
    if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
        blank = pc.or_kleene(blank, pc.equal(pc.utf8_trim_whitespace(values), ""))
    mask = pc.fill_null(blank, False).to_numpy(zero_copy_only=False)
    if not mask.any():
        return True
    at = np.flatnonzero(mask)
    found.add(rows_of(at), [None] * min(len(at), MAX_PROBLEMS_PER_COLUMN))
    return False


def _no_rows(sheet: str) -> Problem:
    return Problem(
        "the patients table has no data rows",
        sheet=sheet,
        fix="add one row per patient (patient_id, cluster, days)",
    )


# --------------------------------------------------------------------- sheets


def _from_sheet(
    raw: RawSheet, problems: ProblemCollector, review_days: pd.Series
) -> PatientActivity | None:
    """Patient rows from the text grid, typed against the ``patients`` contract."""
    before = len(problems.problems)
    table = read_table(raw, sheets.PATIENTS, problems)
    if table is None:
        return None
    if "days" not in table.frame:
        problems.add(
            Problem(
                "required column 'days' is missing",
                sheet=table.sheet,
                column="days",
                expected="each patient's cluster days",
                fix="add a column headed 'days' (costing sums them per cluster)",
            )
        )
        return None
    frame = table.frame
    n = len(frame)
    if n == 0:
        problems.add(_no_rows(table.sheet))
        return None
    # Cells the sheet contract already reported are NaN now: not reported twice.
    reported = {(p.row, p.column) for p in problems.problems[before:]}
    rows = table.rows.astype(np.intp)
    found = _checks()

    def rows_of(at: IntArray) -> IntArray:
        return rows[at]

    def unreported(column: str) -> BoolArray:
        return np.array([(int(r), column) not in reported for r in rows], dtype=bool)

    codes = frame["cluster"].to_numpy(dtype=np.float64)
    blank_ids = frame["patient_id"].isna().to_numpy(bool) & unreported("patient_id")
    _locate(found["id_blank"], rows_of, _blanks(n), blank_ids)
    _locate(found["cluster_blank"], rows_of, codes, np.isnan(codes) & unreported("cluster"))
    days = frame["days"].to_numpy(dtype=np.float64)
    # Cells the contract reported stand in as the most days allowed: not reported again.
    days = np.where(np.isnan(days) & ~unreported("days"), float(MAX_DAYS_PER_PERSON), days)
    admitted = _column(frame, "admitted_days", n)
    admitted = np.where(np.isnan(admitted), 0.0, admitted)
    episodes, given = _episodes_column(frame)
    checked = None if episodes is None or given is None else np.where(given, episodes, 0.0)
    # Costs and episodes: each cell checked by the contract; 0 episodes beside days here.
    clean = _check_numbers(found, rows_of, days, admitted, None, checked, given)
    for check in found.values():
        problems.extend(check.problems(table.sheet))
    refuse_repeated_patients(frame, rows, table.sheet, problems)
    if not clean or len(problems.problems) > before:
        return None
    cost = frame["cost"].to_numpy(dtype=np.float64) if "cost" in frame else None
    sums = _Sums()
    sums.add_rows(codes.astype(np.intp), days, admitted, cost, episodes)
    caseload, partly = sums.caseload(cost is not None, review_days)
    return PatientActivity(
        caseload, n, table.sheet, cost is not None, partly, table.extra, table.notes
    )


def _episodes_column(frame: pd.DataFrame) -> tuple[FloatArray | None, BoolArray | None]:
    """The episodes column (NaN where blank) and where it is given; None, None without it."""
    if "episodes" not in frame:
        return None, None
    episodes = frame["episodes"].to_numpy(dtype=np.float64)
    return episodes, ~np.isnan(episodes)


def _column(frame: pd.DataFrame, name: str, n: int) -> FloatArray:
    return frame[name].to_numpy(dtype=np.float64) if name in frame else np.zeros(n)


def refuse_repeated_patients(
    frame: pd.DataFrame, rows: IntArray, sheet: str, problems: ProblemCollector
) -> None:
    """A patient listed twice in one cluster would be two service users and two
    patients' days: refused. (A patient in two clusters in the year is two rows, and
    is counted in each.)"""
    keys = frame[["patient_id", "cluster"]]
    repeated = (keys.duplicated(keep="first") & keys.notna().all(axis=1)).to_numpy(dtype=bool)
    positions = np.flatnonzero(repeated)
    for position in positions[:MAX_PROBLEMS_PER_COLUMN]:
        problems.add(
            Problem(
                f"patient_id {frame['patient_id'].iloc[position]} appears more than once in "
                f"cluster {frame['cluster'].iloc[position]:g}",
                sheet=sheet,
                row=int(rows[position]),
                column="patient_id",
                fix="combine the patient's rows (sum their days and cost), so no one is "
                "counted twice",
            )
        )
    if len(positions) > MAX_PROBLEMS_PER_COLUMN:
        problems.add(
            Problem(
                f"{len(positions) - MAX_PROBLEMS_PER_COLUMN:,} more repeated patients "
                f"({len(positions):,} in all)",
                sheet=sheet,
                column="patient_id",
            )
        )
