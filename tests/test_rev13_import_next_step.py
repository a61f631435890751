"""`pbrkit import mhsds … --year 2017/18 trust.xlsx && pbrkit cost trust.xlsx` (README)
gave a report whose year 0 was labelled 2024/25, `pbrkit cost`'s default, for figures
of 2017/18 (rev13): the workbook held no year that `cost` read. The import then ended by
naming the command with --first-year; since left21 the workbook's year sheet carries the
year, and the import names the plain command (tests/test_left21_imported_year.py)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli


def test_the_import_names_the_cost_command_with_its_year(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2018_03.csv": [care()]})
    book = tmp_path / "my trust.xlsx"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "mhsds", str(folder), "--year", "2017/18", str(book)])
    assert result.exit_code == 0, result.output
    line = (
        f"Next: pbrkit cost '{book}' (it labels the year 2017/18, from the workbook's year sheet)"
    )
    assert line in result.stdout.splitlines()
    # The command it names labels year 0 2017/18 (P1 in cluster 03 all year: 365 days).
    out = tmp_path / "out"
    cost = runner.invoke(cli, ["cost", str(book), "--out", str(out)])
    assert cost.exit_code == 0, cost.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["projection"][0]["financial_year"] == "2017/18"
    assert summary["totals"]["cluster_days"] == 365


def test_under_json_the_line_is_on_stderr(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {"MHS803CareCluster_2018_03.csv": [care()]})
    book = tmp_path / "t.xlsx"
    args = ["import", "mhsds", str(folder), "--year", "2017/18", "--json", str(book)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["year"] == "2017/18"
    assert f"Next: pbrkit cost {book} (it labels the year 2017/18" in result.stderr
