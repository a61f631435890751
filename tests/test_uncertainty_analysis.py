"""PSA, tornado, variance shares and thresholds, on cases worked by hand.

The tiny tender: three patients in cluster 1 costing £100, £200 and £300, each paying
£250; one bidder that knows every cost (info_quality 1), needs no margin and has cost
factor 1. It takes the patients with profit 250 − c ≥ 0: the £100 and £200 ones, so
Σ_T P = £500 and Σ_T c = £300. The v2 figures (docs/methodology.md §6), with v the
share of income at risk, r the retained share, f the fixed cost share, s the shed rate:

* NHS surplus change = −Σ_T (v·P − (1 − r)·c) − f·(1 − s)·Σ_T (1 − r)·c;
* public spending change = (Σ_T R − v·Σ_T P) − NHS surplus change.

Paid by activity (v = 1) with no pools (r = 0) and R = P, these are the v1 figures:
−200 − 300·f·(1 − s) and 200 + 300·f·(1 − s).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.errors import InputError
from pbrkit.tender import Bidder, CostPool, Lot, NhsCostStructure, TenderSpec
from pbrkit.uncertainty import (
    ParameterRow,
    ThresholdSearch,
    check_parameters,
    run_psa,
    run_threshold,
    run_tornado,
    variance_shares,
)
from pbrkit.uncertainty.psa import parameter_share
from pbrkit.uncertainty.sampling import inner_seeds, latin_hypercube
from pbrkit.uncertainty.sensitivity import most_important
from pbrkit.uncertainty.tender_model import TenderModel


def tiny_model(**nhs: object) -> TenderModel:
    population = pd.DataFrame(
        {"cluster": [1, 1, 1], "cost": [100.0, 200.0, 300.0], "income": [250.0] * 3}
    )
    spec = TenderSpec(
        bidders=(Bidder(name="A", cost_factor=1, info_quality=1, hurdle_margin=0),),
        lots=(Lot(name="All", clusters="1"),),
        nhs=NhsCostStructure.model_validate(nhs or {"fixed_cost_share": 0.5, "shed_rate": 0.25}),
    )
    return TenderModel(population, spec)


def params(*rows: tuple[str, float, float], model: TenderModel | None = None) -> tuple:  # type: ignore[type-arg]
    return check_parameters(
        [ParameterRow(path, low, high, row=n) for n, (path, low, high) in enumerate(rows, 2)],
        model=model,
    )


def test_the_tiny_tender_gives_the_hand_worked_figures() -> None:
    model = tiny_model()
    # f = 0.5, s = 0.25: −200 − 300 × 0.5 × 0.75 = −312.5; public spending +312.5.
    figures = model({}, seed=1)
    assert figures["nhs_surplus_change"] == pytest.approx(-312.5)
    assert figures["public_spending_change"] == pytest.approx(312.5)
    assert figures["taken_patients"] == 2


def test_tariff_cost_and_deflator_parameters_act_on_copies() -> None:
    model = tiny_model()
    before = model.population.copy()
    # tariff × 1.1: P = 275, the same two taken; −(550 − 300) − 112.5 = −362.5.
    assert model({"tariff.scale": 1.1}, 1)["nhs_surplus_change"] == pytest.approx(-362.5)
    # deflator 0.1: P = 225, still both taken; −(450 − 300) − 112.5 = −262.5.
    assert model({"years.deflator": 0.1}, 1)["nhs_surplus_change"] == pytest.approx(-262.5)
    # costs × 0.5: c = 50, 100, 150, all three taken; −(750 − 300) − 0.375 × 300 = −562.5.
    assert model({"costs.scale": 0.5}, 1)["nhs_surplus_change"] == pytest.approx(-562.5)
    pd.testing.assert_frame_equal(model.population, before)


def test_the_deflator_replaces_a_scenarios_deflator() -> None:
    # The population was deflated by 0.1 (P = 250 × 0.9 = 225); years.deflator 0.2
    # makes P = 250 × 0.8 = 200: both patients still taken (profits 100 and 0);
    # −(400 − 300) − 112.5 = −212.5.
    tiny = tiny_model()
    model = TenderModel(
        tiny.population.assign(income=tiny.population["income"] * 0.9), tiny.spec, deflator=0.1
    )
    assert model({"years.deflator": 0.2}, 1)["nhs_surplus_change"] == pytest.approx(-212.5)


def test_pool_parameters_rederive_the_cost_structure() -> None:
    pools = (
        CostPool(pool="Teams", amount=600.0, kind="variable"),
        CostPool(pool="Beds", amount=400.0, kind="fixed", shed_rate=0.0),
    )
    model = tiny_model(**NhsCostStructure.from_pools(pools).model_dump())
    # Beds at £600: f = 600/1200 = 0.5, s = 0; −200 − 300 × 0.5 = −350.
    assert model({"pools.Beds.amount": 600.0}, 1)["nhs_surplus_change"] == pytest.approx(-350)
    # Beds shed rate 0.5 at £400: f = 0.4, s = 0.5: −200 − 300 × 0.4 × 0.5 = −260.
    assert model({"pools.Beds.shed_rate": 0.5}, 1)["nhs_surplus_change"] == pytest.approx(-260)


def test_variable_share_moves_income_between_nhs_and_commissioner() -> None:
    model = tiny_model(fixed_cost_share=0.5, shed_rate=0.25, payment="blended", variable_share=0.6)
    # v = 0.6: the same two taken (bidders are paid P whatever v is);
    # −(0.6 × 500 − 300) − 0.5 × 0.75 × 300 = 0 − 112.5 = −112.5.
    assert model({}, 1)["nhs_surplus_change"] == pytest.approx(-112.5)
    # v = 0.2: −(100 − 300) − 112.5 = +87.5; the commissioner pays 500 − 100 = 400 more,
    # so public spending still rises by 400 − 87.5 = 312.5, as under activity payment.
    figures = model({"nhs.variable_share": 0.2}, 1)
    assert figures["nhs_surplus_change"] == pytest.approx(87.5)
    assert figures["commissioner_cost_change"] == pytest.approx(400)
    assert figures["public_spending_change"] == pytest.approx(312.5)


def test_pool_amounts_keep_the_payment_and_move_the_retained_share() -> None:
    teams = CostPool(pool="Teams", amount=600.0, kind="variable")
    beds = CostPool(pool="Beds", amount=400.0, kind="fixed", shed_rate=0.0)
    blended = NhsCostStructure.from_pools((teams, beds), payment="blended", variable_share=0.6)
    # Beds at £600: f = 600/1200 = 0.5, s = 0, r = 0 and v stays 0.6 (it was lost, v = 1,
    # when pools were re-derived without the payment): −(300 − 300) − 0.5 × 300 = −150.
    model = tiny_model(**blended.model_dump())
    assert model({"pools.Beds.amount": 600.0}, 1)["nhs_surplus_change"] == pytest.approx(-150)
    # Beds serving taken patients: r = 400/1000 = 0.4, f = 0 (Teams is variable). A
    # bidder's cost is (1 − r)·c = 0.6·c ≤ 250 for all three (0.6 × 300 = 180), so
    # Σ_T P = 750, Σ_T c = 600: −(750 − 0.6 × 600) = −390. Beds at £600: r = 0.5,
    # −(750 − 0.5 × 600) = −450; the commissioner pays 750 − 750 = 0 more, so public
    # spending rises by 450.
    kept = beds.model_copy(update={"serves_taken": True})
    model = tiny_model(**NhsCostStructure.from_pools((teams, kept)).model_dump())
    assert model({}, 1)["nhs_surplus_change"] == pytest.approx(-390)
    figures = model({"pools.Beds.amount": 600.0}, 1)
    assert figures["nhs_surplus_change"] == pytest.approx(-450)
    assert figures["public_spending_change"] == pytest.approx(450)


def test_inflation_is_refused_and_variable_share_needs_a_blended_payment() -> None:
    with pytest.raises(InputError, match="inflation changes costs from year 2 on"):
        params(("years.inflation", 0.01, 0.03), model=tiny_model())
    blended = tiny_model(
        fixed_cost_share=0.5, shed_rate=0.25, payment="blended", variable_share=0.6
    )
    params(("nhs.variable_share", 0.2, 0.6), model=blended)  # accepted


def test_the_adapter_names_rows_that_point_at_nothing() -> None:
    model = tiny_model()
    bad = (
        ("bidders.Nobody.cost_factor", 0.9, 1.1),
        ("pools.Beds.amount", 1.0, 2.0),
        ("nhs.variable_share", 0.2, 0.6),
        ("caseload.cost_cv", 0.8, 1.2),
        ("bidders.*.hurdle_margin", 0.0, 0.1),  # review5: not beside a named cost_factor
    )
    with pytest.raises(InputError) as caught:
        params(*bad, model=model)
    text = str(caught.value)
    assert len(caught.value.problems) == 4
    assert (
        "row 2, column 'parameter': 'bidders.Nobody.cost_factor': no bidder called 'Nobody' "
        "(there are: A)" in text
    )
    assert (
        "row 3, column 'parameter': 'pools.Beds.amount': no pool called 'Beds' (there are: none)"
        in text
    )
    # tiny_model's NHS is paid by activity (v = 1), so a variable share is unused.
    assert (
        "row 4, column 'parameter': 'nhs.variable_share' matters only under a blended payment"
        in text
    )
    assert "row 5, column 'parameter': 'caseload.cost_cv' needs a caseload sheet" in text
    # The pools rule is about rows together: asked of the rows the model accepts, so
    # of a tender that has the pool.
    beds = CostPool(pool="Beds", amount=400.0, kind="fixed", shed_rate=0.0)
    pooled = tiny_model(**NhsCostStructure.from_pools((beds,)).model_dump())
    both = (("nhs.shed_rate", 0.1, 0.3), ("pools.Beds.amount", 1.0, 2.0))
    with pytest.raises(InputError, match=r"vary the cost pools or nhs\.fixed_cost_share"):
        params(*both, model=pooled)


@settings(max_examples=40, deadline=None)
@given(samples=st.integers(1, 60), dims=st.integers(1, 6), seed=st.integers(0, 2**32))
def test_latin_hypercube_puts_one_sample_in_each_stratum(
    samples: int, dims: int, seed: int
) -> None:
    u = latin_hypercube(samples, dims, seed)
    assert u.shape == (samples, dims)
    for column in u.T:
        # Stratum k is [k/N, (k+1)/N): each of the N strata holds exactly one sample.
        assert sorted(np.floor(column * samples).astype(int)) == list(range(samples))


def test_latin_hypercube_is_reproducible_from_the_seed() -> None:
    assert np.array_equal(latin_hypercube(10, 3, 5), latin_hypercube(10, 3, 5))
    assert not np.array_equal(latin_hypercube(10, 3, 5), latin_hypercube(10, 3, 6))


def test_parameter_share_by_hand() -> None:
    # Samples × draws [[1, 3], [5, 7]]: within-sample variances 2 and 2, W = 2; sample
    # means 2 and 6, B = 8; parameters 8 − 2/2 = 7; share 7/(7 + 2) = 7/9.
    assert parameter_share(np.array([[1.0, 3.0], [5.0, 7.0]])) == pytest.approx(7 / 9)
    assert parameter_share(np.array([[1.0], [5.0]])) is None  # one draw: cannot split


def only_parameters(values: Mapping[str, float], seed: int) -> dict[str, float]:
    return {"nhs_surplus_change": values["a"] - 0.5, "public_spending_change": 1.0}


def only_noise(values: Mapping[str, float], seed: int) -> dict[str, float]:
    noise = float(np.random.default_rng(seed).standard_normal())
    return {"nhs_surplus_change": noise, "public_spending_change": seed % 7}


def test_psa_splits_variance_between_parameters_and_noise() -> None:
    a = params(("tariff.scale", 0.2, 0.8))
    renamed = [p.__class__(**{**p.__dict__, "path": p.path.__class__("a", None, "x")}) for p in a]
    # The model reads the sample by name; name the one parameter "a".
    result = run_psa(_named(only_parameters), renamed, samples=10, inner=3, seed=4)
    summary = result.summary()
    assert summary["figures"]["nhs_surplus_change"]["share_parameters"] == pytest.approx(1.0)
    # Normal on a symmetric 80% interval round 0.5 and 10 Latin-hypercube strata: five
    # samples fall below the median and five above, so P(change < 0) = 0.5 exactly.
    assert summary["prob_nhs_surplus_falls"] == 0.5
    assert summary["prob_public_spending_rises"] == 1.0
    noise = run_psa(_named(only_noise), renamed, samples=10, inner=3, seed=4).summary()
    # Common random numbers: every sample sees the same three draws, so B = 0 and the
    # parameters explain none of the variance.
    assert noise["figures"]["nhs_surplus_change"]["share_parameters"] == 0.0


class _named:
    """A picklable model wrapper that reads parameter 'a.x' as 'a'."""

    def __init__(self, model: object) -> None:
        self.model = model

    def __call__(self, values: Mapping[str, float], seed: int) -> dict[str, float]:
        return self.model({"a": values["a.x"]}, seed)  # type: ignore[operator, no-any-return]


def test_inner_draws_share_seeds_across_samples() -> None:
    def seed_figure(values: Mapping[str, float], seed: int) -> dict[str, float]:
        return {"nhs_surplus_change": float(seed), "public_spending_change": 0.0}

    result = run_psa(seed_figure, params(("tariff.scale", 0.9, 1.1)), samples=5, inner=2, seed=3)
    table = result.samples
    seeds = inner_seeds(3, 2)
    for j in (0, 1):
        assert set(table.loc[table["inner"] == j, "nhs_surplus_change"]) == {float(seeds[j])}


def test_psa_of_the_tiny_tender_stays_within_the_hand_bounds() -> None:
    uncertain = params(("nhs.fixed_cost_share", 0.3, 0.7), ("nhs.shed_rate", 0.25, 0.75))
    result = run_psa(tiny_model(), uncertain, samples=40, seed=2)
    change = result.samples["nhs_surplus_change"]
    f, s = result.samples["nhs.fixed_cost_share"], result.samples["nhs.shed_rate"]
    # Every run obeys the hand formula at its own sampled f and s.
    np.testing.assert_allclose(change, -200 - 300 * f * (1 - s), rtol=1e-12)
    assert result.summary()["prob_nhs_surplus_falls"] == 1.0


def test_tornado_on_known_linear_effects() -> None:
    # Medians: f = 0.5, s = 0.5 (symmetric intervals in [0, 1]), tariff scale 1.
    # Surplus change = −(500·k − 300) − 300·f·(1 − s) with tariff scale k:
    #   base −200 − 75 = −275;
    #   f 0.3 → 0.7 (s 0.5): −245 → −305, swing 60;
    #   s 0.25 → 0.75 (f 0.5): −312.5 → −237.5, swing 75;
    #   k 0.9 → 1.1: −(450 − 300) − 75 = −225 → −(550 − 300) − 75 = −325, swing 100.
    uncertain = params(
        ("nhs.fixed_cost_share", 0.3, 0.7),
        ("nhs.shed_rate", 0.25, 0.75),
        ("tariff.scale", 0.9, 1.1),
    )
    tornado = run_tornado(tiny_model(), uncertain, seed=0)
    assert tornado.base["nhs_surplus_change"] == pytest.approx(-275)
    bars = tornado.bars["nhs_surplus_change"]
    assert [b.parameter for b in bars] == ["tariff.scale", "nhs.shed_rate", "nhs.fixed_cost_share"]
    assert [b.swing for b in bars] == pytest.approx([100, 75, 60])
    assert (bars[1].at_low, bars[1].at_high) == pytest.approx((-312.5, -237.5))
    assert (bars[2].at_low, bars[2].at_high) == pytest.approx((-245, -305))
    assert tornado.summary()["figures"]["public_spending_change"][0]["swing"] == pytest.approx(100)


def test_variance_share_when_one_parameter_explains_everything() -> None:
    # y = 3·x1 exactly, x2 has no effect: x1's share is 1, x2's 0, R² = 1.
    rng = np.random.default_rng(0)
    samples = pd.DataFrame({"x1": rng.uniform(size=200), "x2": rng.uniform(size=200)})
    samples["y"] = 3 * samples["x1"]
    shares = variance_shares(samples, ["x1", "x2"], "y")
    assert shares["shares"]["x1"] == pytest.approx(1.0, abs=1e-9)
    assert shares["shares"]["x2"] == pytest.approx(0.0, abs=1e-12)
    assert shares["r_squared"] == pytest.approx(1.0)
    assert "regression" in shares["method"]
    assert most_important(shares["shares"]) == "x1"


def test_variance_shares_of_an_additive_model() -> None:
    # y = x1 + 2·x2 with x1 and x2 exactly uncorrelated (a 2 × 2 factorial, repeated):
    # Var(x1) = Var(x2) = 0.25, so Var(y) = 0.25 + 4 × 0.25 = 1.25 and the shares are
    # 0.25/1.25 = 0.2 and 1/1.25 = 0.8.
    samples = pd.DataFrame({"x1": [0.0, 0.0, 1.0, 1.0] * 5, "x2": [0.0, 1.0, 0.0, 1.0] * 5})
    samples["y"] = samples["x1"] + 2 * samples["x2"]
    shares = variance_shares(samples, ["x1", "x2"], "y")["shares"]
    assert shares == pytest.approx({"x1": 0.2, "x2": 0.8})


def test_threshold_of_a_line_solved_by_hand() -> None:
    # y = 10 − 4x crosses 0 at x = 2.5. Bounds [0, 3]: the grid 0, 0.375, … brackets
    # it in [2.25, 2.625], not on a grid point, so Brent's method does the work.
    def line(values: Mapping[str, float], seed: int) -> dict[str, float]:
        return {"y": 10 - 4 * values["x"]}

    search = ThresholdSearch(line, "x", "y", (0.0, 3.0), tolerance=1e-9)
    assert run_threshold(search, base={}, seed=0).value == pytest.approx(2.5, abs=1e-9)
    never = ThresholdSearch(line, "x", "y", (0.0, 2.0))
    assert run_threshold(never, base={}, seed=0).value is None


def test_fixed_cost_share_break_even_on_the_tiny_tender() -> None:
    # −200 − 300·f·0.75 = −290 ⇒ f = 90/225 = 0.4 (s = 0.25).
    search = ThresholdSearch(
        tiny_model(), "nhs.fixed_cost_share", "nhs_surplus_change", (0.0, 1.0), target=-290
    )
    threshold = run_threshold(search, base={}, seed=0)
    assert threshold.value == pytest.approx(0.4, abs=search.tolerance)
    assert threshold.summary()["value"] == threshold.value


def test_threshold_range_over_psa_samples() -> None:
    # With s sampled, f* = 90/(300·(1 − s)); at each sample's s the search finds it.
    uncertain = params(("nhs.shed_rate", 0.1, 0.4))
    model = tiny_model()
    psa = run_psa(model, uncertain, samples=6, seed=1)
    samples = psa.samples[["nhs.shed_rate"]].to_dict("records")
    search = ThresholdSearch(
        model, "nhs.fixed_cost_share", "nhs_surplus_change", (0.0, 1.0), target=-290
    )
    threshold = run_threshold(search, base={"nhs.shed_rate": 0.25}, seed=0, psa_samples=samples)
    expected = [90 / (300 * (1 - s["nhs.shed_rate"])) for s in samples]
    assert threshold.psa_values == pytest.approx(expected, abs=1e-5)
    summary = threshold.summary()["psa"]
    assert summary["no_crossing"] == 0
    assert summary["p50"] == pytest.approx(float(np.percentile(expected, 50)), abs=1e-5)


@settings(max_examples=60, deadline=None)
@given(
    grid=st.lists(st.lists(st.floats(-1e6, 1e6), min_size=3, max_size=3), min_size=2, max_size=8)
)
def test_the_parameter_share_is_a_share(grid: list[list[float]]) -> None:
    share = parameter_share(np.array(grid))
    assert share is None or 0.0 <= share <= 1.0


def test_threshold_sentences_say_how_often_samples_cross() -> None:
    from pbrkit.reports.uncertainty_narrative import threshold_sentence

    base = {
        "parameter": "nhs.fixed_cost_share",
        "figure": "public_spending_change",
        "target": 0.0,
        "bounds": [0.0, 1.0],
    }
    every = {"samples": 50, "no_crossing": 0, "p5": 0.2, "p50": 0.285, "p95": 0.4}
    text = threshold_sentence({**base, "value": 0.285, "psa": every})
    assert text == (
        "The change in public spending (commissioner and NHS together) crosses £0 at "
        "nhs.fixed_cost_share = 0.2850 (5th to 95th percentile over 50 PSA samples: "
        "0.2000 to 0.4000)."
    )
    few = {"samples": 50, "no_crossing": 49, "p5": 0.01, "p50": 0.01, "p95": 0.01}
    text = threshold_sentence({**base, "value": None, "psa": few})
    assert "does not cross £0 anywhere between nhs.fixed_cost_share = 0 and 1" in text
    assert text.endswith("it crosses at only 1 of 50 PSA samples (at 0.0100).")
