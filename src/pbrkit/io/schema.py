"""Sheet contracts (DESIGN §3) and the typed reading of one sheet against its contract.

A :class:`SheetSpec` lists a sheet's columns and what each must hold. :func:`read_table`
finds the header row (it may sit below a title block), matches columns loosely,
parses every column, and records one :class:`~pbrkit.errors.Problem` per bad cell
(sheet, spreadsheet row, column, value, what was expected, how to fix it). It never
stops at the first problem: the caller raises them all together.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.errors import Problem, ProblemCollector
from pbrkit.io import parse
from pbrkit.io.workbook import RawSheet, normalise_name

#: Cells reported per column before the rest are summarised in one line.
MAX_PROBLEMS_PER_COLUMN = 20
#: How far down a sheet the header row is looked for (title blocks above it).
HEADER_SEARCH_ROWS = 30


class Kind(Enum):
    """What a column holds."""

    TEXT = "text"
    ID = "id"
    CLUSTER = "cluster"
    COUNT = "count"  # non-negative number (people, days, episodes)
    MONEY = "money"  # non-negative £ amount, text like "£1,234.50" accepted
    FACTOR = "factor"  # positive number (cost factor, market-forces factor)
    FRACTION = "fraction"  # 0-1, "25%" accepted
    NUMBER = "number"  # any real number
    YES_NO = "yes_no"
    CLUSTER_LIST = "cluster_list"
    CHOICE = "choice"


_EXPECTED = {
    Kind.TEXT: "text",
    Kind.ID: "an identifier",
    Kind.CLUSTER: "a cluster code 0-8, 10-21 or 99 (e.g. 3, 03, C3, Cluster 3, MHCC03)",
    Kind.COUNT: "a number of 0 or more",
    Kind.MONEY: "an amount in £ of 0 or more (e.g. 1234.50 or £1,234.50)",
    Kind.FACTOR: "a number greater than 0",
    Kind.FRACTION: "a fraction from 0 to 1 (e.g. 0.25 or 25%)",
    Kind.NUMBER: "a number",
    Kind.YES_NO: "yes or no (also true/false, y/n, 1/0)",
    Kind.CLUSTER_LIST: "a list of clusters such as '1, 2, 3', '1-4', '1-4, 11' or 'all'",
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet contract."""

    name: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str = ""

    def expected(self) -> str:
        """Plain-English description of an acceptable value."""
        if self.kind is Kind.CHOICE:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return _EXPECTED[self.kind]


@dataclass(frozen=True)
class SheetSpec:
    """A sheet contract: its name, columns and a one-line description."""

    name: str
    columns: tuple[Column, ...]
    description: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[Column, ...]:
        """The columns that must be present."""
        return tuple(c for c in self.columns if c.required)


@dataclass(frozen=True)
class Table:
    """A typed sheet: one column per contract column present, plus extras as text.

    ``rows`` gives each data row's spreadsheet row number, for messages and
    traceability; ``present`` lists the contract columns the sheet had; ``unnamed``
    the 1-based positions of columns that hold values under no header (not read:
    e.g. the second column of a header merged across two).
    """

    sheet: str
    frame: pd.DataFrame
    rows: npt.NDArray[np.int64]
    present: frozenset[str] = field(default_factory=frozenset)
    extra: tuple[str, ...] = ()
    unnamed: tuple[int, ...] = ()


def read_table(sheet: RawSheet, spec: SheetSpec, problems: ProblemCollector) -> Table | None:
    """Type ``sheet`` against ``spec``; record problems; None if it cannot be read at all."""
    located = _locate_header(sheet, spec)
    if located is None:
        problems.add(_missing_header_problem(sheet, spec))
        return None
    header, body, rows = located
    mapping = _match_columns(header, spec)
    missing = [c for c in spec.required if c.name not in mapping]
    for column in missing:
        problems.add(_missing_column_problem(sheet.name, header, column))
    if missing:
        return None

    body, rows = _drop_blank_rows(body, rows)
    frame: dict[str, object] = {}
    for column in spec.columns:
        if column.name not in mapping:
            continue
        values = body.iloc[:, mapping[column.name]].reset_index(drop=True)
        frame[column.name] = _parse_column(values, column, sheet.name, rows, problems)
    known = set(mapping.values())
    extra: list[str] = []
    for position, label in enumerate(header):
        if position in known or label is None:
            continue
        name = str(label)
        if name in frame:
            continue
        extra.append(name)
        frame[name] = parse.as_text(body.iloc[:, position].reset_index(drop=True))
    table = pd.DataFrame(frame, index=pd.RangeIndex(len(rows)))
    filled: npt.NDArray[np.bool_] = np.zeros(len(header), dtype=bool)
    if len(body):
        filled = np.asarray(body.notna().to_numpy().any(axis=0), dtype=bool)
    unnamed = tuple(p + 1 for p, label in enumerate(header) if label is None and filled[p])
    return Table(sheet.name, table, rows, frozenset(mapping), tuple(extra), unnamed)


