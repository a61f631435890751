"""Properties of the tender simulation: conservation, limits, determinism, information."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from pbrkit.errors import InputError
from pbrkit.tender import (
    FIGURES,
    Bidder,
    Lot,
    NhsCostStructure,
    TenderSpec,
    simulate_tender,
)


def lognormal_population(
    sizes: dict[int, int],
    *,
    mean: float = 1000.0,
    cv: float = 1.0,
    price: float = 1000.0,
    seed: int = 1,
) -> pd.DataFrame:
    """Patients with lognormal costs, the same mean and CV in every cluster."""
    rng = np.random.default_rng(seed)
    sigma2 = np.log1p(cv**2)
    clusters = np.repeat(list(sizes), list(sizes.values()))
    cost = rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), clusters.size)
    return pd.DataFrame(
        {
            "patient_id": [f"p{i}" for i in range(clusters.size)],
            "cluster": clusters,
            "cost": cost,
            "income": price,
            "days": 100.0,
            "admitted_days": 0.0,
        }
    )


CLUSTERS = [1, 2, 3, 4]

bidders = st.builds(
    Bidder,
    name=st.just("?"),
    cost_factor=st.floats(0.5, 1.5),
    info_quality=st.sampled_from([0.0, 0.3, 0.8, 1.0]) | st.floats(0, 1),
    hurdle_margin=st.floats(-0.3, 0.3),
    capacity=st.none() | st.integers(0, 30),
    clusters=st.none() | st.sets(st.sampled_from(CLUSTERS), min_size=1),
    screening=st.booleans(),
    risk_aversion=st.sampled_from([0.0, 0.5, 2.0]),
    quality_score=st.floats(0, 1),
)
lots = st.builds(
    Lot,
    name=st.just("?"),
    clusters=st.sets(st.sampled_from(CLUSTERS), min_size=1),
    accept_all=st.booleans(),
    award=st.sampled_from(["fixed_tariff", "competitive"]),
    price_weight=st.floats(0, 1),
    cost_sharing=st.sampled_from([0.0, 0.3]),
)


@st.composite
def tenders(draw: st.DrawFn) -> tuple[pd.DataFrame, TenderSpec, int]:
    n = draw(st.integers(1, 60))
    population = pd.DataFrame(
        {
            "cluster": draw(st.lists(st.sampled_from(CLUSTERS), min_size=n, max_size=n)),
            "cost": draw(
                st.lists(st.sampled_from([0.0]) | st.floats(1, 5000), min_size=n, max_size=n)
            ),
            "income": draw(st.lists(st.floats(0, 5000), min_size=n, max_size=n)),
        }
    )
    bs = draw(st.lists(bidders, min_size=1, max_size=3))
    ls = draw(st.lists(lots, min_size=1, max_size=3))
    spec = TenderSpec(
        bidders=[b.model_copy(update={"name": f"b{i}"}) for i, b in enumerate(bs)],
        lots=[lot.model_copy(update={"name": f"l{i}"}) for i, lot in enumerate(ls)],
        nhs=NhsCostStructure(
            fixed_cost_share=draw(st.floats(0, 1)), shed_rate=draw(st.floats(0, 1))
        ),
    )
    return population, spec, draw(st.integers(1, 3))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tenders(), st.integers(0, 2**32))
def test_conservation_and_rules(tender, seed):
    population, spec, draws = tender
    before = population.copy()
    result = simulate_tender(population, spec, draws=draws, seed=seed)
    assert_frame_equal(population, before)  # the input is never changed

    n = len(population)
    per_draw = result.draws
    # Each patient is in T or in N, once, in every draw.
    assert (per_draw["taken_patients"] + per_draw["residue_patients"] == n).all()
    cost, income = population["cost"], population["income"]
    assert per_draw["nhs_surplus_before"].to_numpy() == pytest.approx(
        np.full(draws, (income - cost).sum()), abs=1e-6
    )

    # Draw 0, patient by patient, against the figures (two separate code paths).
    patients = result.patients
    taken = patients["taken_by"].notna().to_numpy()
    first = per_draw.iloc[0]
    nhs = spec.nhs
    cost_t, cost_n = cost[taken].sum(), cost[~taken].sum()
    assert cost_t + cost_n == pytest.approx(cost.sum())
    assert first["taken_patients"] == taken.sum()
    assert first["residue_cost_gap"] == pytest.approx(cost_n - income[~taken].sum(), abs=1e-6)
    assert first["stranded_fixed_cost"] == pytest.approx(
        nhs.fixed_cost_share * (1 - nhs.shed_rate) * cost_t, abs=1e-6
    )
    assert first["lost_contribution"] == pytest.approx(
        income[taken].sum() - (1 - nhs.fixed_cost_share) * cost_t, abs=1e-6
    )
    assert first["payments_to_bidders"] == pytest.approx(patients["payment"].sum(), abs=1e-6)
    assert first["nhs_surplus_change"] == pytest.approx(
        first["nhs_surplus_after"] - first["nhs_surplus_before"], abs=1e-6
    )
    assert (patients.loc[~taken, "payment"] == 0).all()
    assert patients["lot"].notna().to_numpy().tolist() == taken.tolist()

    for bidder in spec.bidders:
        mine = (patients["taken_by"] == bidder.name).fillna(False).to_numpy(dtype=bool)
        if bidder.capacity is not None:
            assert mine.sum() <= bidder.capacity
        # Only in lots it considers, and only in those lots' clusters.
        for lot_name in set(patients.loc[mine, "lot"]):
            lot = spec.lot(lot_name)
            assert bidder.considers(lot)
            in_lot = mine & (patients["lot"] == lot_name).fillna(False).to_numpy(dtype=bool)
            assert set(patients.loc[in_lot, "cluster"]) <= lot.clusters

    if draws == 1:  # one draw: per-bidder and per-cluster figures add up to the totals
        assert result.by_bidder["taken_patients"].sum() == first["taken_patients"]
        for name in ("residue_cost_gap", "lost_contribution", "bidder_profit", "taken_patients"):
            assert result.by_cluster[name].sum() == pytest.approx(first[name], abs=1e-6)


def test_no_bidders_leaves_everyone_with_the_nhs():
    population = lognormal_population({1: 50, 2: 30})
    spec = TenderSpec(lots=[Lot(name="All", clusters="1-2")])
    result = simulate_tender(population, spec, draws=3)
    r = result.residue
    surplus = (population["income"] - population["cost"]).sum()
    assert r["residue_patients"] == 80
    assert r["taken_patients"] == 0
    assert r["nhs_surplus_before"] == pytest.approx(surplus)
    assert r["residue_cost_gap"] == pytest.approx(-surplus)
    assert r["lost_contribution"] == 0
    assert r["stranded_fixed_cost"] == 0
    assert r["nhs_surplus_change"] == 0
    assert r["nhs_surplus_after"] == pytest.approx(r["nhs_surplus_before"])
    assert r["casemix_index"] == pytest.approx(1.0)
    assert r["payments_to_bidders"] == r["bidder_profit"] == r["differential_payment"] == 0
    assert result.by_bidder.empty
    assert result.patients["taken_by"].isna().all()
    assert result.by_cluster["casemix_index"].tolist() == pytest.approx([1.0, 1.0])


def test_no_lots_is_no_tender():
    population = lognormal_population({1: 20})
    spec = TenderSpec(bidders=[Bidder(name="A", cost_factor=0.5)])
    assert simulate_tender(population, spec).residue["taken_patients"] == 0


def test_uninformed_bidder_picks_at_random_so_casemix_stays_near_one():
    # ρ = 0: every patient in a cluster looks the same; capacity for half of them is
    # filled at random, so the residue is on average as costly as everyone.
    population = lognormal_population({1: 400})
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.8, info_quality=0, capacity=200)],
        lots=[Lot(name="L", clusters=[1])],
    )
    result = simulate_tender(population, spec, draws=300, seed=3)
    assert (result.draws["taken_patients"] == 200).all()
    assert result.draws["casemix_index"].mean() == pytest.approx(1.0, abs=0.02)


def test_accept_all_uninformed_bidder_leaves_casemix_at_one():
    # Two clusters with the same cost distribution; an accept-all lot takes cluster 1
    # whole, so the residue (cluster 2) is as costly as everyone, in every draw.
    population = lognormal_population({1: 300, 2: 300}, price=1500.0)
    population.loc[population["cluster"] == 2, "cost"] *= (
        population.loc[population["cluster"] == 1, "cost"].mean()
        / population.loc[population["cluster"] == 2, "cost"].mean()
    )
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9, info_quality=0)],
        lots=[Lot(name="L", clusters=[1], accept_all=True)],
    )
    result = simulate_tender(population, spec, draws=50, seed=5)
    assert (result.draws["taken_patients"] == 300).all()
    assert result.draws["casemix_index"].mean() == pytest.approx(1.0, abs=1e-9)
    # With an accept-all duty information is useless: ρ = 0.9 takes the same lot.
    informed = spec.model_copy(
        update={"bidders": (Bidder(name="A", cost_factor=0.9, info_quality=0.9),)}
    )
    again = simulate_tender(population, informed, draws=50, seed=5)
    assert again.residue["casemix_index"] == pytest.approx(1.0, abs=1e-9)


def test_better_information_never_lowers_the_residue_casemix():
    population = lognormal_population({1: 600}, seed=7)
    means = []
    for rho in (0.0, 0.25, 0.5, 0.75, 0.9, 1.0):
        spec = TenderSpec(
            bidders=[Bidder(name="A", cost_factor=0.9, info_quality=rho, capacity=300)],
            lots=[Lot(name="L", clusters=[1])],
        )
        means.append(
            simulate_tender(population, spec, draws=100, seed=11).draws["casemix_index"].mean()
        )
    assert all(b >= a - 1e-3 for a, b in itertools.pairwise(means))
    assert means[0] == pytest.approx(1.0, abs=0.03)
    assert means[-1] > 1.3  # the cheapest half gone: the rump costs much more


def mixed_tender() -> tuple[pd.DataFrame, TenderSpec]:
    """Every code path: noise, binding capacity, risk aversion, competition, cost sharing."""
    population = lognormal_population({1: 150, 2: 120, 3: 90, 10: 60}, seed=2)
    spec = TenderSpec(
        bidders=[
            Bidder(name="A", cost_factor=0.9, info_quality=0.6, capacity=70),
            Bidder(name="B", cost_factor=0.95, info_quality=0.0, capacity=40),
            Bidder(name="C", cost_factor=0.85, info_quality=0.8, risk_aversion=0.5),
            Bidder(name="D", cost_factor=0.8, info_quality=1.0, clusters="1-3", screening=False),
        ],
        lots=[
            Lot(name="L1", clusters=[1, 2]),
            Lot(name="L2", clusters=[3], award="competitive", cost_sharing=0.2),
            Lot(name="L3", clusters=[10], accept_all=True),
            Lot(name="L4", clusters=[1, 10]),  # overlaps: not one contiguous block
        ],
    )
    return population, spec


def assert_same(a, b):
    assert a.residue == b.residue
    assert a.residue_ranges == b.residue_ranges
    for name in ("draws", "by_bidder", "by_cluster", "by_bidder_cluster", "by_lot", "patients"):
        assert_frame_equal(getattr(a, name), getattr(b, name))


def test_same_seed_same_numbers_and_chunking_never_matters():
    population, spec = mixed_tender()
    base = simulate_tender(population, spec, draws=23, seed=99, workers=1)
    assert_same(base, simulate_tender(population, spec, draws=23, seed=99, workers=1))
    for chunk, workers in ((1, 1), (4, 2), (7, 1), (23, 1), (100, 2)):
        assert_same(
            base,
            simulate_tender(population, spec, draws=23, seed=99, chunk_size=chunk, workers=workers),
        )
    other = simulate_tender(population, spec, draws=23, seed=100)
    assert not other.draws.equals(base.draws)
    # The first draws of a longer run are the same draws.
    longer = simulate_tender(population, spec, draws=40, seed=99, chunk_size=6)
    assert_frame_equal(longer.draws.iloc[:23], base.draws)


def test_ranges_and_medians():
    population, spec = mixed_tender()
    result = simulate_tender(population, spec, draws=41, seed=1)
    assert set(result.residue) == set(FIGURES) == set(result.residue_ranges)
    for name in FIGURES:
        values = result.draws[name].dropna()
        band = result.residue_ranges[name]
        assert band["p50"] == result.residue[name] == pytest.approx(values.median())
        assert band["p5"] <= band["p50"] <= band["p95"]
        assert band["p5"] == pytest.approx(np.percentile(values, 5))


def test_progress_is_reported_up_to_all_draws():
    population, spec = mixed_tender()
    seen: list[int] = []
    simulate_tender(population, spec, draws=10, chunk_size=3, workers=1, progress=seen.append)
    assert seen == [3, 6, 9, 10]


def test_bad_options_and_population_are_input_errors():
    population, spec = mixed_tender()
    with pytest.raises(InputError) as error:
        simulate_tender(population, spec, draws=0, seed=-1, chunk_size=0)
    assert len(error.value.problems) == 3
    broken = population.assign(cost=population["cost"].where(population.index != 4, -1.0))
    broken.loc[7, "income"] = np.nan
    with pytest.raises(InputError) as error:
        simulate_tender(broken, spec)
    assert [(p.row, p.column) for p in error.value.problems] == [(6, "cost"), (9, "income")]
    with pytest.raises(InputError, match="row 3, column 'cluster': must be a cluster code"):
        simulate_tender(population.assign(cluster=[1, 1.5] + [1] * (len(population) - 2)), spec)
    with pytest.raises(InputError, match="no 'income' column"):
        simulate_tender(population.drop(columns="income"), spec)
