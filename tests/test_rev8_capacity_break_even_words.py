"""Hostile review rev8: a break-even capacity is a whole number of people, and the
tables show it as one ("11"), but the sentence said "bidders.Acme.capacity = 11.0000"
and its PSA range "2.0000 to 2.0000", as if a fraction of a person could be meant
(docs/uncertainty.md: a break-even capacity is the first whole number at which the
figure crosses; its PSA percentiles are shown to the nearest one).

rev8_inputs.tender_of_12 with capacity K: the bidder takes cluster 2's 4 people first
(each adds (1,000 − 750) + 0.4 × 750 = £550 to public spending), then cluster 1's
(each adds (100 − 500) + 0.4 × 500 = −£200). From K = 4 on, public spending changes by
2,200 − 200 × (K − 4): £1,000 at K = 10 and £800 at K = 11, so searched over 5 to 20
it first passes £900 at K = 11.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.uncertainty_narrative import threshold_sentence
from pbrkit.reports.values import ThresholdObject
from rev8_inputs import tender_of_12

CAPACITY = "bidders.Acme.capacity"
RANGES = (
    "parameter,low,high,distribution,mode,source\n"
    f"{CAPACITY},10,12,uniform,,test\n"
    "nhs.fixed_cost_share,0.35,0.45,uniform,,test\n"
)


def test_the_sentence_gives_a_break_even_capacity_as_a_count(tmp_path: Path) -> None:
    source = tender_of_12(tmp_path / "tender")
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(RANGES, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "threshold", str(source), "--uncertainty", str(ranges), "--param", CAPACITY,
        "--figure", "public_spending_change", "--target", "900", "--bounds", "5:20",
        "--workers", "1", "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    (found,) = json.loads((out / "summary.json").read_text(encoding="utf-8"))["thresholds"]
    assert found["value"] == 11
    assert f"{CAPACITY} = 11:" in result.output
    assert "11.0000" not in result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"{CAPACITY} = 11:" in html and "11.0000" not in html


def test_a_capacity_range_over_samples_is_to_the_nearest_one() -> None:
    threshold: ThresholdObject = {
        "parameter": CAPACITY, "figure": "public_spending_change", "target": 900.0,
        "bounds": [0.0, 20.0], "tolerance": 1e-5, "method": "bracketing", "value": 2.0,
        "steps": True,
        "psa": {"samples": 10, "no_crossing": 0, "p5": 2.0, "p50": 2.5, "p95": 3.4},
    }  # fmt: skip
    sentence = threshold_sentence(threshold)
    assert sentence is not None
    assert f"{CAPACITY} = 2:" in sentence
    assert "over 10 PSA samples: 2 to 3)" in sentence


def test_a_share_keeps_its_four_places() -> None:
    threshold: ThresholdObject = {
        "parameter": "nhs.fixed_cost_share", "figure": "public_spending_change",
        "target": 0.0, "bounds": [0.0, 1.0], "tolerance": 1e-5, "method": "bracketing",
        "value": 2200 / 7000, "steps": False,
    }  # fmt: skip
    assert threshold_sentence(threshold) == (
        "The change in public spending (commissioner and NHS together) crosses £0 at "
        "nhs.fixed_cost_share = 0.3143."
    )
