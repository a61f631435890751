"""The residue over the years (methodology §6.6), worked by hand.

Two patients in cluster 1, P = £1,000 each: p1 costs 400 and is taken by a bidder with
θ = 0.6 and perfect information (p2: π̂ = 1000 − 960 = 40, under
the 5% hurdle of 50); p2 costs 1,600 and stays. NHS defaults: f = 0.5,
s = 0.25, activity payment (v = 1), r = 0.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports.document import Document, Headline, Section
from pbrkit.reports.layouts.tender_json import year_rows
from pbrkit.reports.layouts.tender_years import years_table
from pbrkit.reports.publishing import publish
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED, is_suppressed
from pbrkit.tender import Bidder, CostPool, Lot, NhsCostStructure, TenderSpec
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


#: Three years of a small tender (36, 20 and 17 people taken of 40).
YEARS = pd.DataFrame(
    {
        "year": [1, 2, 3],
        "financial_year": ["2024/25", "2025/26", "2026/27"],
        "price_index": [1.0, 0.98, 0.96],
        "taken_patients": [36, 20, 17],
        "residue_patients": [4, 20, 23],
        "residue_cost_per_head": [5000.0, 3000.0, 2300.0],
        "residue_payment_per_head": [4000.0, 2900.0, 2000.0],
        "nhs_surplus": [-4000.0, -2000.0, -6900.0],
        "cumulative_surplus": [-4000.0, -6000.0, -12900.0],
        "stranded_fixed_cost": [900.0, 800.0, 700.0],
        "cut_per_head": [1000.0, 100.0, 300.0],
        "cut_share": [0.2, 0.0333, 0.1304],
        "bidder_profit": [3600.0, 2000.0, 1700.0],
        "public_spending_change": [500.0, 400.0, 300.0],
    }
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


def test_all_providers_rebasing_follows_the_nhs_cut_spending() -> None:
    # Year 1 as in test_cut_and_nhs_only_rebasing: surplus −750, so the NHS cuts its
    # residue's spending to 1600 − 750 = 850. Cost borne: bidder 0.6 × 400 = 240, NHS
    # 850; Σ = 1090 for Σ P = 2000, so every price × 0.545 in year 2 (0.92 without the
    # cut, test_all_providers_rebasing_counts_the_bidders_cost): docs/methodology.md §6.7.
    options = YearOptions(years=2, tariff_rebase="all_providers", nhs_response="cut")
    years = project_years(PEOPLE, SPEC, options, seed=0).set_index("year")
    assert years.loc[1, "cut_per_head"] == pytest.approx(750)
    assert years.loc[2, "price_index"] == pytest.approx(1090 / 2000)


def test_a_relet_year_tenders_again() -> None:
    # Re-let every year: with perfect information the same patient is taken again.
    options = YearOptions(years=3, retender_every=1)
    years = project_years(PEOPLE, SPEC, options, seed=0)
    assert list(years["taken_patients"]) == [1, 1, 1]


# Cost sharing, retained services and a re-let over three years. p1 (c 400) and p2
# (c 2400) in cluster 1, p3 (c 500) in cluster 2, P = 1000 each. Pools give r = 0.5,
# f = 0.4, s = 0.25; blended payment v = 0.6. Bidder A: θ = 0.9, perfect information,
# recharges; lot λ = 0.5, so R = 0.5·P + 0.5 × 0.9 × 0.5·c = 0.5·P + 0.225·c and
# π̂ = R − 0.45·c − 0.5·c (recharge).
# Year 1: π̂ p1 = 500 + 90 − 180 − 200 = 210 ✓; p3 = 500 + 112.5 − 225 − 250 = 137.5 ✓;
# p2 = 500 + 540 − 1080 − 1200 < 0 ✗. T = {p1, p3}, N = {p2}.
MIXED = pd.DataFrame(
    {
        "patient_id": ["p1", "p2", "p3"],
        "cluster": [1, 1, 2],
        "cost": [400.0, 2400.0, 500.0],
        "income": [1000.0, 1000.0, 1000.0],
        "days": 100.0,
        "admitted_days": 0.0,
    }
)
MIXED_SPEC = TenderSpec(
    bidders=[Bidder(name="A", cost_factor=0.9, info_quality=1, recharge=True)],
    lots=[Lot(name="L", clusters=[1, 2], cost_sharing=0.5)],
    nhs=NhsCostStructure.from_pools(
        (
            CostPool(pool="Community", amount=600, kind="variable"),
            CostPool(pool="Estates", amount=400, kind="fixed", shed_rate=0.25),
            CostPool(pool="Crisis", amount=1000, kind="fixed", shed_rate=0, serves_taken=True),
        ),
        payment="blended",
        variable_share=0.6,
    ),
)
MIXED_OPTIONS = YearOptions(
    years=3,
    tariff_rebase="nhs_only",
    inflation=0.1,
    deflator=0.1,
    nhs_response="cut",
    retender_every=2,
)


def test_cost_sharing_recharge_and_a_relet_over_three_years() -> None:
    years = project_years(MIXED, MIXED_SPEC, MIXED_OPTIONS, seed=0).set_index("year")
    assert list(years["financial_year"]) == ["2024/25", "2025/26", "2026/27"]
    # A re-let in year 3 only ((t − 1) divisible by 2), where p3 drops out (below).
    assert list(years["taken_patients"]) == [2, 2, 1]
    assert list(years["residue_patients"]) == [1, 1, 2]
    # Year 1: R = 590 (p1), 612.5 (p3); recharges 200, 250; own cost 180, 225.
    # S = 0.4 × 0.75 × 0.5 × (400 + 500) = 135;
    # surplus = (1000 − 2400) + (0.4 × 1000 − 200 + 200) × 2 − 135 = −735, so the cut is
    # 735 a head, 735 ÷ 2400 = 0.30625 of the residue's need; before = 3000 − 3300 = −300;
    # commissioner = 1202.5 − 0.6 × 2000 = 2.5; public = 2.5 − (−735 + 300) = 437.5;
    # profit = (590 − 180 − 200) + (612.5 − 225 − 250) = 347.5.
    y1 = years.loc[1]
    assert y1["stranded_fixed_cost"] == pytest.approx(135)
    assert y1["nhs_surplus"] == pytest.approx(-735)
    assert y1["cut_per_head"] == pytest.approx(735)
    assert y1["cut_share"] == pytest.approx(0.30625)
    assert y1["bidder_profit"] == pytest.approx(347.5)
    assert y1["public_spending_change"] == pytest.approx(437.5)
    assert y1["residue_cost_per_head"] == pytest.approx(2400)
    assert y1["residue_payment_per_head"] == pytest.approx(1000)
    # nhs_only re-basing: cluster 1's residue cost 2400 − 735 = 1665 for P = 1000, so
    # p1, p2 pay 1000 × 1.665 × 0.9 = 1498.5; cluster 2 has no residue, so it follows
    # the deflator: 900. Costs × 1.1: 440, 2640, 550. No re-let in year 2.
    # R p1 = 0.5 × 1498.5 + 0.225 × 440 = 848.25; p3 = 450 + 123.75 = 573.75;
    # S = 0.4 × 0.75² × 0.5 × 990 = 111.375;
    # the blended payment keeps 1 − v of the income in year 1 only (methodology §6.7),
    # so from year 2 v = 1 and the NHS keeps none of the people taken's income:
    # surplus = (1498.5 − 2640) + 0 − 111.375 = −1252.875 (the recharges pay back the
    # r·c kept), cut 1252.875 of the residue's 2640;
    # before = 3897 − 3630 = 267; commissioner = 1422 − 1 × 2398.5 = −976.5;
    # public = −976.5 − (−1252.875 − 267) = 543.375 (as with v = 0.6: the income the
    # NHS loses is what the commissioner saves);
    # profit = (848.25 − 198 − 220) + (573.75 − 247.5 − 275) = 481.5.
    y2 = years.loc[2]
    assert y2["price_index"] == pytest.approx(3897 / 3000)
    assert y2["stranded_fixed_cost"] == pytest.approx(111.375)
    assert y2["nhs_surplus"] == pytest.approx(-1252.875)
    assert y2["cut_share"] == pytest.approx(1252.875 / 2640)
    assert y2["bidder_profit"] == pytest.approx(481.5)
    assert y2["public_spending_change"] == pytest.approx(543.375)
    # Year 3: cluster 1 P = 1498.5 × (2640 − 1252.875) ÷ 1498.5 × 0.9 = 1248.4125,
    # cluster 2 P = 810; costs 484, 2904, 605. Re-let: R p1 = 624.20625 + 108.9, π̂ p1 =
    # 733.10625 − 217.8 − 242 = 273.30625 ✓; p2 = 624.20625 + 653.4 − 1306.8 − 1452 ✗;
    # p3 = 405 + 136.125 − 272.25 − 302.5 = −33.625 ✗.
    # S = 0.4 × 0.75³ × 0.5 × 484 = 40.8375; surplus = (1248.4125 − 2904) + (810 − 605)
    # + 0 (v = 1) − 40.8375 = −1491.425, cut from the residue's 3509: 745.7125 a head;
    # before = 3306.825 − 3993 = −686.175; commissioner = 733.10625 − 1248.4125 =
    # −515.30625; public = −515.30625 − (−1491.425 + 686.175) = 289.94375.
    y3 = years.loc[3]
    assert y3["price_index"] == pytest.approx((2 * 1248.4125 + 810) / 3000)
    assert y3["bidder_profit"] == pytest.approx(273.30625)
    assert y3["stranded_fixed_cost"] == pytest.approx(40.8375)
    assert y3["nhs_surplus"] == pytest.approx(-1491.425)
    assert y3["cut_per_head"] == pytest.approx(745.7125)
    assert y3["cut_share"] == pytest.approx(1491.425 / 3509)
    assert y3["public_spending_change"] == pytest.approx(289.94375)
    assert y3["residue_cost_per_head"] == pytest.approx((2904 + 605) / 2)
    assert y3["residue_payment_per_head"] == pytest.approx((1248.4125 + 810) / 2)
    assert y3["cumulative_surplus"] == pytest.approx(-735 - 1252.875 - 1491.425)


def test_the_published_year_table_hides_what_would_give_a_small_count_back() -> None:
    # 40 people. Year 1 leaves 4 with the NHS (1-7: hidden); in the line 40 = taken +
    # left the taken count must go too, or 40 − 36 = 4 gives it back. Year 2: 20 and 20,
    # shown as they are. Year 3: 17 taken and 23 left, shown rounded to 5: 15 and 25.
    years = YEARS
    document = _year_document(years, publish_it=True)
    published = pd.DataFrame(list(document.table("years").rows))
    first, second, third = (published.iloc[i] for i in range(3))
    # Year 1: both counts hidden, and every figure about them.
    for column in ("taken_patients", "residue_patients", "residue_cost_per_head",
                   "residue_payment_per_head", "nhs_surplus", "cut_per_head", "cut_share",
                   "stranded_fixed_cost", "bidder_profit", "public_spending_change"):  # fmt: skip
        assert is_suppressed(first[column]), column
    # The year's price index is about no count (a public deflator): shown (disc27).
    assert first["price_index"] == 1.0
    assert first["financial_year"] == "2024/25"
    # Years 2 and 3: the counts are published as counts (20 and 20; 17 and 23 shown
    # as 15 and 25); their £ figures and ratios are hidden, since rounded on their own
    # each later year would narrow the same exact totals as year 1 (fixleft: see
    # tests/test_fixleft_years_publish.py).
    assert (second["taken_patients"], second["residue_patients"]) == (20, 20)
    assert (third["taken_patients"], third["residue_patients"]) == (15, 25)
    for row in (second, third):
        for column in ("price_index", "residue_cost_per_head", "residue_payment_per_head",
                       "nhs_surplus", "cut_per_head", "cut_share", "stranded_fixed_cost",
                       "bidder_profit", "public_spending_change"):  # fmt: skip
            assert is_suppressed(row[column]), column
    assert all(is_suppressed(v) for v in published["cumulative_surplus"])
    # Totals over the years: a hidden year hides the total it is in.
    totals = year_rows(document)["totals"]
    assert totals == {
        "nhs_surplus": SUPPRESSED,
        "stranded_fixed_cost": SUPPRESSED,
        "bidder_profit": SUPPRESSED,
        "public_spending_change": SUPPRESSED,
    }
    exact = _year_document(years, publish_it=False)
    assert year_rows(exact)["totals"]["nhs_surplus"] == pytest.approx(-12900.0)


def _year_document(years: pd.DataFrame, *, publish_it: bool) -> Document:
    """The tender layout's year table with everyone (40) as its headline; published
    with NHS Digital's rule when ``publish_it``."""
    meta = RunMetadata(
        pbrkit_version="test", command="pbrkit tender", inputs=[],
        reference=ReferenceInfo(name="r", status="illustrative", title="r"),
        generated_at="2024-12-05T00:00:00+00:00",
    )  # fmt: skip
    everyone = Headline({"service_users": 40.0}, (), json_key=None)
    section = Section("Years", (everyone, years_table(years)))
    document = Document("tender", "t", meta, (section,), {"draws": 1})
    return publish(document, NHSD_HES_2018) if publish_it else document
