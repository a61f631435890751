"""A per-code lever on a cluster whose only caseload rows have 0 service users is
refused, as one on a cluster no row has (docs/methodology.md §2, what-if levers).

Found by running ``pbrkit cost book --tariff-change 13=10%`` on a caseload whose row
for cluster 13 reads ``13,0,0``: the run exited 0 and every output listed "What-if:
tariff change cluster 13: +10%". A row with 0 service users has no days, admitted days
or cost either (the workbook reader refuses them without people), so cluster 13's
income and cost are £0 whatever its price: the change moves no figure, exactly the case
the rule refuses for an absent code. It is now one problem (exit 2, nothing written),
in ``cost`` and in ``tender`` on a caseload. This test failed on the old code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli

# Cluster 13 is in the reference set (illustrative-2014-15) and listed, with no one.
CASELOAD = "cluster,service_users,cluster_days\n4,50,9100\n11,40,14600\n13,0,0\n"


def _run(tmp_path: Path, command: str, *args: str) -> tuple[Result, Path]:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [command, str(folder), "--out", str(out), *args])
    return result, out


@pytest.mark.parametrize("option", ["--tariff-change", "--cost-change"])
def test_cost_refuses_a_change_to_a_cluster_with_no_one(tmp_path: Path, option: str) -> None:
    result, out = _run(tmp_path, "cost", option, "13=10%")
    assert result.exit_code == 2, result.output
    assert not out.exists()
    text = " ".join(result.output.split())
    assert f"{option}: cluster 13: +10% changes nothing" in text
    assert "the caseload's only rows for cluster 13 have 0 service users" in text
    assert text.count("Error") == 1


def test_tender_on_a_caseload_refuses_it_too(tmp_path: Path) -> None:
    result, out = _run(tmp_path, "tender", "--draws", "5", "--tariff-change", "13=10%")
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert "have 0 service users" in " ".join(result.output.split())


def test_a_cluster_with_people_still_takes_its_change(tmp_path: Path) -> None:
    result, out = _run(tmp_path, "cost", "--tariff-change", "11=10%", "--tariff-change", "5%")
    assert result.exit_code == 0, result.output
    assert (out / "summary.json").exists()
