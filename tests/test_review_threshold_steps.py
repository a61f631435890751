"""A break-even where the figure jumps past the target says so: plugged back in, it does
not break even.

Found in review 10 on a four-patient workbook (tests/review9b_inputs.py's shape; one
bidder Acme, θ = 1, ρ = 1, hurdle 5%): cluster 1 pays £1,500 an episode, a0 and a1 cost
£500, b0 £2,000; cluster 11 pays £5,000 a year, c0 costs £6,000. Acme wants a0 and a1
while £1,500 − θ·£500 ≥ 0.05 × £1,500, i.e. θ ≤ 2.85. The change in public spending is
then 2 × (£1,500 − £500) + 0.5 × 0.75 × £1,000 = £2,375, and £0 once θ > 2.85.

`pbrkit threshold small.xlsx --param bidders.Acme.cost_factor --figure
public_spending_change --target 1000 --bounds 1:4` said "The change in public spending
crosses £1,000 at bidders.Acme.cost_factor = 2.8500", though the figure is £2,375 there
and £0 just above: it is never £1,000. A continuous crossing (the fixed cost share:
£2,000 + £750·f = £2,200 at f = 0.2667) still reads "crosses".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pbrkit.reports.uncertainty_narrative import threshold_sentence
from review10_inputs import small_workbook


def threshold(tmp_path: Path, *args: str) -> dict:
    book = small_workbook(tmp_path / "small.xlsx")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "pbrkit", "threshold", str(book), *args, "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (entry,) = json.loads((out / "summary.json").read_text(encoding="utf-8"))["thresholds"]
    entry["html"] = (out / "report.html").read_text(encoding="utf-8")
    return entry


def test_a_step_is_reported_as_a_jump(tmp_path: Path) -> None:
    entry = threshold(tmp_path, "--param", "bidders.Acme.cost_factor", "--figure",
                      "public_spending_change", "--target", "1000", "--bounds", "1:4")  # fmt: skip
    assert entry["value"] == pytest.approx(2.85, abs=1e-4)
    assert entry["steps"] is True
    assert "jumps past £1,000 at bidders.Acme.cost_factor = 2.8500" in entry["html"]
    assert "crosses £1,000" not in entry["html"]


def test_a_continuous_crossing_still_crosses(tmp_path: Path) -> None:
    entry = threshold(tmp_path, "--param", "nhs.fixed_cost_share", "--figure",
                      "public_spending_change", "--target", "2200")  # fmt: skip
    assert entry["value"] == pytest.approx(0.2 / 0.75, abs=1e-5)
    assert entry["steps"] is False
    assert "crosses £2,200 at nhs.fixed_cost_share = 0.2667" in entry["html"]


def test_the_sentence_of_a_step() -> None:
    entry = {
        "parameter": "bidders.Acme.cost_factor", "figure": "public_spending_change",
        "target": 1000.0, "bounds": [1.0, 4.0], "value": 2.85, "steps": True,
    }  # fmt: skip
    sentence = threshold_sentence(entry)
    assert sentence is not None
    assert sentence.startswith(
        "The change in public spending (commissioner and NHS together) jumps past £1,000 at "
        "bidders.Acme.cost_factor = 2.8500"
    )
    assert "never" in sentence
