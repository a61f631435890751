"""The per-head and share guards of :func:`pbrkit.tender.years.project_years`.

Written against the open survivors of `_year` (benchmarks/mutation-tender.md): no years
test had a year in which a bidder takes everyone, a residue costing £0 or under £1, or
a cut shared by two residue people. Arithmetic in the comments.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, NhsCostStructure, TenderSpec, simulate_tender
from pbrkit.tender.years import RELET_KEY, YearOptions, project_years

# A perfectly informed bidder with θ = 0.9; activity payment (v = 1), r = 0, f = s = 0.5.
SPEC = TenderSpec(
    bidders=[Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1)],
    lots=[Lot(name="L", clusters=[1])],
    nhs=NhsCostStructure(fixed_cost_share=0.5, shed_rate=0.5, payment="activity"),
)


def test_a_year_in_which_the_bidder_takes_everyone() -> None:
    # p1 £400 and p2 £600, each paid £1,000: A expects 1,000 − 360 and 1,000 − 540 and
    # takes both, so nobody is left with the NHS.
    people = pd.DataFrame({"cluster": [1, 1], "cost": [400.0, 600.0], "income": [1000.0] * 2})
    y1 = project_years(people, SPEC, YearOptions(nhs_response="cut"), seed=0).iloc[0]
    assert (y1["taken_patients"], y1["residue_patients"]) == (2, 0)
    # Stranded: f(1 − s)(1 − r)·Σ c = 0.5 × 0.5 × 1,000 = 250; surplus = (1 − v)·Σ P −
    # r·Σ c − 250 = −250, a cut of 250 with nobody to cut from.
    assert y1["stranded_fixed_cost"] == pytest.approx(250.0)
    assert y1["nhs_surplus"] == pytest.approx(-250.0)
    # Per head of nobody, and a share of a £0 residue cost: undefined, not a crash.
    for figure in ("residue_cost_per_head", "residue_payment_per_head", "cut_per_head"):
        assert math.isnan(y1[figure]), figure
    assert math.isnan(y1["cut_share"])
    # Profit: 2,000 − 0.9 × 1,000 = 1,100.
    assert y1["bidder_profit"] == pytest.approx(1100.0)


def test_a_residue_costing_nothing_is_not_cut() -> None:
    # Two people costing £0 and paid £0: A expects 0 − 0 and takes nobody; the surplus is
    # 0, nothing is cut, and a share of a £0 cost is undefined.
    people = pd.DataFrame({"cluster": [1, 1], "cost": [0.0, 0.0], "income": [0.0, 0.0]})
    y1 = project_years(people, SPEC, YearOptions(nhs_response="cut"), seed=0).iloc[0]
    assert y1["residue_patients"] == 2
    assert y1["cut_per_head"] == 0.0
    assert math.isnan(y1["cut_share"])


def test_a_cut_under_a_pound_shared_by_two_people() -> None:
    # p1 20p and p2 30p, each paid 10p: A expects 0.1 − 0.18 < 0 and 0.1 − 0.27 < 0, so
    # both stay. Surplus = Σ (P − c) = 0.2 − 0.5 = −0.3, cut 0.3: per head 0.3 ÷ 2 = 0.15,
    # share 0.3 ÷ 0.5 = 0.6.
    people = pd.DataFrame({"cluster": [1, 1], "cost": [0.2, 0.3], "income": [0.1, 0.1]})
    options = YearOptions(years=2, nhs_response="cut", tariff_rebase="nhs_only")
    years = project_years(people, SPEC, options, seed=0)
    y1, y2 = years.iloc[0], years.iloc[1]
    assert y1["nhs_surplus"] == pytest.approx(-0.3)
    assert y1["cut_per_head"] == pytest.approx(0.15)
    assert y1["cut_share"] == pytest.approx(0.6)
    # The cut leaves the residue's cost 0.5 × (1 − 0.6) = 0.2 for Σ P = 0.2, so nhs_only
    # re-basing keeps the price at 0.2 ÷ 0.2 = 1 × 10p (an uncut residue would make it
    # 0.5 ÷ 0.2 = 2.5 × 10p = 25p).
    assert y2["residue_payment_per_head"] == pytest.approx(0.1)
    assert y2["price_index"] == pytest.approx(1.0)


def test_a_bidder_that_does_not_recharge_keeps_the_retained_cost_with_the_nhs() -> None:
    # r = 0.2 and A does not recharge. p1: c = £400, P = £1,000; A's cost is
    # θ(1 − r)·c = 0.9 × 0.8 × 400 = 288, so it takes p1.
    spec = SPEC.model_copy(
        update={
            "nhs": NhsCostStructure(
                retained_share=0.2, fixed_cost_share=0.5, shed_rate=0.5, payment="activity"
            )
        }
    )
    people = pd.DataFrame({"cluster": [1], "cost": [400.0], "income": [1000.0]})
    y1 = project_years(people, spec, YearOptions(), seed=0).iloc[0]
    # Profit: 1,000 − 288 − 0 paid back = 712.
    assert y1["bidder_profit"] == pytest.approx(712.0)
    # NHS: (1 − v)·P − r·c + 0 paid back − f(1 − s)(1 − r)·c = 0 − 80 + 0 − 0.5 × 0.5 ×
    # 0.8 × 400 = −80 − 80 = −160.
    assert y1["nhs_surplus"] == pytest.approx(-160.0)


def test_a_competitive_lot_pays_its_price_however_costs_move() -> None:
    # A sole bidder (θ = 0.9) wins the competitive lot at m = 1: p1 (c = £400) is paid
    # P = £1,000, with no cost sharing. Year 2: costs × 1.1 = 440, the price stays
    # (no re-basing, no deflator), so it is still paid 1,000: profit 1,000 − 0.9 × 440
    # = 604 (a λ of 1 would pay 640 + 0.9 × 440 = 1,036 and give 640).
    spec = SPEC.model_copy(update={"lots": [Lot(name="L", clusters=[1], award="competitive")]})
    people = pd.DataFrame({"cluster": [1], "cost": [400.0], "income": [1000.0]})
    years = project_years(people, spec, YearOptions(years=2, inflation=0.1), seed=0)
    assert years["taken_patients"].tolist() == [1, 1]
    assert years["bidder_profit"].tolist() == pytest.approx([640.0, 604.0])


def test_each_letting_is_drawn_from_its_own_seed() -> None:
    # Noisy bidders (ρ = 0.5), so who is taken depends on the draw. Year 1 is draw 0 of
    # the run's seed; the re-let of year 2 is draw 0 of the child seed
    # SeedSequence(seed, spawn_key=(RELET_KEY, 2)) (methodology §6.7). No inflation,
    # re-basing or deflator: both years have the same costs and prices, so each year's
    # figures are those of its own one-draw tender.
    costs = [300.0, 500.0, 700.0, 800.0, 900.0, 1000.0, 1100.0, 1300.0]
    people = pd.DataFrame({"cluster": [1] * 8, "cost": costs, "income": [1000.0] * 8})
    noisy = Bidder(name="A", cost_factor=0.85, info_quality=0.5, hurdle_margin=0.05)
    spec = SPEC.model_copy(update={"bidders": [noisy.model_copy(update={"capacity": 5})]})
    seed = 4
    years = project_years(people, spec, YearOptions(years=2, retender_every=1), seed=seed)
    child = np.random.SeedSequence(seed, spawn_key=(RELET_KEY, 2)).generate_state(1)[0]
    one = simulate_tender(people, spec, seed=seed).residue
    two = simulate_tender(people, spec, seed=int(child)).residue
    other = simulate_tender(people, spec, seed=0).residue
    # The draws differ, so a wrong seed would show.
    assert len({one["bidder_profit"], two["bidder_profit"], other["bidder_profit"]}) == 3
    assert years["taken_patients"].tolist() == [one["taken_patients"], two["taken_patients"]]
    assert years["bidder_profit"].tolist() == pytest.approx(
        [one["bidder_profit"], two["bidder_profit"]]
    )


def test_a_relet_every_three_years_falls_in_year_four() -> None:
    # The same noisy tender as above (seed 4: year 1's letting profits £1,770). With a
    # re-let every 3 years, years 1-3 keep year 1's letting and year 4 ((4 − 1) ÷ 3
    # whole) is re-let from its own child seed, whose letting profits £2,280.
    costs = [300.0, 500.0, 700.0, 800.0, 900.0, 1000.0, 1100.0, 1300.0]
    people = pd.DataFrame({"cluster": [1] * 8, "cost": costs, "income": [1000.0] * 8})
    noisy = Bidder(name="A", cost_factor=0.85, info_quality=0.5, hurdle_margin=0.05, capacity=5)
    spec = SPEC.model_copy(update={"bidders": [noisy]})
    years = project_years(people, spec, YearOptions(years=4, retender_every=3), seed=4)
    assert years["bidder_profit"].tolist() == pytest.approx([1770.0] * 3 + [2280.0])


def test_costs_fall_with_efficiency() -> None:
    # p1: c = £400, P = £1,000, taken by A (θ = 0.9) at the tariff. Efficiency 10%: year
    # 2's cost is 400 × (1 − 0.1) = 360, so A's profit is 1,000 − 0.9 × 360 = 676.
    people = pd.DataFrame({"cluster": [1], "cost": [400.0], "income": [1000.0]})
    years = project_years(people, SPEC, YearOptions(years=2, efficiency=0.1), seed=0)
    assert years["bidder_profit"].tolist() == pytest.approx([640.0, 676.0])
