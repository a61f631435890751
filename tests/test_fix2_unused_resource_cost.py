"""A resource of the reference set's packages needs a unit cost even when only clusters
with no activity use it (fix2, item 7: kept, and pinned).

Checked with a folder of CSVs whose own unit_costs prices care coordination only, and a
caseload in clusters 1 and 12: 'home_care_visit' (used by clusters 19-21 alone) is
still required. Kept because the costing works a package cost per day for every
cluster of the packages (the clusters table shows it, and the tender model prices
patients without a cost by it), and a missing cost taken as £0 would be a silent
zero; the message names the clusters that use the resource, so the user sees that
none of them has activity and can price it or give packages of their own.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli


def test_the_message_names_the_clusters_that_use_the_resource(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (book / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n1,100,20000\n12,30,8000\n", encoding="utf-8"
    )
    (book / "unit_costs.csv").write_text(
        "resource,unit_cost\ncare_coordination_hour,32\n", encoding="utf-8"
    )
    done = CliRunner().invoke(cli, ["cost", str(book), "--out", str(tmp_path / "o")])
    assert done.exit_code == 2
    assert (
        "file 'book/unit_costs.csv', column 'resource': reference set illustrative-2014-15 "
        "(illustrative)'s care packages use resource 'home_care_visit' (clusters 19, 20, "
        "21), which has no unit cost here"
    ) in done.output
