"""Read the MHSDS files in a folder into one columnar frame per table.

Every identifier, code and date is read as text, never guessed as a number: leading
zeros in patient ids are significant, and SNOMED CT ids of 17-18 digits lose digits
as floating-point numbers. Only the columns pbrkit uses are read (Arrow, column by
column), so a year of monthly submissions for a large trust fits in memory.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pbrkit.errors import NOTHING_WRITTEN, TABLE_SUFFIXES, InputError, Problem, ProblemCollector
from pbrkit.io.csvfile import checked_blocks
from pbrkit.mhsds.clean import whole_numbers
from pbrkit.mhsds.columns import RECORD_KEYS, REQUIRED, TABLES, ColumnMap, canonical_names, table_of
from pbrkit.mhsds.quality import FILE, RECORD


@dataclass(frozen=True)
class SourceFile:
    """One file of the extract, for the About sheet."""

    path: Path
    table: str
    rows: int
    sha256: str
    months: tuple[int, ...]


@dataclass(frozen=True)
class Extract:
    """The tables read from a folder (a table with no files is absent)."""

    tables: dict[str, pd.DataFrame]
    files: tuple[SourceFile, ...]
    #: CSV or Parquet files in the folder whose name holds no table name (not read).
    skipped: tuple[str, ...] = ()


def find_files(folder: Path) -> dict[str, list[Path]]:
    """Files per table, matched by the table name in the file name (sorted by name)."""
    if not folder.is_dir():
        raise InputError(
            Problem(
                f"'{folder}' is not a folder of MHSDS files",
                fix="give the folder that holds the MHSDS files (CSV or Parquet)",
            ),
            hint=NOTHING_WRITTEN,
        )
    found: dict[str, list[Path]] = {table: [] for table in TABLES}
    for path in sorted(folder.iterdir()):
        table = table_of(path.name)
        if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES and table is not None:
            found[table].append(path)
    return found


def unmatched_files(folder: Path) -> tuple[str, ...]:
    """Names of the CSV and Parquet files in ``folder`` that match no table (not read)."""
    return tuple(
        path.name
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES and table_of(path.name) is None
    )


def other_format_files(folder: Path) -> tuple[str, ...]:
    """Names of files in ``folder`` named after a table but neither CSV nor Parquet.

    A month saved as .xlsx or left zipped would otherwise be missed without a word
    but "no submission for May" (review 7). Office lock files (``~$...``) and hidden
    files are not the user's data.
    """
    return tuple(
        path.name
        for path in sorted(folder.iterdir())
        if path.is_file()
        and path.suffix.lower() not in TABLE_SUFFIXES
        and not path.name.startswith(("~$", "."))
        and table_of(path.name) is not None
    )


#: Suffixes of a packed file: unpacked, it may be the CSV the import reads.
_PACKED: Final = (".gz", ".zip", ".bz2", ".xz", ".7z")


def refuse_other_formats(folder: Path) -> None:
    """Refuse the files named after a table that are neither CSV nor Parquet, each named.

    Left out with a warning (review 7), such a month dropped out of every total while a
    workbook was still written. Not read instead: a table saved from a spreadsheet has
    lost what the import keeps by reading ids and codes as text (LibreOffice saves the
    UniqClustID 00731 of a CSV as the number 731; methodology §9).
    """
    problems = ProblemCollector()
    for name in other_format_files(folder):
        suffix = name[name.index(".") :] if "." in name else "no suffix"
        packed = name.lower().endswith(_PACKED)
        problems.add(
            Problem(
                f"named after table {table_of(name)} but saved as {suffix}, which the "
                "import does not read",
                file=name,
                fix="unpack it to CSV"
                if packed
                else "save it as CSV (UTF-8) or Parquet from the system it came from (a "
                "spreadsheet's copy may have lost the leading zeros of ids), or move it out "
                "of the folder if another file holds the same month",
            )
        )
    problems.raise_if_any(hint=f"correct the files named in '{folder.name}'; {NOTHING_WRITTEN}")


def read_extract(folder: Path, mapping: ColumnMap) -> Extract:
    """Read every MHSDS file in ``folder``; raise when MHS803 or a required column is
    missing, or a table's file is in a format the import does not read."""
    found = find_files(folder)
    refuse_other_formats(folder)
    if not found[TABLES[0]]:
        raise InputError(
            Problem(f"no {TABLES[0]} file in '{folder}'"),
            hint=f"name each file after its table, e.g. {TABLES[0]}_2017_04.csv (CSV or Parquet)",
        )
    problems = ProblemCollector()
    tables: dict[str, pd.DataFrame] = {}
    files: list[SourceFile] = []
    for table, paths in found.items():
        frames = []
        names = [path.name for path in paths]
        for path in paths:
            read = _read_file(path, table, mapping, problems, names)
            if read is None:
                continue
            frame, digest = read
            frames.append(frame)
            files.append(SourceFile(path, table, len(frame), digest, _months(frame)))
        if frames:
            tables[table] = pd.concat(frames, ignore_index=True)
    # The hint about --columns only under a problem it can fix (a column missing), not
    # under a file that is not UTF-8 text or cannot be read.
    columns = any(p.fix is not None and "--columns" in p.fix for p in problems.problems)
    problems.raise_if_any(
        hint="map your own column names with --columns FILE (see `pbrkit import mhsds --help`)"
        if columns
        else f"correct the files named in '{folder.name}'; nothing was written"
    )
    return Extract(tables, tuple(files), unmatched_files(folder))


