"""``--columns FILE``: a user's own headers mapped to pbrkit's columns, for one run.

The file is TOML, one table per sheet, each key a header as the user's file spells
it and each value the pbrkit column it holds::

    [caseload]
    "Cluster Code" = "cluster"
    "Bed days" = "admitted_days"

Every command reads through :func:`pbrkit.io.schema.read_table` (and the ratings
reader), which consult the map in force (:func:`using_column_map`), so the mapping
reaches every sheet of every command without each one passing it along. The map and
how a single table was read are recorded (:func:`reading_record`) so that the run
metadata, and so the reports, can echo them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from pbrkit.errors import InputError, Problem
from pbrkit.io.headers import normalise_header

#: Ratings columns a map may target (the ratings reader's own names).
RATINGS_TARGETS: Final = (
    "patient_id",
    "cluster",
    "days",
    "admitted_days",
    "cost",
    "item8_type",
    *(str(i) for i in range(1, 14)),
    "A",
    "B",
    "C",
    "D",
    "E",
)


@dataclass(frozen=True)
class ColumnMap:
    """Per sheet: the user's header (as written) → pbrkit column."""

    sheets: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The --columns file (protected from being overwritten like any input).
    path: Path | None = None

    def for_sheet(self, sheet: str) -> dict[str, str]:
        """Normalised user header → pbrkit column, for ``sheet`` (empty when unmapped)."""
        mapping = self.sheets.get(sheet, {})
        return {normalise_header(k): v for k, v in mapping.items()}


@dataclass
class ReadingRecord:
    """What a run's reading decided, for the reports: the map and how tables were read."""

    columns: ColumnMap = field(default_factory=ColumnMap)
    read_as: list[str] = field(default_factory=list)


_RECORD: ContextVar[ReadingRecord | None] = ContextVar("pbrkit_reading", default=None)


def targets() -> dict[str, tuple[str, ...]]:
    """Each sheet a map may name, with the columns it may map to."""
    from pbrkit.io.sheets import INPUT_SHEETS

    known = {spec.name: tuple(c.name for c in spec.columns) for spec in INPUT_SHEETS}
    known["ratings"] = RATINGS_TARGETS
    return known


def load_column_map(path: Path) -> ColumnMap:
    """Read and check a ``--columns`` file.

    Raises:
        InputError: the file is not TOML, or names an unknown sheet or column (every
            bad key listed, each named as ``[sheet] "header"``).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(f"cannot read --columns file '{path.name}': {exc}")) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            Problem(
                f"--columns file '{path.name}' is not valid TOML ({exc})",
                fix='write one [sheet] table per sheet, e.g. [caseload] then "Cluster Code" '
                '= "cluster"',
            )
        ) from None
    problems = _check(data, path.name)
    if problems:
        raise InputError(problems, hint=f"correct {path.name}; nothing was written")
    return ColumnMap({s: dict(m) for s, m in data.items()}, path=path)


def _check(data: dict[str, object], name: str) -> list[Problem]:
    known = targets()
    problems: list[Problem] = []
    for sheet, mapping in data.items():
        if sheet not in known:
            problems.append(
                Problem(
                    f"--columns file '{name}': [{sheet}] is not a sheet pbrkit reads",
                    fix=f"use one of {', '.join(sorted(known))}",
                )
            )
            continue
        if not isinstance(mapping, dict):
            problems.append(
                Problem(f"--columns file '{name}': '{sheet}' must be a [{sheet}] table")
            )
            continue
        for header, target in mapping.items():
            if not isinstance(target, str) or target not in known[sheet]:
                problems.append(
                    Problem(
                        f"--columns file '{name}': [{sheet}] \"{header}\" maps to "
                        f"{target!r}, which is not a column of sheet '{sheet}'",
                        fix=f"map it to one of {', '.join(known[sheet])}",
                    )
                )
    return problems


@contextmanager
def using_column_map(columns: ColumnMap | None = None) -> Iterator[ReadingRecord]:
    """Read with ``columns`` in force; yields the record the readers fill in."""
    record = ReadingRecord(columns or ColumnMap())
    token = _RECORD.set(record)
    try:
        yield record
    finally:
        _RECORD.reset(token)


def current_map(sheet: str) -> dict[str, str]:
    """The normalised-header → column map in force for ``sheet``."""
    record = _RECORD.get()
    return record.columns.for_sheet(sheet) if record is not None else {}


def record_read_as(description: str) -> None:
    """Note how a single table was read (e.g. "patient rows"), for the run metadata."""
    record = _RECORD.get()
    if record is not None and description not in record.read_as:
        record.read_as.append(description)


def reading_record() -> ReadingRecord | None:
    """The record of the reading in force, if any."""
    return _RECORD.get()


def reading_inputs() -> list[Path]:
    """Files the reading in force read besides the command's own inputs (--columns)."""
    record = _RECORD.get()
    path = record.columns.path if record is not None else None
    return [path] if path is not None else []
