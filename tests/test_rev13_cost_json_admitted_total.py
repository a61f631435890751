"""`pbrkit cost --publish` hid the total of admitted days in report.html and
report.xlsx (a line holding a hidden cluster's admitted days hides its whole,
methodology §7) but summary.json's `totals.admitted_days` kept it exact (rev13): the
headline's total followed the clusters table for £, people and cluster days, not for
admitted days. Less the clusters shown it gave the hidden clusters' admitted days back.

Found on an MHSDS import with hospital spells: clusters 3 and 11 shown with 10 admitted
days each, 12 and 14 hidden; summary.json said 40 in all, so 12 and 14 had 20, where
every report showed `*`.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

# Cluster 3: 20 people, 100 admitted days, and cluster 4: 20 people, 50, both shown;
# cluster 12: 5 people all year in hospital, 1,825 admitted days, hidden (1 to 7), and
# with it (a line of counts with one hidden) the smallest other count, cluster 3.
CASELOAD = (
    "cluster,service_users,cluster_days,admitted_days\n"
    "3,20,2000,100\n4,20,2000,50\n12,5,1825,1825\n"
)


def test_the_json_total_is_hidden_where_the_reports_hide_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(folder), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    admitted = {c["cluster"]: c["admitted_days"] for c in summary["clusters"]}
    assert admitted == {3: None, 4: 50.0, 12: None}
    # 1,975 in all would give 3 and 12 back together: 1,975 − 50 = 1,925.
    assert summary["totals"]["admitted_days"] is None
    assert "/totals/admitted_days" in summary["disclosure"]["suppressed"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "1,975" not in html
