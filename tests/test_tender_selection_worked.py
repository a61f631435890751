"""Hand-worked checks of how a bidder sees patients and picks them (methodology §6.3).

Each rule of :mod:`pbrkit.tender.selection` at its boundaries: the log-cost fit (a £0
patient, a one-person cluster, a cluster with no cost), the prediction E[c | s] for
0 < ρ < 1, the terms of a lot, the hurdle met exactly, capacity exactly full, ties
broken by the bidder's noise, and the risk-averse bid test. Arithmetic in the comments.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from pbrkit.tender import Bidder, Lot
from pbrkit.tender.selection import (
    LotPatients,
    Terms,
    choose_patients,
    fit_log_costs,
    predict_costs,
)


def _lot(cost: list[float], income: list[float], cluster: list[int] | None = None) -> LotPatients:
    c = np.array(cost)
    fit = fit_log_costs(c, cluster if cluster is not None else [1] * len(cost))
    return LotPatients.select(np.arange(len(cost)), c, np.array(income), fit)


def test_log_costs_are_fitted_per_cluster() -> None:
    # Cluster 1: £0, e¹, e³. The £0 counts as the cheapest positive cost, e¹, so the logs
    # are 1, 1, 3: μ = 5/3; σ (population SD) = √(((2/3)² + (2/3)² + (4/3)²) ÷ 3)
    # = √(24/27) = √(8/9) = 0.942809; z = (1 − 5/3) ÷ σ = −0.707107, (3 − 5/3) ÷ σ = 1.414214.
    # Cluster 2: one person at £5: μ = ln 5, σ = 0, z = 0. Cluster 3: nobody costs
    # anything: μ = −∞, σ = 0, z = 0.
    cost = np.array([0.0, math.e, math.e**3, 5.0, 0.0, 0.0])
    fit = fit_log_costs(cost, [1, 1, 1, 2, 3, 3])
    sigma = math.sqrt(8 / 9)
    # A cost under £1 is a cost like any other: £0.50 and £2 have logs ln 0.5 and ln 2,
    # μ = 0, σ = ln 2, z = ∓1.
    small = fit_log_costs(np.array([0.5, 2.0]), [1, 1])
    assert small.mu == pytest.approx([0.0, 0.0], abs=1e-12)
    assert small.sigma == pytest.approx([math.log(2)] * 2)
    assert small.z == pytest.approx([-1.0, 1.0])
    assert fit.mu[:4] == pytest.approx([5 / 3, 5 / 3, 5 / 3, math.log(5)])
    assert fit.mu[4] == -math.inf and fit.mu[5] == -math.inf
    assert fit.sigma == pytest.approx([sigma, sigma, sigma, 0.0, 0.0, 0.0])
    assert fit.z == pytest.approx([-2 / 3 / sigma, -2 / 3 / sigma, 4 / 3 / sigma, 0, 0, 0])


def test_prediction_is_the_conditional_lognormal_mean() -> None:
    # μ = 1, σ = 0.5, z = 1 (one patient). ρ = 0.6, so √(1 − ρ²) = 0.8.
    # ε = 0.5: s = 0.6·1 + 0.8·0.5 = 1.0; ĉ = exp(μ + σρs + σ²(1 − ρ²)/2)
    #   = exp(1 + 0.3 + 0.25·0.64/2) = exp(1.38).
    # ε = −1: s = 0.6 − 0.8 = −0.2; ĉ = exp(1 − 0.06 + 0.08) = exp(1.02).
    # A second patient with z = 2: ε = 0.5 gives s = 1.2 + 0.4 = 1.6, ĉ = exp(1 + 0.48
    # + 0.08) = exp(1.56); ε = −1 gives s = 0.4, ĉ = exp(1 + 0.12 + 0.08) = exp(1.2).
    lot = LotPatients(
        index=np.array([0, 1]),
        block=slice(0, 2),
        cost=np.array([7.0, 9.0]),
        income=np.array([10.0, 10.0]),
        mu=np.array([1.0, 1.0]),
        sigma=np.array([0.5, 0.5]),
        z=np.array([1.0, 2.0]),
    )
    got = predict_costs(lot, 0.6, np.array([[0.5, 0.5], [-1.0, -1.0]]))
    assert got[:, 0] == pytest.approx([math.exp(1.38), math.exp(1.02)])
    assert got[:, 1] == pytest.approx([math.exp(1.56), math.exp(1.2)])
    # ρ = 0: the cluster's lognormal mean exp(μ + σ²/2) = exp(1.125), whatever ε.
    assert predict_costs(lot, 0.0, np.array([[3.0]]))[0, 0] == pytest.approx(math.exp(1.125))
    # ρ = 1: the true cost itself.
    assert predict_costs(lot, 1.0, None)[0, 0] == 7.0


def test_terms_of_a_lot() -> None:
    # θ = 0.8, r = 0.25: the bidder's cost per £ of NHS cost θ(1 − r) = 0.6.
    # Fixed tariff, λ = 0.3, recharging: own = (1 − λ)·0.6 + r = 0.42 + 0.25 = 0.67.
    # Without the recharge: 0.42. Competitive (λ does not apply): 0.6 + 0.25 = 0.85.
    bidder = Bidder(name="B", cost_factor=0.8, recharge=True)
    fixed = Lot(name="F", clusters=[1], cost_sharing=0.3)
    terms = Terms.of(bidder, fixed, 0.25)
    assert (terms.tariff_share, terms.own, terms.bidder_cost) == pytest.approx((0.7, 0.67, 0.6))
    plain = Terms.of(bidder.model_copy(update={"recharge": False}), fixed, 0.25)
    assert plain.own == pytest.approx(0.42)
    competitive = Lot(name="C", clusters=[1], award="competitive", cost_sharing=0.3)
    terms = Terms.of(bidder, competitive, 0.25)
    assert (terms.tariff_share, terms.own) == pytest.approx((1.0, 0.85))


def _choose(
    lot: LotPatients, bidder: Bidder, capacity: int, *, accept_all: bool = False, cut: bool = True
) -> tuple[list[bool], bool, float]:
    choice = choose_patients(
        lot,
        np.ones((1, lot.size), dtype=np.bool_),
        predict_costs(lot, bidder.info_quality, None),
        None,
        bidder,
        Lot(name="L", clusters=[1], accept_all=accept_all),
        np.array([capacity]),
        cut=cut,
    )
    return choice.take[0].tolist(), bool(choice.bids[0]), float(choice.expected_profit()[0])


def test_a_hurdle_met_exactly_is_met() -> None:
    # θ = 1, ρ = 1, h = 0.1, P = 100: π̂ = 100 − c. c = 90 gives π̂ = 10 = h·P exactly
    # (taken: π̂ ≥ h·P); c = 90.5 gives 9.5 < 10 (left); c = 120 gives −20 (left).
    lot = _lot([90.0, 90.5, 120.0], [100.0, 100.0, 100.0])
    bidder = Bidder(name="B", cost_factor=1.0, info_quality=1.0, hurdle_margin=0.1)
    take, bids, profit = _choose(lot, bidder, 10)
    assert take == [True, False, False] and bids and profit == pytest.approx(10.0)


def test_a_bidder_that_cannot_screen_takes_losses_and_may_not_bid() -> None:
    # No screening: all three are wanted, Σπ̂ = 10 + 9.5 − 20 = −0.5 ≤ 0, so no bid.
    lot = _lot([90.0, 90.5, 120.0], [100.0, 100.0, 100.0])
    bidder = Bidder(name="B", cost_factor=1.0, info_quality=1.0, screening=False)
    take, bids, profit = _choose(lot, bidder, 10)
    assert take == [True, True, True] and not bids and profit == pytest.approx(-0.5)
    # Σπ̂ exactly 0 is no bid either (the test is Σπ̂ > 0): c = 90, 110 gives 10 − 10.
    take, bids, profit = _choose(_lot([90.0, 110.0], [100.0, 100.0]), bidder, 10)
    assert take == [True, True] and not bids and profit == 0.0


def test_capacity_exactly_full_and_one_short() -> None:
    # π̂ = 40, 30, 20 (c = 60, 70, 80; P = 100; θ = 1, h = 0). Capacity 3 = the three
    # wanted: all taken. Capacity 2: the best two (40 and 30). Without the cut, all three.
    lot = _lot([60.0, 70.0, 80.0], [100.0, 100.0, 100.0])
    bidder = Bidder(name="B", cost_factor=1.0, info_quality=1.0, hurdle_margin=0.0)
    assert _choose(lot, bidder, 3)[0] == [True, True, True]
    take, bids, profit = _choose(lot, bidder, 2)
    assert take == [True, True, False] and bids and profit == pytest.approx(70.0)
    assert _choose(lot, bidder, 2, cut=False)[0] == [True, True, True]
    assert _choose(lot, bidder, 1)[0] == [True, False, False]
    # Capacity 0: nothing is taken, and a bidder with nothing to take does not bid.
    take, bids, _ = _choose(lot, bidder, 0)
    assert take == [False, False, False] and not bids


def test_an_accept_all_duty_needs_room_for_the_whole_lot() -> None:
    # The whole lot (3 people, Σπ̂ = 90) or nothing: capacity 3 is exactly enough to bid,
    # capacity 2 is not.
    lot = _lot([60.0, 70.0, 80.0], [100.0, 100.0, 100.0])
    bidder = Bidder(name="B", cost_factor=1.0, info_quality=1.0, hurdle_margin=0.5)
    take, bids, profit = _choose(lot, bidder, 3, accept_all=True)
    assert take == [True, True, True] and bids and profit == pytest.approx(90.0)
    assert not _choose(lot, bidder, 2, accept_all=True)[1]


def test_ties_at_the_capacity_are_broken_by_the_bidders_noise() -> None:
    # ρ = 0: every patient in the cluster has the same ĉ, so the same π̂; capacity 2 of
    # 4. With noise ε = 0.2, 0.5, −1, 0.3 the two lowest ε (patients 3 and 1) are taken;
    # without noise, the first two.
    lot = _lot([10.0, 20.0, 30.0, 40.0], [1000.0] * 4)
    bidder = Bidder(name="B", cost_factor=1.0, info_quality=0.0, hurdle_margin=0.0)
    predicted = predict_costs(lot, 0.0, None)
    args = (bidder, Lot(name="L", clusters=[1]), np.array([2]))
    available = np.ones((1, 4), dtype=np.bool_)
    eps = np.array([[0.2, 0.5, -1.0, 0.3]])
    noisy = choose_patients(lot, available, predicted, eps, *args)
    assert noisy.take[0].tolist() == [True, False, True, False]
    plain = choose_patients(lot, available, predicted, None, *args)
    assert plain.take[0].tolist() == [True, True, False, False]
    # A better patient above the tie is always taken; the tie fills the one place left.
    lot = _lot([10.0, 20.0, 30.0, 40.0], [1000.0, 1000.0, 1000.0, 5000.0])
    predicted = predict_costs(lot, 0.0, None)
    noisy = choose_patients(lot, available, predicted, eps, *args)
    assert noisy.take[0].tolist() == [False, False, True, True]


def test_risk_aversion_subtracts_the_profit_sd() -> None:
    # Two patients in one cluster, c = e¹ and e³ (logs 1 and 3: μ = 2, σ = 1, z = ∓1),
    # P = 40 each, θ = 1, r = 0, ρ = 0.6, ε = 0 for both. ĉ = exp(μ + σρ²z + σ²(1 −
    # ρ²)/2) = exp(2 ∓ 0.36 + 0.32) = exp(1.96) = 7.0993 and exp(2.68) = 14.5851.
    # π̂ = 40 − ĉ = 32.9007 and 25.4149 (Σ 58.3156). SD = own·√(Σ ĉ²·(exp(σ²(1 − ρ²)) −
    # 1)) = √((50.4004 + 212.7252)·(e^0.64 − 1)) = √(263.1256·0.896481) = 15.3585.
    # a = 3: 58.3156 − 46.0756 = 12.24 > 0, bids. a = 4: 58.3156 − 61.434 < 0, does not.
    lot = _lot([math.e, math.e**3], [40.0, 40.0])
    eps = np.zeros((1, 2))
    predicted = predict_costs(lot, 0.6, eps)
    assert predicted[0] == pytest.approx([math.exp(1.96), math.exp(2.68)])
    sd = math.sqrt((math.exp(3.92) + math.exp(5.36)) * math.expm1(0.64))
    profit = 80 - math.exp(1.96) - math.exp(2.68)
    for aversion, bids in ((3.0, True), (4.0, False), (profit / sd - 1e-9, True)):
        bidder = Bidder(
            name="B", cost_factor=1.0, info_quality=0.6, hurdle_margin=0.0, risk_aversion=aversion
        )
        choice = choose_patients(
            lot, np.ones((1, 2), dtype=np.bool_), predicted, eps, bidder,
            Lot(name="L", clusters=[1]), np.array([5]),
        )  # fmt: skip
        assert bool(choice.bids[0]) is bids, aversion
        assert choice.expected_profit()[0] == pytest.approx(profit)


def test_each_draw_counts_its_own_patients() -> None:
    # Two draws, capacity 2 in each. In draw 1 all three patients are still with the
    # NHS; in draw 2 only the first. π̂ = 40, 30, 20 (c = 60, 70, 80; P = 100; θ = 1).
    # Accept-all: draw 1 has 3 > 2, no bid; draw 2 has 1 ≤ 2 and bids (Σπ̂ = 40).
    # Counting both draws together (4 people) would refuse draw 2 as well.
    # Screening: draw 1 wants 3 > 2 and is cut to the best two; draw 2 keeps its one.
    lot = _lot([60.0, 70.0, 80.0], [100.0, 100.0, 100.0])
    bidder = Bidder(name="B", cost_factor=1.0, info_quality=1.0, hurdle_margin=0.0)
    # Capacity 0 in one draw and 2 in the other, all three wanted in both: the first
    # draw takes no one (and does not bid), the second its best two.
    both = np.ones((2, 3), dtype=np.bool_)
    choice = choose_patients(
        lot, both, predict_costs(lot, 1.0, None), None, bidder, Lot(name="L", clusters=[1]),
        np.array([0, 2]),
    )  # fmt: skip
    assert choice.take.tolist() == [[False, False, False], [True, True, False]]
    assert choice.bids.tolist() == [False, True]
    available = np.array([[True, True, True], [True, False, False]])
    predicted = predict_costs(lot, 1.0, None)
    for accept_all, take, bids in (
        (True, [[True, True, True], [True, False, False]], [False, True]),
        (False, [[True, True, False], [True, False, False]], [True, True]),
    ):
        choice = choose_patients(
            lot, available, predicted, None, bidder,
            Lot(name="L", clusters=[1], accept_all=accept_all), np.array([2, 2]),
        )  # fmt: skip
        assert choice.take.tolist() == take, accept_all
        assert choice.bids.tolist() == bids, accept_all
        assert choice.expected_profit() == pytest.approx([90.0, 40.0] if accept_all else [70, 40])


def test_a_lots_columns_are_its_own_patients() -> None:
    # Patients 1-3 (contiguous: read as a slice), 0 and 2 (not contiguous: by index),
    # and none at all (a lot whose clusters have no one).
    cost = np.array([10.0, 20.0, 30.0, 40.0])
    fit = fit_log_costs(cost, [1, 1, 1, 1])
    table = np.arange(8.0).reshape(2, 4)
    run = LotPatients.select(np.array([1, 2, 3]), cost, cost, fit)
    assert run.block == slice(1, 4) and run.columns(table).tolist() == [[1, 2, 3], [5, 6, 7]]
    gap = LotPatients.select(np.array([0, 2]), cost, cost, fit)
    assert gap.block is None and gap.columns(table).tolist() == [[0, 2], [4, 6]]
    assert gap.cost.tolist() == [10.0, 30.0]
    empty = LotPatients.select(np.empty(0, dtype=np.int64), cost, cost, fit)
    assert empty.size == 0 and empty.block is None and empty.columns(table).shape == (2, 0)
