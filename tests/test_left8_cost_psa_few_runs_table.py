"""A costing PSA of fewer than 20 runs gives its chance of a deficit as a count in the
table too, not only in the sentence (docs/uncertainty.md: below 20 runs a chance is "the
count of runs, '1 of 1 runs', not a share such as 100.0% that would read as measured").

Found by running ``pbrkit cost clusters.xlsx --years 3 --psa 1 --uncertainty u.csv``:
the sentence said "it is a deficit in 1 of 1 runs" and the table beneath it gave the
column "Probability of a deficit" as 100.0% (report.html) and 1 formatted as a share
(report.xlsx). summary.json keeps the share beside ``samples``. This test failed on the
old code.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def _cost(tmp_path: Path, samples: int) -> Path:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.95,1.05\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["cost", str(EXAMPLE), "--psa", str(samples), "--uncertainty", str(ranges),
            "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out


def _table_rows(out: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Uncertainty"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Figure")
    # The sheet is as wide as its widest table (the ranges'): drop the empty cells.
    return [tuple(c for c in r if c is not None) for r in rows[header : header + 2]]


def test_one_run_gives_the_deficit_as_a_count_in_the_table(tmp_path: Path) -> None:
    out = _cost(tmp_path, 1)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    share = summary["psa"]["prob_deficit"]["surplus"]
    assert share in (0.0, 1.0)  # one run: in deficit or not
    count = f"{round(share)} of 1 runs"  # the share × 1 run
    header, first = _table_rows(out)
    assert header[-1] == "Probability of a deficit"  # a text column: no "%" unit
    assert first[-1] == count
    html = (out / "report.html").read_text(encoding="utf-8")
    table = html.split('data-table="psa_figures"')[1].split("</table>")[0]
    assert f"<td>{count}</td>" in table
    assert "%</td>" not in table  # no "100.0%" or "0.0%" cell
    assert summary["psa"]["samples"] == 1  # and summary.json keeps the share above


def test_twenty_runs_keep_the_share(tmp_path: Path) -> None:
    out = _cost(tmp_path, 20)
    header, first = _table_rows(out)
    assert header[-1] == "Probability of a deficit %"
    assert isinstance(first[-1], float | int)
