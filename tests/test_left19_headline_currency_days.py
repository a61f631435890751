"""The cost headline names the days in the run's currency (left by walk 9).

``pbrkit cost`` on the resource-group example printed "9 resource groups, 57 service
users, 11,169 cluster days": the codes are resource groups there, as the same line and
the next one ("Profitable resource groups make ...") say. The days are now "resource
group days"; a care-cluster run still says "cluster days" (the set's word for its
codes, "cluster", as in "cluster 9").
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLES = Path(__file__).parents[1] / "examples"


def _headline(book: str, *options: str, out: Path) -> str:
    args = ["cost", str(EXAMPLES / book), *options, "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_resource_group_days_are_named_so(tmp_path: Path) -> None:
    said = _headline("mhnrg.xlsx", "--reference", "illustrative-mhnrg", out=tmp_path / "m")
    # 11,169 is the caseload's cluster_days column summed (summary.json totals)
    assert "9 resource groups, 57 service users, 11,169 resource group days" in said
    assert "cluster day" not in said


def test_care_cluster_days_are_still_cluster_days(tmp_path: Path) -> None:
    said = _headline("clusters.xlsx", out=tmp_path / "c")
    assert "22 care clusters, 10,231 service users, 2,340,106 cluster days" in said


def test_the_findings_name_no_losing_resource_group_so(tmp_path: Path) -> None:
    # Every resource group of the example makes a surplus (£429k income, £361k cost):
    # the finding says so in the run's word, as its first line ("Across 9 resource
    # groups") does.
    _headline("mhnrg.xlsx", "--reference", "illustrative-mhnrg", out=tmp_path / "m")
    html = (tmp_path / "m" / "report.html").read_text(encoding="utf-8")
    assert "No resource group loses money on these prices." in html
    assert "No cluster loses" not in html
