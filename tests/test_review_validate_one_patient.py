"""``pbrkit validate`` on ratings of one patient agrees its noun (review 12, December 2026).

Found by validating the workbook `pbrkit import mhsds` wrote from an extract of my own
with one rated person: it printed "ratings: 1 patients" (review 9a fixed the same for
the caseload's "1 rows", not for ratings).
"""

from __future__ import annotations

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + ["A", "B", "C", "D", "E"]


def test_one_patient(tmp_workbook: WorkbookFactory) -> None:
    book = tmp_workbook({"ratings": [{"patient_id": "a", **dict.fromkeys(ITEMS, 0)}]})
    done = CliRunner().invoke(cli, ["validate", str(book)])
    assert done.exit_code == 0, done.output
    assert "ratings: 1 patient\n" in done.output
    assert "1 patients" not in done.output


def test_two_patients(tmp_workbook: WorkbookFactory) -> None:
    rows = [{"patient_id": p, **dict.fromkeys(ITEMS, 0)} for p in ("a", "b")]
    done = CliRunner().invoke(cli, ["validate", str(tmp_workbook({"ratings": rows}))])
    assert done.exit_code == 0, done.output
    assert "ratings: 2 patients\n" in done.output
