"""`pbrkit cluster` no longer replaces what `pbrkit cost` wrote for the same workbook
(review 6).

Found by following examples/README.md: `pbrkit import mhsds examples/mhsds --year
2017/18 trust.xlsx && pbrkit cost trust.xlsx`, then `pbrkit cluster trust.xlsx`. Both
commands wrote to pbrkit-out/trust/, and as the folder held "a previous pbrkit run" the
cluster run silently replaced the cost reports (summary.json, report.xlsx, report.html,
summary.pdf) with its own. Every other command already had a folder of its own
(`-tender`, `-psa`, …); cluster now writes to pbrkit-out/<input>-cluster/, and a
default folder holding another command's run is never taken for this run's to replace.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.cli.options import previous_run

ROOT = Path(__file__).resolve().parents[1]


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def both_sheets(path: Path) -> Path:
    """A workbook with a caseload (for cost) and ratings (for cluster), as
    `pbrkit import mhsds` writes."""
    book = openpyxl.Workbook()
    caseload = book.active
    assert caseload is not None
    caseload.title = "caseload"
    caseload.append(["cluster", "service_users", "cluster_days"])
    caseload.append([3, 10, 3000])
    ratings = book.create_sheet("ratings")
    items = [str(i) for i in range(1, 14)] + list("ABCDE")
    ratings.append(["patient_id", *items, "cluster"])
    for n in range(5):
        ratings.append([f"P{n}", *([n % 4] * 18), 3])
    book.save(path)
    return path


def test_cost_then_cluster_keeps_both_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    trust = both_sheets(tmp_path / "trust.xlsx")
    assert invoke("cost", trust).exit_code == 0
    cluster = invoke("cluster", trust)
    assert cluster.exit_code == 0, cluster.output
    cost_summary = json.loads((tmp_path / "pbrkit-out/trust/summary.json").read_text())
    assert cost_summary["command"] == "pbrkit cost"  # was: replaced by pbrkit cluster's
    cluster_out = tmp_path / "pbrkit-out" / "trust-cluster"
    assert json.loads((cluster_out / "summary.json").read_text())["command"] == ("pbrkit cluster")
    assert (cluster_out / "allocations.csv").exists()


def test_another_commands_run_is_not_a_previous_run_of_this_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text(
        json.dumps({"pbrkit_version": "0.1", "command": "pbrkit cost"})
    )
    assert previous_run(out)
    assert previous_run(out, command="pbrkit cost")
    assert not previous_run(out, command="pbrkit cluster")


def test_a_default_folder_with_another_commands_run_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a cost run's folder named as cluster's would be: refused, not replaced
    monkeypatch.chdir(tmp_path)
    trust = both_sheets(tmp_path / "trust.xlsx")
    folder = tmp_path / "pbrkit-out" / "trust-cluster"
    assert invoke("cost", trust, "--out", folder).exit_code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = invoke("cluster", trust)
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
