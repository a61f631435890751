"""The sweep's "base scenario" shows f, s and the deflator as the tender report does.

Found by converting report.xlsx of ``pbrkit sweep aqp-fixed-tariff.toml --vary
"bidders.*.info_quality=0:1:3" --vary "bidders.*.hurdle_margin=0:0.2:3"`` to PDF and
reading its Summary page: "NHS fixed cost share (f) 0.304301039109527" and "Fixed cost
shed in the year (s) 0.313556349650812" in the workbook, 0.3043010391095268 and
0.31315614985081225 in report.html, "Tariff deflator 0.0", while ``pbrkit tender`` on the
same scenario shows the same two figures as 30.4% and 31.3%: numbers in General format
with every float digit, in a report whose other shares are per cent to one place.

The base scenario's pairs now take the registered figures' formats: f and s those of
``fixed_cost_share`` and ``shed_rate`` (0.0%), the deflator a share (as pbrkit cost's
projection shows it), people a count.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
AQP = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sweep") / "out"
    argv = ["sweep", str(AQP), "--vary", "bidders.*.info_quality=0,1", "--draws", "1"]
    result = CliRunner().invoke(cli, [*argv, "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_workbook_shows_f_and_s_as_per_cent(sweep: Path) -> None:
    summary = json.loads((sweep / "summary.json").read_text(encoding="utf-8"))
    sheet = openpyxl.load_workbook(sweep / "report.xlsx")["Summary"]
    cells = {str(r[0].value): r[1] for r in sheet.iter_rows() if r[0].value is not None}
    for label in ("NHS fixed cost share (f)", "Fixed cost shed in the year (s)"):
        assert cells[label].number_format.startswith("0.0%"), label  # 30.4%
    assert cells["Tariff deflator"].number_format.startswith("0.0%")
    assert cells["People in the population"].number_format == "#,##0"
    assert cells["NHS fixed cost share (f)"].value == summary["base"]["fixed_cost_share"]


def test_report_html_shows_them_as_the_tender_report_does(sweep: Path) -> None:
    html = (sweep / "report.html").read_text(encoding="utf-8")
    # f = 0.30430… and s = 0.31315… (the scenario's cost pools): 30.4% and 31.3%.
    for label, shown in (("NHS fixed cost share (f)", "30.4%"),
                         ("Fixed cost shed in the year (s)", "31.3%"),
                         ("Tariff deflator", "0.0%")):  # fmt: skip
        match = re.search(rf"<t[hd][^>]*>{re.escape(label)}</t[hd]>\s*<td[^>]*>([^<]*)</td>", html)
        assert match is not None, label
        assert match.group(1) == shown, (label, match.group(1))
