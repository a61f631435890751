"""The efficiency lever's wording matches the tender's years, which start at 1 (review 8).

Found running ``pbrkit tender --scenario A4.toml`` (our own 300-person workbook,
``efficiency = 0.011``, ``inflation = 0.03``, ``years = 4``): the WHAT-IF banner of
report.html, report.xlsx and summary.pdf said "every cost × (1 − 0.011)^t in year t",
and the Years sheet numbers the years t = 1 … 4; but year 1 is the tender at the costs
as given and year 2's residue cost a head is year 1's × 1.03 × 0.989 (£1,584.89 →
£1,614.48), one factor, not (0.989)². The wording was the costing's, whose projection
counts from year 0 (docs/methodology.md §2). Both now say "each year after the
first", true of both numberings (docs/scenarios.md says the same).

Below: one person-level caseload, a 10% efficiency over 3 years; with no inflation and
no deflator, year 2's residue cost a head is year 1's × 0.9 and year 3's × 0.81.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from review8_inputs import patients_folder


def test_the_banner_says_each_year_after_the_first(tmp_path: Path) -> None:
    folder = patients_folder(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["tender", str(folder), "--years", "3", "--efficiency", "10%", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["years"]["rows"]
    first = rows[0]["residue_cost_per_head"]
    assert rows[1]["residue_cost_per_head"] == first * 0.9
    assert abs(rows[2]["residue_cost_per_head"] - first * 0.81) < 1e-9 * first
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "^t in year t" not in page
    assert "every cost × (1 − 0.1) each year after the first" in page
