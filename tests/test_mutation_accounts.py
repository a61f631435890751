"""Hand-worked checks that kill the mutants of :mod:`pbrkit.tender.accounts`.

The residue table of a three-cluster tender worked patient by patient, the selection
ratios over it, the surplus waterfall, the public sector's money with its half-penny
rounding, medians and ranges over draws, and the year totals. Arithmetic in the comments.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from pbrkit.tender import Bidder, Lot, NhsCostStructure, TenderSpec, simulate_tender
from pbrkit.tender.accounts import (
    population_totals,
    public_sector,
    public_sector_figures,
    residue_clusters,
    selection,
    waterfall,
    year_rows,
)
from pbrkit.tender.metrics import FIGURES

# p1, p2 in cluster 1 (P = £1,000), p3 in cluster 2 (P = £2,000), p4 in cluster 3, which
# no lot tenders.
PEOPLE = pd.DataFrame(
    {
        "patient_id": ["p1", "p2", "p3", "p4"],
        "cluster": [1, 1, 2, 3],
        "days": [10.0, 20.0, 30.0, 40.0],
        "admitted_days": [1.0, 2.0, 3.0, 0.0],
        "cost": [400.0, 2000.0, 1000.0, 100.0],
        "income": [1000.0, 1000.0, 2000.0, 500.0],
    }
)
# A (θ = 0.9, perfect information) takes p1 (π̂ = 1,000 − 360 = 640) and p3 (2,000 − 900
# = 1,100) and leaves p2 (1,000 − 1,800 < 0).
SPEC = TenderSpec(
    bidders=[Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1)],
    lots=[Lot(name="L2", clusters=[2]), Lot(name="L1", clusters=[1])],
    nhs=NhsCostStructure(),
)
REFERENCE = pd.DataFrame(
    {"name": ["One", "Two", "Three"], "superclass": ["N", "N", "P"]}, index=[1, 2, 3]
)


def test_residue_clusters_worked_patient_by_patient() -> None:
    result = simulate_tender(PEOPLE, SPEC, seed=0)
    people = PEOPLE.assign(cost_source=["actual", "modelled", "modelled", "actual"])
    frame = residue_clusters(result, people, REFERENCE).set_index("cluster")
    assert frame.index.tolist() == [1, 2, 3]
    assert frame["name"].tolist() == ["One", "Two", "Three"]
    assert frame["superclass"].tolist() == ["N", "N", "P"]
    # The first lot tendering each cluster (sheet order L2, L1); cluster 3 is in none.
    assert frame["lot"].tolist() == ["L1", "L2", None]
    assert frame["service_users"].tolist() == [2.0, 1.0, 1.0]
    assert frame["cluster_days"].tolist() == [30.0, 30.0, 40.0]
    assert frame["admitted_days"].tolist() == [3.0, 3.0, 0.0]
    # Cluster 1: income 2,000, cost 2,400, surplus −400; cluster 2: 2,000 − 1,000.
    assert frame["income"].tolist() == [2000.0, 2000.0, 500.0]
    assert frame["cost"].tolist() == [2400.0, 1000.0, 100.0]
    assert frame["surplus"].tolist() == [-400.0, 1000.0, 400.0]
    assert frame["cost_source"].tolist() == ["mixed", "modelled", "actual"]
    assert frame["taken_patients"].tolist() == [1.0, 1.0, 0.0]
    assert frame["residue_patients"].tolist() == [1.0, 0.0, 1.0]
    # Mean cost before: 2,400 ÷ 2 = 1,200; 1,000; 100. Cluster 1's residue (p2, £2,000)
    # has casemix index 2,000 ÷ 1,200 = 5/3, so mean cost after 5/3 × 1,200 = 2,000 and
    # residue cost 2,000 × 1; taken cost 2,400 − 2,000 = 400. Cluster 2 has no residue:
    # no mean cost after, residue cost 0, taken cost 1,000. Cluster 3 is all residue.
    assert frame["mean_cost_before"].tolist() == [1200.0, 1000.0, 100.0]
    assert frame["casemix_index"].iloc[0] == pytest.approx(5 / 3)
    assert frame["mean_cost_after"].iloc[0] == pytest.approx(2000.0)
    assert math.isnan(frame["mean_cost_after"].iloc[1])
    assert frame["mean_cost_after"].iloc[2] == pytest.approx(100.0)
    assert frame["residue_cost"].to_numpy() == pytest.approx([2000.0, 0.0, 100.0])
    assert frame["taken_cost"].to_numpy() == pytest.approx([400.0, 1000.0, 0.0])
    # Without a cost_source column every cluster's costs are given: actual.
    plain = residue_clusters(result, PEOPLE, REFERENCE)
    assert plain["cost_source"].tolist() == ["actual"] * 3
    # How the taken compare: expected Σ_T mean cost = 1 × 1,200 + 1 × 1,000 = 2,200 for
    # an actual 400 + 1,000 = 1,400: ratio 7/11; £700 a head taken; the residue's
    # (2,000 + 100) ÷ 2 = £1,050 a head; before, 3,500 ÷ 4 = £875 a head.
    assert selection(plain) == pytest.approx(
        {
            "taken_cost_ratio": 7 / 11,
            "taken_mean_cost": 700.0,
            "residue_mean_cost": 1050.0,
            "mean_cost_before": 875.0,
        }
    )


def test_selection_with_nobody_taken_or_left_is_undefined_not_zero() -> None:
    clusters = pd.DataFrame(
        {
            "taken_patients": [0.0],
            "mean_cost_before": [100.0],
            "taken_cost": [0.0],
            "residue_patients": [0.0],
            "residue_cost": [0.0],
            "service_users": [0.0],
            "cost": [0.0],
        }
    )
    assert all(math.isnan(v) for v in selection(clusters).values())


def test_population_totals_are_the_cost_summary() -> None:
    # Surpluses 300 and −100: cross-subsidy 300, loss 100.
    clusters = pd.DataFrame(
        {
            "income": [1000.0, 400.0],
            "cost": [700.0, 500.0],
            "surplus": [300.0, -100.0],
            "service_users": [2.0, 3.0],
            "cluster_days": [10.0, 20.0],
            "admitted_days": [1.0, 0.0],
        }
    )
    totals = population_totals(clusters)
    assert totals["surplus"] == 200.0
    assert (totals["cross_subsidy"], totals["loss"]) == (300.0, 100.0)


def test_waterfall_steps_add_up() -> None:
    # Before £100; kept = 30 income retained − 5 cost retained = 25; stranded 10; after
    # 40. The closing step: 100 + 25 − 10 − 40 = 75.
    steps = waterfall(
        {
            "nhs_surplus_before": 100.0,
            "nhs_surplus_after": 40.0,
            "stranded_fixed_cost": 10.0,
            "nhs_income_retained": 30.0,
            "cost_retained_for_taken": 5.0,
        }
    )
    assert steps == {
        "nhs_surplus_before": 100.0,
        "taken_margin": 75.0,
        "kept_for_taken": 25.0,
        "stranded_fixed_cost": 10.0,
        "nhs_surplus_after": 40.0,
    }
    assert list(steps) == list(steps.keys())  # the order the chart draws


def test_public_money_rounds_half_pennies_to_zero() -> None:
    # The saving is minus the commissioner's cost change; below half a penny is £0
    # (never −£0); half a penny itself is kept.
    got = public_sector_figures(
        {"commissioner_cost_change": -50.0, "public_spending_change": 0.004}
    )
    assert got == {"commissioner_saving": 50.0, "public_cost_change": 0.0}
    got = public_sector_figures(
        {"commissioner_cost_change": 0.004, "public_spending_change": -0.005}
    )
    assert got["public_cost_change"] == -0.005
    assert not np.signbit(got["commissioner_saving"])
    arrays = public_sector_figures(
        {
            "commissioner_cost_change": np.array([1.0, -0.001]),
            "public_spending_change": np.array([0.0, 2.0]),
        }
    )
    assert arrays["commissioner_saving"].tolist() == [-1.0, 0.0]


def test_public_sector_takes_medians_and_ranges_over_draws() -> None:
    # Three draws of commissioner cost change −10, −30, NaN and public spending change
    # 1, 2, 4 (a made-up draws table: the function reads only these columns). The NaN
    # draw is left out: saving median (10 + 30) ÷ 2 = 20; spending median 2; p5 of
    # 1, 2, 4 = 1 + 0.1 × (2 − 1) = 1.1; p95 = 2 + 0.9 × (4 − 2) = 3.8.
    result = simulate_tender(PEOPLE, SPEC, seed=0)
    draws = pd.DataFrame({name: [0.0, 0.0, 0.0] for name in FIGURES})
    draws["commissioner_cost_change"] = [-10.0, -30.0, np.nan]
    draws["public_spending_change"] = [1.0, 2.0, 4.0]
    got = public_sector(replace(result, draws=draws, n_draws=3))
    assert got["commissioner_saving"] == 20.0
    assert got["public_cost_change"] == 2.0
    spend = got["ranges"]["public_cost_change"]
    assert spend == pytest.approx({"p5": 1.1, "p50": 2.0, "p95": 3.8})
    assert got["ranges"]["commissioner_saving"]["p50"] == 20.0
    # One draw: no ranges.
    one = public_sector(result)
    assert "ranges" not in one
    assert one["commissioner_saving"] == pytest.approx(-result.residue["commissioner_cost_change"])


def test_year_rows_sum_the_money() -> None:
    years = pd.DataFrame(
        {
            "year": [1, 2],
            "nhs_surplus": [10.0, -4.0],
            "stranded_fixed_cost": [1.0, 2.0],
            "bidder_profit": [3.0, 5.0],
            "public_spending_change": [-1.0, 0.5],
        }
    )
    got = year_rows(years)
    assert got["rows"][1] == {
        "year": 2,
        "nhs_surplus": -4.0,
        "stranded_fixed_cost": 2.0,
        "bidder_profit": 5.0,
        "public_spending_change": 0.5,
    }
    assert got["totals"] == {
        "nhs_surplus": 6.0,
        "stranded_fixed_cost": 3.0,
        "bidder_profit": 8.0,
        "public_spending_change": -0.5,
    }


def test_a_residue_of_two_and_a_reference_with_more_clusters() -> None:
    # Cluster 1 only: p1 £400 is taken; p2 £2,000 and p3 £3,000 stay. Mean before
    # 5,400 ÷ 3 = £1,800; the residue's mean 2,500, so casemix 2,500 ÷ 1,800, mean after
    # £2,500 and residue cost 2,500 × 2 = £5,000; taken cost 5,400 − 5,000 = £400. The
    # reference lists more clusters, in another order: only cluster 1's name is used.
    people = pd.DataFrame(
        {
            "cluster": [1, 1, 1],
            "days": [1.0, 1.0, 1.0],
            "admitted_days": [0.0, 0.0, 0.0],
            "cost": [400.0, 2000.0, 3000.0],
            "income": [1000.0, 1000.0, 1000.0],
        }
    )
    result = simulate_tender(people, SPEC, seed=0)
    reference = REFERENCE.loc[[3, 2, 1]]
    frame = residue_clusters(result, people, reference)
    assert frame["name"].tolist() == ["One"]
    assert frame["superclass"].tolist() == ["N"]
    assert frame["residue_cost"].tolist() == pytest.approx([5000.0])
    assert frame["taken_cost"].tolist() == pytest.approx([400.0])
    assert frame["casemix_index"].tolist() == pytest.approx([2500 / 1800])
    figures = result.by_cluster.set_index("cluster")
    assert frame["residue_cost_gap"].tolist() == [figures.loc[1, "residue_cost_gap"]]
    # A few pence expected: the ratio is still taken (£0.40 ÷ £0.50 = 0.8).
    pennies = pd.DataFrame(
        {
            "taken_patients": [1.0],
            "mean_cost_before": [0.5],
            "taken_cost": [0.4],
            "residue_patients": [1.0],
            "residue_cost": [0.6],
            "service_users": [2.0],
            "cost": [1.0],
        }
    )
    assert selection(pennies)["taken_cost_ratio"] == pytest.approx(0.8)


def test_public_sector_with_two_draws_and_an_undefined_figure() -> None:
    # Two draws are enough for ranges; a figure undefined in every draw is NaN.
    result = simulate_tender(PEOPLE, SPEC, seed=0)
    draws = pd.DataFrame({name: [0.0, 0.0] for name in FIGURES})
    draws["commissioner_cost_change"] = [np.nan, np.nan]
    got = public_sector(replace(result, draws=draws, n_draws=2))
    assert set(got["ranges"]) == {"commissioner_saving", "public_cost_change"}
    assert math.isnan(got["commissioner_saving"])
    assert got["public_cost_change"] == 0.0
