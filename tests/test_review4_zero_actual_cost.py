"""An actual cost of £0 beside cluster days is said, not taken silently (review4, December
2026).

``actual_cost`` replaces the modelled cost of its row (docs/methodology.md §2), so a
blank exported as 0 made a row of 420 cluster days cost £0: cluster 1 showed a 100%
margin and the cross-subsidy grew by its whole income, without a word. The run still
takes the £0 as given (it may be meant), and now names the rows on the Data quality
sheet, with the fix.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def test_a_zero_actual_cost_is_noted(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook(
        {
            "caseload": [
                {"cluster": 1, "service_users": 5, "cluster_days": 420, "actual_cost": 0},
                {"cluster": 3, "service_users": 0, "cluster_days": 0, "actual_cost": 0},
                {"cluster": 4, "service_users": 2, "cluster_days": 364, "actual_cost": 5000},
            ]
        }
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    clusters = {c["cluster"]: c for c in summary["clusters"]}
    # Taken as given: 420 ÷ 84 = 5 episodes × £357 = £1,785 income, £0 cost.
    assert clusters[1]["cost"] == 0.0 and clusters[1]["income"] == 1785.0
    notes = [n for n in summary["notes"] if n["check"] == "actual cost £0"]
    # Before: no note. Only the row with days (row 2) is named; row 3 has none.
    assert len(notes) == 1 and notes[0]["rows"] == 1
    assert "row 2" in notes[0]["detail"] and "leave actual_cost blank" in notes[0]["detail"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "actual cost £0" in html