def _locate_header(
    sheet: RawSheet, spec: SheetSpec
) -> tuple[list[str | None], pd.DataFrame, npt.NDArray[np.int64]] | None:
    grid = sheet.grid
    if sheet.has_header:
        header: list[str | None] = [str(c) for c in grid.columns]
        rows = np.arange(len(grid), dtype=np.int64) + sheet.first_row + 1
        return header, grid, rows
    wanted = {normalise_name(n) for c in spec.columns for n in (c.name, *c.aliases)}
    required = {normalise_name(c.name) for c in spec.required}
    best: tuple[int, int] | None = None
    for i in range(min(HEADER_SEARCH_ROWS, len(grid))):
        labels = {normalise_name(v) for v in grid.iloc[i].tolist() if _present(v)}
        hits = len(labels & wanted)
        if required and required <= labels:
            best = (i, hits)
            break
        if hits and (best is None or hits > best[1]):
            best = (i, hits)
    if best is None:
        return None
    i = best[0]
    header = [str(v).strip() if _present(v) else None for v in grid.iloc[i].tolist()]
    body = grid.iloc[i + 1 :]
    rows = np.arange(i + 1, len(grid), dtype=np.int64) + sheet.first_row
    return header, body, rows


def _present(value: object) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and np.isnan(value))
        and (str(value).strip() != "")
    )


def _match_columns(header: list[str | None], spec: SheetSpec) -> dict[str, int]:
    by_name: dict[str, int] = {}
    for position, label in enumerate(header):
        if label is not None:
            by_name.setdefault(normalise_name(label), position)
    mapping: dict[str, int] = {}
    for column in spec.columns:
        for name in (column.name, *column.aliases):
            found = by_name.get(normalise_name(name))
            if found is not None:
                mapping[column.name] = found
                break
    return mapping


