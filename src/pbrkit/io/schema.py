"""Sheet contracts (docs/methodology.md §8) and the typed reading of one sheet against its contract.

A :class:`SheetSpec` lists a sheet's columns and what each must hold. :func:`read_table`
finds the header row (it may sit below a title block), matches columns loosely,
parses every column, and records one :class:`~pbrkit.errors.Problem` per bad cell
(sheet, spreadsheet row, column, value, what was expected, how to fix it). It never
stops at the first problem: the caller raises them all together.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.currency import active_currency
from pbrkit.errors import Problem, ProblemCollector, in_table, place, table_word
from pbrkit.io import numeric_ids, parse, values
from pbrkit.io.columns import current_map
from pbrkit.io.headers import clean_text, is_close, is_too_long, near_misses, normalise_header
from pbrkit.io.workbook import RawSheet, time_cell_problem
from pbrkit.io.xlsxscan import column_letters
from pbrkit.model import bare_percent

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
    RATE = "rate"  # any real number written as 0.05, 5% or 5 % (a margin, a growth rate)
    YES_NO = "yes_no"
    CLUSTER_LIST = "cluster_list"
    CHOICE = "choice"


_EXPECTED = {
    Kind.TEXT: "text",
    Kind.ID: "an identifier",
    Kind.COUNT: "a number of 0 or more",
    Kind.MONEY: "an amount in £ of 0 or more (e.g. 1234.50 or £1,234.50)",
    Kind.FACTOR: "a number greater than 0",
    Kind.FRACTION: "a fraction from 0 to 1 (e.g. 0.25 or 25%)",
    Kind.NUMBER: "a number",
    Kind.RATE: "a rate such as 0.05 or 5%",
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
    #: Headers that may well mean this column but are not safe to read as it (they
    #: are refused with "did you mean", or mapped with --columns).
    synonyms: tuple[str, ...] = ()
    #: Largest value a cell may hold (None: the bound of its kind, in values.py).
    maximum: float | None = None
    #: A value a cell must be greater than (None: the lower bound of its kind), and why,
    #: as a refusal says it (a hurdle margin of -100% or less: pbrkit.model).
    above: float | None = None
    above_why: str = ""
    #: What one value names when figures are grouped or matched by this column ("team",
    #: "bidder"): a cell holding an invisible character or an unusual space is then
    #: refused, as an ID's is, since it would make a second team that looks like the
    #: first in every report (review 8).
    names: str = ""
    #: The value counts whole things (people, a bidder's patients): the reader refuses
    #: 2.5, and the template's cell validation asks for a whole number.
    whole: bool = False

    def expected(self) -> str:
        """Plain-English description of an acceptable value."""
        if self.kind is Kind.CHOICE:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind is Kind.CLUSTER:
            return active_currency().describe_expected()
        return _EXPECTED[self.kind]


@dataclass(frozen=True)
class SheetSpec:
    """A sheet contract: its name, columns and a one-line description."""

    name: str
    columns: tuple[Column, ...]
    description: str = ""
    aliases: tuple[str, ...] = ()
    #: Columns a last row labelled Total adds up (checked, then the row is skipped).
    totals: tuple[str, ...] = ()
    #: Words a sheet meant as this one may be named by ('activity' for the caseload):
    #: such a sheet is suggested when this one is missing, never read in its place.
    synonyms: tuple[str, ...] = ()

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
    #: Data-quality notes from reading (headers cleaned, a Total row checked and skipped).
    notes: tuple[str, ...] = ()


def read_table(sheet: RawSheet, spec: SheetSpec, problems: ProblemCollector) -> Table | None:
    """Type ``sheet`` against ``spec``; record problems; None if it cannot be read at all."""
    located = _locate_header(sheet, spec)
    if located is None:
        problems.add(_missing_header_problem(sheet, spec))
        return None
    header, body, rows = located
    if report_long_headers(sheet.name, header, problems):
        return None
    report_overlong_rows(sheet, body, rows, problems)
    report_merged_rows(sheet, rows, problems)
    report_time_cells(sheet, rows, problems, header)
    header, notes = _clean_header(sheet.name, header)
    mapping = _match_columns(header, spec)
    missing = [c for c in spec.required if c.name not in mapping]
    misses = report_near_misses(sheet.name, header, mapping, spec, problems)
    _report_repeated_headers(sheet.name, header, mapping, spec, problems)
    headless = _headless_columns(header, body) if missing else ()
    for column in missing:
        if column.name not in misses:
            problems.add(_missing_column_problem(sheet.name, header, mapping, column, headless))
    if missing:
        return None

    header_row = int(rows[0]) - 1 if len(rows) and not sheet.has_header else None
    body, rows = _drop_blank_rows(body, rows)
    body, rows = _drop_space_only_rows(body, rows, [mapping[c.name] for c in spec.required])
    body, rows = _refuse_header_repeats(
        body, rows, header, header_row, spec, mapping, sheet.name, problems
    )
    body, rows, total = split_total_row(body, rows, spec, mapping)
    body, rows = _refuse_subtotal_rows(body, rows, spec, sheet.name, problems)
    hidden_rows = hidden_data_rows(sheet, rows)
    hidden = hidden_rows_note(sheet.name, hidden_rows)
    if hidden:
        notes.append(hidden)
    hidden = hidden_columns_note(sheet, header, body)
    if hidden:
        notes.append(hidden)
    frame, extra = _typed_columns(sheet, spec, header, mapping, body, rows, problems)
    table = pd.DataFrame(frame, index=pd.RangeIndex(len(rows)))
    if total is not None:
        notes.append(
            check_total_row(table, total, spec, mapping, sheet.name, problems, hidden_rows)
        )
    filled: npt.NDArray[np.bool_] = np.zeros(len(header), dtype=bool)
    if len(body):
        filled = np.asarray(body.notna().to_numpy().any(axis=0), dtype=bool)
    unnamed = tuple(p + 1 for p, label in enumerate(header) if label is None and filled[p])
    return Table(sheet.name, table, rows, frozenset(mapping), tuple(extra), unnamed, tuple(notes))


def _typed_columns(
    sheet: RawSheet,
    spec: SheetSpec,
    header: list[str | None],
    mapping: dict[str, int],
    body: pd.DataFrame,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
) -> tuple[dict[str, object], list[str]]:
    """Each contract column ``mapping`` found, typed by its kind, then every other
    named column as text (the names of those extras, in the sheet's order)."""
    frame: dict[str, object] = {}
    for column in spec.columns:
        if column.name not in mapping:
            continue
        cells = body.iloc[:, mapping[column.name]].reset_index(drop=True)
        if sheet.delimiter == ";" and column.kind in _NUMERIC_KINDS:
            cells = refuse_one_group(
                cells, column.name, column.expected(), sheet.name, rows, problems
            )
        if column.kind is Kind.ID:  # 1234567890123456789 read as ...7024 (review 7b)
            cells = numeric_ids.without_inexact_ids(
                sheet, mapping[column.name], cells, rows, column.name, problems
            )
        frame[column.name] = _parse_column(cells, column, sheet.name, rows, problems)
        if column.kind is Kind.MONEY:
            report_percent_cells(sheet, cells, rows, mapping[column.name], column.name, problems)
    known = set(mapping.values())
    extra: list[str] = []
    for position, label in enumerate(header):
        if position in known or label is None:
            continue
        name = str(label)
        if name in frame:
            continue
        extra.append(name)
        cells = body.iloc[:, position].reset_index(drop=True)
        frame[name] = _text_column(cells, name, sheet.name, rows, problems)
    return frame, extra


def _locate_header(
    sheet: RawSheet, spec: SheetSpec
) -> tuple[list[str | None], pd.DataFrame, npt.NDArray[np.int64]] | None:
    grid = sheet.grid
    if sheet.has_header:
        header: list[str | None] = [str(c) for c in grid.columns]
        rows = np.arange(len(grid), dtype=np.int64) + sheet.first_row + 1
        return header, grid, rows
    user = current_map(spec.name)
    wanted = {normalise_header(n) for c in spec.columns for n in (c.name, *c.aliases)}
    wanted |= set(user)
    required = {normalise_header(c.name) for c in spec.required}
    best: tuple[int, int] | None = None
    for i in range(min(HEADER_SEARCH_ROWS, len(grid))):
        labels = {normalise_header(v) for v in grid.iloc[i].tolist() if _present(v)}
        labels |= {normalise_header(user[k]) for k in labels & set(user)}
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


def report_overlong_rows(
    sheet: RawSheet, body: pd.DataFrame, rows: npt.NDArray[np.int64], problems: ProblemCollector
) -> None:
    """A CSV row with more fields than its header row: the usual cause is a comma inside
    a value not in quotes (``£1,234.50`` read as ``£1`` and ``234.50``), which would
    cost the row at £1 without a word. ``body`` follows the header row in ``sheet``."""
    at = len(sheet.grid) - len(body) - 1  # the header's position in the grid
    if sheet.has_header or not 0 <= at < len(sheet.field_counts):
        return
    width = sheet.field_counts[at]
    if body.shape[1] <= width:
        return
    over = body.iloc[:, width:].notna().to_numpy().any(axis=1)
    problems.add_each(
        np.flatnonzero(over),
        lambda i: Problem(
            f"the row has more values than the header row ({width}): a comma inside a "
            "value not in quotes, such as £1,234.50?",
            sheet=sheet.name,
            row=int(rows[i]),
            expected=f"at most {width} values, one per header",
            fix='put such values in quotes ("£1,234.50") or write them without the comma (1234.50)',
        ),
        limit=MAX_PROBLEMS_PER_COLUMN,
    )


def report_merged_rows(
    sheet: RawSheet, rows: npt.NDArray[np.int64], problems: ProblemCollector
) -> None:
    """Cells merged down rows below the header: the value shows on every row of the
    range but is stored in its first row only, so the others would be read as blank
    (a team merged over three rows: two of them costed as "(no team)"; found in
    review 4). ``rows`` are the spreadsheet rows after the header row."""
    if not len(rows):
        return
    header_row = int(rows[0]) - 1
    for merged in sheet.merged_rows:
        if merged.last_row <= header_row:
            continue  # a title or a header merged over two rows: not data
        problems.add(
            Problem(
                f"cells {merged.ref} are merged across rows {merged.first_row} to "
                f"{merged.last_row}: the value shows on each row but is stored in row "
                f"{merged.first_row} only, so the other rows would be read as blank",
                sheet=sheet.name,
                row=max(merged.first_row, header_row + 1),
                fix="unmerge the cells (Excel: Home > Merge & Center > Unmerge Cells; "
                "LibreOffice: Format > Merge and Unmerge Cells > Unmerge Cells) and type "
                "the value into every row",
            )
        )


def report_time_cells(
    sheet: RawSheet,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
    header: Sequence[str | None] = (),
) -> None:
    """.ods time or duration cells below the header row (read as blank); one in a
    title block above the table is not data. ``rows`` follow the header row; each
    cell's column is named by ``header`` where given, as every read message names it."""
    if not len(rows):
        return
    header_row = int(rows[0]) - 1
    for cell in sheet.time_cells:
        if cell.row is not None and cell.row > header_row:
            problems.add(time_cell_problem(cell, sheet.name, header))


def report_percent_cells(
    sheet: RawSheet,
    cells: pd.Series,
    rows: npt.NDArray[np.int64],
    position: int,
    column: str,
    problems: ProblemCollector,
) -> None:
    """Refuse the cells of a money column (at grid ``position``) that the spreadsheet
    formats as percentages: Excel shows 0.05 as 5%, calamine gives 0.05, and the cell
    would be read as £0.05. A percentage is never pounds; such a cell is a paste from
    a column of shares (review 8)."""
    ranges = sheet.percent_rows.get(position + 1)
    if not ranges or not len(rows):
        return
    starts = np.array([first for first, _ in ranges], dtype=np.int64)
    ends = np.array([last for _, last in ranges], dtype=np.int64)
    at = np.searchsorted(starts, rows, side="right") - 1
    inside = (at >= 0) & (rows <= ends[np.maximum(at, 0)])
    found = np.flatnonzero(inside & cells.notna().to_numpy(dtype=bool))
    letter = column_letters(position + 1)
    problems.add_each(
        found,
        lambda i: Problem(
            f"cell {letter}{int(rows[i])} is formatted as a percentage, so it shows "
            f"{cells.iloc[i]} as {_as_percent(cells.iloc[i])} and would be read as "
            f"£{cells.iloc[i]}",
            sheet=sheet.name,
            row=int(rows[i]),
            column=column,
            value=cells.iloc[i],
            expected="an amount in £, formatted as a number or currency",
            fix="if the cell was pasted from a column of percentages, paste the amount "
            "instead; if it is an amount, format it as a number (Format Cells > Number) "
            "and type the amount in pounds",
        ),
        limit=MAX_PROBLEMS_PER_COLUMN,
        more=lambda n: Problem(
            f"{n:,} more cells in this column are formatted as percentages",
            sheet=sheet.name,
            column=column,
        ),
    )


def _as_percent(value: object) -> str:
    """``0.05`` as ``5%``, as the spreadsheet shows it (to 10 significant digits)."""
    try:
        return f"{float(str(value)) * 100:.10g}%"
    except ValueError:
        return f"{value} × 100%"


def hidden_data_rows(sheet: RawSheet, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The data rows (of ``rows``) the spreadsheet hides: filtered out or hidden."""
    if not sheet.hidden_rows or not len(rows):
        return np.zeros(0, dtype=np.int64)
    ranges = sorted(sheet.hidden_rows)
    starts = np.array([first for first, _ in ranges], dtype=np.int64)
    ends = np.array([last for _, last in ranges], dtype=np.int64)
    at = np.searchsorted(starts, rows, side="right") - 1
    return rows[(at >= 0) & (rows <= ends[np.maximum(at, 0)])]


def _rows_named(rows: npt.NDArray[np.int64]) -> str:
    """``row 3`` or ``rows 3, 4, ...`` (the first ten)."""
    shown = ", ".join(str(int(r)) for r in rows[:10]) + (", ..." if len(rows) > 10 else "")
    return f"{'rows' if len(rows) > 1 else 'row'} {shown}"


#: What every note on hidden data rows tells the reader to do (the cost sheets' and the
#: ratings sheet's notes).
HIDDEN_ROWS_ADVICE: Final = (
    "hidden rows are read like every other row, so unhide them, or delete the rows you "
    "mean to leave out"
)


def hidden_rows_note(sheet: str, hidden: npt.NDArray[np.int64]) -> str | None:
    """A note naming the hidden data rows, or None.

    A filter or a hidden row hides a row from view, not from the sheet: it is read like
    every other row (as Excel's SUM reads it), and the note says so, so that a team
    filtered out in Excel is not costed without a word (found in review 4).
    """
    if not len(hidden):
        return None
    return (
        f"{place(sheet)}: {len(hidden):,} {'rows' if len(hidden) > 1 else 'row'} holding "
        f"data {'are' if len(hidden) > 1 else 'is'} hidden in the spreadsheet (filtered out "
        f"or hidden: {_rows_named(hidden)}); {HIDDEN_ROWS_ADVICE}"
    )


def hidden_columns_note(
    sheet: RawSheet, header: list[str | None], body: pd.DataFrame
) -> str | None:
    """A note naming the headed columns holding data that the spreadsheet hides, or
    None: a hidden actual_cost column is read like any other (found in review 4)."""
    if not sheet.hidden_columns:
        return None
    hidden = []
    for position, label in enumerate(header):
        number = position + 1  # the grid starts at column A (workbook._from_column_a)
        if label is None or not any(a <= number <= b for a, b in sheet.hidden_columns):
            continue
        if position < body.shape[1] and body.iloc[:, position].notna().any():
            hidden.append(f"{column_letters(number)} '{label}'")
    if not hidden:
        return None
    these = "columns" if len(hidden) > 1 else "column"
    return (
        f"{place(sheet.name)}: {these} {', '.join(hidden)} {'are' if len(hidden) > 1 else 'is'} "
        "hidden in the spreadsheet; hidden columns are read like every other column: "
        "unhide to check, or delete a column you mean to leave out"
    )


def report_long_headers(sheet: str, header: Sequence[object], problems: ProblemCollector) -> bool:
    """Each header cell longer than a text cell may be, as one problem; True if any.

    Refused before any matching, as a data cell that long is (review 7: a 10 MB header
    was matched for 17 s, kept as an extra column and written into the reports)."""
    found = False
    for position, label in enumerate(header):
        if is_too_long(label):
            found = True
            problems.add(
                Problem(
                    f"a header of {len(str(label)):,} characters, more than the limit of "
                    f"{values.MAX_TEXT_CHARS:,}",
                    sheet=sheet,
                    column=column_letters(position + 1),
                    fix="shorten the header to the column's name (a note belongs above "
                    f"the header row or {in_table(sheet, 'another')})",
                )
            )
    return found


def _present(value: object) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and np.isnan(value))
        and (str(value).strip() != "")
    )


def _clean_header(sheet: str, header: list[str | None]) -> tuple[list[str | None], list[str]]:
    """Headers with Unicode normalised and invisible characters removed, and a note
    for each header that changed (a zero-width space is invisible in Excel)."""
    cleaned: list[str | None] = []
    notes: list[str] = []
    for position, label in enumerate(header):
        if label is None:
            cleaned.append(None)
            continue
        text, removed = clean_text(label)
        cleaned.append(text or None)
        if removed:
            notes.append(
                f"{place(sheet)}, column {column_letters(position + 1)}: header "
                f"{text!r} had invisible characters removed ({', '.join(removed)})"
            )
    return cleaned, notes


def _match_columns(header: list[str | None], spec: SheetSpec) -> dict[str, int]:
    """Contract column → position. A ``--columns`` mapping names a header outright;
    otherwise names and aliases match after :func:`normalise_header`."""
    user = current_map(spec.name)
    by_name: dict[str, int] = {}
    for position, label in enumerate(header):
        if label is not None:
            by_name.setdefault(normalise_header(label), position)
    mapping: dict[str, int] = {}
    for key, target in user.items():
        if key in by_name:
            mapping.setdefault(target, by_name[key])
    taken = set(mapping.values())
    for column in spec.columns:
        if column.name in mapping:
            continue
        for name in (column.name, *column.aliases):
            found = by_name.get(normalise_header(name))
            if found is not None and found not in taken:
                mapping[column.name] = found
                taken.add(found)
                break
    return mapping


def _report_repeated_headers(
    sheet: str,
    header: list[str | None],
    mapping: dict[str, int],
    spec: SheetSpec,
    problems: ProblemCollector,
) -> None:
    """Two headers that both name one column are an error: ``cluster_days`` beside
    ``Cluster days (excl leave)`` match alike once the unit in brackets is dropped, and
    reading the first would ignore the other without a word (which days are meant?).
    A column the user's ``--columns`` map names is the user's choice, not a guess."""
    chosen = set(current_map(spec.name).values())
    for column in spec.columns:
        position = mapping.get(column.name)
        if position is None or column.name in chosen:
            continue
        names = {normalise_header(n) for n in (column.name, *column.aliases)}
        for other, label in enumerate(header):
            if other == position or label is None or normalise_header(label) not in names:
                continue
            read, ignored = column_letters(position + 1), column_letters(other + 1)
            problems.add(
                Problem(
                    f"columns {read} '{header[position]}' and {ignored} '{label}' both match "
                    f"'{column.name}' (headers match ignoring case, spaces and a unit in "
                    "brackets), so which one to read is unclear",
                    sheet=sheet,
                    column=label,
                    expected=f"one column for '{column.name}'",
                    fix="delete the column you do not mean, or rename it (e.g. add "
                    "' - not used' to its header)",
                )
            )


@functools.cache
def _input_columns() -> frozenset[str]:
    """Every column name and alias of pbrkit's input sheets, normalised."""
    from pbrkit.io import sheets  # built from this module's SheetSpec: imported late

    return frozenset(
        normalise_header(name)
        for spec in sheets.INPUT_SHEETS
        for column in spec.columns
        for name in (column.name, *column.aliases)
    )


def report_near_misses(
    sheet: str,
    header: list[str | None],
    mapping: dict[str, int],
    spec: SheetSpec,
    problems: ProblemCollector,
) -> set[str]:
    """An unmatched header that looks like an absent column is an error, not an extra
    column (a misspelt ``admited_days`` would otherwise cost every admitted day as 0).
    Returns the columns a problem was recorded for."""
    used = set(mapping.values())
    labels = [(p, h) for p, h in enumerate(header) if h is not None and p not in used]
    absent = {
        c.name: [normalise_header(n) for n in (c.name, *c.aliases)]
        for c in spec.columns
        if c.name not in mapping
    }
    synonyms = {c.name: [normalise_header(n) for n in c.synonyms] for c in spec.columns}
    reported: set[str] = set()
    required = {c.name for c in spec.required}
    # A header that is exactly another input's column ('patient_id') is that column,
    # not a misspelling of this sheet's ('patients', an alias of service_users); it
    # may still be a synonym ('cost' in a caseload means actual_cost).
    for miss in near_misses(labels, absent, synonyms, exact=_input_columns()):
        letter = column_letters(miss.position + 1)
        why = "may mean" if miss.synonym else "looks like a misspelling of"
        head = f"column {letter} is headed '{miss.label}', which {why} '{miss.column}'"
        if miss.column in required:
            message = f"required column '{miss.column}' is missing; {head}"
        else:
            message = f"{head}, so it was not read and its values would be ignored"
        problems.add(
            Problem(
                f"{message} (did you mean '{miss.column}'?)",
                sheet=sheet,
                column=miss.label,
                fix=f"rename column {letter} '{miss.label}' to '{miss.column}', or map it "
                f'with --columns ([{spec.name}] "{miss.label}" = "{miss.column}"); '
                "if it holds something else, give it a header that is not so close",
            )
        )
        reported.add(miss.column)
    return reported


def _refuse_header_repeats(
    body: pd.DataFrame,
    rows: npt.NDArray[np.int64],
    header: list[str | None],
    header_row: int | None,
    spec: SheetSpec,
    mapping: dict[str, int],
    sheet: str,
    problems: ProblemCollector,
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """A row repeating the header under every required column (a second table pasted
    below the first) is one problem, and is taken out so its cells are not each
    reported as "not a number (found 'service_users')" (review 7)."""
    if header_row is None or body.empty or not spec.required:
        return body, rows  # a sheet without required columns has nothing to compare
    repeats = np.ones(len(body), dtype=bool)
    for column in spec.required:
        position = mapping.get(column.name)
        if position is None or position >= len(header) or header[position] is None:
            return body, rows
        label = str(header[position])
        at = np.flatnonzero(repeats)
        cells = body[body.columns[position]].iloc[at].astype("string").str.strip().str.casefold()
        repeats[at] = (cells == label.strip().casefold()).fillna(False).to_numpy(dtype=bool)
        if not repeats.any():
            return body, rows
    for row in rows[repeats][:MAX_PROBLEMS_PER_COLUMN]:
        problems.add(
            Problem(
                f"the row repeats the header row (row {header_row}): a second table below "
                "the first?",
                sheet=sheet,
                row=int(row),
                fix="delete the repeated header; if the rows under it repeat rows above, "
                "delete them too (they would be counted twice), or move that table to "
                f"a {table_word(sheet)} of its own",
            )
        )
    return body.iloc[np.flatnonzero(~repeats)], rows[~repeats]


def _drop_blank_rows(
    body: pd.DataFrame, rows: npt.NDArray[np.int64]
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """Rows with no cell filled in are spacing, not data: drop them silently."""
    if body.empty:
        return body, rows
    keep = body.notna().to_numpy().any(axis=1)
    return body.iloc[np.flatnonzero(keep)], rows[keep]


def _drop_space_only_rows(
    body: pd.DataFrame, rows: npt.NDArray[np.int64], required: list[int]
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """Rows whose only cells hold spaces, dropped as blank rows are (see
    :func:`space_only_rows`). Only rows with every required cell blank can be such
    rows, so only those are looked at."""
    if body.empty or not required:
        return body, rows
    candidates = np.asarray(body.iloc[:, required].isna().to_numpy().all(axis=1), dtype=bool)
    keep = ~space_only_rows(body, candidates)
    if keep.all():
        return body, rows
    return body.iloc[np.flatnonzero(keep)], rows[keep]


def space_only_rows(body: pd.DataFrame, candidates: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Which of the ``candidates`` rows hold nothing but spaces: such a row looks empty
    in a spreadsheet (a stray space typed under the table, a non-breaking space pasted
    from the web), so it is spacing like a blank row, not "a note or subtotal" or "a
    blank patient_id" the user cannot see. The candidates (rows with their required
    cells blank: few) are looked at cell by cell, so a data row costs nothing."""
    found = np.zeros(len(body), dtype=bool)
    for at in np.flatnonzero(candidates):
        found[at] = _only_spaces(body.iloc[at].tolist())
    return found


def _only_spaces(cells: list[object]) -> bool:
    """Whether every filled cell of a row is text of spaces alone, or no text (a cell
    ``<t> </t>`` without xml:space="preserve" is read as ""); str.strip takes tabs,
    non-breaking spaces and line breaks too."""
    filled = [v for v in cells if v is not None and not (isinstance(v, float) and np.isnan(v))]
    return bool(filled) and all(isinstance(v, str) and not v.strip() for v in filled)


#: Labels that mark a sheet's last row as a total of the rows above it.
_TOTAL_LABELS = frozenset({"total", "totals", "grandtotal", "overalltotal"})


def split_total_row(
    body: pd.DataFrame, rows: npt.NDArray[np.int64], spec: SheetSpec, mapping: dict[str, int]
) -> tuple[pd.DataFrame, npt.NDArray[np.int64], tuple[int, pd.Series] | None]:
    """Take off a last row labelled Total (any case), on sheets whose columns add up.

    Returns the rows above it, and the Total row (its spreadsheet row and cells).
    """
    if not spec.totals or len(body) < 2:
        return body, rows, None
    last = body.iloc[-1]
    labels = {normalise_header(v) for v in last.tolist() if _present(v) and isinstance(v, str)}
    if not labels & _TOTAL_LABELS:
        return body, rows, None
    return body.iloc[:-1], rows[:-1], (int(rows[-1]), last.reset_index(drop=True))


#: A label that makes a row a subtotal: "North Total", "3 Total", "Subtotal", as
#: Excel's Data > Subtotal writes them ("Total" as the label's last word).
_SUBTOTAL_RE = r"(?i)^(?:.*\S\s+)?(?:sub[\s\-]?)?totals?$"


def _refuse_subtotal_rows(
    body: pd.DataFrame,
    rows: npt.NDArray[np.int64],
    spec: SheetSpec,
    sheet: str,
    problems: ProblemCollector,
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """Subtotal rows above the last row are one problem each, and are taken out so
    that no cell of theirs is reported again and a Grand Total is checked against the
    real rows (found in review 4: four problems for one cause before)."""
    if not spec.totals or body.empty:
        return body, rows
    found = np.zeros(len(body), dtype=bool)
    labels = pd.Series(None, index=body.index, dtype=object)
    for position in range(body.shape[1]):
        text = body.iloc[:, position].astype("string").str.strip()
        hit = text.str.fullmatch(_SUBTOTAL_RE, na=False).to_numpy(dtype=bool) & ~found
        labels[hit] = text[hit]
        found |= hit
    for at in np.flatnonzero(found):
        problems.add(_subtotal_problem(str(labels.iloc[at]), sheet, int(rows[at])))
    return body.iloc[np.flatnonzero(~found)], rows[~found]


def _subtotal_problem(label: str, sheet: str, row: int) -> Problem:
    """A subtotal row, or a grand Total with rows under it (a note, say): the latter was
    called a subtotal, with Excel's Remove All subtotals as the fix (review 7)."""
    if normalise_header(label) in _TOTAL_LABELS:
        return Problem(
            f"a Total row ('{label}') that is not the table's last row: its figures would "
            "be counted again with the rows they add up",
            sheet=sheet,
            row=row,
            fix="delete it, or make it the table's last row (a last Total row is checked "
            "against the rows above and skipped)",
        )
    return Problem(
        f"a subtotal row ('{label}'), not data: its figures would be counted again with "
        "the rows they add up",
        sheet=sheet,
        row=row,
        fix="delete the subtotal rows (Excel: Data > Subtotal > Remove All); pbrkit adds "
        "the rows up itself",
    )


def check_total_row(
    table: pd.DataFrame,
    total: tuple[int, pd.Series],
    spec: SheetSpec,
    mapping: dict[str, int],
    sheet: str,
    problems: ProblemCollector,
    hidden: npt.NDArray[np.int64] | None = None,
) -> str:
    """Each total given must equal the sum of the rows above to the penny; a note says
    the row was checked and skipped. With rows ``hidden``, a mismatch says that a
    SUBTOTAL (a filtered table's Total row) leaves them out."""
    row, cells = total
    why = ""
    if hidden is not None and len(hidden):
        verb = "are" if len(hidden) > 1 else "is"
        why = (
            f"; {_rows_named(hidden)} {verb} hidden in the spreadsheet, and a SUBTOTAL "
            "(a filtered table's Total row) leaves hidden rows out"
        )
    checked: list[str] = []
    for name in spec.totals:
        if name not in mapping or name not in table:
            continue
        given, bad = parse.parse_number(pd.Series([cells.iloc[mapping[name]]], dtype=object))
        if bad[0] or np.isnan(given[0]):
            continue  # a blank (or unreadable) total is not a claim to check
        summed = float(np.nansum(table[name].to_numpy(dtype=np.float64)))
        # Rounding to the penny is allowed: a total typed from a rounded display.
        if abs(summed - given[0]) > 0.005 + 1e-9 * abs(summed):
            money = any(c.name == name and c.kind is Kind.MONEY for c in spec.columns)
            problems.add(
                Problem(
                    f"the Total row says {_total_text(given[0], money)} but the rows above "
                    f"add up to {_total_text(summed, money)}{why}",
                    sheet=sheet,
                    row=row,
                    column=name,
                    fix="correct the total or the rows above it, or delete the Total row "
                    "(pbrkit adds the rows up itself)",
                )
            )
        checked.append(name)
    what = f" ({', '.join(checked)} checked against the rows above)" if checked else ""
    return f"{place(sheet, row=row)}: a Total row, not read as data{what}"


def _total_text(value: float, money: bool) -> str:
    """A total as the sheet would show it: £ to the penny, a count of people, episodes or
    days whole when it is whole (review 12: "says 200.00 people" read as money)."""
    return f"{value:,.2f}" if money or value != round(value) else f"{value:,.0f}"


def _text_column(
    cells: pd.Series, name: str, sheet: str, rows: npt.NDArray[np.int64], problems: ProblemCollector
) -> pd.Series:
    """An extra column kept as text; error values and over-long text are refused."""
    return pd.Series(_parse_column(cells, Column(name, Kind.TEXT), sheet, rows, problems))


def _refuse_unreadable(
    cells: pd.Series,
    column: Column,
    sheet: str,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
    among: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.bool_]:
    """Report Excel error values (``#N/A``) and text over the length limit (only
    ``among`` the given cells, when given); return where they are."""
    found = np.zeros(len(cells), dtype=bool)
    at = np.flatnonzero(among) if among is not None else np.arange(len(cells))
    if not len(at):
        return found
    subset = cells.iloc[at] if among is not None else cells
    errors = values.excel_errors(subset)
    long = values.too_long(subset)
    # An ID or a team that looks like another but holds an invisible character would be
    # read as another patient or team: refused, since an ID is never changed (review 7).
    noun, subject = named_by(column)
    hidden = values.has_invisible(subset) if noun else np.zeros_like(long)
    found[at] = errors | long | hidden
    for i in np.flatnonzero(errors | long | hidden)[:MAX_PROBLEMS_PER_COLUMN]:
        value = subset.iloc[i]
        row = int(rows[at[i]])
        if hidden[i] and not (errors[i] or long[i]):
            problems.add(
                values.invisible_problem(
                    value, noun=noun, subject=subject, sheet=sheet, row=row, column=column.name
                )
            )
            continue
        if errors[i]:
            message, fix = values.error_message(value)
        else:
            limit = values.MAX_TEXT_CHARS
            message = f"text of {len(str(value)):,} characters, more than the limit of {limit:,}"
            fix = "shorten it (names, IDs and labels are at most 1,000 characters)"
            value = str(value)[:40] + "..."
        problems.add(
            Problem(
                message,
                sheet=sheet,
                row=row,
                column=column.name,
                value=value,
                fix=fix,
            )
        )
    return found


def named_by(column: Column) -> tuple[str, str | None]:
    """What a value of ``column`` names, when it must not hold an invisible character,
    and how a value is called in messages (an ID names a patient); ``""`` otherwise."""
    if column.kind is Kind.ID:
        return "patient", "ID"
    return column.names, None


#: Kinds read as text: every cell is checked for error values and length up front.
#: Other kinds only check the cells that failed to parse (a number is never "#N/A").
_TEXT_KINDS = (Kind.TEXT, Kind.ID, Kind.CHOICE, Kind.CLUSTER_LIST)


def _parse_column(
    cells: pd.Series,
    column: Column,
    sheet: str,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
) -> object:
    """Parse one column; every bad cell is reported once (and is blank/NaN after), so
    no later check reports it again (as "required value is blank")."""
    if column.kind in _TEXT_KINDS:
        unreadable = _refuse_unreadable(cells, column, sheet, rows, problems)
        if unreadable.any():
            cells = cells.mask(pd.Series(unreadable, index=cells.index))
    parsed, bad = _parse_kind(cells, column)
    if bad.any() and column.kind not in _TEXT_KINDS:
        bad = bad & ~_refuse_unreadable(cells, column, sheet, rows, problems, among=bad)
    if column.kind in _NUMERIC_KINDS:
        _check_exact_total(np.asarray(parsed, dtype=np.float64), column, sheet, problems)
    if bad.any():
        _report_cells(cells, bad, column, sheet, rows, problems)
    return parsed


def _parse_kind(cells: pd.Series, column: Column) -> tuple[object, npt.NDArray[np.bool_]]:
    """The parsed column and the mask of cells present but not valid."""
    kind = column.kind
    if kind in (Kind.TEXT, Kind.ID):
        return parse.as_text(cells), np.zeros(len(cells), dtype=bool)
    if kind is Kind.CLUSTER:
        return parse.parse_cluster(cells)
    if kind is Kind.YES_NO:
        return parse.parse_yes_no(cells)
    if kind is Kind.CHOICE:
        # "Per Day", "per day " and "fixed-tariff" name a choice as plainly as "per_day"
        # does: case, spaces and hyphens are not read, as in headers (methodology §8).
        text = parse.as_text(cells).astype("string").str.strip().str.casefold()
        text = text.str.replace(r"[\s\-]+", "_", regex=True)
        ok = text.isin(column.choices).to_numpy(dtype=bool)
        blank = text.isna().to_numpy(dtype=bool)
        return text.astype(object).where(~blank, None), ~blank & ~ok
    if kind is Kind.CLUSTER_LIST:
        text = parse.as_text(cells)
        lists = [None if pd.isna(t) else parse.parse_cluster_list(str(t)) for t in text]
        bad = np.array(
            [pd.notna(t) and v is None for t, v in zip(text, lists, strict=True)], dtype=bool
        )
        return pd.Series(lists, dtype=object), bad
    numbers, bad = parse.parse_number(cells, percent=_accepts_percent(kind))
    bad = bad | np.isinf(numbers) | _out_of_range(numbers, column)
    if kind is Kind.MONEY:
        with np.errstate(invalid="ignore"):  # a 32-bit float cannot hold these pennies
            bad |= np.abs(numbers) >= parse.narrow_float_limit(cells.dtype)
    # A bad cell is reported once; as NaN it cannot trip later checks.
    return np.where(bad, np.nan, numbers), bad


def exact_total_limit(kind: Kind) -> float:
    """The largest column total a float holds exactly: whole pennies for money."""
    return values.MAX_EXACT_TOTAL / (100.0 if kind is Kind.MONEY else 1.0)


def _check_exact_total(
    numbers: npt.NDArray[np.float64], column: Column, sheet: str, problems: ProblemCollector
) -> None:
    """Refuse a column whose total a float cannot hold exactly (2^53; pennies for £):
    sums of it would silently lose pounds (SECURITY.md)."""
    if column.kind not in (Kind.MONEY, Kind.COUNT):
        return
    total = float(np.nansum(np.abs(numbers)))
    limit = exact_total_limit(column.kind)
    if total > limit:
        problems.add(
            Problem(
                f"the column adds up to {total:,.0f}, more than {limit:,.0f}, beyond which "
                "totals are no longer exact",
                sheet=sheet,
                column=column.name,
                fix="check the column's units (pounds, not pence) and the largest values",
            )
        )


def _accepts_percent(kind: Kind) -> bool:
    """Shares and rates accept ``5%``; money and counts never do (a % is never £)."""
    return kind in (Kind.FRACTION, Kind.RATE)


def maximum(column: Column) -> float:
    """The largest value a cell of ``column`` may hold (SECURITY.md)."""
    if column.maximum is not None:
        return column.maximum
    if column.kind is Kind.MONEY:
        return values.MAX_MONEY
    if column.kind is Kind.COUNT:
        return values.MAX_COUNT
    if column.kind is Kind.FRACTION:
        return 1.0
    if column.kind is Kind.RATE:
        return RATE_LIMIT
    return values.MAX_NUMBER


#: The widest a rate may be either side of 0: 10,000%, beyond any margin or growth rate.
RATE_LIMIT: Final = 100.0


def lowest(column: Column) -> float:
    """The smallest value a cell of ``column`` may hold, by its kind (a factor must
    also be above it; a column's own ``above`` replaces it)."""
    if column.kind in (Kind.COUNT, Kind.MONEY, Kind.FRACTION, Kind.FACTOR):
        return 0.0
    if column.kind is Kind.RATE:
        return -RATE_LIMIT
    return -maximum(column)


def _out_of_range(numbers: npt.NDArray[np.float64], column: Column) -> npt.NDArray[np.bool_]:
    kind, top = column.kind, maximum(column)
    with np.errstate(invalid="ignore"):
        if column.above is not None:
            return np.asarray((numbers <= column.above) | (numbers > top))
        if kind in (Kind.COUNT, Kind.MONEY, Kind.FRACTION):
            return np.asarray((numbers < 0) | (numbers > top))
        if kind is Kind.FACTOR:
            return np.asarray((numbers <= 0) | (numbers > top))
        if kind is Kind.RATE:  # a column's own maximum bounds it above only
            return np.asarray((numbers < -RATE_LIMIT) | (numbers > top))
        return np.asarray(np.abs(numbers) > top)


def refuse_one_group(
    cells: pd.Series,
    column: str,
    expected: str,
    sheet: str,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
) -> pd.Series:
    """In a CSV file separated by semicolons, as continental locales save them, a dot may
    group thousands and a comma mark decimals, so ``1.234`` could be 1234 and ``1,234``
    1.234: each such cell of a number column is refused, not guessed (methodology §8),
    and is blank after, so it is reported once. Every reader of numbers in a CSV file
    calls it (the ratings' patient columns as well)."""
    grouped = parse.one_group(cells)
    positions = np.flatnonzero(grouped)
    problems.add_each(
        positions,
        lambda position: Problem(
            "in a file separated by semicolons a dot or comma may group thousands or "
            "mark decimals, so this could be a thousand and more or a decimal",
            sheet=sheet,
            row=int(rows[position]),
            column=column,
            value=cells.iloc[position],
            expected=expected,
            fix="write a whole number without a separator (1234), or a decimal with "
            "a point and other than three places (1.2340)",
        ),
        limit=MAX_PROBLEMS_PER_COLUMN,
        more=lambda more: Problem(
            f"{more:,} more cells in this column could be thousands or decimals "
            f"(up to row {int(rows[positions[-1]])})",
            sheet=sheet,
            column=column,
            expected=expected,
        ),
    )
    return cells.mask(pd.Series(grouped, index=cells.index))


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


def describe_bad_cluster(value: object) -> tuple[str, str]:
    """What is wrong with a cluster cell, and its fix: an unused code (9) says so, as the
    currency declares; a code of another reference set names that set."""
    code = parse.as_text(pd.Series([value])).iloc[0]
    currency = active_currency()
    key = currency.key_of(code) if pd.notna(code) else None
    if key is not None and key in currency.unused:
        return currency.unused_message(key)
    fix = f"use a code {currency.describe_valid()}"
    if pd.notna(code):
        from pbrkit.reference import sets_with_code  # reference reads through io

        elsewhere = sets_with_code(str(code), besides=currency)
        if elsewhere:  # a workbook written for another set (resource groups, say)
            fix = (f"'{code}' is a code of the reference set {elsewhere[0]}: run with "
                   f"--reference {elsewhere[0]}, or {fix}")  # fmt: skip
    return f"not a valid {currency.unit} code", fix


def date_in_cluster_cell() -> tuple[str, str]:
    """A date where one cluster code belongs, and its fix: Excel turns a code typed as
    ``1-4`` or ``10/3`` into a date, and formatting the cell as a number would give
    46113, not a code (the ratings reader says it alike)."""
    return (
        f"a date where a {active_currency().unit} code belongs",
        "Excel turns a code typed as 1-4 or 10/3 into a date: format the column as Text, "
        f"then type the {active_currency().unit} code again",
    )


def _describe_bad_cell(value: object, column: Column, is_date: bool) -> tuple[str, str]:
    if is_date and column.kind is Kind.CLUSTER_LIST:
        # Typed into Excel, 1-4 becomes 1 April; formatting that cell as a number would
        # give 45383, not the list (walk 9).
        return (
            "a date where a list of clusters belongs",
            "Excel turns 1-4 into a date: format the column as Text, then type the clusters again",
        )
    if is_date and column.kind is Kind.CLUSTER:
        return date_in_cluster_cell()
    if is_date and column.kind not in (Kind.TEXT, Kind.ID):
        return (
            "a date where a number belongs",
            "format the cell as a number (Excel may have turned it into a date)",
        )
    if column.kind is Kind.CLUSTER:
        return describe_bad_cluster(value)
    if column.kind in _NUMERIC_KINDS:
        return _describe_bad_number(value, column)
    return "not a valid value", f"enter {column.expected()}"


_NUMERIC_KINDS = (Kind.COUNT, Kind.MONEY, Kind.FACTOR, Kind.FRACTION, Kind.NUMBER, Kind.RATE)


def _percent_refused(column: Column) -> tuple[str, str]:
    """What is wrong, and the fix, for a percentage in a column that takes none."""
    if column.kind is Kind.FACTOR:
        # "10%" could mean × 0.10, × 0.90 (10% cheaper) or × 1.10: refused, not guessed.
        return (
            "a percentage where a factor belongs (10% could mean × 0.1, × 0.9 or × 1.1)",
            f"enter the factor as a number (0.9 for costs 10% below the NHS's); "
            f"{column.expected()}",
        )
    if column.kind is Kind.NUMBER:
        # the uncertainty sheet's interval, in the parameter's own unit (a share, θ, £)
        return (
            "a percentage where a number belongs",
            "write a share as a fraction (20% as 0.2) and other values as numbers",
        )
    if column.kind is Kind.COUNT:  # people, days, and ratios such as a CV
        return (
            "a percentage where a number belongs",
            f"enter {column.expected()} (a ratio such as a CV as a number: 80% as 0.8)",
        )
    return (
        "a percentage where an amount or count belongs (a percentage is never £)",
        f"enter {column.expected()}",
    )


def _bare_percent(number: float) -> tuple[str, str]:
    """A share or margin of at most 1 given as a number above 1: most often a percentage
    typed without its sign (25 for 25%), which as a fraction would be 2,500% (walk 9)."""
    what, fix = bare_percent(number)
    return f"value out of range (above the largest accepted, 1): {what}", fix


def _below_lowest(number: float, column: Column) -> tuple[str, str] | None:
    """The problem of a number under its column's lower limit, naming that limit (a
    hurdle of -150 was said to be "above the largest accepted, 1": review), or None."""
    # A factor must be above 0, so "at least 0" would name a value that is refused too.
    above = 0.0 if column.above is None and column.kind is Kind.FACTOR else column.above
    if above is not None:
        if number > above:
            return None
        why = f": {column.above_why}" if column.above_why else ""
        return (
            f"value out of range (at or below the lowest limit, {above:g}{why})",
            f"enter more than {above:g}: {column.expected()}",
        )
    low = lowest(column)
    if number >= low:
        return None
    return (
        f"value out of range (below the lowest accepted, {limit_text(low)})",
        f"enter at least {limit_text(low)}: {column.expected()}",
    )


def limit_text(limit: float) -> str:
    """A limit as a user reads it: ``1,000,000,000,000``, not ``1e+12`` (nor
    ``-1e+12``, a number column's lowest)."""
    whole = abs(limit) >= 1 and float(limit).is_integer()
    return f"{limit:,.0f}" if whole else f"{limit:,.10g}"


#: How an infinite cell is refused, by every reader (left20: the cell reads as a number,
#: just not a finite one, so "not a number" would ask for what the user had typed).
INFINITE: Final = "infinite, not a finite number"


def infinite_words(expected: str, largest: float) -> tuple[str, str]:
    """The message and fix for an infinite cell (``inf``, ``1e999``, a Parquet float's
    ±infinity) of a column expecting ``expected`` whose largest value is ``largest``."""
    return (
        INFINITE,
        f"enter a finite value: {expected}; the largest accepted is "
        f"{limit_text(largest)} (SECURITY.md)",
    )


def _describe_bad_number(value: object, column: Column) -> tuple[str, str]:
    if isinstance(value, np.float32 | np.float16) and column.kind is Kind.MONEY:
        limit = parse.narrow_float_limit(type(value))
        return (
            f"a {np.dtype(type(value)).itemsize * 8}-bit float, which cannot hold the "
            f"pennies of amounts from £{limit:,.2f} (it holds {float(value):,.4f})",
            "write the column as 64-bit floats (float64/double) or decimals",
        )
    percent = _accepts_percent(column.kind)
    cell = pd.Series([value], dtype=object)
    number, unparsable = parse.parse_number(cell, percent=percent)
    if unparsable[0] and not percent and not parse.parse_number(cell, percent=True)[1][0]:
        return _percent_refused(column)
    if np.isinf(number[0]):
        # `inf`, `Infinity` or `1e999` (beyond a 64-bit float) reads as a number, just
        # not a finite one: "not a number" would tell the user to enter what they had.
        return infinite_words(column.expected(), maximum(column))
    if not unparsable[0] and np.isfinite(number[0]):
        top = maximum(column)
        # A bare number only: a cell written "150%" has its sign (mut19).
        if percent and top == 1 and number[0] > top and "%" not in str(value):
            return _bare_percent(float(number[0]))
        below = _below_lowest(float(number[0]), column)
        if below is not None:
            return below
        if abs(number[0]) > top:
            return (
                f"value out of range (above the largest accepted, {top:,.10g})",
                f"enter at most {top:,.10g} ({column.expected()}), or check the unit; the "
                "limits are in SECURITY.md",
            )
        return "value out of range", f"enter {column.expected()}"
    text = re.sub(r"£|GBP|\s", "", str(value))
    if text in ("-", "\u2013", "\u2014"):
        # Excel's accounting format shows 0 as a dash, and "Save as CSV" writes the dash.
        return (
            "a dash, as an accounting format shows zero, not a number",
            f"type 0 if the value is zero, or leave the cell empty if it is unknown; "
            f"{column.expected()}",
        )
    if re.search(r"\d\s+\d", str(value)):
        return (
            "a space inside the number that is not a thousands separator",
            f"remove the space, or group the digits in threes (1 234 or 1,234); "
            f"{column.expected()}",
        )
    # The report writes a blank capacity as "unlimited": say how to write it (review 10).
    blank = re.search(r"blank = ([^;]+)", column.note)
    empty = f", or leave the cell empty for {blank.group(1).strip()}" if blank else ""
    return "not a number", f"enter {column.expected()}{empty}"


def _missing_header_problem(sheet: RawSheet, spec: SheetSpec) -> Problem:
    names = ", ".join(c.name for c in spec.required)
    # `pbrkit template` writes workbooks: a CSV is told what its first row needs (the
    # names are in `expected`), not sent to a sheet it does not have.
    fix = (
        "put the column names in the first row of the file"
        if table_word(sheet.name) == "file"
        else f"put the column names in the first row (`pbrkit template` writes a {spec.name} sheet)"
    )
    message = "no header row found"
    first = _first_row_read(sheet)
    if first is not None:
        # A header of another table (bidders.csv given to pbrkit cost): say what it reads.
        message += f": no row names a {spec.name} column; {first}"
        fix = f"if this is another table, give the command the {spec.name}; else {fix}"
    return Problem(
        message, sheet=sheet.name, expected=f"a row of column names including {names}", fix=fix
    )


def _first_row_read(sheet: RawSheet, shown: int = 6) -> str | None:
    """``row 1 reads 'name, cost_factor, …'``: the sheet's first row with a value (its
    first ``shown`` cells), or None for an empty sheet."""
    for i in range(min(HEADER_SEARCH_ROWS, len(sheet.grid))):
        cells = [str(v).strip() for v in sheet.grid.iloc[i].tolist() if _present(v)]
        if cells:
            more = ", …" if len(cells) > shown else ""
            return f"row {sheet.first_row + i} reads '{', '.join(cells[:shown])}{more}'"
    return None


def _headless_columns(header: list[str | None], body: pd.DataFrame) -> tuple[int, ...]:
    """0-based positions of columns holding values under no header: the second column
    of a header merged across two reads as one with no name (qa22)."""
    if body.empty:
        return ()
    filled = np.asarray(body.notna().to_numpy().any(axis=0), dtype=bool)
    return tuple(p for p, label in enumerate(header) if label is None and filled[p])


def _missing_column_problem(
    sheet: str,
    header: list[str | None],
    mapping: dict[str, int],
    column: Column,
    headless: tuple[int, ...] = (),
) -> Problem:
    """A missing required column; a rename is suggested only for a header that is not
    already one of the sheet's known columns (renaming that would break the file).
    Where columns hold values under no header, the likeliest cause is a header merged
    across columns, so the fix names them."""
    used = set(mapping.values())
    name = normalise_header(column.name)
    fix = f"add a column headed '{column.name}'"
    if headless:
        several = len(headless) > 1
        letters = " and ".join(column_letters(p + 1) for p in headless)
        fix = (
            f"column{'s' if several else ''} {letters} {'have' if several else 'has'} "
            "values but no header (a header cell merged across columns leaves the next "
            f"one blank): if {'one' if several else 'it'} holds {column.name}, unmerge the "
            f"header and head {'that one' if several else 'it'} '{column.name}'; else {fix}"
        )
    for position, label in enumerate(header):
        if label is None or position in used:
            continue
        key = normalise_header(label)
        if key.startswith(name) or is_close(key, name):
            letter = column_letters(position + 1)
            fix = (
                f"rename column {letter} '{label}' to '{column.name}' if it holds "
                f"{column.expected()} (did you mean it?), or map it with --columns"
            )
            break
    return Problem(
        f"required column '{column.name}' is missing",
        sheet=sheet,
        column=column.name,
        expected=column.expected(),
        fix=fix,
    )


def report_repeats(
    table: Table,
    column: str,
    problems: ProblemCollector,
    *,
    fix: str,
    ignore_case: bool = False,
    label: str | None = None,
) -> npt.NDArray[np.intp]:
    """One problem per row whose ``column`` value already appeared above it, naming the
    row it first appeared on; with ``ignore_case``, a text differing from one above only
    in capitals (``Nurse hour`` below ``nurse hour``) repeats it too (review 8). The one
    wording of a repeat for every sheet; ``label`` names the value (default ``column``).

    Returns:
        The positions (in ``table.frame``) of the repeating rows, so a caller can skip them.
    """
    label = label or column
    values = table.frame[column]
    keys = (
        values.map(lambda v: v.casefold() if isinstance(v, str) else v) if ignore_case else values
    )
    repeated = np.flatnonzero((keys.duplicated(keep="first") & values.notna()).to_numpy())
    # each key's first value and row (written last to first, so the first one stays)
    firsts = dict(zip(keys[::-1], zip(values[::-1], table.rows[::-1], strict=True), strict=True))
    for position in repeated:
        value = values.iloc[position]
        first, row = firsts[keys.iloc[position]]
        shown = f"'{value}'" if isinstance(value, str) else _number_shown(value)
        message = f"{label} {shown} appears more than once (first on row {row})"
        if first != value:
            message = differs_in_capitals(label, shown, str(first), f"on row {row}")
        problems.add(
            Problem(
                message, sheet=table.sheet, row=int(table.rows[position]), column=column, fix=fix
            )
        )
    return repeated


def differs_in_capitals(label: str, shown: str, other: str, where: str) -> str:
    """The one wording of a name written two ways, e.g. "resource 'Nurse_Hour' differs
    from 'nurse_hour' on row 2 only in capitals (one resource written two ways)"."""
    return f"{label} {shown} differs from '{other}' {where} only in capitals " + (
        f"(one {label} written two ways)"
    )


def _number_shown(value: object) -> str:
    """A cluster or other number as written (``3``, not ``3.0``)."""
    return f"{value:g}" if isinstance(value, float | np.floating) else str(value)
