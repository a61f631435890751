"""Read an MHCT ratings extract: a ``ratings`` sheet, or a CSV/Parquet file of one.

MHCT item headers arrive spelt many ways (``1``, ``item_01``, ``HoNOS 1``, ``SARN A``,
``Historic A``); they are matched to the 18 scales 1-13 and A-E (docs/methodology.md).
Some older extracts number A-E as 14-18; that numbering is accepted only when the
file has no lettered columns. Values are left as read: turning them into ratings,
with a problem per bad cell, is :func:`pbrkit.allocation.ratings_array`'s job.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.currency import active_currency
from pbrkit.errors import (
    InputError,
    Problem,
    ProblemCollector,
    SheetName,
    file_of,
    place,
    table_word,
)
from pbrkit.io import numeric_ids, parse, sheets
from pbrkit.io import values as cell_values
from pbrkit.io.calamine_text import FloatArray
from pbrkit.io.columns import current_map
from pbrkit.io.headers import clean_text, is_too_long, normalise_header
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.repeats import repeated_positions
from pbrkit.io.schema import (
    HEADER_SEARCH_ROWS,
    HIDDEN_ROWS_ADVICE,
    SheetSpec,
    check_total_row,
    date_in_cluster_cell,
    describe_bad_cluster,
    hidden_columns_note,
    hidden_data_rows,
    refuse_one_group,
    report_long_headers,
    report_merged_rows,
    report_near_misses,
    report_overlong_rows,
    report_percent_cells,
    report_time_cells,
    space_only_rows,
    split_total_row,
)
from pbrkit.io.workbook import (
    RawSheet,
    TypedRead,
    Workbook,
    missing_sheet_problem,
    normalise_name,
    open_workbook,
)
from pbrkit.io.xlsxscan import column_letters
from pbrkit.model import QualityNote

#: Cells reported per kind of problem before the rest are counted.
MAX_REPORTED: Final = 20

#: The 18 MHCT scales in order: HoNOS 1-12, then SARN 13 and A-E (docs/methodology.md).
ITEMS: Final = (*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E")

_ITEM_RE = re.compile(
    r"^(?:mhct|honos|sarn|item|scale|q|question|historic(?:al)?|hist|rating)?"
    r"(?:item|scale)?0*(\d{1,2}|[a-e])$"
)
#: A heading as on the HoNOS and SARN forms: a scale's number or letter, then '.', ':',
#: ')' or a dash, then its title (``1. Overactive, aggressive ...``, ``HoNOS 7: Problems
#: with depressed mood``, ``A. Agitated behaviour``). The title starts with a letter, so
#: ``1.5`` or ``2024-25`` names no scale; 14-18 never take a title (only bare numbers).
_FORM_RE = re.compile(
    r"^(?:(?:mhct|honos|sarn|item|scale|q|question|historic(?:al)?|hist|rating)\s*"
    r"(?:item|scale)?\s*)?0*(\d{1,2}|[a-e])\s*[.:)\-\u2013\u2014]\s*[^\W\d_]",
    re.IGNORECASE,
)
_ID_NAMES: Final = {"patientid", "id", "patient", "clientid", "personid", "pseudoid"}
_KNOWN: Final = {
    "cluster": {"cluster", "clustercode", "cliniciancluster", "assignedcluster"},
    "days": {"days", "clusterdays"},
    "admitted_days": {"admitteddays", "inpatientdays", "beddays"},
    "cost": {"cost", "annualcost", "patientcost"},
    "item8_type": {"item8type", "item8letter", "8type", "honos8type"},
}


#: The per-patient columns a ratings sheet may have, none of them required, for the
#: "did you mean" check every sheet has (methodology §8): a ratings sheet's `clustr` or
#: `admited_days` was read as a trait, and the audit or the days left out (walk 9).
_PATIENT_COLUMNS: Final = SheetSpec(
    "ratings",
    tuple(
        replace(column, required=False)
        for column in sheets.PATIENTS.columns
        if column.name in ("patient_id", "cluster", "days", "admitted_days", "cost")
    ),
)


@dataclass(frozen=True)
class RatingsInput:
    """A ratings extract with canonical column names.

    ``items`` has the 18 columns of :data:`ITEMS` (values as read); ``patients``
    has ``patient_id`` (text) and, when present, ``cluster`` (clinician's, float
    code with NaN for blank), ``days``, ``admitted_days``, ``cost`` and trait
    columns (as text). ``rows`` are spreadsheet row numbers for messages.
    """

    sheet: str
    items: pd.DataFrame
    patients: pd.DataFrame
    rows: npt.NDArray[np.int64]
    traits: tuple[str, ...]
    #: What the reading noticed that is not an error (rows or columns the sheet hides).
    notes: tuple[QualityNote, ...] = ()

    def without_items(self) -> RatingsInput:
        """The extract with an items frame of no columns (its rows kept), once the
        ratings are held elsewhere (:func:`pbrkit.allocation.ratings_array`)."""
        return replace(self, items=self.items[[]])


def item_name(header: object) -> str | None:
    """The MHCT scale a header names (``"7"``, ``"A"``), or None."""
    if is_too_long(header):
        return None  # refused later; never cleaned, cell after cell, in the header search
    text = clean_text(str(header))[0]
    match = _ITEM_RE.fullmatch(normalise_name(text))
    if not match:
        return _form_item(text)
    token = match.group(1).upper()
    if token.isdigit():
        number = int(token)
        if 1 <= number <= 13:
            return str(number)
        if 14 <= number <= 18:
            return "ABCDE"[number - 14] + "?"  # provisional: only without lettered columns
        return None
    return token


def _form_item(text: str) -> str | None:
    """The scale a form's heading names (``1. Overactive ...`` is ``"1"``), or None."""
    match = _FORM_RE.match(text.strip())
    if not match:
        return None
    token = match.group(1).upper()
    if token.isdigit():
        return str(int(token)) if 1 <= int(token) <= len(ITEMS) - 5 else None
    return token


