"""Hostile review rev8: with --inner 2 or more a PSA's interval mixes the ranges with
the bidders' selection noise, and its opening sentence said only "between -£1,806 and
-£1,597 in 9 runs out of 10, given the ranges", though the one-way analysis of variance
over the samples put 0% of that spread on the ranges: selection noise shown as the
uncertainty of the assumptions. The sentence must say how much of the spread the
ranges account for, as summary.json's share_parameters does.

Inputs: rev8_inputs.costing's clusters with a within-cluster cost spread (cost_cv 1),
a screening bidder that predicts cost poorly (information quality 0.5) and a range
so narrow (every cost × 0.999 to 1.001) that it moves nothing: 10 samples × 4 draws.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.format import percent
from rev8_inputs import costing

NOISY_BIDDER = (
    "name,cost_factor,info_quality,hurdle_margin,capacity,clusters,screening,"
    'risk_aversion,quality_score\nAcme,0.9,0.5,0,,"1,2",yes,0,1\n'
)


def _tender(folder: Path) -> Path:
    costing(folder)
    caseload = (folder / "caseload.csv").read_text(encoding="utf-8")
    (folder / "caseload.csv").write_text(caseload.replace(",0\n", ",1\n"), encoding="utf-8")
    (folder / "bidders.csv").write_text(NOISY_BIDDER, encoding="utf-8")
    (folder / "lots.csv").write_text(
        'name,clusters,accept_all,award,price_weight,cost_sharing\nL,"1,2",no,fixed_tariff,0.4,0\n',
        encoding="utf-8",
    )
    (folder / "nhs.csv").write_text("fixed_cost_share,shed_rate\n0.4,0.5\n", encoding="utf-8")
    return folder


def test_the_interval_says_how_much_of_it_the_ranges_make(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(
        "parameter,low,high,distribution,mode,source\ncosts.scale,0.999,1.001,uniform,,tiny\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "psa", str(_tender(tmp_path / "tender")), "--uncertainty", str(ranges),
        "--samples", "10", "--inner", "4", "--workers", "1", "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    psa = json.loads((out / "summary.json").read_text(encoding="utf-8"))["psa"]
    stats = psa["figures"]["nhs_surplus_change"]
    assert stats["p5"] < stats["p95"]  # the draws spread it
    share = stats["share_parameters"]
    assert share is not None and share < 0.05  # and the ranges hardly do
    words = f"the ranges account for {percent(share, 0)} of its variance over the runs"
    assert words in result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert words in html
    assert "the bidders&#39; selection noise for the rest" in html


def test_one_draw_a_sample_says_nothing_of_shares(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(
        "parameter,low,high,distribution,mode,source\ncosts.scale,0.9,1.1,uniform,,wide\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "psa", str(_tender(tmp_path / "tender")), "--uncertainty", str(ranges),
        "--samples", "20", "--workers", "1", "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "account for" not in result.output
