"""Errors that pbrkit raises, and the exit codes the command line maps them to.

Every error a user can cause carries a *hint* saying how to fix it. Problems in an
input file are collected in one pass and raised together as an :class:`InputError`,
so a finance analyst sees every bad cell at once instead of one per run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is not imported at run time here (start-up stays light)
    import numpy as np
    import numpy.typing as npt

#: Exit codes (README, Commands): 0 success, 1 runtime failure, 2 bad input or usage.
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

#: What every refusal's hint ends with (exit 2 writes nothing), and the whole hint of a
#: refusal with no cell to correct (a file of the wrong kind).
NOTHING_WRITTEN = "nothing was written"


class SheetName(str):
    """A sheet's name (it is that string) that knows the headers its columns have in
    the user's file, for readers that rename columns to pbrkit's names (an MHCT item
    headed ``HoNOS 05`` is read as item ``5``): a problem located in the sheet then
    names the column as the file heads it, wherever the problem is found.

    ``file``: the CSV or Parquet file the "sheet" is (``caseload.csv``, in a folder of
    CSVs ``book/caseload.csv``), None for a spreadsheet's sheet: a problem or a data
    quality note located in it names that file, not a sheet the user cannot find."""

    headers: Mapping[str, str]
    file: str | None

    def __new__(
        cls, name: str, headers: Mapping[str, str] | None = None, file: str | None = None
    ) -> SheetName:
        made = super().__new__(cls, name)
        made.headers = dict(headers or {})
        made.file = file
        return made

    def __getnewargs__(  # type: ignore[override]
        self,
    ) -> tuple[str, Mapping[str, str], str | None]:
        return str(self), self.headers, self.file


def file_of(sheet: str | None) -> str | None:
    """The CSV or Parquet file a sheet is (:class:`SheetName`), or None."""
    return getattr(sheet, "file", None)


def place(sheet: str | None, *, row: int | None = None, file: str | None = None) -> str:
    """Where a note or a fix text points, by the rule every :class:`Problem` is located
    by (:meth:`Problem.location`): ``sheet 'caseload', row 3`` in a spreadsheet,
    ``file 'caseload.csv', row 3`` in a CSV, which has no sheets."""
    return Problem("", sheet=sheet, row=row, file=file).location()


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, located as precisely as the input allows.

    ``row`` is the row number a spreadsheet user sees (1-based, header included),
    not a pandas index, so "row 14" can be found in Excel with Ctrl+G.
    """

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    expected: str | None = None
    fix: str | None = None
    #: The file, when it is not the input the command was given (a ``--tariff`` file).
    file: str | None = None

    def location(self) -> str:
        """Where the problem is, e.g. ``sheet 'caseload', row 14, column 'cluster'``;
        in a CSV, Parquet or TOML file, which has no sheets, ``file 'prices.csv', row
        14`` (the sheet is only pbrkit's name for what the file holds)."""
        file = self.file if self.file is not None else file_of(self.sheet)
        parts = [] if file is None else [f"file '{file}'"]
        if self.sheet is not None and not has_no_sheets(file):
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            headers = getattr(self.sheet, "headers", {})
            parts.append(f"column '{headers.get(self.column, self.column)}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.value is not None:
            text += f" (found {_show(self.value)})"
        if self.expected:
            text += f"; expected {self.expected}"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text


#: Files pbrkit reads as one table (a caseload, a --tariff file, an MHSDS extract's
#: tables). Written here, the bottom layer, so the readers (io, mhsds) and the rule
#: that locates a problem by its file (:func:`has_no_sheets`) cannot disagree.
TABLE_SUFFIXES = (".csv", ".parquet")
#: Files that hold no sheets: a problem in one is located by the file. A TOML file (a
#: scenario, --columns) is no table but has no sheets either.
SHEETLESS_SUFFIXES = (*TABLE_SUFFIXES, ".toml")


def has_no_sheets(file: str | None) -> bool:
    """Whether ``file`` names a CSV, Parquet or TOML file (no sheets to name)."""
    return file is not None and file.lower().endswith(SHEETLESS_SUFFIXES)


def table_word(sheet: str | None) -> str:
    """What a fix text calls the table ``sheet`` is, by the rule :meth:`Problem.location`
    names it: "file" for a CSV or Parquet file (which has no sheets), else "sheet"."""
    return "file" if has_no_sheets(file_of(sheet)) else "sheet"


def in_table(sheet: str | None, determiner: str) -> str:
    """``determiner`` and :func:`table_word` with the preposition each takes: "on the
    sheet" / "in the file", "on another sheet" / "in another file"."""
    word = table_word(sheet)
    return f"{'in' if word == 'file' else 'on'} {determiner} {word}"


def _show(value: object) -> str:
    """Render a found value briefly and unambiguously (strings quoted, long ones cut)."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class PbrkitError(Exception):
    """Base class for every error pbrkit raises on purpose."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class InputError(PbrkitError):
    """The input (a file, an option or a scenario) is wrong; nothing was written."""

    exit_code = EXIT_BAD_INPUT

    def __init__(
        self,
        problems: Sequence[Problem] | Problem | str,
        hint: str | None = None,
    ) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(_listed(self.problems), hint)

    def relocate(self, problems: Sequence[Problem]) -> None:
        """Replace the problems by the same ones located more precisely (the file a
        CSV sheet is, :func:`pbrkit.io.workbook.naming_files`); the message follows."""
        self.problems = tuple(problems)
        self.message = _listed(self.problems)
        self.args = (self.message,)


def _listed(problems: Sequence[Problem]) -> str:
    if len(problems) == 1:
        return str(problems[0])
    return "\n".join([f"{len(problems)} problems found:", *(f"  - {p}" for p in problems)])


class MissingTariff(InputError):
    """Activity in a cluster that has no price (docs/methodology.md §2: never a silent zero)."""


class ReferenceNotFound(InputError):
    """A named reference set does not exist."""


class OutputExists(InputError):
    """The output folder is not empty and ``--force`` was not given."""


class ResourceLimitExceeded(InputError):
    """An input is larger than the configured limits allow (zip bombs, huge sheets)."""


class ProblemCollector:
    """Collects :class:`Problem` objects while checking an input, then raises once."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        """Record one problem."""
        self._problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        self._problems.extend(problems)

    def add_each(
        self,
        positions: npt.NDArray[np.integer],
        problem_at: Callable[[int], Problem],
        *,
        limit: int,
        more: Callable[[int], Problem] | None = None,
    ) -> None:
        """One problem per position (a row of the frame being checked), the first
        ``limit`` of them; then ``more(n)`` for the ``n`` left out, if ``more`` is given
        (otherwise they are left out without a word, as the caller decided)."""
        for position in positions[:limit]:
            self.add(problem_at(int(position)))
        if more is not None and len(positions) > limit:
            self.add(more(len(positions) - limit))

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Problems recorded so far."""
        return tuple(self._problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    def raise_if_any(self, hint: str | None = None) -> None:
        """Raise an :class:`InputError` listing every recorded problem, if any."""
        if self._problems:
            raise InputError(self._problems, hint)
