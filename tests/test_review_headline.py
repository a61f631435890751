"""An independent re-check of the printed headline of ``pbrkit cluster`` (review,
December 2026): it said "No clinicians' clusters to audit" for two patients who both
had a clinician's cluster but too many unknown ratings to be assessed, and would say
the same of a published run whose agreement was hidden."""

from __future__ import annotations

from typing import Any

import pytest

from pbrkit.cli.headline import cluster_headline


def summary(**allocation: Any) -> dict[str, Any]:
    base = {"patients": 2, "assessed": 0, "audited": 0, "no_clinician_cluster": 0}
    base.update(agreement=None, kappa=None, money_at_stake=0.0)
    return {"allocation": base | allocation}


@pytest.mark.parametrize(
    ("allocation", "says"),
    [
        # Before: "No clinicians' clusters to audit" though both patients had one.
        ({}, "No patient is both assessed and given a clinician's cluster: nothing to audit"),
        ({"no_clinician_cluster": 2}, "No clinicians' clusters to audit"),
        # --publish hid the count audited, and the agreement with it.
        # (Said "too few patients audited" before review3: the secondary rule hides
        # large counts too, tests/test_review3_hidden_caution.py.)
        (
            {"audited": None, "assessed": 9},
            "Agreement not published (the count of patients audited is hidden)",
        ),
    ],
)
def test_the_headline_says_why_there_is_no_agreement(allocation: dict[str, Any], says: str) -> None:
    assert cluster_headline(summary(**allocation))[1] == says


def test_an_audit_shows_agreement_and_kappa() -> None:
    # 40 of 100 agree (0.40), kappa 0.34: the ordinary line is unchanged.
    lines = cluster_headline(summary(assessed=100, audited=100, agreement=0.4, kappa=0.34))
    assert lines[1].startswith("Clinicians' clusters agree with the suggestions for 40.0%")
