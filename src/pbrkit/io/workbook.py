"""Open an input workbook, whatever shape it arrives in, as a set of raw sheets.

Accepted (docs/methodology.md §8): ``.xlsx``, ``.xlsm`` (macros are never run: the reader only
reads cell values), ``.ods``, a folder of CSV files (one per sheet, named after the
sheet), and for patient-level sheets a single ``.csv`` or ``.parquet`` file.

Cells are read as *text* (fastexcel, calamine underneath: measured 8-20x faster than
openpyxl on large sheets). Typing happens later, column by column, in
:mod:`pbrkit.io.schema`, so that a bad cell becomes a message naming its row and
column rather than a silently coerced number, and IDs keep their leading zeros.
The one exception is a large .xlsx whose reader allows it (:class:`TypedRead`): the
columns its scan proved to hold plain numbers alone below the header are loaded as
numbers (a typed load turns text into blanks or numbers without a word, so nothing
unproved is ever loaded typed).

Inputs are untrusted (SECURITY.md). Before calamine sees a spreadsheet, its archive
passes :func:`~pbrkit.io.limits.check_zip_archive`; before it reads a sheet, the
sheet's XML passes :mod:`pbrkit.io.xlsxscan` (the grid it spans, and formulas
without saved values). The sheets a caller names in ``reads`` are scanned when the
file is opened, with the archive checks of their parts made in the same pass (each
part is inflated once). A Parquet file's metadata and a CSV file's size and width
are checked before they are read.
"""

from __future__ import annotations

import contextlib
import functools
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, Final, Literal, ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.errors import (
    NOTHING_WRITTEN,
    TABLE_SUFFIXES,
    InputError,
    Problem,
    ResourceLimitExceeded,
    SheetName,
)
from pbrkit.io import calamine_text, parquet_columns, xlsxscan, xlsxtop
from pbrkit.io.calamine_text import FloatArray
from pbrkit.io.csvfile import read_csv_rows
from pbrkit.io.headers import is_close
from pbrkit.io.limits import (
    DEFAULT_LIMITS,
    MIB,
    ReadLimits,
    StreamedLater,
    check_zip_archive,
    checked_chunks,
)

if TYPE_CHECKING:  # fastexcel loads when a workbook is opened (start-up time)
    import fastexcel

_Args = ParamSpec("_Args")
_Read = TypeVar("_Read")

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")


def normalise_name(name: object) -> str:
    """Sheet and column names match ignoring case, spaces and underscores (methodology §8)."""
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


def near_sheet(
    names: Sequence[str], wanted: Sequence[str], synonyms: Sequence[str] = ()
) -> str | None:
    """The one sheet most likely meant for a missing sheet called ``wanted[0]`` (or
    another of ``wanted``): its name holds one of them ('Caseload data'), is one or two
    edits from one ('Casload', 'Rating'), or holds a known synonym ('HoNOS' for the
    ratings), ignoring case and punctuation. None when no sheet or several are."""

    def bare(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.casefold())

    keys = [key for key in map(bare, wanted) if key]
    others = [key for key in map(bare, synonyms) if key]

    def likely(name: str) -> bool:
        key = bare(name)
        return any(k in key or is_close(key, k) for k in keys) or any(o in key for o in others)

    near = [name for name in names if likely(name)]
    return near[0] if len(near) == 1 else None


def missing_sheet_problem(
    names: Sequence[str],
    wanted: Sequence[str],
    synonyms: Sequence[str] = (),
    *,
    holds: str,
    template: str | None = None,
    folder: Path | None = None,
) -> Problem:
    """The one wording of "sheet ``wanted[0]`` is missing" and of its fix for every
    reader: the sheets found (or "none"); the fix "add a sheet named 'X' holding
    ``holds``" (with the ``template`` command that writes one), preceded by a rename
    when :func:`near_sheet` finds the sheet most likely meant. In a ``folder`` of CSVs,
    which has files, not sheets, the same named by file ("file 'caseload.csv' is missing
    from folder 'book' (files found: 'Casload.csv')"), and no template writes one."""
    kind, suffix = ("sheet", "") if folder is None else ("file", ".csv")
    name = f"'{wanted[0]}{suffix}'"
    found = ", ".join(repr(f"{sheet}{suffix}") for sheet in names) or "none"
    add = f"add a {kind} named {name}" if folder is None else f"add a file {name} to the folder"
    written = f" (`{template}` writes one)" if template is not None and folder is None else ""
    near = near_sheet(names, wanted, synonyms)
    if near is None:
        fix = f"{add} holding {holds}{written}"
    else:
        fix = f"rename {kind} '{near}{suffix}' to {name} if it holds {holds}, else {add}{written}"
    where = "" if folder is None else f" from folder '{folder.resolve().name}'"
    return Problem(f"{kind} {name} is missing{where} ({kind}s found: {found})", fix=fix)