def _read_file(
    path: Path, table: str, mapping: ColumnMap, problems: ProblemCollector, files: list[str]
) -> tuple[pd.DataFrame, str] | None:
    """One file's columns as text, and its sha256; ``files`` (the table's files in
    order) are the categories of its file column, so files concatenate cheaply and sort
    in order."""
    try:
        digest = _sha256(path)
    except InputError as error:
        problems.extend(error.problems)
        return None
    except OSError as exc:
        problems.add(_unreadable(path, exc))
        return None
    header, problem = _checked_header(path)
    if problem is not None:
        problems.add(problem)
        return None
    names = canonical_names(table, header, mapping)
    missing = [c for c in REQUIRED[table] if c not in names.values()]
    if missing:
        for column in missing:
            problems.add(
                Problem(
                    f"{path.name}: column '{column}' is missing",
                    expected=f"the MHSDS {table} columns",
                    fix=f"add it, or map your own name to it with --columns ([{table}])",
                )
            )
        return None
    if not set(RECORD_KEYS[table]) & set(names.values()):
        keys = ", ".join(f"'{key}'" for key in RECORD_KEYS[table])
        problems.add(
            Problem(
                f"{path.name}: no record key column (one of {keys})",
                fix=f"add one, or map your own name to it with --columns ([{table}])",
            )
        )
        return None
    try:
        arrow = _read_arrow(path, list(names))
    except (OSError, pa.ArrowException) as exc:
        problems.add(_unreadable(path, exc))
        return None
    arrow = arrow.rename_columns([names[c] for c in arrow.column_names])
    frame = pd.DataFrame({name: _text(arrow.column(name)) for name in arrow.column_names})
    frame[FILE] = pd.Categorical.from_codes(
        np.full(len(frame), files.index(path.name), dtype=np.int64),
        dtype=pd.CategoricalDtype(files, ordered=False),
    )
    frame[RECORD] = pd.RangeIndex(1, len(frame) + 1)  # CSV or Parquet: record 1 first
    return frame, digest


def _checked_header(path: Path) -> tuple[list[str], Problem | None]:
    """The file's column names, or the one problem that stops it being read."""
    try:
        header = _header(path)
    except (OSError, pa.ArrowException, csv.Error, UnicodeDecodeError) as exc:
        return [], _unreadable(path, exc)
    if not header:
        return [], Problem(
            f"{path.name}: is empty (no header row)",
            expected="the table's header row, then one record per line",
            fix="export the month's table again (a month with no records keeps its header "
            "row), or take the file out of the folder",
        )
    separator = _other_separator(header)
    if separator:
        return [], Problem(
            f"{path.name}: is separated by {separator}, not commas",
            fix="save it as CSV with commas (or as Parquet)",
        )
    return header, None


