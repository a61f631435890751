"""An independent re-check of the tender side (review 2, December 2026): a patient in two
clusters.

- ``pbrkit import mhsds`` writes a patient re-clustered in the year as one patients row
  per cluster (the example: 241 people in 345 rows). ``pbrkit tender`` on that workbook
  tendered each row on its own and said "Bidders take 120 people; 225 people stay with
  the NHS": 345 "people" where the import had said 241, without a word. The rows are
  still tendered one by one (a bidder may take a person's time in one cluster and not
  the other), but the report now says that the counts of people count such a person
  once per cluster.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

REPEATED = "appear in more than one cluster"


def notes_of(book: Path, out: Path, *publish: str) -> list[str]:
    result = CliRunner().invoke(cli, ["tender", str(book), "--out", str(out), *publish])
    assert result.exit_code == 0, result.output
    notes: list[str] = json.loads((out / "summary.json").read_text())["notes"]
    return notes


def patients(*rows: tuple[str, int, int]) -> list[list[object]]:
    return [["patient_id", "cluster", "days"], *[list(r) for r in rows]]


def test_a_patient_in_two_clusters_is_noted(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook(
        {"patients": patients(("P1", 1, 200), ("P1", 3, 165), ("P2", 3, 365), ("P3", 1, 90))}
    )
    notes = [n for n in notes_of(book, tmp_path / "out") if REPEATED in n]
    assert notes == [
        "Some patients appear in more than one cluster (re-clustered in the year): each "
        "of their cluster rows is tendered on its own, and every count of people here "
        "counts them once per cluster."
    ]
    # No count in the note, so nothing to suppress when published.
    published = notes_of(book, tmp_path / "pub", "--publish")
    assert [n for n in published if REPEATED in n] == notes


def test_one_row_a_patient_needs_no_word(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook({"patients": patients(("P1", 1, 200), ("P2", 3, 365))})
    assert not [n for n in notes_of(book, tmp_path / "out") if REPEATED in n]
