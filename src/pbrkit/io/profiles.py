"""Read a user's allocation grid (``--profiles FILE``): a ``profiles`` sheet or table.

The grid is long rows ``cluster, item, rating, band`` (docs/methodology.md §5). This module only
finds the header and hands the cells on as read; checking them, with a problem per
bad row, is :func:`pbrkit.allocation.compile_profiles`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.errors import InputError, Problem, ProblemCollector
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.schema import HEADER_SEARCH_ROWS, report_merged_rows, report_time_cells
from pbrkit.io.workbook import (
    RawSheet,
    missing_sheet_problem,
    names_its_files,
    normalise_name,
    open_workbook,
)

_COLUMNS: Final = ("cluster", "item", "rating", "band")


@dataclass(frozen=True)
class ProfilesInput:
    """A grid as read: ``frame`` with the file's own headers, ``rows`` for messages."""

    sheet: str
    frame: pd.DataFrame
    rows: npt.NDArray[np.int64]


@names_its_files
def read_profiles(path: Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> ProfilesInput:
    """Read the grid in ``path`` (sheet ``profiles``, the only sheet, or a CSV/Parquet).

    Raises:
        InputError: no such sheet, or no header row naming cluster, item, rating, band.
    """
    book = open_workbook(path, limits=limits, default_sheet="profiles")
    raw = book.sheet("profiles")
    if raw is None and len(book.sheet_names) == 1:
        raw = book.sheet(book.sheet_names[0])
    if raw is None:
        raise InputError(
            missing_sheet_problem(
                book.sheet_names,
                ("profiles",),
                ("grid",),
                holds="the allocation grid",
                folder=book.folder,
            )
        )
    if raw.has_header:
        rows = np.arange(len(raw.grid), dtype=np.int64) + 2
        return ProfilesInput(raw.name, raw.grid.reset_index(drop=True), rows)
    header = _header_row(raw)
    problems = ProblemCollector()
    body_rows = np.arange(header + 1, len(raw.grid), dtype=np.int64) + 1
    report_merged_rows(raw, body_rows, problems)
    names = [str(v).strip() if pd.notna(v) else None for v in raw.grid.iloc[header]]
    report_time_cells(raw, body_rows, problems, names)
    problems.raise_if_any(hint=f"correct {path.name}; nothing was written")
    grid = raw.grid.iloc[header + 1 :]
    labels = [str(v).strip() if pd.notna(v) else f"column {i + 1}" for i, v in
              enumerate(raw.grid.iloc[header].tolist())]  # fmt: skip
    frame = pd.DataFrame(grid.to_numpy(), columns=labels)
    keep = frame.notna().to_numpy().any(axis=1)
    rows = np.arange(header + 1, len(raw.grid), dtype=np.int64) + raw.first_row
    return ProfilesInput(
        raw.name, frame.iloc[np.flatnonzero(keep)].reset_index(drop=True), rows[keep]
    )


def _header_row(raw: RawSheet) -> int:
    for i in range(min(HEADER_SEARCH_ROWS, len(raw.grid))):
        names = {normalise_name(v) for v in raw.grid.iloc[i].tolist() if pd.notna(v)}
        if all(column in names for column in _COLUMNS):
            return i
    raise InputError(
        Problem(
            "no header row with the columns cluster, item, rating, band",
            sheet=raw.name,
            expected="a header row 'cluster, item, rating, band' near the top",
            fix="add the header row; see `pbrkit reference show illustrative-2014-15 "
            "--table profiles` for the shape",
        )
    )
