"""A capacity typed as the report writes it ("unlimited") is told how to say unlimited.

Found in review 10: the Assumptions sheet shows a blank capacity as "unlimited"; typing
"unlimited" into the bidders sheet gave "not a number (found 'unlimited'); expected a
number of 0 or more. Fix: enter a number of 0 or more" — nothing said that an empty cell
is unlimited. The fix now says so, for every number column whose blank has a meaning
(capacity: unlimited; episodes: days ÷ review period).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from review10_inputs import small_workbook


def test_unlimited_capacity_says_leave_it_empty(tmp_path: Path) -> None:
    path = small_workbook(tmp_path / "small.xlsx")
    book = openpyxl.load_workbook(path)
    bidders = book["bidders"]
    bidders.cell(1, 5, "capacity")
    bidders.cell(2, 5, "unlimited")
    book.save(path)
    done = subprocess.run(
        [sys.executable, "-m", "pbrkit", "tender", str(path), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "sheet 'bidders', row 2, column 'capacity'" in done.stderr
    assert "leave the cell empty for unlimited" in done.stderr
    assert not (tmp_path / "out").exists()
