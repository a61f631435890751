"""The terminal lines say when activity is left out of the totals (rev9, December 2026).

With ``--on-missing report`` a cluster with activity and no price is left out of the
totals. report.html, report.xlsx and summary.pdf say so in a finding; the terminal
said "2 care clusters, 19 service users, 1,624 cluster days" and the totals, with no
word that a third cluster's 1 service user, 365 days and £14,600 of cost were left
out. The lines now end with one that says so, as the findings do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from pbrkit.cli.headline import cost_headline
from pbrkit.reference import DEFAULT_REFERENCE, tariffs_root


def test_cost_lines_name_the_unpriced_activity(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # A copy of the shipped set without cluster 10's price: 10 stays unpriced.
    ref = tmp_path / "noref"
    shutil.copytree(tariffs_root() / DEFAULT_REFERENCE, ref)
    lines = (ref / "tariff.csv").read_text("utf-8").splitlines(keepends=True)
    (ref / "tariff.csv").write_text("".join(x for x in lines if not x.startswith("10,")), "utf-8")
    book = tmp_workbook({"caseload": [
        {"cluster": 4, "service_users": 10, "cluster_days": 3000},
        {"cluster": 10, "service_users": 1, "cluster_days": 365},
    ]})  # fmt: skip
    args = ["--reference", str(ref), "--on-missing", "report", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(cli, ["cost", str(book), *args])
    assert result.exit_code == 0, result.output
    # Before: no line said so (the totals were 1 cluster's, with nothing beside them).
    assert "left out of these totals" in result.output


def test_no_line_when_everything_is_priced() -> None:
    summary = {"totals": {"income": 1.0, "cost": 1.0, "surplus": 0.0, "cross_subsidy": 0.0,
                          "loss": 0.0, "service_users": 1.0, "cluster_days": 1.0},
               "clusters": [{}], "unpriced": []}  # fmt: skip
    assert not any("left out" in line for line in cost_headline(summary))
