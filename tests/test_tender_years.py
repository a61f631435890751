"""The residue over the years (methodology §6.6), worked by hand.

Two patients in cluster 1, P = £1,000 each: p1 costs 400 and is taken by a bidder with
θ = 0.6 and perfect information (p2: π̂ = 1000 − 960 = 40, under
the 5% hurdle of 50); p2 costs 1,600 and stays. NHS defaults: f = 0.5,
s = 0.25, activity payment (v = 1), r = 0.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, TenderSpec
from pbrkit.tender.years import YEAR_COLUMNS, YearOptions, project_years

PEOPLE = pd.DataFrame(
    {
        "patient_id": ["p1", "p2"],
        "cluster": [1, 1],
        "cost": [400.0, 1600.0],
        "income": [1000.0, 1000.0],
        "days": 100.0,
        "admitted_days": 0.0,
    }
)
SPEC = TenderSpec(
    bidders=[Bidder(name="A", cost_factor=0.6, info_quality=1)],
    lots=[Lot(name="L", clusters=[1])],
)


def test_cut_and_nhs_only_rebasing() -> None:
    options = YearOptions(years=3, tariff_rebase="nhs_only", inflation=0.1, nhs_response="cut")
    years = project_years(PEOPLE, SPEC, options, seed=0).set_index("year")
    assert list(years.reset_index().columns) == list(YEAR_COLUMNS)
    # Year 1: S = 0.5 × 0.75 × 400 = 150; surplus = (1000 − 1600) − 150 = −750;
    # cut = 750 (= 750 a head, 750 ÷ 1600 = 46.875% of the residue's need);
    # profit = 1000 − 0.6 × 400 = 760; public = 0 − (−750 − 0) = 750.
    y1 = years.loc[1]
    assert y1["financial_year"] == "2024/25"
    assert y1["stranded_fixed_cost"] == pytest.approx(150)
    assert y1["nhs_surplus"] == pytest.approx(-750)
    assert y1["cut_per_head"] == pytest.approx(750)
    assert y1["cut_share"] == pytest.approx(0.46875)
    assert y1["bidder_profit"] == pytest.approx(760)
    assert y1["public_spending_change"] == pytest.approx(750)
    # Re-based on what the NHS spent on its residue after the cut: 1600 − 750 = 850 for
    # a payment of 1000, so P = 850 in year 2. Costs × 1.1: 440 and 1760.
    # S = 0.5 × 0.75² × 440 = 123.75; surplus = (850 − 1760) − 123.75 = −1033.75;
    # profit = 850 − 0.6 × 440 = 586; before = 1700 − 2200 = −500;
    # public = (850 − 850) − (−1033.75 + 500) = 533.75.
    y2 = years.loc[2]
    assert y2["price_index"] == pytest.approx(0.85)
    assert y2["stranded_fixed_cost"] == pytest.approx(123.75)
    assert y2["nhs_surplus"] == pytest.approx(-1033.75)
    assert y2["cut_share"] == pytest.approx(1033.75 / 1760)
    assert y2["bidder_profit"] == pytest.approx(586)
    assert y2["public_spending_change"] == pytest.approx(533.75)
    # Year 3: P = 850 × (1760 − 1033.75) ÷ 850 = 726.25; costs 484 and 1936;
    # S = 0.5 × 0.75³ × 484 = 102.09375; surplus = (726.25 − 1936) − 102.09375.
    y3 = years.loc[3]
    assert y3["price_index"] == pytest.approx(1452.5 / 2000)
    assert y3["residue_payment_per_head"] == pytest.approx(726.25)
    assert y3["residue_cost_per_head"] == pytest.approx(1936)
    assert y3["nhs_surplus"] == pytest.approx(726.25 - 1936 - 102.09375)
    assert y3["cumulative_surplus"] == pytest.approx(-750 - 1033.75 + y3["nhs_surplus"])


def test_no_rebasing_follows_the_deflator() -> None:
    # P × (1 − 0.1) a year: 1000, 900, 810; no inflation; S shrinks by 0.75 a year.
    options = YearOptions(years=3, deflator=0.1)
    years = project_years(PEOPLE, SPEC, options, seed=0).set_index("year")
    assert list(years["price_index"]) == pytest.approx([1.0, 0.9, 0.81])
    assert list(years["stranded_fixed_cost"]) == pytest.approx([150, 112.5, 84.375])
    # surplus in year 2 = (900 − 1600) − 112.5
    assert years.loc[2, "nhs_surplus"] == pytest.approx(-812.5)


def test_all_providers_rebasing_counts_the_bidders_cost() -> None:
    # Year 1 cost borne: bidder 0.6 × 400 = 240, NHS 1600; Σ = 1840 for Σ P = 2000, so
    # every price × 0.92 in year 2.
    options = YearOptions(years=2, tariff_rebase="all_providers")
    years = project_years(PEOPLE, SPEC, options, seed=0).set_index("year")
    assert years.loc[2, "price_index"] == pytest.approx(0.92)


def test_a_relet_year_tenders_again() -> None:
    # Re-let every year: with perfect information the same patient is taken again.
    options = YearOptions(years=3, retender_every=1)
    years = project_years(PEOPLE, SPEC, options, seed=0)
    assert list(years["taken_patients"]) == [1, 1, 1]
