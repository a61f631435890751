"""Hand-worked tender examples: every methodology §6 figure computed on paper, then asserted.

All bidders here have perfect information (ρ = 1), so ĉ_i = c_i, there is no noise
and one draw is the whole story. NHS: f = 0.5, s = 0.25 (the defaults), so
f·(1 − s) = 0.375.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, NhsCostStructure, TenderSpec, simulate_tender


def population(rows: list[tuple[str, int, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["patient_id", "cluster", "cost", "income"]).assign(
        days=100.0, admitted_days=0.0
    )


# Eight patients in two clusters. Cluster 1 pays P = £1,000 a patient, cluster 2 £2,000.
FIXED_POPULATION = population(
    [
        ("a1", 1, 400.0, 1000.0),
        ("a2", 1, 700.0, 1000.0),
        ("a3", 1, 1000.0, 1000.0),
        ("a4", 1, 1600.0, 1000.0),
        ("b1", 2, 1000.0, 2000.0),
        ("b2", 2, 1800.0, 2000.0),
        ("b3", 2, 2500.0, 2000.0),
        ("b4", 2, 3700.0, 2000.0),
    ]
)

# B comes first in the sheet, so in a lot both consider, B chooses first.
FIXED_SPEC = TenderSpec(
    bidders=[
        # B: θ = 0.95, hurdle 10%, room for one patient, cluster 2 only.
        Bidder(
            name="B", cost_factor=0.95, info_quality=1, hurdle_margin=0.10, capacity=1, clusters=[2]
        ),
        # A: θ = 0.9, hurdle 5%, no capacity limit, every cluster.
        Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.05),
    ],
    # sheet_order: v1's rule, which this example was worked for (best value is below).
    lots=[
        Lot(name="L1", clusters=[1], allocation="sheet_order"),
        Lot(name="L2", clusters=[2], allocation="sheet_order"),
    ],
    nhs=NhsCostStructure(fixed_cost_share=0.5, shed_rate=0.25),
)


@pytest.fixture(scope="module")
def fixed_result():
    return simulate_tender(FIXED_POPULATION, FIXED_SPEC, draws=1, seed=0)


def test_fixed_tariff_choices(fixed_result):
    # Lot L1 (cluster 1): B does not look at it (cluster 1 is not among its clusters).
    #   A: π̂ = P − 0.9·c must be ≥ 0.05·1000 = 50:
    #     a1: 1000 − 360 = 640 ✓   a2: 1000 − 630 = 370 ✓   a3: 1000 − 900 = 100 ✓
    #     a4: 1000 − 1440 = −440 ✗.  Σπ̂ = 1110 > 0, so A bids and takes a1, a2, a3.
    # Lot L2 (cluster 2): B first. π̂ = 2000 − 0.95·c ≥ 0.10·2000 = 200:
    #     b1: 2000 − 950 = 1050 ✓   b2: 2000 − 1710 = 290 ✓   b3, b4 < 0 ✗
    #   capacity 1: B takes the highest π̂, b1.
    #   A, from b2, b3, b4: π̂ = 2000 − 0.9·c ≥ 100: b2: 2000 − 1620 = 380 ✓; b3: −250,
    #   b4: −1330 ✗. A takes b2.
    taken_by = fixed_result.patients["taken_by"]
    assert [None if pd.isna(v) else v for v in taken_by] == [
        "A",
        "A",
        "A",
        None,
        "B",
        "A",
        None,
        None,
    ]
    lots = fixed_result.patients["lot"]
    assert [None if pd.isna(v) else v for v in lots] == [
        "L1",
        "L1",
        "L1",
        None,
        "L2",
        "L2",
        None,
        None,
    ]
    # At the tariff R_i = P_i.
    assert fixed_result.patients["payment"].tolist() == [
        1000.0,
        1000.0,
        1000.0,
        0.0,
        2000.0,
        2000.0,
        0.0,
        0.0,
    ]


def test_fixed_tariff_overall_figures(fixed_result):
    # Everyone: ΣP = 4·1000 + 4·2000 = 12,000; Σc = 3,700 + 9,000 = 12,700 (8 people).
    # Taken T = {a1, a2, a3, b1, b2}: ΣP = 7,000; Σc = 400 + 700 + 1000 + 1000 + 1800 = 4,900.
    # Residue N = {a4, b3, b4}: ΣP = 5,000; Σc = 1600 + 2500 + 3700 = 7,800.
    r = fixed_result.residue
    assert r["residue_cost_gap"] == pytest.approx(2800.0)  # 7,800 − 5,000
    assert r["lost_contribution"] == pytest.approx(4550.0)  # 7,000 − 0.5 × 4,900
    assert r["stranded_fixed_cost"] == pytest.approx(1837.5)  # 0.375 × 4,900
    assert r["nhs_surplus_before"] == pytest.approx(-700.0)  # 12,000 − 12,700
    assert r["nhs_surplus_after"] == pytest.approx(-4637.5)  # (5,000 − 7,800) − 1,837.5
    assert r["nhs_surplus_change"] == pytest.approx(-3937.5)  # −4,637.5 − (−700)
    # (7,800 / 3) ÷ (12,700 / 8) = 2,600 ÷ 1,587.5
    assert r["casemix_index"] == pytest.approx(2600 / 1587.5)
    assert r["payments_to_bidders"] == pytest.approx(7000.0)  # R = P at the tariff
    # A: R = 3·1000 + 2000 = 5,000, θc = 0.9 × (400 + 700 + 1000 + 1800) = 3,510 → 1,490
    # B: R = 2,000, θc = 0.95 × 1,000 = 950 → 1,050.  Total 2,540.
    assert r["bidder_profit"] == pytest.approx(2540.0)
    assert r["differential_payment"] == pytest.approx(2100.0)  # 7,000 − 4,900
    assert r["taken_patients"] == 5
    assert r["residue_patients"] == 3
    assert fixed_result.residue_ranges == {}  # one draw: no ranges


def test_fixed_tariff_by_bidder(fixed_result):
    by = fixed_result.by_bidder.set_index("bidder")
    # A: 4 patients, Σc = 3,900, ΣP = R = 5,000.
    assert by.loc["A", "taken_patients"] == 4
    assert by.loc["A", "taken_cost"] == pytest.approx(3900.0)
    assert by.loc["A", "payments_to_bidders"] == pytest.approx(5000.0)
    assert by.loc["A", "bidder_profit"] == pytest.approx(1490.0)
    assert by.loc["A", "differential_payment"] == pytest.approx(1100.0)  # 5,000 − 3,900
    assert by.loc["A", "lost_contribution"] == pytest.approx(3050.0)  # 5,000 − 0.5 × 3,900
    assert by.loc["A", "stranded_fixed_cost"] == pytest.approx(1462.5)  # 0.375 × 3,900
    # B: 1 patient (b1), c = 1,000, P = R = 2,000.
    assert by.loc["B", "taken_patients"] == 1
    assert by.loc["B", "bidder_profit"] == pytest.approx(1050.0)
    assert by.loc["B", "differential_payment"] == pytest.approx(1000.0)
    assert by.loc["B", "lost_contribution"] == pytest.approx(1500.0)  # 2,000 − 500
    assert by.loc["B", "stranded_fixed_cost"] == pytest.approx(375.0)


def test_fixed_tariff_by_cluster(fixed_result):
    by = fixed_result.by_cluster.set_index("cluster")
    # Cluster 1: all ΣP 4,000, Σc 3,700; T (a1-a3) ΣP 3,000, Σc 2,100; N (a4) 1,000 / 1,600.
    c1 = by.loc[1]
    assert c1["residue_cost_gap"] == pytest.approx(600.0)
    assert c1["lost_contribution"] == pytest.approx(1950.0)  # 3,000 − 1,050
    assert c1["stranded_fixed_cost"] == pytest.approx(787.5)  # 0.375 × 2,100
    assert c1["nhs_surplus_before"] == pytest.approx(300.0)
    assert c1["nhs_surplus_after"] == pytest.approx(-1387.5)  # −600 − 787.5
    assert c1["nhs_surplus_change"] == pytest.approx(-1687.5)
    assert c1["casemix_index"] == pytest.approx(1600 / 925)  # 1,600 ÷ (3,700 / 4)
    assert c1["payments_to_bidders"] == pytest.approx(3000.0)
    assert c1["bidder_profit"] == pytest.approx(1110.0)  # 3,000 − 0.9 × 2,100
    assert c1["differential_payment"] == pytest.approx(900.0)
    assert (c1["taken_patients"], c1["residue_patients"]) == (3, 1)
    # Cluster 2: all ΣP 8,000, Σc 9,000; T (b1, b2) 4,000 / 2,800; N (b3, b4) 4,000 / 6,200.
    c2 = by.loc[2]
    assert c2["residue_cost_gap"] == pytest.approx(2200.0)
    assert c2["lost_contribution"] == pytest.approx(2600.0)  # 4,000 − 1,400
    assert c2["stranded_fixed_cost"] == pytest.approx(1050.0)  # 0.375 × 2,800
    assert c2["nhs_surplus_before"] == pytest.approx(-1000.0)
    assert c2["nhs_surplus_after"] == pytest.approx(-3250.0)  # −2,200 − 1,050
    assert c2["nhs_surplus_change"] == pytest.approx(-2250.0)
    assert c2["casemix_index"] == pytest.approx(3100 / 2250)  # (6,200 / 2) ÷ (9,000 / 4)
    assert c2["payments_to_bidders"] == pytest.approx(4000.0)
    assert c2["bidder_profit"] == pytest.approx(1430.0)  # 4,000 − (0.9 × 1,800 + 0.95 × 1,000)
    assert c2["differential_payment"] == pytest.approx(1200.0)
    assert (c2["taken_patients"], c2["residue_patients"]) == (2, 2)
    assert by["patients"].tolist() == [4, 4]


def test_fixed_tariff_by_lot_and_bidder_cluster(fixed_result):
    by_lot = fixed_result.by_lot
    assert by_lot[["lot", "bidder", "taken_patients"]].values.tolist() == [
        ["L1", "A", 3],  # B does not consider L1
        ["L2", "B", 1],
        ["L2", "A", 1],
    ]
    assert by_lot["won_share"].tolist() == [1.0, 1.0, 1.0]
    assert by_lot["price_factor"].isna().all()  # fixed tariff: no price offered
    bc = fixed_result.by_bidder_cluster.set_index(["bidder", "cluster"])
    assert bc.loc[("A", 1), "taken_patients"] == 3
    assert bc.loc[("A", 2), "taken_cost"] == pytest.approx(1800.0)
    assert bc.loc[("B", 1), "taken_patients"] == 0


# Competitive lot: cluster 3, four patients at P = £1,000 each.
COMPETITIVE_POPULATION = population(
    [
        ("c1", 3, 200.0, 1000.0),
        ("c2", 3, 500.0, 1000.0),
        ("c3", 3, 800.0, 1000.0),
        ("c4", 3, 1500.0, 1000.0),
    ]
)


def competitive_spec(x_quality: float) -> TenderSpec:
    return TenderSpec(
        bidders=[
            Bidder(
                name="X",
                cost_factor=1.0,
                info_quality=1,
                hurdle_margin=0.10,
                quality_score=x_quality,
            ),
            Bidder(
                name="Y",
                cost_factor=0.8,
                info_quality=1,
                hurdle_margin=0.05,
                screening=False,
                quality_score=0.5,
            ),
        ],
        lots=[
            Lot(name="L", clusters=[3], award="competitive", price_weight=0.4, pricing="own_bid")
        ],
    )


def test_competitive_award_price_and_quality():
    # X screens: π̂ = 1000 − c ≥ 100 → c1 (800), c2 (500), c3 (200) ✓; c4 (−500) ✗.
    #   m_X = min(1, 1.10 × Σθĉ ÷ ΣP) = 1.10 × 1,500 ÷ 3,000 = 0.55.
    # Y cannot screen: the whole lot. π̂ = 1000 − 0.8c = 840 + 600 + 360 − 200 = 1,600
    #   ≥ 0.05 × 4,000 = 200, so it bids. m_Y = 1.05 × (0.8 × 3,000) ÷ 4,000 = 0.63.
    # Scores (lowest m = 0.55, price weight 0.4):
    #   X: 0.4 × 0.55/0.55 + 0.6 × 0.9 = 0.94
    #   Y: 0.4 × 0.55/0.63 + 0.6 × 0.5 ≈ 0.649.   X wins: c1-c3 at R = 0.55 × 1,000 = 550.
    result = simulate_tender(COMPETITIVE_POPULATION, competitive_spec(0.9))
    r = result.residue
    # T: Σc 1,500, ΣP 3,000, ΣR 1,650; N = {c4}: c 1,500, P 1,000. Everyone: ΣP 4,000, Σc 3,000.
    assert r["residue_cost_gap"] == pytest.approx(500.0)
    assert r["lost_contribution"] == pytest.approx(2250.0)  # 3,000 − 0.5 × 1,500
    assert r["stranded_fixed_cost"] == pytest.approx(562.5)  # 0.375 × 1,500
    assert r["nhs_surplus_before"] == pytest.approx(1000.0)
    assert r["nhs_surplus_after"] == pytest.approx(-1062.5)  # −500 − 562.5
    assert r["nhs_surplus_change"] == pytest.approx(-2062.5)
    assert r["casemix_index"] == pytest.approx(2.0)  # 1,500 ÷ (3,000 / 4)
    assert r["payments_to_bidders"] == pytest.approx(1650.0)
    assert r["bidder_profit"] == pytest.approx(150.0)  # 1,650 − 1.0 × 1,500
    assert r["differential_payment"] == pytest.approx(150.0)
    assert (r["taken_patients"], r["residue_patients"]) == (3, 1)
    assert result.patients["payment"].tolist() == pytest.approx([550.0, 550.0, 550.0, 0.0])
    by_lot = result.by_lot.set_index("bidder")
    assert by_lot.loc["X", "price_factor"] == pytest.approx(0.55)
    assert by_lot.loc["Y", "price_factor"] == pytest.approx(0.63)
    assert by_lot["won_share"].tolist() == [1.0, 0.0]


def test_competitive_award_quality_can_outweigh_price():
    # X's quality falls to 0.2: X scores 0.4 + 0.6 × 0.2 = 0.52 < Y's 0.649, so Y takes
    # the whole lot at m = 0.63: ΣR = 0.63 × 4,000 = 2,520.
    r = simulate_tender(COMPETITIVE_POPULATION, competitive_spec(0.2)).residue
    assert r["payments_to_bidders"] == pytest.approx(2520.0)
    assert r["bidder_profit"] == pytest.approx(120.0)  # 2,520 − 0.8 × 3,000
    assert r["differential_payment"] == pytest.approx(-480.0)  # 2,520 − 3,000
    assert r["residue_cost_gap"] == 0.0
    assert r["residue_patients"] == 0
    assert math.isnan(r["casemix_index"])  # no residue: undefined
    assert r["stranded_fixed_cost"] == pytest.approx(1125.0)  # 0.375 × 3,000


def test_cost_sharing_pays_part_of_the_bidders_cost():
    # One patient, P = 1,000, c = 600; θ = 0.5, λ = 0.5.
    # π̂ = (1 − λ)(P − θc) = 0.5 × (1,000 − 300) = 350 ≥ 0.05 × 1,000 ✓.
    # R = (1 − λ)P + λθc = 500 + 0.5 × 300 = 650; profit = 650 − 300 = 350.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.5, info_quality=1)],
        lots=[Lot(name="L", clusters=[4], cost_sharing=0.5)],
    )
    result = simulate_tender(population([("p", 4, 600.0, 1000.0)]), spec)
    assert result.residue["payments_to_bidders"] == pytest.approx(650.0)
    assert result.residue["bidder_profit"] == pytest.approx(350.0)
    assert result.residue["differential_payment"] == pytest.approx(50.0)
    assert result.patients["payment"].tolist() == pytest.approx([650.0])


def test_accept_all_is_whole_lot_or_nothing():
    # The fixed-tariff population's cluster 2 as an accept-all lot for A (θ = 0.9, h = 0.05):
    # Σπ̂ = 4 × 2,000 − 0.9 × 9,000 = −100 → no bid, everyone stays with the NHS.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9, info_quality=1)],
        lots=[Lot(name="L2", clusters=[2], accept_all=True)],
    )
    assert simulate_tender(FIXED_POPULATION, spec).residue["taken_patients"] == 0
    # At θ = 0.8: Σπ̂ = 8,000 − 7,200 = 800 ≥ 0.05 × 8,000 = 400 → the whole lot.
    cheaper = spec.model_copy(
        update={"bidders": (Bidder(name="A", cost_factor=0.8, info_quality=1),)}
    )
    result = simulate_tender(FIXED_POPULATION, cheaper)
    assert result.residue["taken_patients"] == 4
    assert result.by_cluster.set_index("cluster").loc[1, "casemix_index"] == 1.0
    # Capacity below the lot's size: it cannot accept all, so it does not bid.
    small = Bidder(name="A", cost_factor=0.8, info_quality=1, capacity=3)
    capped = spec.model_copy(update={"bidders": (small,)})
    assert simulate_tender(FIXED_POPULATION, capped).residue["taken_patients"] == 0


def test_risk_aversion_with_perfect_information_changes_nothing():
    # ρ = 1: the bidder knows every cost, SD = 0, so risk aversion cannot matter.
    averse = FIXED_SPEC.model_copy(
        update={
            "bidders": tuple(
                b.model_copy(update={"risk_aversion": 5.0}) for b in FIXED_SPEC.bidders
            )
        }
    )
    assert (
        simulate_tender(FIXED_POPULATION, averse).residue
        == simulate_tender(FIXED_POPULATION, FIXED_SPEC).residue
    )
