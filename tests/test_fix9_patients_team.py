"""A `team` column on patient rows says why there is no team view (fix9, December 2026).

The team view (docs/methodology.md §2) comes from a caseload sheet's `team` column.
Patient rows are summed per cluster, so their `team` column gives none; the run said
only "columns not used for costing: team", which does not tell a user who expected a
Teams sheet why there is none or how to get one. A note now says both.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

PATIENTS = "patient_id,cluster,days,team\nA1,3,100,North\nA2,3,200,South\nA3,11,150,North\n"
CHECK = "no team view"


def _notes(tmp_path: Path, text: str) -> list[dict[str, object]]:
    table = tmp_path / "patients.csv"
    table.write_text(text, "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(table), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert "teams" not in summary  # patient rows give no team view (methodology §2)
    notes: list[dict[str, object]] = summary["notes"]
    return notes


def test_a_team_column_on_patient_rows_is_explained(tmp_path: Path) -> None:
    (note,) = [n for n in _notes(tmp_path, PATIENTS) if n["check"] == CHECK]
    detail = str(note["detail"])
    # Before: no such note, only "columns not used for costing: team".
    assert "summed per cluster" in detail and "caseload sheet" in detail, detail


def test_no_team_column_no_note(tmp_path: Path) -> None:
    plain = "patient_id,cluster,days\nA1,3,100\nA2,3,200\n"
    assert [n for n in _notes(tmp_path, plain) if n["check"] == CHECK] == []
