"""Tests written against the survivors of mutation testing
`pbrkit.uncertainty.tender_model` (benchmarks/mutation-uncertainty.md): the caseload's
cost spread re-drawn before the scales act, a capacity run in whole people, one pool
changed of two (and a pool whose name has a dot), and the refusals word for word.

The tiny tender (as in tests/test_uncertainty_analysis.py): three patients of cluster 1
costing 100, 200 and 300, each paying 250; one bidder A (cost factor 1, no hurdle);
f = 0.5, s = 0.25. A takes the patients it profits on: 100 and 200 (250 − 300 < 0).
NHS surplus change = −(Σ_T P − Σ_T c) − f·(1 − s)·Σ_T c.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from pbrkit.tender import Bidder, CostPool, Lot, NhsCostStructure, TenderSpec
from pbrkit.tender.population import synthesise_population
from pbrkit.tender.simulate import POPULATION_KEY
from pbrkit.uncertainty.params import parse_path
from pbrkit.uncertainty.tender_model import (
    Caseload,
    TenderModel,
    headline_figures,
    tender_model,
)
from pbrkit.workflows.tender import prepare_tender

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"
CHANGE = "nhs_surplus_change"


def tiny(*bidders: Bidder, **nhs: object) -> TenderModel:
    population = pd.DataFrame(
        {"cluster": [1, 1, 1], "cost": [100.0, 200.0, 300.0], "income": [250.0] * 3}
    )
    spec = TenderSpec(
        bidders=bidders or (Bidder(name="A", cost_factor=1, info_quality=1, hurdle_margin=0),),
        lots=(Lot(name="All", clusters="1"),),
        nhs=NhsCostStructure.model_validate(nhs or {"fixed_cost_share": 0.5, "shed_rate": 0.25}),
    )
    return TenderModel(population, spec)


def test_a_capacity_is_run_in_whole_people() -> None:
    model = tiny()
    # Capacity 1.4 is run as 1: A takes its best patient only (cost 100, profit 150):
    # −(250 − 100) − 0.5 × 0.75 × 100 = −150 − 37.5 = −187.5.
    assert model({"bidders.A.capacity": 1.4}, 1)[CHANGE] == pytest.approx(-187.5)
    # 1.6 is run as 2: both profitable patients: −(500 − 300) − 0.375 × 300 = −312.5.
    assert model({"bidders.A.capacity": 1.6}, 1)[CHANGE] == pytest.approx(-312.5)


def _pooled(teams: str = "Teams", beds: str = "Beds") -> TenderModel:
    pools = (
        CostPool(pool=teams, amount=600.0, kind="variable"),
        CostPool(pool=beds, amount=400.0, kind="fixed", shed_rate=0.0),
    )
    return tiny(**NhsCostStructure.from_pools(pools).model_dump())


def test_one_pool_changes_and_the_other_stays() -> None:
    # Beds at £200, Teams still £600: f = 200/800 = 0.25, s = 0:
    # −200 − 300 × 0.25 = −275 (both pools at £200 would give f = 0.5 and −350).
    assert _pooled()({"pools.Beds.amount": 200.0}, 1)[CHANGE] == pytest.approx(-275)


def test_a_pool_whose_name_has_a_dot() -> None:
    # The pool is named "Ward.A": its path is pools.Ward.A.amount, and the amount is
    # the last part, the name all before it. Ward.A at £200: f = 0.25, −275 as above.
    model = _pooled(beds="Ward.A")
    assert model({"pools.Ward.A.amount": 200.0}, 1)[CHANGE] == pytest.approx(-275)


def test_pools_beside_f_or_s_are_refused_and_each_alone_is_not() -> None:
    model = _pooled()
    rule = ["vary the cost pools or nhs.fixed_cost_share/shed_rate, not both"]

    def together(*paths: str) -> list[str]:
        return model.refuses_together([_param(path) for path in paths])

    assert together("pools.Beds.amount", "nhs.fixed_cost_share") == rule
    assert together("nhs.shed_rate", "pools.Teams.amount") == rule
    assert together("nhs.fixed_cost_share") == []
    assert together("pools.Beds.shed_rate") == []
    assert together("pools.Beds.amount", "bidders.A.cost_factor") == []


def _param(path: str):  # type: ignore[no-untyped-def]
    from pbrkit.uncertainty.params import ParameterRow, check_parameters

    low, high = (0.1, 0.2) if "share" in path or "rate" in path else (1.0, 2.0)
    return check_parameters([ParameterRow(path, low, high, row=2)])[0]


def test_the_names_it_does_not_have_word_for_word() -> None:
    two = tiny(
        Bidder(name="A", cost_factor=1, info_quality=1, hurdle_margin=0),
        Bidder(name="B", cost_factor=1, info_quality=1, hurdle_margin=0),
    )
    missing = two._missing
    assert missing(parse_path("bidders.C.cost_factor")) == (
        "'bidders.C.cost_factor': no bidder called 'C' (there are: A, B)"
    )
    assert missing(parse_path("lots.Other.price_weight")) == (
        "'lots.Other.price_weight': no lot called 'Other' (there are: All)"
    )
    # '*' means every bidder or lot, but a pool is always named.
    assert missing(parse_path("bidders.*.cost_factor")) is None
    assert _pooled()._missing(parse_path("pools.*.amount")) == (
        "'pools.*.amount': no pool called '*' (there are: Teams, Beds)"
    )
    assert missing(parse_path("nhs.variable_share")) == (
        "'nhs.variable_share' matters only under a blended payment, and this tender's NHS "
        "payment is 'activity'; set payment = blended in the nhs sheet or leave this row out"
    )


@pytest.fixture(scope="module")
def example() -> TenderModel:
    return tender_model(prepare_tender(EXAMPLE, seed=3))


def _redrawn(caseload: Caseload, cv: float) -> pd.DataFrame:
    """The tender's synthesis at spread ``cv``: seed 3's population child
    (spawn_key (0,)), admitted days following cost at the caseload's k and b."""
    people = caseload.people
    return synthesise_population(
        people.rows.assign(cost_cv=cv),
        people.tariff,
        people.review_days,
        seed=np.random.SeedSequence(3, spawn_key=(POPULATION_KEY,)),
        day_cost=people.day_cost,
        bed_day_cost=people.bed_day_cost,
    )