def read_ratings(
    path: Path,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    collect: ProblemCollector | None = None,
) -> RatingsInput:
    """Read the ratings of ``path`` (sheet ``ratings``, or a CSV/Parquet table).

    With ``collect``, bad cluster and number cells are added to it instead of being
    raised, so a caller can list them together with its own checks (a missing sheet
    or column still raises at once).

    Raises:
        InputError: no ratings sheet, no patient ID column, missing items, or bad
            cluster / number cells (every problem listed).
    """
    workbook = _opened(path, limits, _TYPED_NUMBERS)
    raw = _ratings_sheet(workbook)
    if not raw.typed_numbers:
        return _ratings_input(workbook, raw, path, collect)
    # Patient columns loaded as numbers: a message must quote a cell as written, so
    # on any problem the sheet is read again with them as text (the items typed).
    found = ProblemCollector()
    try:
        read = _ratings_input(workbook, raw, path, found)
    except InputError:
        read = None
    if read is None or found.problems:
        workbook = _opened(path, limits, _TYPED_ITEMS)
        return _ratings_input(workbook, _ratings_sheet(workbook), path, collect)
    return read


def _opened(path: Path, limits: ReadLimits, typed: TypedRead) -> Workbook:
    return open_workbook(
        path, limits=limits, default_sheet="ratings", reads=("ratings", "patients"), typed=typed
    )


def _ratings_input(
    workbook: Workbook, raw: RawSheet, path: Path, collect: ProblemCollector | None
) -> RatingsInput:
    """The ratings of ``raw``, the sheet read from ``workbook``; its problems added to
    ``collect``, or raised when None."""
    header, body, rows = _split_header(raw)
    _refuse_patients_without_items(workbook, raw, header)
    columns = _checked_header(raw, header, body, rows, path)
    body, rows = _rows_with_cells(body, rows, columns["patient_id"])
    # A last row labelled Total is checked and skipped as under a patients table (the
    # same file read by `pbrkit cost`); it was clustered as one more patient (review 7).
    body, rows, total = split_total_row(body, rows, sheets.PATIENTS, columns)
    problems = ProblemCollector()
    if not len(body):
        # As an empty caseload is: validate and cluster then agree (a blank template's
        # sheet was "valid" to one and a missing cost to the other).
        problems.add(
            Problem(
                f"the ratings {table_word(raw.name)} has no data rows",
                sheet=raw.name,
                fix="add one row per patient: patient_id and the 18 MHCT items",
            )
        )
    # The rating columns as read, not copied into one block (180 MB at 10 million
    # patients, round 17 of issue 16): nothing writes to them, and pandas copies on write.
    items = pd.DataFrame({item: body.iloc[:, columns[item]] for item in ITEMS}, copy=False)
    patients, traits = _patient_columns(body, header, columns, raw, rows, problems)
    errors = _check_cells(raw, header, body, columns, rows, patients, traits, problems)
    for item in ITEMS:  # an error value is refused once, as such: not again as a rating
        if columns[item] in errors:
            items[item] = items[item].mask(errors[columns[item]])
    total_note = _checked_total(raw, total, patients, columns, rows, problems)
    if collect is not None:
        collect.extend(problems.problems)
    else:
        problems.raise_if_any(hint=_nothing_written(path))
    notes = _reading_notes(raw, header, body, rows) + total_note
    # The columns as made above, not copied into one block (320 MB of fresh memory for
    # the four number columns at 10 million patients, round 10 of issue 16).
    frame = pd.DataFrame(patients, copy=False)
    return RatingsInput(_named(raw, header, columns), items, frame, rows, tuple(traits), notes)


def _named(raw: RawSheet, header: list[str | None], columns: dict[str, int]) -> str:
    """The sheet's name, knowing its columns' headers as written: a problem found
    later (a rating 7, in pbrkit.allocation) names the column as the file heads it."""
    written = {name: str(header[at]) for name, at in columns.items() if header[at] != name}
    return SheetName(raw.name, written, file_of(raw.name)) if written else raw.name


def _checked_header(
    raw: RawSheet,
    header: list[str | None],
    body: pd.DataFrame,
    rows: npt.NDArray[np.int64],
    path: Path,
) -> dict[str, int]:
    """The position of each known column; the sheet's shape refused at once (headers
    too long, missing or repeated; rows too long or merged; time cells)."""
    problems = ProblemCollector()
    if report_long_headers(raw.name, header, problems):
        problems.raise_if_any(hint=_nothing_written(path))
    columns = _map_columns(header)
    report_overlong_rows(raw, body, rows, problems)
    report_merged_rows(raw, rows, problems)
    report_time_cells(raw, rows, problems, header)
    _check_columns(columns, raw.name, problems)
    report_near_misses(raw.name, header, columns, _PATIENT_COLUMNS, problems)
    _refuse_repeated_headers(header, columns, raw.name, problems)
    problems.raise_if_any(hint=_nothing_written(path))
    return columns


