"""A care package that costs £0 a day is said, not taken silently (review 12, December
2026).

Found by costing a workbook of my own whose package quantities were all 0 (a column
exported as zeros): `pbrkit cost` reported "Income £597k, cost £312k" — only the bed
days cost anything — with every cluster's community days costed at £0 and nothing on
the Data quality sheet, though an actual cost of £0 is named there (review 4) and a
cluster with no package rows stops the run. The modelled cost is k × (D − A) + b × A
(docs/methodology.md §2), so k = £0 makes every community day free. The run still
takes the £0 as given (a package may be meant to cost nothing) and now names the
clusters on the Data quality sheet, with the fix.

Hand-worked (reference unit costs: iapt_session £40, care_coordination_hour £32):
cluster 1, 420 days: package 0 iapt sessions an episode → k = 0 × £40 ÷ 84 = £0, cost £0;
cluster 3, 364 days: 0.5 care-coordination hours a week → k = 0.5 × £32 ÷ 7 = £2.2857…,
cost 364 × £2.2857… = £832.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

PACKAGES = [
    {"cluster": 1, "resource": "iapt_session", "quantity": 0, "per": "episode"},
    {"cluster": 3, "resource": "care_coordination_hour", "quantity": 0.5, "per": "week"},
]


def _run(book: Path, out: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def _zero_notes(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in summary["notes"] if n["check"] == "care package £0 a day"]


def test_a_package_costing_nothing_is_noted(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook(
        {
            "caseload": [
                {"cluster": 1, "service_users": 5, "cluster_days": 420},
                {"cluster": 3, "service_users": 2, "cluster_days": 364},
            ],
            "packages": PACKAGES,
        }
    )
    summary = _run(book, tmp_path / "out")
    clusters = {c["cluster"]: c for c in summary["clusters"]}
    assert clusters[1]["cost"] == 0.0
    assert clusters[3]["cost"] == pytest.approx(832.0)
    notes = _zero_notes(summary)
    # Before: no note at all. Only cluster 1 is named; cluster 3's package costs money.
    assert len(notes) == 1 and notes[0]["rows"] == 1
    assert "cluster 1:" in notes[0]["detail"] and "cluster 3" not in notes[0]["detail"]
    assert "quantity" in notes[0]["detail"] and "unit_cost" in notes[0]["detail"]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "care package £0 a day" in html


@pytest.mark.parametrize(
    "row",
    [
        # Its actual cost replaces the modelled one: the package is not used.
        {"cluster": 1, "service_users": 5, "cluster_days": 420, "actual_cost": 2000},
        # Every day admitted: no community day is costed at k.
        {"cluster": 1, "service_users": 5, "cluster_days": 420, "admitted_days": 420},
        # No days at all.
        {"cluster": 1, "service_users": 0, "cluster_days": 0},
    ],
)
def test_no_note_when_the_package_costs_no_day(
    tmp_workbook: WorkbookFactory, tmp_path: Path, row: dict[str, Any]
) -> None:
    book = tmp_workbook({"caseload": [row], "packages": PACKAGES})
    assert _zero_notes(_run(book, tmp_path / "out")) == []


def test_validate_names_it_too(tmp_workbook: WorkbookFactory) -> None:
    # `pbrkit validate` checks a file exactly as `pbrkit cost` reads it: the same note.
    book = tmp_workbook(
        {
            "caseload": [{"cluster": 1, "service_users": 5, "cluster_days": 420}],
            "packages": PACKAGES,
        }
    )
    result = CliRunner().invoke(cli, ["validate", str(book)])
    assert result.exit_code == 0, result.output
    assert "cluster 1: every care package row costs £0" in result.output