def test_a_caseload_tender_redraws_costs_before_scaling_prices(example: TenderModel) -> None:
    # The example's caseload gives each patient a lognormal cost with the row's cost_cv;
    # caseload.cost_cv re-draws them from the population's child of the same seed (3),
    # as the tender drew them, and tariff.scale 2 then doubles every price of that
    # population, whatever order the sample lists them in.
    assert example.caseload is not None
    assert (example.caseload.seed, example.caseload.deflator) == (3, 0.0)
    caseload = example.caseload
    redrawn = _redrawn(caseload, 0.5)
    doubled = redrawn.assign(income=redrawn["income"] * 2.0)
    expected = headline_figures(doubled, example.spec, 11)
    assert example({"tariff.scale": 2.0, "caseload.cost_cv": 0.5}, 11) == expected
    # Every caseload column the synthesis reads is kept, the rows' own numbers included.
    assert "caseload_row" in caseload.people.rows.columns
    assert list(caseload.people.rows["caseload_row"][:2]) == [2, 3]


def test_a_caseload_tender_takes_a_sampled_deflator(example: TenderModel) -> None:
    # No scenario deflator (d₀ = 0): years.deflator 0.1 makes every price × 0.9/1.
    population = example.population
    cut = population.assign(income=population["income"] * 0.9)
    assert example({"years.deflator": 0.1}, 11) == headline_figures(cut, example.spec, 11)


