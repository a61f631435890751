"""A package row repeated exactly is named (review4, December 2026).

The package cost per community day k adds up a cluster's package rows
(docs/methodology.md §2), so a row pasted twice doubles it: cluster 1's 2 care
coordination hours a week at £32 gave k = 2 × 2 × 32 ÷ 7 = £18.29 instead of £9.14,
and the cost doubled (£7,680 instead of £3,840), without a word. Rows for one resource
with different quantities or periods are meant to add up; an exact repeat is now named
on the Data quality sheet (the rows are still added, as the rule says).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

UNIT_COSTS = [
    {"resource": "care_coordination_hour", "unit_cost": 32},
    {"resource": "inpatient_bed_day", "unit_cost": 400},
]
CC = {"cluster": 1, "resource": "care_coordination_hour", "quantity": 2, "per": "week"}


def _notes(tmp_workbook: WorkbookFactory, tmp_path: Path, packages: list[dict[str, object]]):
    book = tmp_workbook(
        {
            "caseload": [{"cluster": 1, "service_users": 5, "cluster_days": 420}],
            "packages": packages,
            "unit_costs": UNIT_COSTS,
        }
    )
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    return summary, [n for n in summary["notes"] if n["check"] == "repeated package rows"]


def test_an_exact_repeat_is_named(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    summary, notes = _notes(tmp_workbook, tmp_path, [CC, CC])
    # Still added, as the rule says: k = 2 × 2 × 32 ÷ 7; cost = k × 420 = £7,680.
    assert summary["clusters"][0]["cost"] == 7680.0
    assert len(notes) == 1 and notes[0]["rows"] == 1  # before: no note
    assert "row 3 repeats row 2" in notes[0]["detail"]


def test_rows_that_differ_are_not_named(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    # 2 hours a week and 3 an episode (R = 84) of one resource are two parts of a package:
    # k = 2 × 32 ÷ 7 + 3 × 32 ÷ 84 = 9.142857… + 1.142857… = £10.29; cost = 420 k = £4,320.
    summary, notes = _notes(tmp_workbook, tmp_path, [CC, {**CC, "quantity": 3, "per": "episode"}])
    assert abs(summary["clusters"][0]["cost"] - 4320.0) < 1e-9
    assert notes == []


def test_a_repeated_caseload_row_is_named(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    # Team A's cluster 1 row pasted twice: 5 + 5 + 3 = 13 service users, as the rows say,
    # and the repeat is named (before: no note).
    row = {"team": "A", "cluster": 1, "service_users": 5, "cluster_days": 420}
    book = tmp_workbook(
        {"caseload": [row, row, {**row, "team": "B", "service_users": 3, "cluster_days": 300}]}
    )
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["totals"]["service_users"] == 13
    notes = [n for n in summary["notes"] if n["check"] == "repeated caseload rows"]
    assert len(notes) == 1 and "row 3 repeats row 2" in notes[0]["detail"]
