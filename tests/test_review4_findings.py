"""The cross-subsidy sentence when no cluster makes a surplus (review4, December 2026).

With every cluster losing money the report said "The profitable clusters make £0, and
that surplus is what pays for the losses. If outside providers took the profitable
clusters, …": clusters that do not exist, and a £0 surplus paying for losses. It now
says that no cluster makes a surplus, so nothing pays for the losses.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def _findings(book: Path, out: Path) -> str:
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return (out / "report.html").read_text(encoding="utf-8")


def test_no_profitable_cluster_is_said_so(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    # Cluster 1 at the reference price £357 an episode: 420 ÷ 84 = 5 episodes, £1,785;
    # its actual cost £5,000 is a loss of £3,215, and no other cluster is costed.
    book = tmp_workbook(
        {"caseload": [{"cluster": 1, "service_users": 5, "cluster_days": 420, "actual_cost": 5000}]}
    )
    html = _findings(book, tmp_path / "out")
    assert "The profitable clusters make" not in html  # before: "… make £0, and that surplus"
    assert "No cluster makes a surplus, so nothing pays for the losses" in html
    assert "£3,215 in all" in html


def test_a_profitable_cluster_keeps_the_sentence(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # Cluster 1 as above but costing £1,000: a surplus of £1,785 − £1,000 = £785; cluster
    # 3 costs £20,000 against 1,820 ÷ 182 = 10 episodes × £1,747.20 = £17,472: −£2,528.
    book = tmp_workbook(
        {
            "caseload": [
                {"cluster": 1, "service_users": 5, "cluster_days": 420, "actual_cost": 1000},
                {"cluster": 3, "service_users": 10, "cluster_days": 1820, "actual_cost": 20000},
            ]
        }
    )
    html = _findings(book, tmp_path / "out")
    assert "The profitable clusters make £785, and that surplus is what pays" in html