@dataclass(frozen=True)
class RawSheet:
    """The cells of one sheet, before any typing.

    ``grid`` holds every cell as a string (NaN when empty) in sheet order; row ``i``
    of the grid is spreadsheet row ``first_row + i``. When ``has_header`` is true
    (Parquet), ``grid.columns`` already are the column names and row 1 is the header.
    """

    name: str
    grid: pd.DataFrame
    first_row: int = 1
    has_header: bool = False
    visible: bool = True
    #: CSV only: the fields on each of the first rows as written (csvfile.read_csv_rows).
    field_counts: tuple[int, ...] = ()
    #: CSV only: the field delimiter; in a file separated by ``;`` (a continental
    #: locale's) a dot may group thousands, so ``1.234`` could be 1234.
    delimiter: str = ""
    #: Spreadsheets only: ranges merged down rows (their value is in the first row only).
    merged_rows: tuple[xlsxscan.MergedRows, ...] = ()
    #: Spreadsheets only: rows hidden (filtered out or hidden by hand), as ranges.
    hidden_rows: tuple[tuple[int, int], ...] = ()
    #: Spreadsheets only: columns hidden, as ranges of column numbers (A is 1).
    hidden_columns: tuple[tuple[int, int], ...] = ()
    #: .ods only: cells typed as a time or duration, which calamine reads as blank.
    time_cells: tuple[xlsxscan.ErrorCell, ...] = ()
    #: Spreadsheets only: number cells formatted as percentages, as ranges of rows per
    #: column number (A is 1); calamine reads 5% as 0.05 and says nothing of the format.
    percent_rows: Mapping[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    #: A large .xlsx loaded with some columns typed (:class:`TypedRead`): the header's
    #: row in ``grid`` and its cells as text (the typed columns hold blanks there and
    #: above). None when every column was loaded as text.
    header_at: int | None = None
    header: tuple[str | None, ...] = ()
    #: Spreadsheets only: for a column (0 is column A), which rows of ``grid`` hold a
    #: number cell rather than text, loaded when asked: the grid holds both as text,
    #: and an ID stored as a number may have lost digits (review 7b). None otherwise.
    number_cells: Callable[[int], npt.NDArray[np.bool_]] | None = field(
        default=None, compare=False, repr=False
    )
    #: Spreadsheets only: for a column, the number each number cell holds (NaN for text
    #: and blanks), loaded when asked: the grid's text of a number is rounded to 9
    #: decimal places (1.5e-20 reads as "0"), so a fraction can hide in it.
    number_values: Callable[[int], npt.NDArray[np.float64]] | None = field(
        default=None, compare=False, repr=False
    )
    #: A typed load only: the columns besides the items loaded as numbers (0 is
    #: column A; :attr:`TypedRead.numbers`), whose cells a message would quote as text.
    typed_numbers: tuple[int, ...] = ()


def _no_numbers(_header: list[str | None]) -> Mapping[int, Callable[[FloatArray], bool]]:
    return {}


@dataclass(frozen=True)
class TypedRead:
    """What a reader tells the loader so that a large .xlsx's columns of plain numbers
    may be loaded as numbers (not text first): about 3 s less at a million rows.

    ``header`` finds the header among the sheet's first ``rows`` rows (as text, None
    when empty), as the reader finds it in a grid of text, and says whether its search
    stopped there (the rows after it unread); ``columns`` gives, for the
    header's cells, the positions (0 is column A) the reader will parse as numbers;
    ``accepts`` says whether a typed column's values below the header read as they
    would from text (else the sheet is loaded as text, so messages quote the text).
    A column is typed only where the sheet's scan proved every cell below the header
    a plain number (:attr:`pbrkit.io.xlsxscan.SheetScan.last_other`).

    ``numbers`` gives the other columns the reader parses as numbers (cluster, days,
    cost, age), each with its test of the values read: loaded typed, their values are
    made what parsing calamine's text gives (:mod:`pbrkit.io.calamine_text`), and the
    sheet is loaded as text if a test fails. The reader reads the sheet again as text
    if it finds any problem (:attr:`RawSheet.typed_numbers`), so that a message
    quotes a cell as written.
    """

    rows: int
    header: Callable[[list[list[str | None]]], tuple[int, bool]]
    columns: Callable[[list[str | None]], Collection[int]]
    accepts: Callable[[FloatArray], bool]
    numbers: Callable[[list[str | None]], Mapping[int, Callable[[FloatArray], bool]]] = _no_numbers


@dataclass
class Workbook:
    """An opened input: its path, and its sheets loaded on first use."""

    path: Path
    sheet_names: tuple[str, ...]
    _loader: object = field(repr=False)
    _cache: dict[str, RawSheet] = field(default_factory=dict, repr=False)

    def find(self, name: str) -> str | None:
        """The sheet's name as written in the file, matching loosely, or None.

        Raises:
            InputError: two sheets match (e.g. 'caseload' and 'Case Load'), so which
                one is meant cannot be told.
        """
        wanted = normalise_name(name)
        found = [actual for actual in self.sheet_names if normalise_name(actual) == wanted]
        if len(found) > 1:
            kind, suffix = ("sheets", "") if self.folder is None else ("files", ".csv")
            listed = " and ".join(repr(f"{actual}{suffix}") for actual in found)
            raise InputError(
                Problem(
                    f"{kind} {listed} both match '{name}' (names are matched ignoring "
                    "case, spaces and underscores)",
                    fix="rename or delete all but one of them",
                )
            )
        return found[0] if found else None

    @property
    def folder(self) -> Path | None:
        """The folder, when the input is a folder of CSVs (its sheets are files)."""
        return self.path if self.path.is_dir() else None

    def sheet(self, name: str) -> RawSheet | None:
        """The raw sheet called (loosely) ``name``, or None when absent."""
        actual = self.find(name)
        if actual is None:
            return None
        if actual not in self._cache:
            load = self._loader
            assert callable(load)
            self._cache[actual] = load(actual)
        return self._cache[actual]

    def __iter__(self) -> Iterator[str]:
        return iter(self.sheet_names)


def open_workbook(
    path: Path,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    default_sheet: str = "data",
    reads: Collection[str] = (),
    typed: TypedRead | None = None,
) -> Workbook:
    """Open ``path`` (a spreadsheet, a folder of CSVs, or one CSV/Parquet table).

    A single CSV or Parquet file is one sheet named ``default_sheet``. ``reads``
    names (loosely) the sheets the caller means to load: their XML is scanned now,
    making the archive checks in the scan's pass, so it is inflated once for all the
    checks rather than twice; every other part is checked whole by the pre-flight.
    With ``typed``, a large .xlsx sheet among ``reads`` may load its columns of plain
    numbers typed (:class:`TypedRead`).

    Raises:
        InputError: the path is missing, of an unsupported kind, corrupt, encrypted,
            or beyond ``limits``.
    """
    if not path.exists():
        raise InputError(Problem(f"input '{path}' does not exist"))
    if path.is_dir():
        return _open_csv_folder(path, limits)
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        _check_signature(path)
        left = check_zip_archive(path, limits, later=_scanned_later(reads))
        return _open_spreadsheet(path, limits, left, typed)
    if suffix == ".csv":
        return Workbook(
            path, (default_sheet,), lambda _name: _csv_sheet(path, default_sheet, limits, path.name)
        )
    if suffix == ".parquet":
        return Workbook(
            path,
            (default_sheet,),
            lambda _name: _parquet_sheet(path, default_sheet, limits, path.name),
        )
    if suffix in (".xls", ".xlsb"):
        raise InputError(
            Problem(
                f"'{path.name}' is an old binary Excel file ({suffix})",
                fix="open it in Excel or LibreOffice and save it as .xlsx",
            )
        )
    # A scenario given where its workbook belongs (walk 9): say how a scenario is run.
    scenario = f"a .toml file is a tender scenario: run pbrkit tender --scenario {path.name}"
    raise InputError(
        Problem(
            f"'{path.name}' is not a file pbrkit can read",
            expected=".xlsx, .xlsm, .ods, a folder of .csv files, or a .csv/.parquet table",
            fix=scenario if suffix == ".toml" else None,
        ),
        hint=NOTHING_WRITTEN,
    )


@contextlib.contextmanager
def naming_files(path: Path | None, *, only: Collection[str] = ()) -> Iterator[None]:
    """While the block reads the input at ``path``, its problems in a sheet that is a
    CSV or Parquet file name that file (``file 'caseload.csv', row 3``), not the sheet
    pbrkit calls it: a user told "sheet 'caseload'" of a CSV has nothing to find.

    ``only``: for a single CSV or Parquet table, the sheets it can be (another file's
    problems, a ``--profiles`` grid's, keep their own place); empty, every sheet.
    """
    try:
        yield
    except InputError as error:
        if path is not None:
            wanted = {normalise_name(name) for name in only}
            moved = [_in_file(problem, path, wanted) for problem in error.problems]
            if moved != list(error.problems):
                error.relocate(moved)
        raise


def names_its_files(
    read: Callable[Concatenate[Path, _Args], _Read],
) -> Callable[Concatenate[Path, _Args], _Read]:
    """``read(path, ...)`` with its problems located by file (:func:`naming_files`)."""

    @functools.wraps(read)
    def located(path: Path, /, *args: _Args.args, **kwargs: _Args.kwargs) -> _Read:
        with naming_files(path):
            return read(path, *args, **kwargs)

    return located


def sheet_of(path: Path, sheet: str) -> str:
    """Where a table was read, as the reports and ``validate`` say it: ``sheet 'caseload'
    of trust.xlsx``, but a CSV or Parquet table by its file (``file 'caseload.csv'``, in
    a folder of CSVs ``file 'book/caseload.csv'``), which has no sheets."""
    file = _in_file(Problem("", sheet=sheet), path, ()).file
    return f"sheet '{sheet}' of {path.name}" if file is None else f"file '{file}'"


def in_folder(folder: Path, file: Path) -> str:
    """A CSV of a folder of CSVs as messages, notes and sources name it: with its folder
    ('.' named by the folder it is), ``book/caseload.csv``."""
    return f"{folder.resolve().name}/{file.name}"


def _in_file(problem: Problem, path: Path, only: Collection[str]) -> Problem:
    """``problem`` with the file that holds its sheet, when ``path`` is a CSV or Parquet
    table or a folder of CSVs (a problem naming another file is left as it is)."""
    if problem.file is not None or problem.sheet is None:
        return problem
    sheet = normalise_name(problem.sheet)
    if path.is_dir():
        # With its folder ('.' named by the folder it is): "file 'book/caseload.csv'".
        files = [
            in_folder(path, p)
            for p in sorted(path.iterdir())
            if p.suffix.lower() == ".csv" and normalise_name(p.stem) == sheet
        ]
        return replace(problem, file=files[0]) if len(files) == 1 else problem
    if path.suffix.lower() in TABLE_SUFFIXES and (not only or sheet in only):
        return replace(problem, file=path.name)
    return problem


def _check_signature(path: Path) -> None:
    """Name what a mis-named file really is, before a parser gives a cryptic error."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK"):
        return
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        what = "password-protected, or an old .xls saved with a new name"
        fix = "remove the password in Excel (File > Info > Protect Workbook) and save as .xlsx"
    elif head.startswith(b"%PDF"):
        what, fix = "a PDF document", "export the table from its source as .xlsx or .csv"
    elif not head:
        what, fix = "empty (0 bytes)", "check the file was saved or copied completely"
    else:
        what, fix = "not a spreadsheet (perhaps text or CSV)", "give it its true extension"
    raise InputError(
        Problem(f"'{path.name}' has a spreadsheet name but is {what}", fix=fix),
        hint=NOTHING_WRITTEN,
    )


def _scanned_later(reads: Collection[str]) -> StreamedLater:
    """What the pre-flight leaves to the scans made when the file is opened.

    An .ods's ``content.xml`` (always scanned at open), and the worksheet parts of
    the sheets in ``reads``: each is inflated once for all the checks. A sheet not
    named is checked whole by the pre-flight, so a bomb in a sheet no one reads is
    still refused, and opening a workbook only to list its sheets scans nothing.
    """
    wanted = {normalise_name(name) for name in reads}

    def choose(archive: zipfile.ZipFile) -> set[str]:
        names = set(archive.namelist())
        parts = {"content.xml"} & names
        if wanted and "xl/workbook.xml" in names:
            for sheet, found in xlsxscan.sheet_parts(archive).items():
                if normalise_name(sheet) in wanted:
                    parts.update(found)
        return parts

    return StreamedLater(reads=("xl/workbook.xml", "xl/_rels/workbook.xml.rels"), choose=choose)


def _open_spreadsheet(
    path: Path,
    limits: ReadLimits,
    left: Sequence[zipfile.ZipInfo] = (),
    typed: TypedRead | None = None,
) -> Workbook:
    import fastexcel

    parts, ods_tables, scans = _check_archive_grids(path, limits, left, track=typed is not None)
    try:
        reader = fastexcel.read_excel(path)
        names = tuple(reader.sheet_names)
    except Exception as exc:  # fastexcel raises its own exception types per failure
        raise InputError(
            Problem(
                f"'{path.name}' could not be opened as a spreadsheet ({_first_line(exc)})",
                fix="open it in Excel or LibreOffice and save it again",
            )
        ) from None

    # As every other refusal of an input says it (io/inputs.py correct_hint).
    hint = f"correct {path.name} and run again; nothing was written"

    def load(name: str) -> RawSheet:
        try:
            found = _check_xlsx_sheet(
                path, name, parts.get(name, ()), limits, scans, track=typed is not None
            )
        except _UnreadCells as error:
            raise InputError(_headed(error.problems, _top_rows(reader, name)), hint=hint) from None
        ods = ods_tables.get(name)
        # Time cells are judged by the readers, which know where the table starts (a
        # time in a title block above it is not data); a sheet of many is refused now.
        too_many_times = ods is not None and ods.time_count > len(ods.times)
        if ods is not None and (ods.formula_count or ods.error_count or too_many_times):
            raise InputError(_headed(_cell_problems(ods, name), _top_rows(reader, name)), hint=hint)
        if ods is not None:
            found.append(ods)
        marks = replace(
            _marked(name, found),
            number_cells=functools.partial(_number_cells, reader, name),
            number_values=functools.partial(_number_values, reader, name),
        )
        parts_read = parts.get(name, ())
        if typed is not None and ods is None and len(found) == len(parts_read) == 1:
            loaded = _typed_sheet(reader, path, parts_read[0], found[0], typed, limits, marks)
            if loaded is not None:
                return loaded
        return _text_sheet(reader, name, limits, marks)

    return Workbook(path, names, load)


def _text_sheet(
    reader: fastexcel.ExcelReader, name: str, limits: ReadLimits, marks: RawSheet
) -> RawSheet:
    """A sheet loaded as text (every cell a string, typed later by the readers), within
    the row limit; ``marks`` carries what the scan found in it."""
    try:
        sheet = reader.load_sheet(
            name,
            header_row=None,
            skip_rows=0,
            n_rows=limits.max_rows + 1,
            dtypes="string",
            eager=False,
        )
        _check_shape(sheet.total_height, sheet.width, name, limits)
        grid = _from_column_a(sheet.to_pandas(), sheet.available_columns())
        visible = str(sheet.visible) == "visible"
    except InputError:
        raise
    except Exception as exc:
        raise InputError(
            Problem(f"could not read sheet '{name}' ({_first_line(exc)})", sheet=name)
        ) from None
    grid.columns = pd.RangeIndex(grid.shape[1])
    return replace(marks, grid=grid, visible=visible)


def _number_cells(reader: fastexcel.ExcelReader, name: str, position: int) -> npt.NDArray[np.bool_]:
    """Which rows of column ``position`` (0 is A) of sheet ``name`` hold a number cell,
    row for row as the text grid (both loads start at the sheet's first row in use).

    Loaded as booleans: calamine turns a number cell into one (0 is False) and any text,
    digits too, into a blank, so a text ID and a number read as the same digits are
    told apart.
    """
    cells = _column_as(reader, name, position, "boolean")
    return np.asarray(cells.notna().to_numpy(), dtype=bool)


def _number_values(
    reader: fastexcel.ExcelReader, name: str, position: int
) -> npt.NDArray[np.float64]:
    """The number each number cell of column ``position`` holds, NaN elsewhere, row for
    row as the text grid. A load as floats reads text digits as numbers too, so the
    number cells are told apart by :func:`_number_cells`."""
    cells = _column_as(reader, name, position, "float")
    numbers = cells.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.where(_number_cells(reader, name, position), numbers, np.nan)


def _column_as(
    reader: fastexcel.ExcelReader, name: str, position: int, dtype: Literal["boolean", "float"]
) -> pd.Series:
    """Column ``position`` (0 is A) of sheet ``name`` from its first row in use, each
    cell coerced to ``dtype`` (blank where it cannot be)."""
    sheet = reader.load_sheet(
        name,
        header_row=None,
        skip_rows=0,
        use_columns=xlsxscan.column_letters(position + 1),
        dtypes=dtype,
        dtype_coercion="coerce",
    )
    column: pd.Series = sheet.to_pandas().iloc[:, 0]
    return column


def _marked(name: str, found: Sequence[xlsxscan.SheetScan]) -> RawSheet:
    """A sheet holding no cells yet, with what its scans found for the readers to judge."""
    return RawSheet(
        name,
        pd.DataFrame(),
        merged_rows=tuple(m for scan in found for m in scan.merged_rows),
        hidden_rows=tuple(h for scan in found for h in scan.hidden_rows),
        hidden_columns=tuple(h for scan in found for h in scan.hidden_columns),
        time_cells=tuple(t for scan in found for t in scan.times),
        percent_rows={
            column: tuple(ranges) for scan in found for column, ranges in scan.percent_rows.items()
        },
    )


def _typed_sheet(
    reader: object,
    path: Path,
    part: str,
    scan: xlsxscan.SheetScan,
    typed: TypedRead,
    limits: ReadLimits,
    marks: RawSheet,
) -> RawSheet | None:
    """The sheet loaded once, its proved columns of plain numbers typed (the header
    found first from the sheet's XML); None when the typed read cannot be proved to
    give what the text read gives (then the sheet is loaded as text, as before)."""
    if scan.last_other is None or not scan.rows_in_order:
        return None
    with zipfile.ZipFile(path) as archive:
        top = xlsxtop.read_top_rows(archive, part, typed.rows, xlsxscan.unsafe_styles(archive))
    if top is None or not top.cells:
        return None
    at, stopped = typed.header(top.cells)
    if not (top.complete or stopped) or any(row == at for row, _ in top.approximate):
        return None  # rows or a header cell whose text is not known exactly
    header = [None if v is None else str(v).strip() for v in top.cells[at]]
    numbers, others = _proved_columns(scan, typed, header, at)
    if not numbers:
        return None
    dtypes: dict[int, str] = dict.fromkeys(range(scan.columns), "string")
    dtypes.update(dict.fromkeys([*numbers, *others], "float"))
    try:
        sheet = reader.load_sheet(  # type: ignore[attr-defined]
            marks.name,
            header_row=None,
            skip_rows=0,
            n_rows=limits.max_rows + 1,
            dtypes=dtypes,
            eager=False,
        )
        _check_shape(sheet.total_height, sheet.width, marks.name, limits)
        # A block per column: pandas would otherwise copy the ~20 float columns into
        # one block (0.3 s at a million rows, round 16 of issue 16), for nothing.
        frame = sheet.to_arrow().to_pandas(split_blocks=True)
        grid = _from_column_a(frame, sheet.available_columns())
        visible = str(sheet.visible) == "visible"
    except InputError:
        raise
    except Exception:  # the text load names the problem, as before
        return None
    grid.columns = pd.RangeIndex(grid.shape[1])
    if not _reads_as_text(grid, at, numbers, others, typed):
        return None
    width = grid.shape[1]
    labels = (header + [None] * width)[:width]
    typed_numbers = tuple(sorted(others))
    return replace(
        marks, grid=grid, visible=visible, header_at=at, header=tuple(labels),
        typed_numbers=typed_numbers,
    )  # fmt: skip


def _proved_columns(
    scan: xlsxscan.SheetScan, typed: TypedRead, header: list[str | None], at: int
) -> tuple[list[int], dict[int, Callable[[FloatArray], bool]]]:
    """The item columns, and the reader's other number columns with their tests, that
    the scan proved hold plain numbers alone below the header row ``at``."""
    last = scan.last_other
    if last is None:
        return [], {}

    def proved(p: int) -> bool:
        # Row ``at`` of the grid is the sheet's row at + 1 (the load keeps rows from row 1).
        return p < scan.columns and bool(last[p + 1] <= at + 1)

    numbers = sorted(p for p in typed.columns(header) if proved(p))
    tests = typed.numbers(header).items()
    return numbers, {p: test for p, test in tests if proved(p) and p not in numbers}


def _reads_as_text(
    grid: pd.DataFrame,
    at: int,
    numbers: Sequence[int],
    others: Mapping[int, Callable[[FloatArray], bool]],
    typed: TypedRead,
) -> bool:
    """Whether the typed columns below the header read as the text load reads them.

    The other number columns are made so in ``grid`` first: a cell's float becomes
    what parsing calamine's text of it gives (:func:`calamine_text.as_read_from_text`).
    """
    for p in numbers:
        column = grid.iloc[at + 1 :, p]
        if column.dtype != np.float64 or not typed.accepts(column.to_numpy()):
            return False
    for p, accepts in others.items():
        if grid[p].dtype != np.float64:
            return False
        whole = grid[p].to_numpy()
        below = whole[at + 1 :]
        read = calamine_text.as_read_from_text(below)
        if not accepts(read):
            return False
        if read is not below:  # rare: copied only when a cell's text is not its float
            grid[p] = np.concatenate([whole[: at + 1], read])
    return True


def _from_column_a(grid: pd.DataFrame, columns: Sequence[object]) -> pd.DataFrame:
    """The grid with the empty columns left of its first cell put back.

    calamine starts a sheet at its first column in use (rows it keeps from row 1):
    a table starting in column B would be read as starting in A, and every column
    letter in a message would be one to the left (found in review 4). Position ``i``
    of the grid is the sheet's column ``i + 1`` again.
    """
    offset = int(getattr(columns[0], "absolute_index", 0)) if columns else 0
    if offset <= 0:
        return grid
    blank = pd.DataFrame(
        {i: pd.Series(None, index=grid.index, dtype=object) for i in range(offset)}
    )
    return pd.concat([blank, grid.set_axis(range(offset, offset + grid.shape[1]), axis=1)], axis=1)


def _check_archive_grids(
    path: Path, limits: ReadLimits, left: Sequence[zipfile.ZipInfo] = (), *, track: bool = False
) -> tuple[dict[str, list[str]], dict[str, xlsxscan.SheetScan], dict[str, xlsxscan.SheetScan]]:
    """Refuse an .ods whose tables span too many cells; map .xlsx sheets to parts.

    Judged by what the archive holds, not by its extension. calamine reads every
    table of an .ods when the file is opened, so their grids are checked now (their
    formulas when a table is loaded); an .xlsx sheet is checked when it is loaded
    (:func:`_check_xlsx_sheet`). The parts the pre-flight ``left`` are all scanned
    now, through its checks, so that none is left unchecked (:func:`_scan_left`).
    Returns the .xlsx parts, the .ods scans by table, and the .xlsx scans by part.
    """
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        _check_kind(path, names)
        worksheets = [i for i in left if i.filename != "content.xml"]
        scans = _scan_left(archive, path.name, worksheets, track=track)
        tables = _scan_ods(archive, path.name, left)
        for table, scan in tables.items():
            _check_grid(scan, table, limits)
        # calamine expands every table of an .ods when it opens the file, at
        # about 130 bytes a cell: all of them together get the lower .ods limit.
        ods_limits = replace(limits, max_cells=min(limits.max_cells, limits.max_ods_cells))
        total = sum(scan.cells for scan in tables.values())
        if total > ods_limits.max_cells:
            fix = _ODS_FIX.format(ods_limits.max_cells)
            _refuse_cells(f"the sheets of '{path.name}'", total, ods_limits, sheet=None, fix=fix)
        parts = xlsxscan.sheet_parts(archive) if "xl/workbook.xml" in names else {}
        return parts, tables, scans


def _check_kind(path: Path, names: set[str]) -> None:
    """An .ods named .xlsx (or the reverse) is named for what it is: calamine picks its
    reader by the name, and its error ("File not found '_rels/.rels'") says neither
    (found in review 4)."""
    is_ods = "content.xml" in names and "xl/workbook.xml" not in names
    is_xlsx = "xl/workbook.xml" in names
    if path.suffix.lower() == ".ods" and is_xlsx:
        what, right = "an Excel workbook (.xlsx)", ".xlsx"
    elif path.suffix.lower() != ".ods" and is_ods:
        what, right = "an OpenDocument spreadsheet (.ods)", ".ods"
    else:
        return
    raise InputError(
        Problem(
            f"'{path.name}' is {what}, though its name ends in {path.suffix}",
            fix=f"rename it to end in {right}",
        )
    )


def _scan_ods(
    archive: zipfile.ZipFile, name: str, left: Sequence[zipfile.ZipInfo]
) -> dict[str, xlsxscan.SheetScan]:
    """The tables of an .ods ``content.xml`` (none for an .xlsx), through the
    pre-flight's checks when it left the part."""
    content = next((info for info in left if info.filename == "content.xml"), None)
    if content is not None:
        return xlsxscan.scan_ods_content(checked_chunks(archive, content, name))
    if "content.xml" not in archive.namelist():
        return {}
    with archive.open("content.xml") as stream:
        return xlsxscan.scan_ods_content(xlsxscan.read_chunks(stream))


def _scan_left(
    archive: zipfile.ZipFile, name: str, left: Sequence[zipfile.ZipInfo], *, track: bool = False
) -> dict[str, xlsxscan.SheetScan]:
    """Scan every worksheet part the pre-flight left, making its checks in the same
    pass: a bomb or an entity declaration is refused now, whether or not the sheet
    is then loaded; what the scan finds (grid, formulas, errors) is judged when it
    loads, as for the parts the pre-flight checked. With ``track``, a large part's
    scan also records its columns of plain numbers (for :class:`TypedRead`)."""
    scans: dict[str, xlsxscan.SheetScan] = {}
    percent = xlsxscan.percent_styles(archive) if left else frozenset()
    unsafe = xlsxscan.unsafe_styles(archive) if left and track else None
    for info in left:

        def open_part(info: zipfile.ZipInfo = info) -> Iterator[bytes]:
            return checked_chunks(archive, info, name)

        scans[info.filename] = xlsxscan.scan_xlsx_sheet(
            open_part,
            max_cells=0,
            declared_size=info.file_size,
            percent=percent,
            unsafe=unsafe,
        )
    return scans


def _check_xlsx_sheet(
    path: Path,
    name: str,
    parts: Sequence[str],
    limits: ReadLimits,
    scans: Mapping[str, xlsxscan.SheetScan],
    *,
    track: bool = False,
) -> list[xlsxscan.SheetScan]:
    """Before calamine loads a sheet: the grid it spans, and formulas without values.
    Returns the scans (their merged and hidden rows are for the readers to judge);
    with ``track``, a large part's columns of plain numbers too."""
    found: list[xlsxscan.SheetScan] = []
    with zipfile.ZipFile(path) as archive:
        percent = xlsxscan.percent_styles(archive) if parts else frozenset()
        unsafe = xlsxscan.unsafe_styles(archive) if parts and track else None
        for part in parts:
            if part in scans:
                _check_sheet_scan(scans[part], name, limits)
                found.append(scans[part])
                continue

            def open_part(part: str = part) -> Iterator[bytes]:
                with archive.open(part) as stream:
                    yield from xlsxscan.read_chunks(stream)

            scan = xlsxscan.scan_xlsx_sheet(
                open_part,
                max_cells=limits.max_cells,
                declared_size=archive.getinfo(part).file_size,
                percent=percent,
                unsafe=unsafe,
            )
            _check_sheet_scan(scan, name, limits)
            found.append(scan)
    return found


def _check_sheet_scan(scan: xlsxscan.SheetScan, name: str, limits: ReadLimits) -> None:
    _check_grid(scan, name, limits)
    if scan.formula_count or scan.error_count:
        raise _UnreadCells(_cell_problems(scan, name))


_ODS_FIX = (
    "an .ods may hold at most {:,} cells (its repeated cells are expanded when it is "
    "read): save larger tables as .xlsx, CSV or Parquet, or delete stray cells"
)


def _check_grid(scan: xlsxscan.SheetScan, name: str, limits: ReadLimits) -> None:
    if scan.beyond_grid is not None:
        raise ResourceLimitExceeded(
            Problem(
                f"a cell at {scan.beyond_grid} is outside the Excel grid (A1:XFD1048576): "
                "the file was not written by a spreadsheet program",
                sheet=name,
                fix="check where the file came from",
            )
        )
    if scan.cells > limits.max_cells:
        _refuse_cells("the sheet", scan.cells, limits, sheet=name, scan=scan)


def _refuse_cells(
    what: str,
    cells: int,
    limits: ReadLimits,
    *,
    sheet: str | None,
    scan: xlsxscan.SheetScan | None = None,
    fix: str | None = None,
) -> None:
    span = ""
    if scan is not None:
        span = f" (A1:{xlsxscan.column_letters(scan.columns)}{scan.rows})"
    raise ResourceLimitExceeded(
        Problem(
            f"{what} spans {cells:,} cells{span}, more than the limit of "
            f"{limits.max_cells:,}: stray cells far from the data, or a crafted file",
            sheet=sheet,
            fix=fix
            or "delete the empty rows and columns beyond the data (select them, "
            "Delete, save), or split the file",
        )
    )


class _UnreadCells(InputError):
    """Formula cells without a saved value, or error cells, found by a sheet's scan
    before it is loaded: named by column letter until :func:`_headed` names them."""


def _top_rows(reader: Any, name: str) -> pd.DataFrame | None:
    """The sheet's first rows as text (a formula without a saved value reads as
    blank), to find its header in; None when they cannot be read."""
    from pbrkit.io.schema import HEADER_SEARCH_ROWS

    try:
        sheet = reader.load_sheet(
            name, header_row=None, skip_rows=0, n_rows=HEADER_SEARCH_ROWS, dtypes="string"
        )
        grid = _from_column_a(sheet.to_pandas(), sheet.available_columns())
    except Exception:  # fastexcel's own types; the letters alone are still a true message
        return None
    grid.columns = pd.RangeIndex(grid.shape[1])
    return grid


def _headed(problems: Sequence[Problem], top: pd.DataFrame | None) -> list[Problem]:
    """``problems`` with each cell's column named by its header, as every other read
    message names it (the letter stays in the cell's reference, "cell C3"); a cell
    with no header above it keeps its letter. The header is the row above the cell,
    among the first rows, with the most text that is not a number (the topmost of
    equals): the readers' own search needs the sheet's columns, which the scan that
    found these cells does not know (round 11 left the letters)."""
    if top is None:
        return list(problems)
    named = []
    for problem in problems:
        header = _header_above(top, problem.row) if problem.row is not None else None
        text = _header_of(problem.column, header or ())
        named.append(replace(problem, column=text) if text else problem)
    return named


def _header_of(letters: str | None, header: Sequence[str | None]) -> str | None:
    """The header over column ``letters`` ("C"), or None (no letters, no header)."""
    if not letters or not (letters.isalpha() and letters.isupper()):
        return None
    at = xlsxscan.column_number(letters) - 1
    return header[at] if at < len(header) else None


def _header_above(top: pd.DataFrame, row: int) -> list[str | None] | None:
    best, most = None, 0
    for i in range(min(len(top), row - 1)):  # grid row i is the sheet's row i + 1
        cells = [str(v).strip() for v in top.iloc[i].tolist() if isinstance(v, str)]
        count = sum(1 for v in cells if v and not _is_number(v))
        if count > most:
            best, most = i, count
    if best is None:
        return None
    values = top.iloc[best].tolist()
    return [str(v).strip() if isinstance(v, str) and v.strip() else None for v in values]


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _cell_problems(scan: xlsxscan.SheetScan, name: str) -> list[Problem]:
    """One problem per formula cell without a saved value and per error cell (and per
    .ods time cell, when there are too many to leave to the readers)."""
    problems = _formula_problems(scan, name) + _error_problems(scan, name)
    if scan.time_count > len(scan.times):
        problems += [time_cell_problem(cell, name) for cell in scan.times[:20]]
        more = scan.time_count - 20
        problems.append(Problem(f"{more:,} more cells hold times", sheet=name, fix=_TIME_FIX))
    return problems


_TIME_FIX = (
    "format the cell as a number or as text (Format > Cells > Numbers), check its value, "
    "save, and run again"
)


def time_cell_problem(
    cell: xlsxscan.ErrorCell, sheet: str, header: Sequence[str | None] = ()
) -> Problem:
    """An .ods time or duration cell, which calamine reads as blank: an actual cost
    typed in a time-formatted cell would become the modelled cost (found in review 4).
    ``header``: the table's header, to name the cell's column by (else its letter)."""
    return Problem(
        f"cell {cell.ref} holds a time or duration ({cell.error}), which is read as "
        "blank, not as a number or text",
        sheet=sheet,
        row=cell.row,
        column=_header_of(cell.column, header) or cell.column,
        fix=_TIME_FIX,
    )


def _error_problems(scan: xlsxscan.SheetScan, name: str) -> list[Problem]:
    # An error is never blank: '#N/A' in actual_cost read as blank would be replaced
    # by the modelled cost without a word (issue 10 item 3).
    fix = (
        "correct the formula (e.g. the lookup that failed) or type the value, save, "
        "and run again; leave the cell empty only if the value is truly unknown"
    )
    problems = [
        Problem(
            f"cell {cell.ref or '(unnamed)'} holds the spreadsheet error {cell.error}, not a value",
            sheet=name,
            row=cell.row,
            column=cell.column,
            fix=fix,
        )
        for cell in scan.errors
    ]
    more = scan.error_count - len(scan.errors)
    if more > 0:
        problems.append(
            Problem(f"{more:,} more cells hold spreadsheet errors", sheet=name, fix=fix)
        )
    return problems


def _formula_problems(scan: xlsxscan.SheetScan, name: str) -> list[Problem]:
    fix = (
        "open the workbook in Excel or LibreOffice so that it calculates, and save it "
        "(files written by scripts, e.g. openpyxl, store formulas without results); "
        "or replace the formulas by their values"
    )
    problems = [
        Problem(
            f"cell {cell.ref or '(unnamed)'} is a formula without a saved value (={cell.formula})",
            sheet=name,
            row=cell.row,
            column=cell.column,
            fix=fix,
        )
        for cell in scan.formulas
    ]
    more = scan.formula_count - len(scan.formulas)
    if more > 0:
        problems.append(
            Problem(f"{more:,} more formula cells have no saved value", sheet=name, fix=fix)
        )
    return problems


def _open_csv_folder(folder: Path, limits: ReadLimits) -> Workbook:
    files = {p.stem: p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv"}
    if not files:
        fix = "put one CSV per sheet in the folder, named after the sheet (caseload.csv, ...)"
        # a folder of workbooks was most likely given for one of them
        books = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in SPREADSHEET_SUFFIXES]
        if books:
            fix += ", or give a workbook instead: " + ", ".join(str(p) for p in books[:3])
        raise InputError(
            Problem(f"folder '{folder}' has no .csv files", fix=fix), hint=NOTHING_WRITTEN
        )
    return Workbook(
        folder,
        tuple(files),
        lambda name: _csv_sheet(files[name], name, limits, in_folder(folder, files[name])),
    )


def _csv_sheet(path: Path, name: str, limits: ReadLimits, file: str) -> RawSheet:
    rows = read_csv_rows(path, limits)
    _check_size(rows.grid, name, limits)
    return RawSheet(
        SheetName(name, file=file),
        rows.grid,
        field_counts=rows.field_counts,
        delimiter=rows.delimiter,
    )


def _parquet_sheet(path: Path, name: str, limits: ReadLimits, file: str) -> RawSheet:
    import pyarrow.parquet as pq

    # Parquet compresses runs of repeated values to almost nothing, so a file of a
    # few kilobytes can declare a billion rows: judge its metadata before reading it.
    try:
        parquet = pq.ParquetFile(path)
        meta, schema = parquet.metadata, parquet.schema_arrow
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        _check_parquet_signature(path)
        raise InputError(
            Problem(f"'{path.name}' could not be read as Parquet ({_first_line(exc)})")
        ) from None
    # Rows and columns, not cells: the cell limit guards the grid calamine allocates
    # for a spreadsheet; a Parquet table's memory is bounded by its uncompressed size,
    # checked next, so a national extract (10M rows x 25 columns) is not refused.
    _check_shape(meta.num_rows, min(meta.num_columns, 1), name, limits)
    if meta.num_columns > limits.max_columns:
        raise ResourceLimitExceeded(
            Problem(
                f"'{path.name}' has {meta.num_columns:,} columns, more than the limit of "
                f"{limits.max_columns:,}",
                fix="remove the columns pbrkit does not need",
            )
        )
    if size > limits.max_uncompressed_bytes:
        raise ResourceLimitExceeded(
            Problem(
                f"'{path.name}' holds {size / MIB:,.0f} MB of data uncompressed, more "
                f"than the limit of {limits.max_uncompressed_bytes / MIB:,.0f} MB",
                fix="raise the limit with --max-unzipped-mb if the file is genuine",
            )
        )
    parquet_columns.check_schema(schema, name)
    try:
        # Each column its own block: Arrow's columns are not copied into one block per
        # type (the 18 ratings of 10 million patients were 180 MB copied; round 17 of
        # issue 16), and no reader of the frame needs them side by side.
        frame = pd.read_parquet(path, engine="pyarrow", to_pandas_kwargs=_PARQUET_TO_PANDAS)
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        raise InputError(
            Problem(f"'{path.name}' could not be read as Parquet ({_first_line(exc)})")
        ) from None
    frame = parquet_columns.decode_bytes(frame, schema, name)
    frame = parquet_columns.index_as_columns(frame)
    frame.columns = [str(c) for c in frame.columns]
    return RawSheet(SheetName(name, file=file), frame, first_row=1, has_header=True)


#: How a Parquet table becomes the sheet's frame (pyarrow's ``Table.to_pandas``).
_PARQUET_TO_PANDAS: Final[dict[str, Any]] = {"split_blocks": True}


def _check_parquet_signature(path: Path) -> None:
    """A spreadsheet or a CSV file with a .parquet name is named for what it is
    (pyarrow says only "Parquet magic bytes not found"; found in review 4)."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK"):
        what, fix = "a spreadsheet (.xlsx or .ods)", "rename it to end in .xlsx or .ods"
    elif head and head != b"PAR1" and all(b >= ord("\t") for b in head):  # no control bytes
        what, fix = "text (a CSV file?)", "rename it to end in .csv if it is one"
    else:
        return
    raise InputError(Problem(f"'{path.name}' is {what}, not Parquet", fix=fix))


def _check_size(grid: pd.DataFrame, name: str, limits: ReadLimits) -> None:
    _check_shape(*grid.shape, name, limits)


def _check_shape(rows: int, cols: int, name: str, limits: ReadLimits) -> None:
    if rows > limits.max_rows:
        raise ResourceLimitExceeded(
            Problem(
                f"{rows:,} rows, more than the limit of {limits.max_rows:,}",
                sheet=name,
                fix="raise the limit with --max-rows if the file is genuine, or split it",
            )
        )
    if rows * cols > limits.max_cells:
        raise ResourceLimitExceeded(
            Problem(
                f"{rows:,} rows x {cols:,} columns = {rows * cols:,} cells, more than the "
                f"limit of {limits.max_cells:,}",
                sheet=name,
                fix="delete unused columns, or split the file",
            )
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
