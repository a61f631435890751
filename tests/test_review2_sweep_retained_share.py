"""Review 2 (round 13): a sweep of f or s says what r it keeps.

Found by re-running a sweep point as a tender: over examples/scenarios/aqp-fixed-tariff.toml
(whose workbook's cost pools give r = 0.376: beds, AMHP and crisis keep serving the
people taken) ``pbrkit sweep --vary nhs.fixed_cost_share=0.2,0.77`` keeps r as the pools
gave it (docs/uncertainty.md: "r stays as the pools gave it"), while a scenario's
``[nhs] fixed_cost_share = 0.77`` sets r to 0 (docs/scenarios.md). On a small trust the
two gave a change in NHS surplus of -£581k and -£363k at the same f, and the sweep's
reports (summary.json's ``base``, the Summary sheet, report.html, explore.html's
assumptions) named f and s but never r, so nothing showed why. The base now lists r,
and docs/scenarios.md says that a sweep keeps it.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

SCENARIO = Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "aqp-fixed-tariff.toml"


def test_the_sweep_base_lists_the_retained_share(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["sweep", str(SCENARIO), "--vary", "nhs.fixed_cost_share=0.2,0.77", "--draws", "1"]
    result = CliRunner().invoke(cli, [*args, "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # The example's pools: beds £12,842,000, AMHP £1,150,000 and crisis serve the people
    # taken; r is their share of all pools, as the tender of the same workbook reports.
    r = summary["base"]["retained_share"]
    assert 0.37 < r < 0.38
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "kept by the NHS" in html
    # Each point keeps it: the cost kept for the people taken is not £0.
    assert all(row["cost_retained_for_taken"] > 0 for row in summary["sweep"])