def _drop_blank_rows(
    body: pd.DataFrame, rows: npt.NDArray[np.int64]
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """Rows with no cell filled in are spacing, not data: drop them silently."""
    if body.empty:
        return body, rows
    keep = body.notna().to_numpy().any(axis=1)
    return body.iloc[np.flatnonzero(keep)], rows[keep]


def _parse_column(
    values: pd.Series,
    column: Column,
    sheet: str,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
) -> object:
    kind = column.kind
    bad: npt.NDArray[np.bool_]
    parsed: object
    if kind in (Kind.TEXT, Kind.ID):
        text = parse.as_text(values)
        parsed, bad = text, np.zeros(len(values), dtype=bool)
    elif kind is Kind.CLUSTER:
        parsed, bad = parse.parse_cluster(values)
    elif kind is Kind.YES_NO:
        parsed, bad = parse.parse_yes_no(values)
    elif kind is Kind.CHOICE:
        text = parse.as_text(values).astype("string").str.casefold()
        ok = text.isin(column.choices).to_numpy(dtype=bool)
        blank = text.isna().to_numpy(dtype=bool)
        parsed = text.astype(object).where(~blank, None)
        bad = ~blank & ~ok
    elif kind is Kind.CLUSTER_LIST:
        text = parse.as_text(values)
        lists = [None if pd.isna(t) else parse.parse_cluster_list(str(t)) for t in text]
        bad = np.array(
            [pd.notna(t) and v is None for t, v in zip(text, lists, strict=True)], dtype=bool
        )
        parsed = pd.Series(lists, dtype=object)
    else:
        numbers, bad = parse.parse_number(values, percent=kind is Kind.FRACTION)
        bad = bad | _out_of_range(numbers, kind)
        # A bad cell is reported once, here; as NaN it cannot trip later checks.
        parsed = np.where(bad, np.nan, numbers)
    if bad.any():
        _report_cells(values, bad, column, sheet, rows, problems)
    return parsed


def _out_of_range(numbers: npt.NDArray[np.float64], kind: Kind) -> npt.NDArray[np.bool_]:
    with np.errstate(invalid="ignore"):
        if kind in (Kind.COUNT, Kind.MONEY):
            return np.asarray(numbers < 0)
        if kind is Kind.FACTOR:
            return np.asarray(numbers <= 0)
        if kind is Kind.FRACTION:
            return np.asarray((numbers < 0) | (numbers > 1))
    return np.zeros(len(numbers), dtype=bool)


def _report_cells(
    values: pd.Series,
    bad: npt.NDArray[np.bool_],
    column: Column,
    sheet: str,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
) -> None:
    positions = np.flatnonzero(bad)
    dates = parse.looks_like_date(values)
    for position in positions[:MAX_PROBLEMS_PER_COLUMN]:
        value = values.iloc[position]
        message, fix = _describe_bad_cell(value, column, bool(dates[position]))
        problems.add(
            Problem(
                message,
                sheet=sheet,
                row=int(rows[position]),
                column=column.name,
                value=value,
                expected=column.expected(),
                fix=fix,
            )
        )
    if len(positions) > MAX_PROBLEMS_PER_COLUMN:
        more = len(positions) - MAX_PROBLEMS_PER_COLUMN
        last = int(rows[positions[-1]])
        problems.add(
            Problem(
                f"{more:,} more cells in this column are not valid (up to row {last})",
                sheet=sheet,
                column=column.name,
                expected=column.expected(),
            )
        )


def _describe_bad_cell(value: object, column: Column, is_date: bool) -> tuple[str, str]:
    if is_date and column.kind not in (Kind.TEXT, Kind.ID):
        return (
            "a date where a number belongs",
            "format the cell as a number (Excel may have turned it into a date)",
        )
    if column.kind is Kind.CLUSTER:
        code = parse.as_text(pd.Series([value])).iloc[0]
        if pd.notna(code) and parse.cluster_number(code) == parse.UNUSED_CLUSTER:
            return (
                "cluster 9 is not used ('Cluster under review - should not be used', "
                "NHS Data Dictionary)",
                "re-cluster the activity or record it as 0 (variance)",
            )
        return "not a valid cluster code", "use a code 0-8, 10-21, or 99 for not assessed"
    if column.kind in (Kind.COUNT, Kind.MONEY, Kind.FACTOR, Kind.FRACTION, Kind.NUMBER):
        number, unparsable = parse.parse_number(
            pd.Series([value], dtype=object), percent=column.kind is Kind.FRACTION
        )
        if not unparsable[0] and np.isfinite(number[0]):
            return "value out of range", f"enter {column.expected()}"
        return "not a number", f"enter {column.expected()}"
    return "not a valid value", f"enter {column.expected()}"


def _missing_header_problem(sheet: RawSheet, spec: SheetSpec) -> Problem:
    names = ", ".join(c.name for c in spec.required)
    return Problem(
        "no header row found",
        sheet=sheet.name,
        expected=f"a row of column names including {names}",
        fix=f"put the column names in the first row (`pbrkit template` writes a {spec.name} sheet)",
    )


def _missing_column_problem(sheet: str, header: list[str | None], column: Column) -> Problem:
    labels = [h for h in header if h]
    close = difflib.get_close_matches(
        normalise_name(column.name), [normalise_name(h) for h in labels], n=1, cutoff=0.6
    )
    fix = f"add a column headed '{column.name}'"
    if close:
        original = next(h for h in labels if normalise_name(h) == close[0])
        fix = f"rename column '{original}' to '{column.name}' (did you mean it?)"
    return Problem(
        f"required column '{column.name}' is missing",
        sheet=sheet,
        column=column.name,
        expected=column.expected(),
        fix=fix,
    )


def report_repeats(table: Table, column: str, problems: ProblemCollector, *, fix: str) -> None:
    """One problem per row whose ``column`` value already appeared above it."""
    values = table.frame[column]
    repeated = values.duplicated(keep="first") & values.notna()
    for position in np.flatnonzero(repeated.to_numpy()):
        value = values.iloc[position]
        shown = f"{value:g}" if isinstance(value, float | np.floating) else str(value)
        problems.add(
            Problem(
                f"{column} {shown} appears more than once",
                sheet=table.sheet,
                row=int(table.rows[position]),
                column=column,
                fix=fix,
            )
        )
