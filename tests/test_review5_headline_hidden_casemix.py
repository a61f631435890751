"""The tender's terminal headline prints a casemix index hidden by --publish as ``*``.

Found in review 5: ``pbrkit tender toy2.xlsx --draws 50 --publish`` printed "Casemix
index of the people left: –", the dash the reports use for a figure that does not
exist, where summary.json lists ``/residue/casemix_index`` as suppressed (a statistic
over draws, hidden: methodology §7). The headline's own contract is that a hidden
figure prints as ``*``; a casemix that does not exist (no one left) stays a dash.
"""

from __future__ import annotations

from typing import Any

from pbrkit.cli.headline import tender_headline


def summary(casemix: Any, suppressed: list[str]) -> dict[str, Any]:
    return {
        "draws": 50,
        "residue": {
            "taken_patients": 30,
            "residue_patients": 95,
            "nhs_surplus_before": 50_000.0,
            "nhs_surplus_after": -100_000.0,
            "nhs_surplus_change": -150_000.0,
            "casemix_index": casemix,
        },
        "disclosure": {"suppressed": suppressed, "money_rounding_base": 50_000.0},
    }


def test_hidden_casemix_is_a_star() -> None:
    lines = tender_headline(summary(None, ["/residue/casemix_index"]))
    assert lines[-1] == "Casemix index of the people left: *"


def test_missing_casemix_is_a_dash() -> None:
    lines = tender_headline(summary(None, []))
    assert lines[-1] == "Casemix index of the people left: –"


def test_shown_casemix_is_its_value() -> None:
    lines = tender_headline(summary(1.3783, []))
    assert lines[-1] == "Casemix index of the people left: 1.38"
