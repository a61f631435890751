"""qa22: the tender's terminal line counts a re-clustered person once per cluster, and
now says so.

`pbrkit tender` on the workbook `pbrkit import mhsds examples/mhsds --year 2017/18`
writes (241 people) printed "Bidders take 131 people; 214 people stay with the NHS":
345 cluster rows. The reports' notes said why (review 2); the terminal did not.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

ONCE_EACH = "(a person in two clusters counts in each)"


def _first_line(book: Path, out: Path) -> str:
    result = CliRunner().invoke(cli, ["tender", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    return next(line for line in lines if "Bidders take" in line)


def test_a_person_in_two_clusters_is_said(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    # P1 in clusters 1 and 3: 3 people, 4 cluster rows; taken + left = 4, not 3.
    rows = [("P1", 1, 200), ("P1", 3, 165), ("P2", 3, 365), ("P3", 1, 90)]
    book = tmp_workbook({"patients": [["patient_id", "cluster", "days"], *map(list, rows)]})
    line = _first_line(book, tmp_path / "out")
    assert line.endswith(f"with the NHS {ONCE_EACH}")


def test_one_row_per_person_says_nothing(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    rows = [("P1", 1, 200), ("P2", 3, 365), ("P3", 1, 90)]
    book = tmp_workbook({"patients": [["patient_id", "cluster", "days"], *map(list, rows)]})
    assert ONCE_EACH not in _first_line(book, tmp_path / "out")
