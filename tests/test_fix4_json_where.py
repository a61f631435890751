"""Under --json the reports' folder is told on stderr (fix4, item 3).

Found running ``pbrkit cost examples/clusters.xlsx --out o --json``: stdout held the
summary (as the contract asks: "--json prints a machine-readable summary to stdout (and
nothing else there)") but the "Wrote 4 reports to o:" lines were skipped, so a user
scripting the run (or reading the terminal) was never told where the reports went.
``pbrkit import mhsds … --json`` likewise skipped "Wrote trust.xlsx: …". Those lines
now go to stderr under --json; stdout is still the JSON alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli

C803 = "MHS803CareCluster_2018_03.csv"
EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def test_cost_json_names_the_folder_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(EXAMPLE), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), dict)  # stdout is the JSON alone
    assert f"Wrote 4 reports to {out}:" in result.stderr
    assert "  report.xlsx" in result.stderr


def test_without_json_the_folder_is_on_stdout(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote 4 reports to {out}:" in result.stdout
    assert "Wrote" not in result.stderr


def test_import_mhsds_json_names_the_workbook_on_stderr(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {C803: [care()]})
    book = tmp_path / "o.xlsx"
    args = ["import", "mhsds", str(folder), "--year", "2017/18", str(book), "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cluster_days"] == 365  # one person, 365 days
    assert f"Wrote {book}: 1 person, 365 cluster days" in result.stderr


def test_the_help_says_where_the_lines_go() -> None:
    cost = " ".join(CliRunner().invoke(cli, ["cost", "--help"]).output.split())
    assert "the folder and files written are named on stderr" in cost
    mhsds = " ".join(CliRunner().invoke(cli, ["import", "mhsds", "--help"]).output.split())
    assert "the workbook is still written, and named on stderr" in mhsds
