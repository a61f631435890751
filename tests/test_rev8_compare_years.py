"""Hostile review rev8: `pbrkit compare` of the same caseload costed as 2024/25 and as
2025/26 (--first-year) said "What differs: no setting" and "the same as": the reports
label the two runs' years differently, and a reader comparing one year with the next
must be told which year each run is.

Both runs cost rev8_inputs.costing: income 1,000 + 4,000 = £5,000, cost £8,000, a
deficit of £3,000 in either year.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from rev8_inputs import costing


def _cost(tmp_path: Path, name: str, *extra: str) -> Path:
    out = tmp_path / name
    source = costing(tmp_path / "caseload")
    result = CliRunner().invoke(cli, ["cost", str(source), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def test_runs_of_other_years_say_so(tmp_path: Path) -> None:
    first = _cost(tmp_path, "y2024")
    second = _cost(tmp_path, "y2025", "--first-year", "2025/26")
    out = tmp_path / "compare"
    result = CliRunner().invoke(cli, ["compare", str(first), str(second), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    changed = {row["setting"]: row["values"] for row in summary["changed"]}
    assert changed == {"Financial year (--first-year)": "y2024: 2024/25; y2025: 2025/26"}
    assert "no setting" not in result.output
    surplus = next(row for row in summary["headline"] if row["figure"] == "surplus")
    assert surplus["values"] == {"y2024": -3000.0, "y2025": -3000.0}  # 5,000 − 8,000


def test_runs_of_one_year_still_differ_in_nothing(tmp_path: Path) -> None:
    first = _cost(tmp_path, "a")
    second = _cost(tmp_path, "b")
    out = tmp_path / "compare"
    result = CliRunner().invoke(cli, ["compare", str(first), str(second), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["changed"] == []
