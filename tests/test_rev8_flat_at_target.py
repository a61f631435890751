"""Hostile review rev8: `pbrkit threshold` said a figure "does not cross £0 anywhere
between nhs.fixed_cost_share = 0 and 1" when the figure was £0 at every value.

With rev8_inputs.tender_of_12 the bidder is paid the tariff for everyone it takes, so
the commissioner's cost change is Σ_T R − v·Σ_T P = 12 people's tariff − 1 × the same
= £0 whatever the fixed cost share. Asked where it crosses £0, the search found no
sign change and the sentence read as if the figure never reached £0. It is £0
throughout: the report must say so, and that there is no single break-even.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.uncertainty_narrative import threshold_sentence
from pbrkit.reports.values import ThresholdObject
from rev8_inputs import fixed_share_range, tender_of_12


def _threshold(tmp_path: Path, figure: str, target: str) -> tuple[dict[str, object], str]:
    source = tender_of_12(tmp_path / "tender")
    ranges = fixed_share_range(tmp_path / "ranges.csv")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "threshold", str(source), "--uncertainty", str(ranges), "--param",
        "nhs.fixed_cost_share", "--figure", figure, "--target", target, "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads((out / "summary.json").read_text(encoding="utf-8")), result.output


def test_a_figure_at_the_target_throughout_is_said_to_be_so(tmp_path: Path) -> None:
    summary, output = _threshold(tmp_path, "commissioner_cost_change", "0")
    (found,) = summary["thresholds"]  # type: ignore[misc]
    assert found["value"] is None
    assert found["at_target"] is True
    assert "does not cross" not in output
    assert "is £0 at every value of nhs.fixed_cost_share between 0 and 1" in output
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "is £0 at every value of nhs.fixed_cost_share between 0 and 1" in html
    assert "does not cross" not in html


def test_a_figure_off_the_target_throughout_still_does_not_cross(tmp_path: Path) -> None:
    # The same £0 figure asked about £1,000: it never gets there.
    summary, output = _threshold(tmp_path, "commissioner_cost_change", "1000")
    (found,) = summary["thresholds"]  # type: ignore[misc]
    assert found["value"] is None
    assert "at_target" not in found
    assert "does not cross £1,000 anywhere between nhs.fixed_cost_share = 0 and 1" in output


def test_a_crossing_is_unchanged(tmp_path: Path) -> None:
    # Public spending changes by 7,000 f − 2,200: £0 at f = 2,200 / 7,000 = 0.3143.
    summary, output = _threshold(tmp_path, "public_spending_change", "0")
    (found,) = summary["thresholds"]  # type: ignore[misc]
    assert abs(found["value"] - 2200 / 7000) < 1e-5
    assert "at_target" not in found
    assert "crosses £0 at nhs.fixed_cost_share = 0.3143" in output


def test_the_sentence_of_a_figure_at_the_target_throughout() -> None:
    threshold: ThresholdObject = {
        "parameter": "nhs.fixed_cost_share", "figure": "commissioner_cost_change",
        "target": 0.0, "bounds": [0.0, 1.0], "tolerance": 1e-5, "method": "bracketing",
        "value": None, "steps": False, "at_target": True,
    }  # fmt: skip
    sentence = threshold_sentence(threshold)
    assert sentence is not None
    assert sentence.startswith(
        "Change in commissioner's cost is £0 at every value of nhs.fixed_cost_share "
        "between 0 and 1 that was tried"
    )
