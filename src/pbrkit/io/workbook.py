"""Open an input workbook, whatever shape it arrives in, as a set of raw sheets.

Accepted (DESIGN §3): ``.xlsx``, ``.xlsm`` (macros are never run: the reader only
reads cell values), ``.ods``, a folder of CSV files (one per sheet, named after the
sheet), and for patient-level sheets a single ``.csv`` or ``.parquet`` file.

Cells are read as *text* (fastexcel, calamine underneath: measured 8-20x faster than
openpyxl on large sheets). Typing happens later, column by column, in
:mod:`pbrkit.io.schema`, so that a bad cell becomes a message naming its row and
column rather than a silently coerced number, and IDs keep their leading zeros.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pbrkit.errors import InputError, Problem
from pbrkit.io.csvfile import read_csv_grid
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits, check_zip_archive

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")
TABLE_SUFFIXES = (".csv", ".parquet")


def normalise_name(name: object) -> str:
    """Sheet and column names match ignoring case, spaces and underscores (DESIGN §3)."""
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


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


@dataclass
class Workbook:
    """An opened input: its path, and its sheets loaded on first use."""

    path: Path
    sheet_names: tuple[str, ...]
    _loader: object = field(repr=False)
    _cache: dict[str, RawSheet] = field(default_factory=dict, repr=False)

    def find(self, name: str) -> str | None:
        """The sheet's name as written in the file, matching loosely, or None."""
        wanted = normalise_name(name)
        for actual in self.sheet_names:
            if normalise_name(actual) == wanted:
                return actual
        return None

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
    path: Path, *, limits: ReadLimits = DEFAULT_LIMITS, default_sheet: str = "data"
) -> Workbook:
    """Open ``path`` (a spreadsheet, a folder of CSVs, or one CSV/Parquet table).

    A single CSV or Parquet file is one sheet named ``default_sheet``.

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
        check_zip_archive(path, limits)
        return _open_spreadsheet(path, limits)
    if suffix == ".csv":
        return Workbook(
            path, (default_sheet,), lambda _name: _csv_sheet(path, default_sheet, limits)
        )
    if suffix == ".parquet":
        return Workbook(
            path, (default_sheet,), lambda _name: _parquet_sheet(path, default_sheet, limits)
        )
    if suffix in (".xls", ".xlsb"):
        raise InputError(
            Problem(
                f"'{path.name}' is an old binary Excel file ({suffix})",
                fix="open it in Excel or LibreOffice and save it as .xlsx",
            )
        )
    raise InputError(
        Problem(
            f"'{path.name}' is not a file pbrkit can read",
            expected=".xlsx, .xlsm, .ods, a folder of .csv files, or a .csv/.parquet table",
        )
    )


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
    raise InputError(Problem(f"'{path.name}' has a spreadsheet name but is {what}", fix=fix))


def _open_spreadsheet(path: Path, limits: ReadLimits) -> Workbook:
    import fastexcel

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

    def load(name: str) -> RawSheet:
        try:
            sheet = reader.load_sheet(
                name, header_row=None, skip_rows=0, dtypes="string", eager=False
            )
            grid = sheet.to_pandas()
        except Exception as exc:
            raise InputError(
                Problem(f"could not read sheet '{name}' ({_first_line(exc)})", sheet=name)
            ) from None
        _check_size(grid, name, limits)
        grid.columns = pd.RangeIndex(grid.shape[1])
        return RawSheet(name, grid)

    return Workbook(path, names, load)


def _open_csv_folder(folder: Path, limits: ReadLimits) -> Workbook:
    files = {p.stem: p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv"}
    if not files:
        raise InputError(
            Problem(
                f"folder '{folder}' has no .csv files",
                fix="put one CSV per sheet in the folder, named after the sheet "
                "(caseload.csv, tariff.csv, ...)",
            )
        )
    return Workbook(folder, tuple(files), lambda name: _csv_sheet(files[name], name, limits))


def _csv_sheet(path: Path, name: str, limits: ReadLimits) -> RawSheet:
    grid = read_csv_grid(path)
    _check_size(grid, name, limits)
    return RawSheet(name, grid)


def _parquet_sheet(path: Path, name: str, limits: ReadLimits) -> RawSheet:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        raise InputError(
            Problem(f"'{path.name}' could not be read as Parquet ({_first_line(exc)})")
        ) from None
    _check_size(frame, name, limits)
    frame.columns = [str(c) for c in frame.columns]
    return RawSheet(name, frame, first_row=1, has_header=True)


def _check_size(grid: pd.DataFrame, name: str, limits: ReadLimits) -> None:
    rows, cols = grid.shape
    if rows > limits.max_rows or rows * cols > limits.max_cells:
        from pbrkit.errors import ResourceLimitExceeded

        raise ResourceLimitExceeded(
            Problem(
                f"sheet '{name}' has {rows:,} rows x {cols:,} columns, beyond the limit "
                f"({limits.max_rows:,} rows, {limits.max_cells:,} cells)",
                sheet=name,
                fix="raise the limits with --max-rows / --max-cells, or split the file",
            )
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