def test_f_or_s_sampled_on_a_pooled_tender_replaces_what_the_pools_gave() -> None:
    # Pools Teams £600 (variable) and Beds £400 (fixed, s = 0) give f = 0.4, s = 0.
    # nhs.fixed_cost_share 0.3 alone: −200 − 300 × 0.3 × (1 − 0) = −290.
    # nhs.shed_rate 0.5 alone: f = 0.4 from the pools, −200 − 300 × 0.4 × 0.5 = −260.
    model = _pooled()
    assert model({"nhs.fixed_cost_share": 0.3}, 1)[CHANGE] == pytest.approx(-290)
    assert model({"nhs.shed_rate": 0.5}, 1)[CHANGE] == pytest.approx(-260)


def test_a_lots_parameter_is_set_on_that_lot() -> None:
    # λ = 0.5 on lot All: A is paid 0.5·P + 0.5·c, so its profit is 0.5·(P − c) —
    # 75, 25 and −25 — and it takes the same two patients: the NHS's change stays
    # −312.5. Every figure is the one of the tender whose lot says λ = 0.5.
    model = tiny()
    sampled = model({"lots.All.cost_sharing": 0.5}, 1)
    lot = Lot(name="All", clusters="1", cost_sharing=0.5)
    given = TenderModel(model.population, model.spec.model_copy(update={"lots": (lot,)}))
    assert sampled == given({}, 1)
    assert sampled[CHANGE] == pytest.approx(-312.5)


def test_a_redrawn_caseload_keeps_the_scenarios_deflator(example: TenderModel) -> None:
    # A scenario's deflator d₀ = 0.1 was applied to the population it built; re-drawing
    # the costs for caseload.cost_cv must apply it again: every price × (1 − 0.1).
    assert example.caseload is not None
    caseload = replace(example.caseload, deflator=0.1)
    deflated = example.population.assign(income=example.population["income"] * 0.9)
    model = TenderModel(deflated, example.spec, caseload, deflator=0.1)
    redrawn = _redrawn(caseload, 0.5)
    cut = redrawn.assign(income=redrawn["income"] * 0.9)
    assert model({"caseload.cost_cv": 0.5}, 11) == headline_figures(cut, example.spec, 11)


def test_a_scenarios_deflator_reaches_the_model_and_its_caseload(example: TenderModel) -> None:
    # A prepared tender whose scenario deflated prices by d₀ = 0.1 (a stand-in with the
    # example's inputs). years.deflator 0.2 replaces it: prices × (1 − 0.2)/(1 − 0.1).
    prepared = prepare_tender(EXAMPLE, seed=3)
    deflated = prepared.population.assign(income=prepared.population["income"] * 0.9)
    stand_in = SimpleNamespace(
        population=deflated,
        spec=prepared.spec,
        inputs=prepared.inputs,
        seed=3,
        deflator=0.1,
    )
    model = tender_model(stand_in)
    assert model.deflator == 0.1
    assert model.caseload is not None and model.caseload.deflator == 0.1
    replaced = deflated.assign(income=deflated["income"] * (0.8 / 0.9))
    assert model({"years.deflator": 0.2}, 11) == headline_figures(replaced, prepared.spec, 11)


def test_a_patients_tender_has_no_caseload_to_redraw() -> None:
    # The patients sheet gives each cost: nothing to re-draw, so caseload.cost_cv is
    # refused (a stand-in prepared tender holding the tiny tender's patients).
    model = tiny()
    inputs = SimpleNamespace(patients=model.population, cost_inputs=None)
    prepared = SimpleNamespace(
        population=model.population, spec=model.spec, inputs=inputs, seed=1, deflator=0.0
    )
    built = tender_model(prepared)
    assert built.caseload is None
    assert built._missing(parse_path("caseload.cost_cv")) == (
        "'caseload.cost_cv' needs a caseload sheet (the patients sheet gives each cost)"
    )