def _rows_with_cells(
    body: pd.DataFrame, rows: npt.NDArray[np.int64], id_position: int
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """The rows with at least one cell other than spaces, and their sheet rows (a row
    of spaces alone is blank to the eye: :func:`~pbrkit.io.schema.space_only_rows`)."""
    keep = _rows_with_a_cell(body)
    if not _has_a_full_column(body):  # else every row has a number: none is spaces
        # Only a row with no ID can be spaces alone: those few are looked at.
        keep &= ~space_only_rows(body, keep & body.iloc[:, id_position].isna().to_numpy())
    if keep.all():  # no copy of every column (about 500 MB at 10 million patients)
        return body.reset_index(drop=True), rows
    return body.iloc[np.flatnonzero(keep)].reset_index(drop=True), rows[keep]


def _check_cells(
    raw: RawSheet,
    header: list[str | None],
    body: pd.DataFrame,
    columns: dict[str, int],
    rows: npt.NDArray[np.int64],
    patients: dict[str, object],
    traits: list[str],
    problems: ProblemCollector,
) -> dict[int, npt.NDArray[np.bool_]]:
    """Every cell check of the patients' columns, each problem added to ``problems``;
    the cells holding Excel error values, by column position (only columns with one)."""
    if "cost" in columns:  # as a patients sheet's: a cost formatted as 5% is not £0.05
        cost = body.iloc[:, columns["cost"]].reset_index(drop=True)
        report_percent_cells(raw, cost, rows, columns["cost"], "cost", problems)
    ids: pd.Series = patients["patient_id"]  # type: ignore[assignment]
    _refuse_blank_ids(ids, raw.name, rows, problems)
    # 1234567890123456789 in a number cell reads as ...7024: refused, and left out of
    # the repeat check below, where two such IDs read alike (review 7b).
    at = columns["patient_id"]
    written = body.iloc[:, at].reset_index(drop=True)
    kept = numeric_ids.without_inexact_ids(raw, at, written, rows, "patient_id", problems)
    inexact = (kept.isna() & written.notna()).to_numpy(dtype=bool)
    for name in ("patient_id", *traits):
        noun, subject = ("patient", "ID") if name == "patient_id" else ("subgroup", "value")
        cells: pd.Series = patients[name]  # type: ignore[assignment]
        _refuse_invisible(cells, name, raw.name, rows, problems, noun=noun, subject=subject)
    _refuse_repeats(ids.mask(pd.Series(inexact, index=ids.index)), raw.name, rows, problems)
    return _refuse_unreadable(body, header, raw.name, rows, problems, numbers=raw.typed_numbers)


def _checked_total(
    raw: RawSheet,
    total: tuple[int, pd.Series] | None,
    patients: dict[str, object],
    columns: dict[str, int],
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
) -> tuple[QualityNote, ...]:
    """The Total row's days, admitted days and cost checked against the rows above."""
    if total is None:
        return ()
    summed = pd.DataFrame({k: patients[k] for k in sheets.PATIENTS.totals if k in patients})
    hidden = hidden_data_rows(raw, rows)
    text = check_total_row(summed, total, sheets.PATIENTS, columns, raw.name, problems, hidden)
    return (QualityNote("reading", text, 1),)


def _reading_notes(
    raw: RawSheet, header: list[str | None], body: pd.DataFrame, rows: npt.NDArray[np.int64]
) -> tuple[QualityNote, ...]:
    """Patient rows and headed columns the spreadsheet hides: read like every other
    (as Excel's SUM reads them), and said so, so that patients filtered out in Excel
    are not clustered without a word (as the cost sheets' notes say it, review 4).

    The count of hidden patient rows is a count of people (``--publish`` publishes it),
    so the note names only the first hidden row, never the list.
    """
    notes = []
    hidden = hidden_data_rows(raw, rows)
    if len(hidden):
        text = (
            f"{place(raw.name)}: patient rows hidden in the spreadsheet (filtered out or "
            f"hidden; the first is row {int(hidden[0])}): {{people}}; {HIDDEN_ROWS_ADVICE}"
        )
        notes.append(
            QualityNote("reading", text, len(hidden), people=len(hidden), rows_are_people=True)
        )
    columns = hidden_columns_note(raw, header, body)
    if columns:
        notes.append(QualityNote("reading", columns, 1))
    return tuple(notes)


def _rows_with_a_cell(body: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Rows with at least one cell filled in, found one column at a time (a table of
    every cell's flag was 500 MB at 10 million patients).

    A column of numpy integers or booleans (a Parquet table's ratings) cannot hold a
    blank, so with one of them every row has a cell: no column is scanned (25 scans
    of 10 million rows touched 500 MB of fresh memory, round 10 of issue 16).
    """
    if _has_a_full_column(body):
        return np.ones(len(body), dtype=bool)
    keep = np.zeros(len(body), dtype=bool)
    for position in range(body.shape[1]):
        keep |= body.iloc[:, position].notna().to_numpy(dtype=bool)
    return keep


def _has_a_full_column(body: pd.DataFrame) -> bool:
    """A column of numpy integers or booleans cannot hold a blank."""
    return any(isinstance(dtype, np.dtype) and dtype.kind in "iub" for dtype in body.dtypes)


#: What a sheet of MHCT ratings is often called instead (the HoNOS and the Mental Health
#: Clustering Tool it extends): suggested when no sheet is named 'ratings'.
RATINGS_SHEET_SYNONYMS: Final = ("honos", "mhct", "clusteringtool", "assessments")


def _ratings_sheet(workbook: Workbook) -> RawSheet:
    """The ``ratings`` sheet, else ``patients``, else a workbook's only sheet; raise if none."""
    raw = workbook.sheet("ratings") or workbook.sheet("patients")
    if raw is None and len(workbook.sheet_names) == 1:
        raw = workbook.sheet(workbook.sheet_names[0])
    if raw is None:
        raise InputError(
            missing_sheet_problem(
                workbook.sheet_names,
                ("ratings",),
                RATINGS_SHEET_SYNONYMS,
                holds="the MHCT ratings",
                template="pbrkit template --kind ratings",
                folder=workbook.folder,
            ),
            hint=_nothing_written(workbook.path),
        )
    return raw


def _nothing_written(path: Path) -> str:
    """The hint every refusal of a ratings input ends with."""
    return f"correct {path.name}; nothing was written"


#: A workbook ``pbrkit import mhsds`` wrote has this sheet (methodology §9).
_IMPORT_SHEET: Final = "data_quality"


def _refuse_patients_without_items(
    workbook: Workbook, raw: RawSheet, header: list[str | None]
) -> None:
    """Read in place of a missing ratings sheet, a patients sheet with no MHCT item
    column is no ratings at all: said so, not as 18 missing items (review 7b found it
    on an MHSDS import's workbook, which has a ratings sheet only with MHS801 and MHS802)."""
    if workbook.find("ratings") is not None or normalise_name(raw.name) != "patients":
        return
    if any(label is not None and item_name(label) for label in header):
        return  # a patients table with items is a ratings table: read as before
    if workbook.find(_IMPORT_SHEET) is not None:
        fix = (
            "pbrkit import mhsds writes a ratings sheet only when the extract has "
            "MHS801ClusterTool and MHS802ClusterAssess files: add both tables' files to the "
            "folder and run the import again (--force replaces the workbook)"
        )
    else:
        fix = (
            f"add a {'file ratings.csv' if workbook.folder else 'sheet named ratings'} "
            "with patient_id and the 18 MHCT items (headed 1-13 and A-E)"
        )
    raise InputError(
        Problem(
            f"the workbook has no ratings {table_word(raw.name)}, and its {raw.name} "
            f"{table_word(raw.name)} holds no MHCT item column (1-13, A-E) to cluster",
            sheet=raw.name,
            fix=fix,
        ),
        hint=_nothing_written(workbook.path),
    )


def _check_columns(columns: dict[str, int], sheet: str, problems: ProblemCollector) -> None:
    """A ratings table needs a patient ID column and all 18 MHCT item columns."""
    missing = [item for item in ITEMS if item not in columns]
    if "patient_id" not in columns:
        problems.add(
            Problem(
                "no patient ID column",
                sheet=sheet,
                expected="a column headed patient_id (or id)",
                fix="add a column of patient identifiers headed 'patient_id'",
            )
        )
    if missing:
        problems.add(
            Problem(
                f"MHCT item columns missing: {', '.join(missing)}",
                sheet=sheet,
                expected="18 columns headed 1-13 and A-E (e.g. 'HoNOS 1', 'item_01', 'SARN A')",
                fix="add the missing items; leave cells blank (or 9) where a rating is unknown",
            )
        )


def _patient_columns(
    body: pd.DataFrame,
    header: list[str | None],
    columns: dict[str, int],
    raw: RawSheet,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
) -> tuple[dict[str, object], list[str]]:
    """The per-patient columns besides the ratings, and the names of the trait columns.

    Known columns are typed; every other headed column is kept as text, as a trait. In
    a CSV file separated by semicolons ``1.234`` may be 1234: such cells are refused.
    """
    sheet, semicolons = raw.name, raw.delimiter == ";"
    patients: dict[str, object] = {
        "patient_id": _ids_as_text(body.iloc[:, columns["patient_id"]]),
    }
    for name in ("cluster", "days", "admitted_days", "cost"):
        if name not in columns:
            continue
        values = body.iloc[:, columns[name]]
        if semicolons and name != "cluster":
            expected = _expected_number(name)
            values = refuse_one_group(values, name, expected, sheet, rows, problems)
        patients[name] = _typed(values, name, sheet, rows, problems)
    _refuse_admitted_over_days(patients, body, columns, sheet, rows, problems)
    if "item8_type" in columns:
        patients["item8_type"] = _item8_types(
            _as_text(body.iloc[:, columns["item8_type"]]), sheet, rows, problems
        )
    used = set(columns.values())
    traits = []
    for position, label in enumerate(header):
        if position not in used and label:
            traits.append(label)
            patients[label] = _as_trait(body.iloc[:, position])
    if "age" in traits:
        _refuse_impossible_ages(body.iloc[:, header.index("age")], sheet, rows, problems)
    return patients, traits


def _split_header(
    raw: RawSheet,
) -> tuple[list[str | None], pd.DataFrame, npt.NDArray[np.int64]]:
    grid = raw.grid
    if raw.has_header:
        rows = np.arange(len(grid), dtype=np.int64) + 2
        return [str(c) for c in grid.columns], grid, rows
    if not len(grid):  # an empty sheet: no header, so its columns are named missing
        return [], grid, np.zeros(0, dtype=np.int64)
    if raw.header_at is not None:  # found from the sheet's XML by _header_search (typed read)
        best = raw.header_at
        rows = np.arange(best + 1, len(grid), dtype=np.int64) + raw.first_row
        return list(raw.header), grid.iloc[best + 1 :], rows
    top = [grid.iloc[i].tolist() for i in range(min(HEADER_SEARCH_ROWS, len(grid)))]
    best, _ = _header_search(top)
    header = [str(v).strip() if pd.notna(v) else None for v in grid.iloc[best].tolist()]
    rows = np.arange(best + 1, len(grid), dtype=np.int64) + raw.first_row
    return header, grid.iloc[best + 1 :], rows


def _header_search(top: Sequence[Sequence[Any]]) -> tuple[int, bool]:
    """The header among a sheet's first rows: the first naming the most MHCT scales
    (the first with all 18 stops the search: then True, the rows after it unread).

    Scales are counted once each: ratings 1-4 and 9 are also the headers of items 1-4
    and 9, so a patient rated 1-4 on every scale would otherwise name 18 of them and
    outrank a header that names only some (a form's titles, say). A row naming the
    patient ID column outranks every row that does not: no patient's row names it, so
    a header whose scales are all spelt unrecognisably is still the header, and its
    problems are told under its own labels, not under a patient's ratings."""
    best, best_key = 0, (False, -1)
    user = current_map("ratings")
    for i, cells in enumerate(top[:HEADER_SEARCH_ROWS]):
        hits = len({item_name(v) for v in cells if pd.notna(v)} - {None})
        key = (_names_id(cells, user), hits)
        if key > best_key:
            best, best_key = i, key
        if hits >= len(ITEMS):
            return best, True
    return best, False


def _names_id(cells: Sequence[Any], user: dict[str, str]) -> bool:
    """Whether a row's cells name the patient ID column (``Patient ID``, ``id``)."""
    return any(
        isinstance(v, str) and not is_too_long(v) and _column_named(v, user) == "patient_id"
        for v in cells
    )


#: The ratings a typed item column may hold (0-4, and 9 for unknown; blank is NaN):
#: they read from numbers as from text. Any other value loads the sheet as text, so
#: that its message quotes the cell as written.
_RATING_VALUES: Final = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 9.0])


def _item_positions(header: list[str | None]) -> list[int]:
    """The positions of the 18 item columns the header names (read as numbers)."""
    columns = _map_columns(header)
    return [columns[item] for item in ITEMS if item in columns]


def _plain_ratings(values: npt.NDArray[np.float64]) -> bool:
    return bool(np.all(np.isnan(values) | np.isin(values, _RATING_VALUES)))


def _number_columns(header: list[str | None]) -> dict[int, Callable[[FloatArray], bool]]:
    """The patient columns parsed as numbers (cluster, days, admitted days, cost, and
    an ``age`` trait), each with the test its values must pass to be read typed."""
    columns = _map_columns(header)
    tests: dict[int, Callable[[FloatArray], bool]] = {
        columns[name]: functools.partial(_clean_numbers, _largest(name))
        for name in ("days", "admitted_days", "cost")
        if name in columns
    }
    currency = active_currency()
    if "cluster" in columns and currency.code_kind == "integer" and not currency.aliases:
        tests[columns["cluster"]] = _clean_clusters  # else the column's text is matched
    if "age" in header and header.index("age") not in columns.values():
        tests[header.index("age")] = _whole_ages
    return tests


def _clean_numbers(top: float, values: FloatArray) -> bool:
    """Blank, or a number from 0 to ``top``: as :func:`_typed` accepts the cell."""
    with np.errstate(invalid="ignore"):
        return bool(np.all(np.isnan(values) | ((values >= 0) & (values <= top))))


def _clean_clusters(values: FloatArray) -> bool:
    """Blank, or a valid code of the active currency, as its text would be read."""
    return not parse.parse_cluster(pd.Series(values))[1].any()


def _whole_ages(values: FloatArray) -> bool:
    """Blank, or a whole age from 0 to :data:`MAX_AGE` (not -0): its text as a trait
    (``40``) is then the same from the number as from calamine's text of it."""
    with np.errstate(invalid="ignore"):
        whole = (values >= 0) & (values <= MAX_AGE) & (values == np.round(values))
        return bool(np.all(np.isnan(values) | (whole & ~np.signbit(values))))


#: A large .xlsx's item columns are loaded as numbers when the scan proves them plain
#: numbers below the header (benchmarks/analysis.md, "Round 10: the typed read").
_TYPED_ITEMS: Final = TypedRead(
    rows=HEADER_SEARCH_ROWS,
    header=_header_search,
    columns=_item_positions,
    accepts=_plain_ratings,
)

#: ... and the patients' number columns too, read as their text would be read
#: (benchmarks/analysis.md, "Round 16: the xlsx read").
_TYPED_NUMBERS: Final = replace(_TYPED_ITEMS, numbers=_number_columns)


def _map_columns(header: list[str | None]) -> dict[str, int]:
    columns: dict[str, int] = {}
    provisional: dict[str, int] = {}
    user = current_map("ratings")  # --columns [ratings]
    for position, label in enumerate(header):
        if label is None:
            continue
        target = user.get(normalise_header(label))
        if target is not None and target not in columns:
            columns[target] = position
            continue
        named = _named_column(label)
        if named and named not in columns:
            columns[named] = position
            continue
        item = item_name(label)
        if item is None:
            continue
        if item.endswith("?"):
            provisional.setdefault(item[0], position)
        else:
            columns.setdefault(item, position)
    if not any(letter in columns for letter in "ABCDE"):
        columns.update(provisional)
    return columns


def _named_column(label: str) -> str | None:
    """``patient_id`` or the known column (:data:`_KNOWN`) a header names: full-width
    digits and zero-width spaces cleaned (issue: "no header row found"), and a trailing
    unit ignored as on every other sheet (``Cost (£)``, ``Days (days)``; review 12)."""
    keys = {normalise_name(clean_text(label)[0]), normalise_header(label)}
    if keys & _ID_NAMES:
        return "patient_id"
    return next((n for n, aliases in _KNOWN.items() if keys & aliases), None)


def _column_named(label: str, user: dict[str, str]) -> str | None:
    """The column a header names, by the rules of :func:`_map_columns` (a provisional
    item letter, which only counts when no other header names A-E, is None here)."""
    target = user.get(normalise_header(label))
    if target is not None:
        return target
    named = _named_column(label)
    if named is not None:
        return named
    item = item_name(label)
    return None if item is None or item.endswith("?") else item


def _refuse_repeated_headers(
    header: list[str | None], columns: dict[str, int], sheet: str, problems: ProblemCollector
) -> None:
    """Two headers naming one column (``cluster`` and ``Cluster``, ``HoNOS 7`` and
    ``item_07``) are an error: the first was read and the other ignored without a word.
    A column the user's ``--columns`` map names is the user's choice, not a guess."""
    user = current_map("ratings")
    chosen = set(user.values())
    for position, label in enumerate(header):
        target = None if label is None else _column_named(label, user)
        if target is None or target in chosen or columns.get(target, position) == position:
            continue
        read = columns[target]
        problems.add(
            Problem(
                f"columns {column_letters(read + 1)} '{header[read]}' and "
                f"{column_letters(position + 1)} '{label}' both name '{target}', so which "
                "one to read is unclear",
                sheet=sheet,
                column=label,
                expected=f"one column for '{target}'",
                fix="delete the column you do not mean, or rename it to something that "
                "names no ratings column",
            )
        )


#: The oldest age read as an age (the oldest person on record lived to 122): above it,
#: or below 0, an ``age`` cell is a typing error, not a subgroup (docs/methodology.md §5.6).
MAX_AGE: Final = 125


def _refuse_impossible_ages(
    ages: pd.Series, sheet: str, rows: npt.NDArray[np.int64], problems: ProblemCollector
) -> None:
    """A number outside 0 to :data:`MAX_AGE` in ``age`` would be banded "under 18" or
    "65+" without a word; text ("not known") stays "not recorded", as documented."""
    if isinstance(ages.dtype, np.dtype) and ages.dtype.kind in "iu":
        # Whole numbers (a Parquet int16 column) compared as they are, not as a float
        # copy of every age (80 MB of fresh memory at 10 million, round 10 of issue 16).
        whole = ages.to_numpy()
        positions = np.flatnonzero((whole < 0) | (whole > MAX_AGE))
    else:
        age = pd.to_numeric(ages, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            positions = np.flatnonzero((age < 0) | (age > MAX_AGE) | np.isinf(age))
    problems.add_each(
        positions,
        lambda i: Problem(
            "not a possible age",
            sheet=sheet,
            row=int(rows[i]),
            column="age",
            value=ages.iloc[i],
            expected=f"an age in years from 0 to {MAX_AGE}, or blank if not known",
            fix="correct the age, or leave the cell blank",
        ),
        limit=MAX_REPORTED,
        more=lambda n: Problem(f"{n:,} more impossible ages", sheet=sheet),
    )


#: The MHCT item 8 problem types (NHS Data Dictionary, HoNOS scales): A phobic,
#: B anxiety, C obsessive-compulsive, D stress, E dissociative, F somatoform, G eating,
#: H sleep, I sexual, J other.
ITEM8_TYPES: Final = frozenset("ABCDEFGHIJ")


def _item8_types(
    text: pd.Series, sheet: str, rows: npt.NDArray[np.int64], problems: ProblemCollector
) -> npt.NDArray[np.object_]:
    """``item8_type`` as capital letters A-J (blank stays blank); any other value is
    refused at its row: "phobic" or "8" kept as the patient's item 8 type would be
    wrong without a word (round 11 left it read and not checked). Each distinct
    value is checked once (the column is a few letters over many rows)."""
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    mapped = [str(u).strip().upper() for u in uniques]
    valid = np.array([m in ITEM8_TYPES or not m for m in mapped] + [True], dtype=bool)
    problems.add_each(
        np.flatnonzero(~valid[codes]),  # code -1 (blank) is the last entry, True
        lambda i: Problem(
            "not an item 8 problem type",
            sheet=sheet,
            row=int(rows[i]),
            column="item8_type",
            value=text.iloc[i],
            expected="one letter A-J (A phobic, B anxiety, C obsessive-compulsive, D stress, "
            "E dissociative, F somatoform, G eating, H sleep, I sexual, J other), or blank",
            fix="give the problem type's letter; leave it blank when item 8 is 0 or not known",
        ),
        limit=MAX_REPORTED,
        more=lambda n: Problem(f"{n:,} more item 8 types that are not A-J", sheet=sheet),
    )
    return np.array([*mapped, None], dtype=object)[codes]


def _refuse_admitted_over_days(
    patients: dict[str, object],
    body: pd.DataFrame,
    columns: dict[str, int],
    sheet: str,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
) -> None:
    """Admitted days are days in the cluster spent in hospital (docs/methodology.md §2),
    so more of them than the patient's own days is a typing error, as in a caseload."""
    if "days" not in patients or "admitted_days" not in patients:
        return
    days = np.asarray(patients["days"], dtype=np.float64)
    admitted = np.asarray(patients["admitted_days"], dtype=np.float64)
    with np.errstate(invalid="ignore"):
        positions = np.flatnonzero(admitted > days)  # a blank (NaN) is never over
    problems.add_each(
        positions,
        lambda i: Problem(
            "admitted days exceed the patient's days (admitted days are part of them)",
            sheet=sheet,
            row=int(rows[i]),
            column="admitted_days",
            value=body.iloc[i, columns["admitted_days"]],
            expected="at most the patient's days",
            fix="check the two figures; admitted days count inside the days",
        ),
        limit=MAX_REPORTED,
        more=lambda n: Problem(
            f"{n:,} more patients with admitted days above their days",
            sheet=sheet,
            column="admitted_days",
        ),
    )


def refuse_admitted_over_stand_in(
    data: RatingsInput,
    review_days: pd.Series,
    problems: ProblemCollector,
    suggested: npt.NDArray[np.integer] | None = None,
) -> None:
    """A patient whose days are blank has one review period of the cluster the run
    pays for them by standing in for them (docs/methodology.md §5.4): their clinician's,
    or in a run with no clinicians' clusters their suggested one (§5.5); admitted days,
    part of those days, cannot be more than it: refused at the cell, as admitted days
    above given days are. ``review_days``: the reference set's, indexed by cluster code.

    Without ``suggested`` (while reading) the clinicians' clusters are checked; with it
    (after allocation) the suggested ones, in a run with no clinicians' clusters only."""
    frame = data.patients
    if not {"days", "admitted_days"} <= set(frame.columns):
        return
    clinicians = "cluster" in frame.columns and bool(frame["cluster"].notna().any())
    if clinicians == (suggested is not None):
        return  # the clinicians' clusters are checked while reading, not again
    admitted = frame["admitted_days"].to_numpy(dtype=np.float64)
    blank = np.isnan(frame["days"].to_numpy(dtype=np.float64)) & (admitted > 0)  # NaN: False
    rows = np.flatnonzero(blank)
    paid = (
        frame["cluster"].to_numpy(dtype=np.float64)[rows]
        if suggested is None
        else suggested[rows].astype(np.float64)
    )
    rows, paid = rows[~np.isnan(paid)], paid[~np.isnan(paid)]
    codes = paid.astype(np.int64)
    period = review_days.reindex(codes).to_numpy(dtype=np.float64)  # NaN: no period
    with np.errstate(invalid="ignore"):
        over = np.flatnonzero(admitted[rows] > period)
    whose = "clinician's" if suggested is None else "suggested"
    problems.add_each(
        over,
        lambda j: Problem(
            f"admitted days exceed the {period[j]:g} days standing in for the blank days "
            f"(one review period of the {whose} cluster {codes[j]}, "
            "docs/methodology.md §5.4)",
            sheet=data.sheet,
            row=int(data.rows[rows[j]]),
            column="admitted_days",
            value=f"{admitted[rows[j]]:g}",
            expected=f"at most {period[j]:g}, or the patient's days given",
            fix="give the patient's days in the cluster, or correct the admitted days",
        ),
        limit=MAX_REPORTED,
        more=lambda n: Problem(
            f"{n:,} more patients with admitted days above the review period standing in "
            "for their blank days",
            sheet=data.sheet,
            column="admitted_days",
        ),
    )


def _typed(
    values: pd.Series,
    name: str,
    sheet: str,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
) -> npt.NDArray[np.float64]:
    if name == "cluster":
        parsed, bad = parse.parse_cluster(values)
        expected = active_currency().describe_expected()
        fix = f"use a code {active_currency().describe_valid()}, or leave the cell blank"
    else:
        top = _largest(name)
        parsed, bad = parse.parse_number(values)
        with np.errstate(invalid="ignore"):
            bad = bad | (parsed < 0) | (parsed > top)
        expected = _expected_number(name)
        fix = f"enter {expected}, or leave the cell blank if it is not known"
    problems.add_each(
        np.flatnonzero(bad),
        lambda i: _bad_cell(values.iloc[i], name, (sheet, int(rows[i])), expected, fix),
        limit=MAX_REPORTED,
        more=lambda n: Problem(f"{n:,} more invalid cells", sheet=sheet, column=name),
    )
    # A refused cell is named above and then unknown: compared as read (days -10 against
    # 0 admitted days), it would be named a second time for a problem it does not have.
    # Copied only then: a clean column at 10M patients allocates nothing more (the peak
    # memory target, benchmarks/results.md), and ``parsed`` may share the frame's memory.
    return np.where(bad, np.nan, parsed) if bad.any() else parsed


def _largest(name: str) -> float:
    """A patient column's per-cell bound, as for any sheet (SECURITY.md, "Values read
    from cells")."""
    return cell_values.MAX_MONEY if name == "cost" else float(cell_values.MAX_DAYS_PER_PERSON)


def _expected_number(name: str) -> str:
    return f"a number from 0 to {_largest(name):,.0f}"


def _bad_cell(value: object, name: str, where: tuple[str, int], expected: str, fix: str) -> Problem:
    """A bad cell of the ratings sheet. A clinician's cluster is told as any sheet's
    cluster cell is (9 'is not used', a code of another set named), with the fix that
    it may also be left blank (the clinician's cluster is optional here)."""
    message = "not a valid value"
    is_date = parse.looks_like_date(pd.Series([value], dtype=object))[0]  # as on other sheets
    if name == "cluster":
        message, cluster_fix = date_in_cluster_cell() if is_date else describe_bad_cluster(value)
        fix = f"{cluster_fix}, or leave the cell blank"
    elif is_date:
        message = "a date where a number belongs"
        fix = f"format the cell as a number (Excel may have turned it into a date); {fix}"
    sheet, row = where
    return Problem(
        message, sheet=sheet, row=row, column=name, value=value, expected=expected, fix=fix
    )


def _refuse_blank_ids(
    ids: pd.Series, sheet: str, rows: npt.NDArray[np.int64], problems: ProblemCollector
) -> None:
    """A rated patient with no ID cannot be told apart from another (a row pasted twice
    would count twice, and blanks never repeat) nor found again in allocations.csv."""
    problems.add_each(
        np.flatnonzero(ids.isna().to_numpy(dtype=bool)),
        lambda i: Problem(
            "patient_id is blank",
            sheet=sheet,
            row=int(rows[i]),
            column="patient_id",
            expected="an ID for every rated patient",
            fix="give the patient's ID (the allocations file links suggestions back by "
            "it), or delete the row",
        ),
        limit=MAX_REPORTED,
        more=lambda n: Problem(f"{n:,} more blank patient IDs", sheet=sheet, column="patient_id"),
    )


def _refuse_invisible(
    cells: pd.Series,
    column: str,
    sheet: str,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
    *,
    noun: str,
    subject: str | None = None,
) -> None:
    """An ID (or a trait's value) holding a zero-width space looks like another but is
    read as another patient (or subgroup), so the repeat rule below cannot see it
    (reviews 7 and 8): refused, as in a patients table."""
    if pd.api.types.is_numeric_dtype(cells.dtype) or _ascii_only(cells):
        return
    problems.add_each(
        np.flatnonzero(cell_values.has_invisible(cells)),
        lambda i: cell_values.invisible_problem(
            cells.iloc[i], noun=noun, subject=subject, sheet=sheet, row=int(rows[i]), column=column
        ),
        limit=MAX_REPORTED,
        more=lambda n: Problem(
            f"{n:,} more cells with invisible characters", sheet=sheet, column=column
        ),
    )


def _refuse_repeats(
    ids: pd.Series, sheet: str, rows: npt.NDArray[np.int64], problems: ProblemCollector
) -> None:
    """A patient rated twice would count twice in agreement, kappa and £ at stake, so
    a repeated ``patient_id`` is refused (keep each patient's latest rating)."""
    positions = _repeated_positions(ids)
    problems.add_each(
        positions,
        lambda i: Problem(
            f"patient_id {ids.iloc[i]} appears more than once",
            sheet=sheet,
            row=int(rows[i]),
            column="patient_id",
            fix="keep one rating per patient (the latest), so no one is counted twice",
        ),
        limit=MAX_REPORTED,
        more=lambda n: Problem(
            f"{n:,} more repeated patient IDs ({len(positions):,} repeats in all)",
            sheet=sheet,
            column="patient_id",
        ),
    )


def _repeated_positions(ids: pd.Series) -> npt.NDArray[np.intp]:
    """Positions of the IDs seen earlier in the column (blanks never repeat).

    Arrow text is fingerprinted in numpy and only IDs sharing a fingerprint are
    compared (:mod:`pbrkit.io.repeats`): pandas' ``duplicated`` turned 10 million
    Arrow IDs into Python strings first (1.3 GB at its peak, benchmarks/results.md),
    and Arrow's hash table of them held 900 MB.
    """
    if not isinstance(ids.array, pd.arrays.ArrowStringArray):
        return np.flatnonzero((ids.duplicated(keep="first") & ids.notna()).to_numpy(dtype=bool))
    return repeated_positions(ids.array.__arrow_array__())


def _refuse_unreadable(
    body: pd.DataFrame,
    header: list[str | None],
    sheet: str,
    rows: npt.NDArray[np.int64],
    problems: ProblemCollector,
    *,
    numbers: Collection[int] = (),
) -> dict[int, npt.NDArray[np.bool_]]:
    """Excel error values (``#N/A``) and over-long text in any column are refused; the
    columns loaded as ``numbers`` (proved plain numbers by the scan) and the columns
    typed as numbers (Parquet's) hold neither. Gives the error values' cells by
    column position, for the columns that hold one."""
    found: dict[int, npt.NDArray[np.bool_]] = {}
    for position, label in enumerate(header):
        if position >= body.shape[1]:
            break
        cells = body.iloc[:, position]
        if position in numbers or _holds_no_text(cells):
            continue
        errors = cell_values.excel_errors(cells)
        long = (
            np.zeros(len(cells), dtype=bool) if _short_text(cells) else cell_values.too_long(cells)
        )
        if errors.any():
            found[position] = np.asarray(errors, dtype=bool)
        name = label or column_letters(position + 1)
        for at in np.flatnonzero(errors | long)[:MAX_REPORTED]:
            if errors[at]:
                message, fix = cell_values.error_message(cells.iloc[at])
            else:
                message = f"text longer than {cell_values.MAX_TEXT_CHARS:,} characters"
                fix = "shorten it (names, IDs and labels are at most 1,000 characters)"
            problems.add(Problem(message, sheet=sheet, row=int(rows[at]), column=name, fix=fix))
    return found


def _holds_no_text(cells: pd.Series) -> bool:
    """A column of numbers or booleans (a Parquet file's typed columns): no cell can
    hold an error value or text, as :func:`pbrkit.io.values.excel_errors` and
    ``too_long`` find for it; not asked, 23 such columns of 10 million patients each
    made three 10 MB masks to scan (round 17 of issue 16)."""
    return pd.api.types.is_numeric_dtype(cells.dtype) or pd.api.types.is_bool_dtype(cells.dtype)


def _arrow_chunks(cells: pd.Series) -> list[Any] | None:
    """The Arrow text chunks under a column of Arrow text (None for any other column)."""
    if not isinstance(cells.array, pd.arrays.ArrowStringArray):
        return None
    import pyarrow as pa

    chunks: list[Any] = cells.array.__arrow_array__().chunks
    text = all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type) for c in chunks)
    return chunks if text else None


def _ascii_only(cells: pd.Series) -> bool:
    """Whether the column is Arrow text whose bytes are all ASCII (below 0x80).

    Every invisible character and look-alike space is outside ASCII
    (:data:`pbrkit.io.headers.INVISIBLE`, :data:`pbrkit.io.values.LOOKALIKE_SPACES`),
    so such a column has none, and the regular expression need not run over every
    cell (0.6 s for 10 million patient IDs, round 12 of issue 16). The buffers are
    checked whole: a chunk's bytes lie within its buffer.
    """
    chunks = _arrow_chunks(cells)
    if chunks is None:
        return False
    for chunk in chunks:
        data = chunk.buffers()[2]
        if data is not None and data.size and np.frombuffer(data, dtype=np.uint8).max() >= 0x80:
            return False
    return True


def _short_text(cells: pd.Series) -> bool:
    """Whether the column is Arrow text none of whose cells has more UTF-8 bytes than
    :data:`pbrkit.io.values.MAX_TEXT_CHARS`: a character is at least one byte, so
    then no cell is too long, and the characters of every cell need not be counted
    (0.5 s for 10 million patient IDs, round 12 of issue 16)."""
    chunks = _arrow_chunks(cells)
    if chunks is None:
        return False
    import pyarrow as pa

    for chunk in chunks:
        # Each cell's bytes from the offsets (a null cell has none), a block at a time.
        kind = np.int32 if pa.types.is_string(chunk.type) else np.int64
        window = np.frombuffer(chunk.buffers()[1], dtype=kind)
        offsets = window[chunk.offset : chunk.offset + len(chunk) + 1]
        for start in range(0, len(chunk), _LENGTH_BLOCK):
            block = offsets[start : start + _LENGTH_BLOCK + 1]
            if len(block) > 1 and np.diff(block).max() > cell_values.MAX_TEXT_CHARS:
                return False
    return True


#: Cells whose byte lengths are taken at a time by :func:`_short_text`.
_LENGTH_BLOCK: Final = 1 << 20


def _as_text(values: pd.Series) -> pd.Series:
    """:func:`pbrkit.io.parse.as_text`, once per category for a column of text categories.

    A Parquet dictionary column (a team, a ward) arrives as a categorical of a few
    labels; turning each of its millions of cells into its own string would cost
    about 80 bytes a row, so the labels are converted and shared by code instead.
    """
    dtype = values.dtype
    if not isinstance(dtype, pd.CategoricalDtype) or not _is_text(dtype.categories):
        return parse.as_text(values)
    return _as_trait(values).astype(object)  # the labels converted once, then shared


def _as_trait(values: pd.Series) -> pd.Series:
    """A trait column as :func:`_as_text` reads it, held as a categorical of its texts.

    A trait (a team, an age) has a handful of values however many patients there are:
    as codes into its distinct texts it is grouped, tabled and written without hashing
    millions of strings again at each step (about 3 s at 10 million patients,
    benchmarks/results.md). Only the distinct values are turned into text; columns
    of mixed objects, where ``1`` and ``1.0`` hash alike but read differently, are
    turned into text first.
    """
    dtype = values.dtype
    codes: npt.NDArray[np.integer[Any]]
    if isinstance(dtype, pd.CategoricalDtype) and _is_text(dtype.categories):
        codes = values.cat.codes.to_numpy()  # as narrow as pandas holds them (int8)
        distinct = pd.Series(dtype.categories.to_numpy(dtype=object), dtype=object)
    elif isinstance(dtype, pd.StringDtype) or pd.api.types.is_numeric_dtype(dtype):
        found, uniques = pd.factorize(values, use_na_sentinel=True)
        codes, distinct = np.asarray(found, dtype=np.intp), pd.Series(uniques)
    else:  # objects, or anything else: read as text, then coded
        found, uniques = pd.factorize(parse.as_text(values), use_na_sentinel=True)
        codes, distinct = np.asarray(found, dtype=np.intp), pd.Series(uniques, dtype=object)
    # Distinct values may read alike (" a" and "a"), and blanks read as missing.
    label_codes, labels = pd.factorize(parse.as_text(distinct), use_na_sentinel=True)
    # Each value's label code, -1 for a blank (code -1 picks the table's last entry).
    # The table is as narrow as its codes allow, so the codes of every patient are
    # too: intp codes were 80 MB of fresh memory a trait at 10 million patients
    # (round 10 of issue 16); from_codes narrows them to the same codes anyway.
    table = np.append(np.asarray(label_codes, dtype=np.intp), -1)
    merged = table.astype(np.min_scalar_type(-max(len(labels), 1)))[codes]
    categories = pd.Index(np.asarray(labels, dtype=object), dtype=object)
    return pd.Series(pd.Categorical.from_codes(merged, categories), index=values.index)


def _ids_as_text(values: pd.Series) -> pd.Series:
    """Patient IDs as :func:`pbrkit.io.parse.as_text` gives them, held as Arrow text.

    A Python string per patient costs about 50 bytes more than Arrow's (500 MB at
    10 million patients, benchmarks/history.md); the allocations table holds IDs as
    Arrow text anyway.
    Numbers and columns without any ID keep the general conversion.
    """
    if not isinstance(values.dtype, pd.StringDtype):
        return parse.as_text(values)
    if _trimmed_already(values):  # as the trimming below would give them, uncopied
        return pd.Series(values.astype("str"), copy=False)
    text = values.astype("string").str.strip()
    text = text.where(text.notna() & (text != ""))  # blanks become missing
    if not text.notna().any():
        return parse.as_text(values)
    return pd.Series(text.astype("str"), copy=False)


def _trimmed_already(values: pd.Series) -> bool:
    """Whether the Arrow text column has a present cell and no present cell that
    trimming would change or find blank: each one's first and last bytes are ASCII
    that pandas' ``str.strip`` keeps (a non-ASCII byte there is not judged: the column
    is then trimmed). 10 million patient IDs were copied twice to change none (0.2 s,
    round 17 of issue 16)."""
    chunks = _arrow_chunks(values)
    if chunks is None or values.isna().all():
        return False
    import pyarrow as pa

    trimmed = _trimmed_bytes()
    for chunk in chunks:
        kind = np.int32 if pa.types.is_string(chunk.type) else np.int64
        window = np.frombuffer(chunk.buffers()[1], dtype=kind)
        offsets = cast(IntArray, window[chunk.offset : chunk.offset + len(chunk) + 1])
        starts, ends = offsets[:-1], offsets[1:]
        if chunk.null_count:
            present = np.asarray(chunk.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
            starts, ends = starts[present], ends[present]
        if not len(starts):
            continue
        if (ends <= starts).any():  # a blank text
            return False
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
        if trimmed[data[starts]].any() or trimmed[data[ends - 1]].any():
            return False
    return True


#: Arrow offsets, 4 or 8 bytes each (a ``string`` or ``large_string`` column).
IntArray = npt.NDArray[np.signedinteger[Any]]


@functools.cache
def _trimmed_bytes() -> npt.NDArray[np.bool_]:
    """For each byte, whether :func:`_trimmed_already` must not pass it at a text's
    edge: every ASCII character ``str.strip`` removes (asked of pandas itself, so the
    two agree) and every byte of a non-ASCII character."""
    ascii_texts = pd.Series([chr(b) for b in range(128)], dtype="string")
    kept = ascii_texts.str.strip().str.len().to_numpy(dtype=np.int64)
    return np.concatenate([kept == 0, np.ones(128, dtype=bool)])


def _is_text(labels: pd.Index) -> bool:
    return pd.api.types.infer_dtype(labels, skipna=True) in ("string", "empty")
