"""An independent re-check of the tender's row-order invariance (review 5, December 2026).

Methodology §6.4 says nothing depends on the order of the input rows. With bidders that
draw noise (ρ < 1), the order of the ``patients`` rows did: each bidder's noise ε was
drawn in the order the patients came within a cluster, so the same patients sorted
another way in the sheet got other ε, and a run with ``--draws 30 --seed 7`` moved the
NHS surplus after the tender from -£43,183 to -£43,035. The patients are now put in
order of cluster and patient id before the noise is drawn.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import WorkbookFactory
from pbrkit.cli import cli
from pbrkit.tender import TenderSpec, simulate_tender
from test_tender_properties import tenders

TARIFF = [
    ["cluster", "price", "unit"],
    [1, 15, "per_day"],
    [2, 12, "per_day"],
    [3, 8, "per_day"],
    [4, 20, "per_day"],
]
BIDDERS = [
    ["name", "cost_factor", "info_quality", "hurdle_margin", "capacity", "clusters"],
    ["Alpha", 0.85, 0.5, 0.05, 10, "1-4"],
    ["Beta", 0.95, 0.4, 0.0, 15, "1-2"],
    ["Gamma", 0.9, 0.6, 0.1, None, "3-4"],
]
LOTS = [
    ["name", "clusters", "award", "price_weight"],
    ["L12", "1-2", "fixed_tariff", 0.4],
    ["L34", "3-4", "competitive", 0.5],
]


def _patients(seed: int | None) -> list[list[object]]:
    rng = random.Random(1)
    rows: list[list[object]] = [
        # a patient re-clustered in the year has a row in each cluster (methodology §8)
        [f"q{i:03d}", 1 + i % 4, rng.randint(20, 300), 0, round(rng.lognormvariate(7.5, 0.8), 2)]
        for i in range(60)
    ] + [["q000", 2, 40, 0, 900.0]]
    if seed is not None:
        random.Random(seed).shuffle(rows)
    return [["patient_id", "cluster", "days", "admitted_days", "cost"], *rows]


def _run(tmp_workbook: WorkbookFactory, seed: int | None) -> dict[str, object]:
    sheets = {
        "patients": _patients(seed),
        "tariff": TARIFF,
        "nhs": [["fixed_cost_share", "shed_rate"], [0.4, 0.5]],
        "bidders": BIDDERS,
        "lots": LOTS,
    }
    path: Path = tmp_workbook(sheets, name=f"order-{seed}.xlsx")
    result = CliRunner().invoke(
        cli, ["tender", str(path), "--draws", "30", "--seed", "7", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads(result.stdout)
    return summary


def test_the_order_of_the_patient_rows_changes_nothing(tmp_workbook: WorkbookFactory) -> None:
    first = _run(tmp_workbook, None)
    for seed in (1, 2):
        other = _run(tmp_workbook, seed)
        for key in ("residue", "residue_ranges", "residue_by_cluster", "bidders", "lots"):
            assert other[key] == first[key], key


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tenders(), st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_any_order_of_the_patient_rows_gives_the_same_figures(
    tender: tuple[pd.DataFrame, TenderSpec, int], seed: int, shuffle: random.Random
) -> None:
    population, spec, draws = tender
    population = population.assign(patient_id=[f"id{i:03d}" for i in range(len(population))])
    order = list(range(len(population)))
    shuffle.shuffle(order)
    first = simulate_tender(population, spec, draws=draws, seed=seed)
    other = simulate_tender(population.iloc[order], spec, draws=draws, seed=seed)
    # exactly equal (nan where nobody is left: nan != nan, so compared by repr)
    assert repr(other.residue) == repr(first.residue)
    assert repr(other.residue_ranges) == repr(first.residue_ranges)