def _unreadable(path: Path, exc: Exception) -> Problem:
    """One problem for a file that cannot be read; text that is not UTF-8 says how to fix it."""
    if isinstance(exc, UnicodeDecodeError) or "UTF8" in str(exc):
        # Excel's plain "CSV" is Windows-1252: a 'é' or '£' in any cell is not UTF-8.
        return Problem(
            f"{path.name}: is not UTF-8 text",
            fix="save it as 'CSV UTF-8' (Excel: Save As, CSV UTF-8), or as Parquet",
        )
    if "straddling object" in str(exc):
        # pyarrow's words for a line longer than its block (1 MiB, allowed to run into
        # the next): no MHSDS row is; a hostile or wrong file, or a quote never closed.
        return Problem(
            f"{path.name}: has a line of over a megabyte, too long to read; an MHSDS row is "
            "a few hundred bytes",
            expected="one record of the table per line",
            fix="check that it is an MHSDS extract saved as CSV (not another file renamed, "
            "and not a CSV whose quotes are unbalanced)",
        )
    return Problem(f"{path.name}: cannot be read: {exc}")


def _other_separator(header: list[str]) -> str | None:
    """'semicolons' or 'tabs' when a one-column header holds them (Excel in many locales)."""
    if len(header) != 1:
        return None
    for mark, name in ((";", "semicolons"), ("\t", "tabs")):
        if mark in header[0]:
            return name
    return None


def _header(path: Path) -> list[str]:
    """The file's column names (raises when it cannot be read)."""
    if path.suffix.lower() == ".parquet":
        return list(pq.read_schema(path).names)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def _read_arrow(path: Path, columns: list[str]) -> pa.Table:
    if path.suffix.lower() == ".parquet":
        return pq.read_table(path, columns=columns)
    # Every column as text; blank cells stay "" here and become NULL below.
    options = pacsv.ConvertOptions(
        column_types=dict.fromkeys(columns, pa.string()),
        include_columns=columns,
        strings_can_be_null=False,
    )
    return pacsv.read_csv(path, convert_options=options)


def _text(column: pa.ChunkedArray) -> pd.Series:
    """One column as trimmed text, NULL for blank (typed Parquet dates become ISO text).

    The text ``NULL`` (any case) is blank too: SQL Server exports write it for an empty
    cell, and read as a value it would make an open period's end "not a date" and every
    person without a national id one person called NULL.
    """
    if pa.types.is_timestamp(column.type):
        column = pc.strftime(column, format="%Y-%m-%d")
    if not pa.types.is_string(column.type):
        if pa.types.is_floating(column.type):
            # pandas writes whole-number columns with NULLs as floats: 3.0 is read as
            # "3"; a column with fractions stays as written and fails its check later.
            with contextlib.suppress(pa.ArrowInvalid):
                column = pc.cast(column, pa.int64())
        column = pc.cast(column, pa.string())
    trimmed = pc.utf8_trim_whitespace(column)
    blank = pc.or_(pc.equal(trimmed, ""), pc.equal(pc.utf8_upper(trimmed), "NULL"))
    return pd.Series(pc.if_else(blank, None, trimmed), dtype=pd.StringDtype("pyarrow"))


def _months(frame: pd.DataFrame) -> tuple[int, ...]:
    months = np.unique(whole_numbers(frame["UniqMonthID"]))
    return tuple(int(m) for m in months[~np.isnan(months)])


def _sha256(path: Path) -> str:
    """The file's sha256; a CSV file's text is checked in the same pass (UTF-8, no NUL:
    io.csvfile.checked_blocks), before pyarrow reads it.

    Raises:
        InputError: a CSV file that is not UTF-8 text.
    """
    digest = hashlib.sha256()
    for block in checked_blocks(path) if path.suffix.lower() == ".csv" else _blocks(path):
        digest.update(block)
    return digest.hexdigest()


def _blocks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(1 << 20), b"")
