"""The ``data_quality`` sheet: every row left out of the import, and why, with counts.

Each entry names the table, the reason and how many rows, with up to three examples
(file and record) so a data manager can find them in the extract.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Rows of a frame are located by these columns, added when the files are read: the
#: file, and the record's number in it, counted from 1 at the first row of data after
#: the header, in a CSV and a Parquet file alike (a CSV's were its line numbers and a
#: Parquet file's its records, so one row had two numbers: round 11 left it).
FILE, RECORD = "_file", "_record"

_EXAMPLES = 3


@dataclass(frozen=True)
class LeftOut:
    """Rows of one table left out for one reason."""

    table: str
    reason: str
    rows: int
    examples: str
    note: str = ""
    left_out: bool = True


@dataclass
class QualityLog:
    """Everything left out so far, in the order the rules ran."""

    entries: list[LeftOut] = field(default_factory=list)

    def leave_out(
        self, table: str, reason: str, frame: pd.DataFrame, mask: object, note: str = ""
    ) -> pd.DataFrame:
        """Record the rows of ``frame`` where ``mask`` is true; return the other rows."""
        chosen = np.asarray(mask, dtype=bool)
        count = int(chosen.sum())
        if count:
            self.record(table, reason, frame.loc[chosen], note=note)
        return frame.loc[~chosen]

    def record(
        self, table: str, reason: str, rows: pd.DataFrame, note: str = "", *, left_out: bool = True
    ) -> None:
        """Record ``rows`` as left out (or, with ``left_out=False``, kept with a caution)."""
        if rows.empty:
            return
        head = rows.head(_EXAMPLES)
        examples = "; ".join(
            f"{file} record {record}"
            for file, record in zip(head[FILE].tolist(), head[RECORD].tolist(), strict=True)
        )
        self.entries.append(LeftOut(table, reason, len(rows), examples, note, left_out))

    def total(self) -> int:
        """Rows left out in all."""
        return sum(entry.rows for entry in self.entries if entry.left_out)

    def frame(self) -> pd.DataFrame:
        """The ``data_quality`` sheet."""
        return pd.DataFrame(
            {
                "table": [e.table for e in self.entries],
                "reason": [e.reason for e in self.entries],
                "left_out": ["yes" if e.left_out else "no: kept" for e in self.entries],
                "rows": [e.rows for e in self.entries],
                "examples": [e.examples for e in self.entries],
                "note": [e.note for e in self.entries],
            }
        )
