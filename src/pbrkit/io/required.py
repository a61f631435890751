"""Required cells of a read table: a blank one is refused at its cell.

One rule for every table pbrkit reads, a workbook's sheet or a reference set's CSV
(docs/methodology.md §8): a blank required cell is never a missing row.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.errors import Problem, ProblemCollector, table_word
from pbrkit.io.schema import MAX_PROBLEMS_PER_COLUMN, SheetSpec, Table


def check_required_values(table: Table, spec: SheetSpec, problems: ProblemCollector) -> None:
    """Add to ``problems`` one problem per blank cell of ``spec``'s required columns
    (at most ``MAX_PROBLEMS_PER_COLUMN`` a column), at its sheet, row and column; a row
    with every required cell blank is one problem for the row (a note or subtotal), and
    a cell already reported (parsed but bad, so blank too) is not reported again."""
    empty = _report_rows_without_data(table, spec, problems)
    for column in spec.required:
        values = table.frame[column.name]
        blank = pd.isna(values.to_numpy(dtype=object)) & ~empty
        # Parsed-but-bad cells are NaN too and already reported: only flag true blanks.
        for position in np.flatnonzero(blank)[:MAX_PROBLEMS_PER_COLUMN]:
            if _already_reported(problems, table.sheet, int(table.rows[position]), column.name):
                continue
            problems.add(
                Problem(
                    "required value is blank",
                    sheet=table.sheet,
                    row=int(table.rows[position]),
                    column=column.name,
                    expected=column.expected(),
                    fix="fill in the cell or delete the row",
                )
            )


def _report_rows_without_data(
    table: Table, spec: SheetSpec, problems: ProblemCollector
) -> npt.NDArray[np.bool_]:
    """A row with every required cell blank is a note or subtotal under the table
    ("Source: PAS extract"): one problem for the row, not one per blank cell."""
    required = [c.name for c in spec.required]
    if not required:
        return np.zeros(len(table.frame), dtype=bool)
    cells = table.frame[required].to_numpy(dtype=object)
    empty = np.asarray(pd.isna(cells).all(axis=1), dtype=bool)
    for position in np.flatnonzero(empty)[:MAX_PROBLEMS_PER_COLUMN]:
        row = int(table.rows[position])
        if any(_already_reported(problems, table.sheet, row, name) for name in required):
            continue
        problems.add(
            Problem(
                f"the row has none of the columns a row needs ({', '.join(required)}): "
                "a note or subtotal in the table?",
                sheet=table.sheet,
                row=row,
                expected=f"a value in each of {', '.join(required)}",
                fix="delete the row, or move the note above the header row or to another "
                f"{table_word(table.sheet)}",
            )
        )
    return empty


def _already_reported(problems: ProblemCollector, sheet: str, row: int, column: str) -> bool:
    return any(p.sheet == sheet and p.row == row and p.column == column for p in problems.problems)
