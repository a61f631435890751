"""Tender v2 invariants: the row order of the bidders and lots sheets changes nothing.

Under ``best_value`` (and ``random_order``, whose bidder order is drawn from the seed over
the bidders in name order) permuting the bidder rows or the lot rows must leave every
figure bit-for-bit the same; the admitted-day rule keeps its row totals and caps.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pbrkit.tender import Bidder, Lot, TenderSpec, simulate_tender, synthesise_population
from pbrkit.tender.population import admitted_days_following_cost, cost_below_bed_days

CLUSTERS = (1, 2, 3, 10)


@st.composite
def tenders(draw: st.DrawFn) -> tuple[pd.DataFrame, TenderSpec, list[int], list[int]]:
    n = draw(st.integers(4, 30))
    clusters = draw(st.lists(st.sampled_from(CLUSTERS), min_size=n, max_size=n))
    costs = draw(st.lists(st.floats(100, 5000), min_size=n, max_size=n))
    frame = pd.DataFrame(
        {
            "patient_id": [f"p{i:03d}" for i in range(n)],
            "cluster": clusters,
            "cost": costs,
            "income": [1000.0 * (1 + c % 3) for c in clusters],
            "days": 100.0,
            "admitted_days": 0.0,
        }
    )
    allocation = draw(st.sampled_from(["best_value", "random_order"]))
    bidders = [
        Bidder(
            name=f"b{i}",
            cost_factor=draw(st.sampled_from([0.7, 0.9, 1.0, 1.2])),
            info_quality=draw(st.sampled_from([0.0, 0.5, 1.0])),
            hurdle_margin=draw(st.sampled_from([0.0, 0.05])),
            capacity=draw(st.sampled_from([None, 1, 3])),
            screening=draw(st.booleans()),
            risk_aversion=draw(st.sampled_from([0.0, 0.5])),
            quality_score=draw(st.sampled_from([0.3, 0.7])),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    lots = [
        Lot(
            name=f"l{i}",
            clusters=[code],
            award=draw(st.sampled_from(["fixed_tariff", "competitive"])),
            accept_all=draw(st.booleans()),
            allocation=allocation,
        )
        for i, code in enumerate(CLUSTERS)
    ]
    spec = TenderSpec(bidders=bidders, lots=lots)
    bidder_order = draw(st.permutations(range(len(bidders))))
    lot_order = draw(st.permutations(range(len(lots))))
    return frame, spec, list(bidder_order), list(lot_order)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all((math.isnan(a[k]) and math.isnan(b[k])) or a[k] == b[k] for k in a) and set(
        a
    ) == set(b)


@settings(max_examples=40, deadline=None)
@given(tenders())
def test_row_order_changes_nothing(
    case: tuple[pd.DataFrame, TenderSpec, list[int], list[int]],
) -> None:
    frame, spec, bidder_order, lot_order = case
    permuted = spec.model_copy(
        update={
            "bidders": tuple(spec.bidders[i] for i in bidder_order),
            "lots": tuple(spec.lots[i] for i in lot_order),
        }
    )
    first = simulate_tender(frame, spec, draws=3, seed=7)
    second = simulate_tender(frame, permuted, draws=3, seed=7)
    assert _same(first.residue, second.residue)
    assert first.patients["taken_by"].equals(second.patients["taken_by"])
    pd.testing.assert_frame_equal(first.draws, second.draws)
    by_name = [r.by_bidder.sort_values("bidder").reset_index(drop=True) for r in (first, second)]
    pd.testing.assert_frame_equal(*by_name)


@settings(max_examples=60, deadline=None)
# c ÷ b rounded up for a cost of 2e-313 (found by this test): £20 × a was above c.
@example([19.0, 2.2250738585e-313], 0.015625, 1.0, 20.0)
@given(
    st.lists(st.floats(0, 10_000), min_size=1, max_size=12),
    st.floats(0, 1),
    st.floats(1, 400),
    st.floats(0, 600),
)
def test_admitted_days_keep_the_row_total_and_the_caps(
    costs: list[float], share: float, k: float, b: float
) -> None:
    cost = np.array(costs)
    n = cost.size
    days = np.full(n, 30.0)
    total = share * 30.0 * n
    a = admitted_days_following_cost(
        cost, np.zeros(n, dtype=np.int64), days, np.array([total]), np.full(n, k), b
    )
    assert math.isclose(float(a.days.sum()), total, rel_tol=1e-9, abs_tol=1e-9)
    assert (a.days >= 0).all() and (a.days <= days + 1e-12).all()
    assert math.isclose(float(a.cost.sum()), float(cost.sum()), rel_tol=1e-9, abs_tol=1e-9)
    frame = pd.DataFrame({"admitted_days": a.days, "cost": a.cost})
    if b > 0 and cost.sum() >= b * total * (1 + 1e-9):  # only a row cheaper than b·A may fail
        assert cost_below_bed_days(frame, b) == 0


_CASELOAD_ROW = st.tuples(
    st.integers(1, 40),  # people N
    st.floats(1, 365),  # cluster days per person
    st.floats(0, 1),  # share of days admitted
    st.floats(0, 3),  # cost_cv
    st.floats(0, 50),  # cost per day above the modelled cost (actual cost ≥ modelled)
    st.sampled_from((1, 2, 3)),  # cluster
)


@settings(max_examples=80, deadline=None)
# k = 0: every £ of the row is bed days, Σ c = b·A exactly (found by this test).
@example([(3, 1.0, 0.75, 2.0, 0.0, 1)], [0.0, 0.0, 0.0], 20.0, 0)
@given(
    st.lists(_CASELOAD_ROW, min_size=1, max_size=6),
    st.lists(st.floats(0, 800), min_size=3, max_size=3),
    st.floats(20, 600),
    st.integers(0, 2**32 - 1),
)
def test_synthesised_rows_keep_their_totals_and_nobody_costs_less_than_their_bed_days(
    rows: list[tuple[int, float, float, float, float, int]],
    k: list[float],
    b: float,
    seed: int,
) -> None:
    # Each row costs at least its modelled cost k·(D − A) + b·A (docs/methodology.md §2),
    # so Σ c ≥ b·A and every person can be given bed days their cost pays for; b may be
    # below k (even shares) or above it (shares following cost).
    day_cost = pd.Series(k, index=[1, 2, 3])
    people = np.array([r[0] for r in rows])
    days = np.array([r[0] * r[1] for r in rows])
    admitted = days * np.array([r[2] for r in rows])
    cluster = [r[5] for r in rows]
    modelled = day_cost[cluster].to_numpy() * (days - admitted) + b * admitted
    caseload = pd.DataFrame(
        {
            "cluster": cluster,
            "service_users": people,
            "cluster_days": days,
            "admitted_days": admitted,
            "cost": modelled + days * np.array([r[4] for r in rows]),
            "cost_cv": [r[3] for r in rows],
            "caseload_row": range(len(rows)),
        }
    )
    tariff = pd.DataFrame(
        {"price": 10.0, "unit": "per_day"}, index=pd.Index([1, 2, 3], name="cluster")
    )
    population = synthesise_population(
        caseload,
        tariff,
        pd.Series({1: 365, 2: 365, 3: 365}),
        seed=seed,
        day_cost=day_cost,
        bed_day_cost=b,
    )
    sums = population.groupby("caseload_row")[["cost", "admitted_days"]].sum()
    for column in ("cost", "admitted_days"):
        assert np.allclose(sums[column], caseload[column], rtol=1e-9, atol=1e-9)
    assert (population["admitted_days"] >= 0).all()
    assert (population["admitted_days"] <= population["days"] * (1 + 1e-12)).all()
    assert cost_below_bed_days(population, b) == 0


def test_first_draw_runs_the_same_noise_as_that_draw_of_a_longer_run() -> None:
    # --redraw-population runs draw d alone with first_draw = d: it must see exactly the
    # noise draw d sees in a run of several draws.
    frame = pd.DataFrame(
        {
            "patient_id": [f"p{i}" for i in range(40)],
            "cluster": [1 + i % 2 for i in range(40)],
            "cost": [200.0 + 37 * i for i in range(40)],
            "income": 1000.0,
            "days": 100.0,
            "admitted_days": 0.0,
        }
    )
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9, info_quality=0.5, capacity=10)],
        lots=[Lot(name="L", clusters="1-2")],
    )
    three = simulate_tender(frame, spec, draws=3, seed=11)
    alone = simulate_tender(frame, spec, draws=1, seed=11, first_draw=2)
    for name in ("bidder_profit", "residue_cost_gap", "taken_patients"):
        assert alone.draws[name].iloc[0] == three.draws[name].iloc[2]


def test_redrawn_populations_differ_but_repeat(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from pbrkit.cli import cli

    def run(*extra: str) -> dict[str, Any]:
        import json
        from pathlib import Path

        root = Path(__file__).resolve().parents[1]
        args = ["tender", str(root / "examples" / "clusters.xlsx"), "--draws", "3", "--json"]
        result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / str(len(extra))), *extra])
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.stdout))

    once = run()
    redrawn = run("--redraw-population")
    assert redrawn["population"]["seeds"]["population"].endswith("spawn_key=(0, draw))")
    assert redrawn["residue_ranges"] != once["residue_ranges"]
    again = run("--redraw-population", "--force")
    assert again["residue"] == redrawn["residue"]
