"""The tender's findings say "less" for a negative residue cost gap or lost contribution (review 8).

Found running ``pbrkit tender A.xlsx --draws 10 --psa 20`` on our own 300-person
workbook: summary.pdf (and report.html, report.xlsx) said "the people left cost -£387
more than the tariff pays for them (residue cost gap, G)": G = Σ_N (c − P) was −£387,
the people left cost £387 *less* than their tariff. The sentence wrote the signed
amount before "more". It now says "£387 less"; a negative lost contribution (people
taken who brought in less than their variable cost) likewise reads "£X less than
their variable cost", not "−£X above".
"""

from __future__ import annotations

from pbrkit.reports.layouts.tender_findings import _money_sentences

BASE = {
    "nhs_surplus_before": 55_000.0,
    "nhs_surplus_after": -131_000.0,
    "stranded_fixed_cost": 130_000.0,
    "payments_to_bidders": 500_000.0,
    "bidder_profit": 70_000.0,
    "differential_payment": 40_000.0,
    "commissioner_saving": 0.0,
    "public_cost_change": 186_000.0,
    "nhs_surplus_change": -186_000.0,
    # Paid by activity (v = 1): the NHS keeps none of the people taken's income, so L
    # is what they brought in above their variable cost (review 10).
    "nhs_income_retained": 0.0,
}


def test_a_negative_gap_reads_less() -> None:
    figures = {**BASE, "residue_cost_gap": -387.0, "lost_contribution": 236_000.0}
    (first, *_) = _money_sentences(figures, "in the first year")
    assert "the people left cost £387 less than the tariff pays for them" in first
    assert "-£387 more" not in first
    assert "brought in £236k above their variable cost" in first


def test_a_negative_lost_contribution_reads_less() -> None:
    figures = {**BASE, "residue_cost_gap": 2_113.0, "lost_contribution": -12_000.0}
    (first, *_) = _money_sentences(figures, "in the first year")
    assert "the people left cost £2,113 more than the tariff pays" in first
    assert "brought in £12k less than their variable cost" in first
