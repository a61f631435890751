"""Hand-worked examples of the tender v2 rules (methodology §6): arithmetic in comments.

Bidders have perfect information (ρ = 1, so ĉ_i = c_i) unless a test says otherwise,
so one draw is the whole story. Each test is built so that a plausible wrong rule
(sheet order instead of best value, an own-basket price comparison, a hurdle compared
with the wrong thing, a capacity off by one, the risk term's sign) changes its answer.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pbrkit.tender import Bidder, CostPool, Lot, NhsCostStructure, TenderSpec, simulate_tender
from pbrkit.tender.population import admitted_days_following_cost, cost_below_bed_days


def population(rows: list[tuple[str, int, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["patient_id", "cluster", "cost", "income"]).assign(
        days=100.0, admitted_days=0.0
    )


def holders(result) -> list[str | None]:
    return [None if pd.isna(v) else str(v) for v in result.patients["taken_by"]]


# Cluster 1 pays P = £1,000 a patient, cluster 2 £2,000.
EIGHT = population(
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


def eight_spec(a_capacity: int | None = None) -> TenderSpec:
    return TenderSpec(
        bidders=[
            Bidder(
                name="B",
                cost_factor=0.95,
                info_quality=1,
                hurdle_margin=0.10,
                capacity=1,
                clusters=[2],
            ),
            Bidder(
                name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.05, capacity=a_capacity
            ),
        ],
        lots=[Lot(name="L1", clusters=[1]), Lot(name="L2", clusters=[2])],
    )


# Wanted pairs (π̂ = P − θ·c ≥ h·P):
#   A in L1: a1 1000 − 360 = 640, a2 1000 − 630 = 370, a3 1000 − 900 = 100 (≥ 50);
#            a4 −440 ✗.
#   A in L2: b1 2000 − 900 = 1100, b2 2000 − 1620 = 380 (≥ 100); b3 −250 ✗.
#   B in L2: b1 2000 − 950 = 1050, b2 2000 − 1710 = 290 (≥ 200); b3, b4 < 0 ✗.
# In descending π̂: A-b1 1100, B-b1 1050, A-a1 640, A-b2 380, A-a2 370, B-b2 290, A-a3 100.


def test_best_value_gives_each_patient_to_the_highest_predicted_profit() -> None:
    # Unlimited A: A-b1 (B-b1 then finds b1 gone), A-a1, A-b2, A-a2, (B-b2: gone), A-a3.
    # Sheet order would have let B, first in the sheet, take b1.
    result = simulate_tender(EIGHT, eight_spec(), seed=0)
    assert holders(result) == ["A", "A", "A", None, "A", "A", None, None]


def test_best_value_capacity_exactly_full() -> None:
    # A has room for 4: A-b1 (1), A-a1 (2), A-b2 (3), A-a2 (4 = exactly full), then A-a3
    # finds A full: a3 stays with the NHS. An off-by-one would hand A a fifth patient.
    result = simulate_tender(EIGHT, eight_spec(a_capacity=4), seed=0)
    assert holders(result) == ["A", "A", None, None, "A", "A", None, None]
    by_bidder = result.by_bidder.set_index("bidder")
    assert by_bidder.loc["A", "taken_patients"] == 4


def test_best_value_a_full_bidder_leaves_the_next_pair_to_another() -> None:
    # A has room for 1: A-b1 fills it. B-b1: gone. A-a1, A-b2, A-a2: A is full.
    # B-b2 (290): b2 is free and B has room, so B takes it. A-a3: A full.
    result = simulate_tender(EIGHT, eight_spec(a_capacity=1), seed=0)
    assert holders(result) == [None, None, None, None, "A", "B", None, None]


def test_sheet_order_reproduces_v1() -> None:
    spec = eight_spec()
    v1 = spec.model_copy(
        update={
            "lots": tuple(lot.model_copy(update={"allocation": "sheet_order"}) for lot in spec.lots)
        }
    )
    # v1: in L2, B (first in the sheet) takes b1 (its capacity 1); A then takes b2.
    assert holders(simulate_tender(EIGHT, v1, seed=0)) == [
        "A",
        "A",
        "A",
        None,
        "B",
        "A",
        None,
        None,
    ]


def test_a_tie_in_predicted_profit_goes_to_the_earlier_name_then_the_lower_id() -> None:
    # Two identical bidders: every π̂ ties. "Alpha" comes before "Zed" by name, whatever
    # the sheet order; with room for one, Alpha takes the best patient (x1, π̂ = 1000 − 500
    # = 500); x2 and x3 tie at π̂ = 1000 − 800 = 200, and go to Zed by patient id first:
    # Zed, room for 1, takes x2 (the lower id); x3 stays.
    people = population(
        [("x3", 1, 800.0, 1000.0), ("x2", 1, 800.0, 1000.0), ("x1", 1, 500.0, 1000.0)]
    )
    same = {"cost_factor": 1.0, "info_quality": 1, "hurdle_margin": 0.0, "capacity": 1}
    spec = TenderSpec(
        bidders=[Bidder(name="Zed", **same), Bidder(name="Alpha", **same)],
        lots=[Lot(name="L", clusters=[1])],
    )
    assert holders(simulate_tender(people, spec, seed=0)) == [None, "Zed", "Alpha"]


def test_a_hurdle_met_exactly_is_met() -> None:
    # θ = 1, h = 10%, P = 1000: π̂ = 1000 − 900 = 100 = 0.10 × 1000, so wanted (≥);
    # one penny dearer, π̂ = 99.99 < 100, and not. Comparing with predicted cost
    # (π̂ ≥ h·ĉ) would take both (100 ≥ 90, 99.99 ≥ 90.001).
    people = population([("p1", 1, 900.0, 1000.0), ("p2", 1, 900.01, 1000.0)])
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=1.0, info_quality=1, hurdle_margin=0.10)],
        lots=[Lot(name="L", clusters=[1])],
    )
    assert holders(simulate_tender(people, spec, seed=0)) == ["A", None]


# ------------------------------------------------------------- competitive award

# Cluster 3, four patients at P = £1,000 with c = 500, 700, 900, 1100 (Σ c = 3200).
FOUR = population(
    [
        ("c1", 3, 500.0, 1000.0),
        ("c2", 3, 700.0, 1000.0),
        ("c3", 3, 900.0, 1000.0),
        ("c4", 3, 1100.0, 1000.0),
    ]
)


def competitive(*bidders: Bidder, pricing: str = "second_score") -> TenderSpec:
    return TenderSpec(
        bidders=bidders,
        lots=[Lot(name="L", clusters=[3], award="competitive", price_weight=0.4, pricing=pricing)],
    )


X = Bidder(name="X", cost_factor=0.8, info_quality=1, hurdle_margin=0.05, quality_score=0.5)
Y = Bidder(name="Y", cost_factor=0.9, info_quality=1, hurdle_margin=0.05, quality_score=0.5)

# X wants all four (π̂ = 1000 − 0.8c: 600, 440, 280, 120, all ≥ 50):
#   floor m*_X = 1.05 × 0.8 × 3200 ÷ 4000 = 0.672; K_X = 0.672 × 4000 = 2688.
# Y wants three (π̂ = 1000 − 0.9c: 550, 370, 190 ≥ 50; c4: 10 ✗):
#   floor m*_Y = 1.05 × 0.9 × 2100 ÷ 3000 = 0.6615; K_Y = 0.6615 × 3000 + 1000 = 2984.5.
# Own-basket factors (v1) would make Y the cheaper (0.6615 < 0.672); on the common
# basket X is: score_X = 0.4 × 1 + 0.6 × 0.5 = 0.7, score_Y = 0.4 × 2688 ÷ 2984.5 + 0.3
# = 0.6603. X wins.


def test_competitive_bids_are_compared_on_the_whole_lot() -> None:
    result = simulate_tender(FOUR, competitive(Y, X, pricing="own_bid"), seed=0)
    assert holders(result) == ["X", "X", "X", "X"]
    # own_bid: X is paid its floor, 0.672 × 4000 = 2688.
    assert result.residue["payments_to_bidders"] == pytest.approx(2688.0)


def test_second_score_pays_the_largest_factor_that_still_wins() -> None:
    # With equal quality X wins while K_X(m) = 4000·m ≤ K_Y = 2984.5: m = 0.746125.
    # Payments 0.746125 × 4000 = 2984.5; X's profit 2984.5 − 0.8 × 3200 = 424.5.
    result = simulate_tender(FOUR, competitive(X, Y), seed=0)
    assert holders(result) == ["X", "X", "X", "X"]
    assert result.residue["payments_to_bidders"] == pytest.approx(2984.5, abs=1e-5)
    assert result.residue["bidder_profit"] == pytest.approx(424.5, abs=1e-5)
    factor = result.by_lot.set_index("bidder").loc["X", "price_factor"]
    assert factor == pytest.approx(0.746125, abs=1e-8)


def test_a_sole_competitive_bidder_is_paid_the_tariff() -> None:
    # No rival: the reserve (m = 1) is the price, 4 × 1000 = 4000.
    result = simulate_tender(FOUR, competitive(X), seed=0)
    assert result.residue["payments_to_bidders"] == pytest.approx(4000.0)


def test_quality_can_outweigh_price() -> None:
    # Y with quality 0.9: score_Y = 0.4 × 0.9007 + 0.6 × 0.9 = 0.9003 > score_X = 0.7.
    # Y still wins at m = 1 (K_Y = 4000: 0.4 × 2688 ÷ 4000 + 0.54 = 0.8088 ≥ 0.7), so it
    # is paid the tariff on its three patients; c4 stays with the NHS.
    better = Y.model_copy(update={"quality_score": 0.9})
    result = simulate_tender(FOUR, competitive(X, better), seed=0)
    assert holders(result) == ["Y", "Y", "Y", None]
    assert result.residue["payments_to_bidders"] == pytest.approx(3000.0)


def test_a_small_quality_lead_does_not_outweigh_price() -> None:
    # Y with quality 0.55 against X's 0.5 (price weight 0.4, quality weight 0.6):
    # score_X = 0.4 × 1 + 0.6 × 0.5 = 0.7; score_Y = 0.4 × 2688 ÷ 2984.5 + 0.6 × 0.55
    # = 0.36026 + 0.33 = 0.69026. X wins; a quality weight of 1 + 0.4 (or 2 − 0.4) would
    # give Y 0.36026 + 0.77 = 1.13 > X's 1.1. Second score: while K_X = 4000·m ≤ 2984.5, X
    # keeps 0.7 and Y scores 0.4 × 4000·m ÷ 2984.5 + 0.33, so X wins while
    # m ≤ 0.37 × 2984.5 ÷ 1600 = 0.690165625 (≥ X's floor 0.672): paid 2760.6625.
    better = Y.model_copy(update={"quality_score": 0.55})
    result = simulate_tender(FOUR, competitive(X, better), seed=0)
    assert holders(result) == ["X", "X", "X", "X"]
    assert result.residue["payments_to_bidders"] == pytest.approx(2760.6625, abs=1e-5)


# -------------------------------------------------------------- accept-all duty


def accept_all(*bidders: Bidder) -> TenderSpec:
    return TenderSpec(bidders=bidders, lots=[Lot(name="L", clusters=[1], accept_all=True)])


CLUSTER_ONE = EIGHT.iloc[:4].reset_index(drop=True)


def test_accept_all_goes_to_the_highest_expected_profit() -> None:
    # Σ P = 4000, Σ c = 3700. A (θ 0.9): Σπ̂ = 4000 − 3330 = 670; B (θ 0.8): 4000 − 2960
    # = 1040. B is second in the sheet but takes the lot.
    a = Bidder(name="A", cost_factor=0.9, info_quality=1)
    b = Bidder(name="B", cost_factor=0.8, info_quality=1, capacity=4)
    assert holders(simulate_tender(CLUSTER_ONE, accept_all(a, b), seed=0)) == ["B"] * 4


def test_accept_all_needs_room_for_the_whole_lot() -> None:
    # B with room for 3 < 4 patients does not qualify; A takes the lot.
    a = Bidder(name="A", cost_factor=0.9, info_quality=1)
    b = Bidder(name="B", cost_factor=0.8, info_quality=1, capacity=3)
    assert holders(simulate_tender(CLUSTER_ONE, accept_all(a, b), seed=0)) == ["A"] * 4


# ----------------------------------------------------------------- risk aversion

# Two patients in cluster 1 costing 500 and 1500, P = 1000 each; a bidder with no
# information (ρ = 0) that does not screen. Fitted lognormal: μ = (ln 500 + ln 1500) ÷ 2
# = 6.76391, σ = (ln 1500 − ln 500) ÷ 2 = 0.549306, so ĉ = exp(μ + σ²/2) = 1007.052.
# θ = 0.9: π̂ = 1000 − 906.347 = 93.653 each, Σπ̂ = 187.306.
# SD = θ·√(Σ ĉ²·(exp(σ²) − 1)) = 0.9 × √(2 × 1007.052² × 0.352214) = 760.690.
# Bid test Σπ̂ − a·SD > 0 holds for a < 187.306 ÷ 760.690 = 0.24623.
TWO = population([("r1", 1, 500.0, 1000.0), ("r2", 1, 1500.0, 1000.0)])


@pytest.mark.parametrize(("aversion", "taken"), [(0.0, 2), (0.24, 2), (0.25, 0), (1.0, 0)])
def test_risk_aversion_can_stop_a_bid(aversion: float, taken: int) -> None:
    bidder = Bidder(
        name="A", cost_factor=0.9, info_quality=0, screening=False, risk_aversion=aversion
    )
    spec = TenderSpec(bidders=[bidder], lots=[Lot(name="L", clusters=[1])])
    assert simulate_tender(TWO, spec, seed=0).residue["taken_patients"] == taken


# -------------------------------------------- how the NHS is paid, what stays with it

# p1 (c 400, P 1000) and p2 (c 1600, P 1000), cluster 1. Pools: community 600 variable;
# estates 400 fixed, shed 25%; crisis 1000 fixed, shed 0, serving taken patients.
# r = 1000 ÷ 2000 = 0.5; over the other pools f = 400 ÷ 1000 = 0.4, s = 0.25.
# Blended payment, v = 0.6.
PAIR = population([("p1", 1, 400.0, 1000.0), ("p2", 1, 1600.0, 1000.0)])
POOLS = (
    CostPool(pool="Community", amount=600, kind="variable"),
    CostPool(pool="Estates", amount=400, kind="fixed", shed_rate=0.25),
    CostPool(pool="Crisis", amount=1000, kind="fixed", shed_rate=0, serves_taken=True),
)


def paid_spec(recharge: bool) -> TenderSpec:
    return TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9, info_quality=1, recharge=recharge)],
        lots=[Lot(name="L", clusters=[1])],
        nhs=NhsCostStructure.from_pools(POOLS, payment="blended", variable_share=0.6),
    )


def test_pools_give_r_f_and_s() -> None:
    nhs = paid_spec(True).nhs
    assert (nhs.retained_share, nhs.fixed_cost_share, nhs.shed_rate) == (0.5, 0.4, 0.25)
    assert nhs.income_at_risk == 0.6


def test_payment_and_retained_services_figures_with_recharge() -> None:
    # A's π̂: p1 = 1000 − 0.9 × 0.5 × 400 − 0.5 × 400 (recharge) = 620 ≥ 50 ✓;
    # p2 = 1000 − 720 − 800 = −520 ✗. T = {p1}, N = {p2}; R = 1000, recharge = 200.
    r = simulate_tender(PAIR, paid_spec(True), seed=0).residue
    assert r["residue_cost_gap"] == pytest.approx(600)  # 1600 − 1000
    assert r["lost_contribution"] == pytest.approx(480)  # 0.6 × 1000 − 0.6 × 0.5 × 400
    assert r["stranded_fixed_cost"] == pytest.approx(60)  # 0.4 × 0.75 × 0.5 × 400
    assert r["cost_retained_for_taken"] == pytest.approx(0)  # 0.5 × 400 − 200
    assert r["nhs_income_retained"] == pytest.approx(400)  # 0.4 × 1000
    assert r["nhs_surplus_before"] == pytest.approx(0)  # 2000 − 2000
    # after = (1000 − 1600) + (400 − 200 + 200) − 60 = −260
    assert r["nhs_surplus_after"] == pytest.approx(-260)
    assert r["nhs_surplus_change"] == pytest.approx(-260)
    assert r["payments_to_bidders"] == pytest.approx(1000)
    assert r["bidder_profit"] == pytest.approx(620)  # 1000 − 180 − 200
    assert r["differential_payment"] == pytest.approx(800)  # 1000 − 0.5 × 400
    assert r["commissioner_cost_change"] == pytest.approx(400)  # 1000 − 0.6 × 1000
    assert r["public_spending_change"] == pytest.approx(660)  # 400 − (−260)
    # casemix 1600 ÷ 1000 = 1.6, all of it within the cluster (between = 1000 ÷ 1000).
    assert r["casemix_index"] == pytest.approx(1.6)
    assert r["casemix_between"] == pytest.approx(1.0)
    assert r["casemix_within"] == pytest.approx(1.6)
    assert r["residue_cost_to_payment"] == pytest.approx(1.6)  # 1600 ÷ 1000
    assert r["cost_to_payment_before"] == pytest.approx(1.0)  # 2000 ÷ 2000


def test_without_recharge_the_nhs_carries_the_retained_cost() -> None:
    # Without the recharge p2 pays too: π̂ = 1000 − 0.9 × 0.5 × 1600 = 280 ≥ 50, so
    # T = {p1, p2} (Σ c = 2000, Σ P = 2000) and N is empty.
    # cost kept = 0.5 × 2000 = 1000, unpaid; S = 0.4 × 0.75 × 0.5 × 2000 = 300;
    # after = 0 + (0.4 × 2000 − 1000 + 0) − 300 = −500; profit = 2000 − 0.9 × 1000 = 1100;
    # commissioner = 2000 − 0.6 × 2000 = 800; public = 800 − (−500) = 1300.
    r = simulate_tender(PAIR, paid_spec(False), seed=0).residue
    assert r["taken_patients"] == 2
    assert r["cost_retained_for_taken"] == pytest.approx(1000)
    assert r["stranded_fixed_cost"] == pytest.approx(300)
    assert r["nhs_surplus_after"] == pytest.approx(-500)
    assert r["bidder_profit"] == pytest.approx(1100)
    assert r["public_spending_change"] == pytest.approx(1300)


@pytest.mark.parametrize(
    ("payment", "share", "kept"), [("activity", None, 0.0), ("block", None, 1000.0)]
)
def test_activity_and_block_payment(payment: str, share: float | None, kept: float) -> None:
    # activity: v = 1, the NHS keeps none of p1's £1,000; block: v = 0, it keeps it all.
    spec = paid_spec(True)
    spec = spec.model_copy(
        update={"nhs": NhsCostStructure.from_pools(POOLS, payment=payment, variable_share=share)}
    )
    r = simulate_tender(PAIR, spec, seed=0).residue
    assert r["nhs_income_retained"] == pytest.approx(kept)
    # commissioner: 1000 − v × 1000
    assert r["commissioner_cost_change"] == pytest.approx(1000 - (1000 - kept))


def test_between_and_within_split_the_casemix_index() -> None:
    # Everyone in cluster 2 is left (4 people, mean 2250) and a4 of cluster 1 (1600).
    # Cluster means: 925 and 2250; overall mean (3700 + 9000) ÷ 8 = 1587.5.
    # between = (925 + 4 × 2250) ÷ 5 ÷ 1587.5 = 1.25039; index = (1600 + 9000) ÷ 5
    # ÷ 1587.5 = 1.33543; within = 1.33543 ÷ 1.25039 = 1.06801.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.05)],
        lots=[Lot(name="L1", clusters=[1])],
    )
    r = simulate_tender(EIGHT, spec, seed=0).residue
    assert r["casemix_between"] == pytest.approx(9925 / 5 / 1587.5)
    assert r["casemix_index"] == pytest.approx(10600 / 5 / 1587.5)
    assert r["casemix_within"] == pytest.approx(10600 / 9925)


# ------------------------------------------------------------- admitted days


def test_admitted_days_follow_cost() -> None:
    # One row, three people of 10 days; k = 10, b = 110 (b − k = 100).
    # Excess cost c − k·d: 100 − 100 = 0, 600 − 100 = 500, 1100 − 100 = 1000, so weights
    # min(10, excess ÷ 100) = 0, 5, 10 (Σ 15). A = 10: shares 0, 10 × 5/15, 10 × 10/15.
    cost = np.array([100.0, 600.0, 1100.0])
    row = np.zeros(3, dtype=np.int64)
    days = np.full(3, 10.0)
    k = np.full(3, 10.0)
    a = admitted_days_following_cost(cost, row, days, np.array([10.0]), k, 110.0).days
    assert a == pytest.approx([0.0, 10 / 3, 20 / 3])
    # Costs 100, 1,000, 1,100: weights 0, 9, 10 (Σ 19). A = 19.05: 19.05 × 9/19 = 9.0237
    # and 19.05 × 10/19 = 10.026, over the 10 days, so 10; the 9.05 left go to the
    # uncapped person: 9.05, within what their cost pays for (1,000 ÷ 110 = 9.09).
    # (The old A = 18 on costs 100, 600, 1,100 gave the second person 8 bed days,
    # £880 for a cost of £600: that row's £1,800 is below b·A = £1,980.)
    capped = np.array([100.0, 1000.0, 1100.0])
    a = admitted_days_following_cost(capped, row, days, np.array([19.05]), k, 110.0).days
    assert a == pytest.approx([0.0, 9.05, 10.0])
    # b ≤ k: no excess can be bed days; everyone gets A ÷ N.
    a = admitted_days_following_cost(cost, row, days, np.array([9.0]), k, 10.0).days
    assert a == pytest.approx([3.0, 3.0, 3.0])


def test_admitted_days_without_costs_are_shared_evenly() -> None:
    a = admitted_days_following_cost(
        np.array([1.0, 2.0]), np.array([0, 0]), np.array([5.0, 5.0]), np.array([4.0]), None, None
    ).days
    assert a == pytest.approx([2.0, 2.0])
    assert math.isclose(float(a.sum()), 4.0)


def test_nobody_gets_more_bed_days_than_their_cost_pays_for() -> None:
    # The case that failed (58 people on the shipped example): one row, three people of
    # 10 days, k = 10, b = 110, A = 21.5. Weights min(10, (c − 100) ÷ 100) = 2, 9, 10
    # (Σ 21). The old rule scaled them by 21.5 ÷ 21, capped the third at 10 and gave the
    # 11.5 left in proportion 2 : 9, so the second got 9.409 bed days, £1,035 of bed
    # days for a cost of £1,000. Now each cap is min(d_i, c_i ÷ b) = 30/11, 100/11, 10:
    # the third is capped at 10, the second at 100/11 = 9.0909, and the first gets what
    # is left, 21.5 − 10 − 100/11 = 26.5/11 = 2.4091 (≤ its cap 30/11). Costs unchanged.
    cost = np.array([300.0, 1000.0, 5000.0])
    row = np.zeros(3, dtype=np.int64)
    days = np.full(3, 10.0)
    k = np.full(3, 10.0)
    got = admitted_days_following_cost(cost, row, days, np.array([21.5]), k, 110.0)
    assert got.days == pytest.approx([26.5 / 11, 100 / 11, 10.0])
    assert got.cost == pytest.approx(cost)
    assert math.isclose(float(got.days.sum()), 21.5)
    assert (110.0 * got.days <= cost * (1 + 1e-12)).all()


def test_bed_days_no_cost_can_carry_move_cost_within_the_row() -> None:
    # One row, three people of 10 days, k = 10, b = 110, A = 27, c = 600, 2,000, 5,000.
    # Caps min(10, c ÷ 110) = 60/11, 10, 10: Σ 25.4545 < 27, so the costs as drawn
    # cannot carry the row's bed days. The 27 − 280/11 = 17/11 days left go to the
    # only person with days to spare (the first: 10 − 60/11 = 50/11 left), who then has
    # 7 days and costs b·7 = £770 (£170 more). The £170 comes from the others in
    # proportion to their cost above their own bed days: 2,000 − 1,100 = 900 and
    # 5,000 − 1,100 = 3,900 (Σ 4,800), so −£31.875 and −£138.125.
    # Σ c = 770 + 1,968.125 + 4,861.875 = 7,600, as before.
    cost = np.array([600.0, 2000.0, 5000.0])
    row = np.zeros(3, dtype=np.int64)
    got = admitted_days_following_cost(
        cost, row, np.full(3, 10.0), np.array([27.0]), np.full(3, 10.0), 110.0
    )
    assert got.days == pytest.approx([7.0, 10.0, 10.0])
    assert got.cost == pytest.approx([770.0, 1968.125, 4861.875])
    assert math.isclose(float(got.cost.sum()), 7600.0)
    frame = pd.DataFrame({"admitted_days": got.days, "cost": got.cost})
    assert cost_below_bed_days(frame, 110.0) == 0
    assert cost_below_bed_days(pd.DataFrame({"admitted_days": got.days, "cost": cost}), 110.0) == 1


def test_a_row_cheaper_than_its_bed_days_keeps_its_costs_and_is_counted() -> None:
    # Two people of 10 days costing £100 each, A = 10, b = 110: the row's £200 is below
    # b·A = £1,100, so no split can pay for the bed days. Each still gets 5 days (the
    # caps 100/110 first, then the 8.18 left in proportion to the 9.09 days each has
    # spare), the costs are kept, and both are counted as costing less than their bed days.
    cost = np.array([100.0, 100.0])
    row, days, k = np.zeros(2, dtype=np.int64), np.full(2, 10.0), np.full(2, 10.0)
    got = admitted_days_following_cost(cost, row, days, np.array([10.0]), k, 110.0)
    assert got.days == pytest.approx([5.0, 5.0])
    assert got.cost == pytest.approx(cost)
    frame = pd.DataFrame({"admitted_days": got.days, "cost": got.cost})
    assert cost_below_bed_days(frame, 110.0) == 2
    assert cost_below_bed_days(frame, None) == 0


def test_per_cluster_casemix_is_all_within_the_cluster() -> None:
    # Within one cluster everyone is at that cluster's mean, so casemix_between is 1 and
    # casemix_within is the cluster's casemix index. Cluster 3 has one person (left):
    # its index is 700 ÷ 700 = 1.
    people = pd.concat([EIGHT, population([("z1", 3, 700.0, 1000.0)])], ignore_index=True)
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9, info_quality=1, clusters=[1])],
        lots=[Lot(name="L1", clusters=[1])],
    )
    result = simulate_tender(people, spec, seed=0)
    by_cluster = result.by_cluster.set_index("cluster")
    # Overall: A takes a1-a3; left a4 (1600), b1-b4 (9000), z1 (700), 6 people.
    # At cluster means: 925 + 4 × 2250 + 700 = 10625; overall mean 13400 ÷ 9.
    # between = 10625 ÷ 6 ÷ (13400 ÷ 9) = 1.18937; index = 11300 ÷ 6 ÷ (13400 ÷ 9).
    assert result.residue["casemix_between"] == pytest.approx(10625 / 6 / (13400 / 9))
    assert result.residue["casemix_index"] == pytest.approx(11300 / 6 / (13400 / 9))
    # Cluster 1: a4 (1600) is left; mean over the cluster 925: index 1600 ÷ 925.
    assert by_cluster.loc[1, "casemix_index"] == pytest.approx(1600 / 925)
    assert list(by_cluster["casemix_between"]) == pytest.approx([1.0, 1.0, 1.0])
    assert by_cluster.loc[1, "casemix_within"] == pytest.approx(1600 / 925)
    assert by_cluster.loc[3, "casemix_within"] == pytest.approx(1.0)


def test_every_draw_conserves_people() -> None:
    # With several draws each draw's taken + left is everyone (8), draw by draw.
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9, info_quality=0.5, capacity=3)],
        lots=[Lot(name="L", clusters=[1, 2])],
    )
    draws = simulate_tender(EIGHT, spec, draws=4, seed=3).draws
    assert list(draws["taken_patients"] + draws["residue_patients"]) == [8.0] * 4
    assert (draws["taken_patients"] <= 3).all()
    # between ≤ the dearest cluster's mean ÷ the overall mean = 2250 ÷ 1587.5, every draw.
    assert (draws["casemix_between"] <= 2250 / 1587.5 + 1e-9).all()


@pytest.mark.parametrize("kind", ["competitive", "best_value"])
def test_each_draw_of_a_block_is_the_draw_run_alone(kind: str) -> None:
    # With noisy predictions (ρ = 0.5) the draws differ; every per-draw choice (the
    # lowest K, the top score, capacity) is made within its own
    # draw, so draw k of a four-draw block equals a one-draw run started at draw k.
    noisy = {"info_quality": 0.5}
    if kind == "competitive":
        people = FOUR
        spec = competitive(X.model_copy(update=noisy), Y.model_copy(update=noisy))
    else:
        people = EIGHT
        spec = eight_spec(a_capacity=2)
        spec = spec.model_copy(
            update={"bidders": [b.model_copy(update=noisy) for b in spec.bidders]}
        )
    block = simulate_tender(people, spec, draws=4, seed=5).draws.reset_index(drop=True)
    assert block["taken_patients"].nunique() + block["bidder_profit"].nunique() > 2
    for k in range(4):
        alone = simulate_tender(people, spec, draws=1, seed=5, first_draw=k).draws
        pd.testing.assert_series_equal(
            block.drop(columns="draw").iloc[k],
            alone.drop(columns="draw").reset_index(drop=True).iloc[0],
            check_names=False,
        )
