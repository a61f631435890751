"""Per-team view of ``pbrkit cost``: a team summary and a team × cluster table.

The caseload's ``team`` column (which an MHSDS import can be given by hand, and which
trusts' own caseloads carry) is reported in summary.json, report.xlsx and report.html,
with small-number suppression under ``--publish``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

#: Per-day prices £10 (cluster 1) and £20 (cluster 3); actual costs given, so every
#: figure below is worked by hand.
TARIFF = [
    {"cluster": 1, "price": 10, "unit": "per_day"},
    {"cluster": 3, "price": 20, "unit": "per_day"},
]
CASELOAD = [
    # North, cluster 1: 800 days × £10 = £8,000 income; cost £6,000.
    {"team": "North", "cluster": 1, "service_users": 10, "cluster_days": 800, "actual_cost": 6000},
    # North, cluster 3: 100 days × £20 = £2,000; cost £3,000.
    {"team": "North", "cluster": 3, "service_users": 15, "cluster_days": 100, "actual_cost": 3000},
    # South, cluster 1: 200 days × £10 = £2,000; cost £2,500.
    {"team": "South", "cluster": 1, "service_users": 4, "cluster_days": 200, "actual_cost": 2500},
]


@pytest.fixture
def book(tmp_workbook) -> Path:  # type: ignore[no-untyped-def]
    return tmp_workbook({"caseload": CASELOAD, "tariff": TARIFF})


def _cost(book: Path, out: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return json.loads((out / "summary.json").read_text())


def test_team_summary_is_worked_by_hand(book: Path, tmp_path: Path) -> None:
    summary = _cost(book, tmp_path / "out")
    teams = {t["team"]: t for t in summary["teams"]}
    north, south = teams["North"], teams["South"]
    # North: people 10 + 15 = 25; income 8,000 + 2,000 = 10,000; cost 9,000;
    # surplus 1,000; margin 1,000 ÷ 10,000 = 10%.
    assert (north["service_users"], north["income"], north["cost"]) == (25, 10_000, 9_000)
    assert (north["surplus"], north["margin"]) == (1_000, pytest.approx(0.10))
    # South: income 2,000, cost 2,500, surplus −500, margin −25%.
    assert (south["service_users"], south["surplus"], south["margin"]) == (
        4, -500, pytest.approx(-0.25)
    )  # fmt: skip
    cells = {(c["team"], c["cluster"]): c for c in summary["team_clusters"]}
    assert cells[("North", 3)]["surplus"] == -1_000  # 2,000 − 3,000
    assert set(cells) == {("North", 1), ("North", 3), ("South", 1)}


def test_teams_in_the_workbook_and_the_html(book: Path, tmp_path: Path) -> None:
    _cost(book, tmp_path / "out")
    sheet = pd.read_excel(tmp_path / "out" / "report.xlsx", sheet_name="Teams", engine="calamine")
    assert list(sheet["Team"][:2]) == ["North", "South"]
    assert list(sheet["Surplus £"][:2]) == [1_000, -500]
    html = (tmp_path / "out" / "report.html").read_text()
    assert 'id="teams"' in html and "Surplus (deficit) by team" in html


def test_no_team_column_means_no_team_view(tmp_workbook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [{k: v for k, v in r.items() if k != "team"} for r in CASELOAD]
    summary = _cost(tmp_workbook({"caseload": rows, "tariff": TARIFF}), tmp_path / "out")
    assert "teams" not in summary
    names = pd.ExcelFile(tmp_path / "out" / "report.xlsx", engine="calamine").sheet_names
    assert "Teams" not in names


def test_publish_hides_small_teams_and_what_would_give_them_away(
    book: Path, tmp_path: Path
) -> None:
    summary = _cost(book, tmp_path / "out", "--publish")
    teams = {t["team"]: t for t in summary["teams"]}
    # South has 4 people (1-7): hidden, with its money.
    assert teams["South"]["service_users"] is None
    assert teams["South"]["income"] is None
    # The total (29) with North (25) would give South away: North is hidden too.
    assert teams["North"]["service_users"] is None
    hidden = summary["disclosure"]["suppressed"]
    assert "/teams/1/service_users" in hidden
    for cell in summary["team_clusters"]:
        assert cell["service_users"] is None or cell["service_users"] % 5 == 0
