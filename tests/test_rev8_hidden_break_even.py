"""Hostile review rev8: a published PSA's terminal lines said the break-even "does not
cross £0 anywhere between nhs.fixed_cost_share = 0 and 1" when --publish had hidden it.

summary.json writes a hidden break-even as null, and null is also what a search that
finds no crossing writes; the terminal lines read summary.json back and took the hidden
one for "no crossing". With the inputs of rev8_inputs.tender_of_12 public spending
changes by 7,000 f − 2,200 and so crosses £0 at f = 2,200 / 7,000 = 0.3143; 2 people
stay with the NHS, a count of 1 to 7, so --publish hides the break-even: the line must
say it is not published, never that there is no crossing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.cli.headline import headline
from rev8_inputs import fixed_share_range, tender_of_12


def _psa(tmp_path: Path, *extra: str) -> tuple[dict[str, object], str]:
    source = tender_of_12(tmp_path / "tender")
    ranges = fixed_share_range(tmp_path / "ranges.csv")
    out = tmp_path / "out"
    args = ["psa", str(source), "--uncertainty", str(ranges), "--samples", "20"]
    result = CliRunner().invoke(cli, [*args, "--workers", "1", "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return json.loads((out / "summary.json").read_text(encoding="utf-8")), result.output


def test_unpublished_the_break_even_is_found(tmp_path: Path) -> None:
    summary, output = _psa(tmp_path)
    psa = summary["psa"]
    assert isinstance(psa, dict)
    # 2,200 / 7,000 = 0.3142857, found by Brent's method to 0.00001
    assert psa["thresholds"][0]["value"] == pytest.approx(2200 / 7000, abs=1e-5)
    assert "does not cross" not in output


def test_published_a_hidden_break_even_is_not_called_no_crossing(tmp_path: Path) -> None:
    summary, output = _psa(tmp_path, "--publish")
    psa = summary["psa"]
    assert isinstance(psa, dict)
    assert psa["thresholds"][0]["value"] is None
    assert "/psa/thresholds/0/value" in summary["disclosure"]["suppressed"]  # type: ignore[index]
    assert "does not cross" not in output
    assert "break-even of nhs.fixed_cost_share" in output
    assert "is not published" in output


def test_the_lines_tell_a_hidden_break_even_from_no_crossing() -> None:
    """Read back from summary.json alone: null is hidden only where disclosure says so."""
    stats = {"mean": None, "p5": None, "p50": None, "p95": None, "share_parameters": None}
    threshold = {"parameter": "nhs.fixed_cost_share", "figure": "public_spending_change",
                 "target": 0.0, "bounds": [0.0, 1.0], "tolerance": 1e-5,
                 "method": "bracketing", "value": None, "steps": False}  # fmt: skip
    psa = {"samples": 20, "inner": 1, "figures": {"nhs_surplus_change": stats,
           "public_spending_change": stats}, "prob_nhs_surplus_falls": None,
           "prob_public_spending_rises": None,
           "sensitivity": {f: {"most_important": None} for f in
                           ("nhs_surplus_change", "public_spending_change")},
           "thresholds": [threshold]}  # fmt: skip
    hidden = {"suppressed": ["/psa/thresholds/0/value"]}
    published = headline({"command": "pbrkit psa", "psa": psa, "disclosure": hidden})
    assert not any("does not cross" in line for line in published)
    unpublished = headline({"command": "pbrkit psa", "psa": psa})
    assert any("does not cross" in line for line in unpublished)
