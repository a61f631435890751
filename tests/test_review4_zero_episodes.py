"""Zero episodes beside cluster days is refused (review4, December 2026).

A caseload row of cluster 1 (priced £357 per episode) with 420 cluster days and
``episodes`` 0 was costed at £0 income without a word: days in a cluster are days of
some episode, so 0 episodes with days is a contradiction, and a blank exported as 0 is
its usual cause. Blank episodes still mean cluster days ÷ review period
(docs/methodology.md §2).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def _book(tmp_workbook: WorkbookFactory, episodes: float | None, days: float = 420) -> Path:
    return tmp_workbook(
        {
            "caseload": [
                {"cluster": 1, "service_users": 5, "cluster_days": days, "episodes": episodes},
                {"cluster": 3, "service_users": 2, "cluster_days": 364, "episodes": 2},
            ]
        }
    )


@pytest.mark.parametrize("command", ["cost", "validate", "tender"])
def test_zero_episodes_with_days_is_one_problem(
    tmp_workbook: WorkbookFactory, tmp_path: Path, command: str
) -> None:
    out = tmp_path / "out"
    args = [command, str(_book(tmp_workbook, 0))]
    result = CliRunner().invoke(cli, args if command == "validate" else [*args, "--out", str(out)])
    # Before: exit 0, cluster 1's income £0.
    assert result.exit_code == 2, result.output
    assert "sheet 'caseload', row 2, column 'episodes'" in result.output
    assert "0 episodes" in result.output
    assert not out.exists()


@pytest.mark.parametrize(("episodes", "days", "income"), [(None, 420, 1785.0), (0, 0, 0.0)])
def test_blank_episodes_or_no_days_are_read(
    tmp_workbook: WorkbookFactory,
    tmp_path: Path,
    episodes: float | None,
    days: float,
    income: float,
) -> None:
    # Blank: 420 ÷ 84 = 5 episodes × £357 = £1,785. No days and no episodes: £0.
    # Cluster 3 as given: 2 episodes × £1,747.20 = £3,494.40.
    book = _book(tmp_workbook, episodes, days)
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    clusters = {c["cluster"]: c for c in json.loads(result.stdout)["clusters"]}
    assert clusters[1]["income"] == income
    assert clusters[3]["income"] == pytest.approx(3494.40, abs=1e-9)
