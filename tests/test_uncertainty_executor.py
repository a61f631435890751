"""The executor never changes a figure: byte-identical results on 1 and 2 local
processes and on a real Dask cluster of 2 worker processes, for PSA samples, tornado
arms and sweep grid points alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.tender import Bidder, Lot, NhsCostStructure, TenderSpec
from pbrkit.tender.sweep import sweep
from pbrkit.uncertainty import Executor, ParameterRow, check_parameters, run_psa, run_tornado
from pbrkit.uncertainty.tender_model import TenderModel


def noisy_model() -> TenderModel:
    """300 patients in four clusters, two bidders with noisy signals and capacity."""
    rng = np.random.default_rng(11)
    clusters = rng.choice([1, 2, 3, 4], size=300)
    cost = rng.lognormal(mean=7.5, sigma=0.8, size=300)
    population = pd.DataFrame({"cluster": clusters, "cost": cost, "income": np.full(300, 2200.0)})
    spec = TenderSpec(
        bidders=(
            Bidder(name="A", cost_factor=0.9, info_quality=0.5, capacity=80),
            Bidder(name="B", cost_factor=1.0, info_quality=0.4),
        ),
        lots=(Lot(name="One", clusters="1-2"), Lot(name="Two", clusters="3-4")),
        nhs=NhsCostStructure(fixed_cost_share=0.5, shed_rate=0.25),
    )
    return TenderModel(population, spec)


PARAMS = check_parameters(
    [
        ParameterRow("nhs.fixed_cost_share", 0.3, 0.7, row=2),
        ParameterRow("bidders.*.info_quality", 0.3, 0.6, row=3),
        ParameterRow("bidders.A.capacity", 40, 120, distribution="uniform", row=4),
        ParameterRow("tariff.scale", 0.9, 1.1, distribution="lognormal", row=5),
    ]
)


#: A 3 × 2 grid: six sweep points, each a work unit of 3 draws.
GRID = {"nhs.fixed_cost_share": [0.3, 0.5, 0.7], "bidders.*.info_quality": [0.3, 0.6]}

ROOT = Path(__file__).resolve().parents[1]
SWEEP_ARGS = [
    "sweep", str(ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"),
    "--vary", "nhs.fixed_cost_share=0.3:0.7:3", "--draws", "2", "--seed", "5",
]  # fmt: skip


def outputs(executor: Executor) -> tuple[bytes, pd.DataFrame]:
    model = noisy_model()
    psa = run_psa(model, PARAMS, samples=8, inner=2, seed=42, executor=executor)
    tornado = run_tornado(model, PARAMS, seed=42, executor=executor)
    grid = sweep(model.population, model.spec, GRID, draws=3, seed=42, executor=executor)
    summary: dict[str, Any] = {
        "psa": psa.summary(),
        "tornado": tornado.summary(),
        "sweep": grid.to_dict("records"),
    }
    return json.dumps(summary, sort_keys=True).encode(), psa.samples


def sweep_summary(where: Path, *options: str) -> bytes:
    """``pbrkit sweep`` of the AQP example with ``options``: its summary.json's bytes."""
    result = CliRunner().invoke(cli, [*SWEEP_ARGS, *options, "--out", str(where)])
    assert result.exit_code == 0, result.output
    return (where / "summary.json").read_bytes()


def test_one_and_two_local_workers_give_identical_bytes() -> None:
    one_json, one_table = outputs(Executor(workers=1))
    two_json, two_table = outputs(Executor(workers=2))
    assert one_json == two_json
    pd.testing.assert_frame_equal(one_table, two_table, check_exact=True)
    # The noise matters here (so equality is not trivially about a constant).
    assert one_table["nhs_surplus_change"].nunique() > 8
    sweep_rows = json.loads(one_json)["sweep"]
    assert len({row["nhs_surplus_change"] for row in sweep_rows}) == 6


def test_a_sweep_is_the_same_bytes_on_one_worker_and_two(tmp_path: Path) -> None:
    one = sweep_summary(tmp_path / "one", "--workers", "1")
    two = sweep_summary(tmp_path / "two", "--workers", "2")
    assert one == two
    points = json.loads(one)["sweep"]
    assert len(points) == 3


def test_a_dask_cluster_gives_identical_bytes(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local_json, local_table = outputs(Executor(workers=1))
    local_sweep = sweep_summary(tmp_path / "local", "--workers", "1")
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        dask_json, dask_table = outputs(Executor(kind="dask", scheduler=client))
        by_address_json, _ = outputs(Executor(kind="dask", scheduler=cluster.scheduler_address))
        dask_sweep = sweep_summary(
            tmp_path / "dask", "--executor", "dask", "--scheduler", cluster.scheduler_address
        )
    assert dask_json == local_json == by_address_json
    pd.testing.assert_frame_equal(dask_table, local_table, check_exact=True)
    assert dask_sweep == local_sweep


def test_executor_options_are_checked() -> None:
    with pytest.raises(InputError, match="--workers must be 1 or more"):
        Executor(workers=0)
    with pytest.raises(InputError, match="needs --scheduler"):
        Executor(kind="dask")


def test_the_fast_path_gives_simulate_tenders_figures_exactly() -> None:
    from pbrkit.tender import FIGURES, simulate_tender
    from pbrkit.uncertainty.tender_model import headline_figures

    model = noisy_model()
    for seed in (0, 7, 123456789):
        full = simulate_tender(model.population, model.spec, draws=1, seed=seed, workers=1)
        fast = headline_figures(model.population, model.spec, seed)
        assert fast == {name: float(full.residue[name]) for name in FIGURES}


def test_the_fast_path_matches_simulate_tender_under_v2_terms() -> None:
    """A blended payment (v), retained services (r), a recharging bidder and bidders out
    of name order (simulate_tender sorts them): still exactly simulate_tender's figures."""
    from pbrkit.tender import FIGURES, simulate_tender
    from pbrkit.uncertainty.tender_model import headline_figures

    base = noisy_model()
    spec = base.spec.model_copy(
        update={
            "bidders": (
                Bidder(name="Z", cost_factor=1.0, info_quality=0.4, recharge=True),
                Bidder(name="A", cost_factor=0.9, info_quality=0.5, capacity=80),
            ),
            "nhs": NhsCostStructure(
                fixed_cost_share=0.4,
                shed_rate=0.3,
                retained_share=0.25,
                payment="blended",
                variable_share=0.7,
            ),
        }
    )
    for seed in (0, 99):
        full = simulate_tender(base.population, spec, draws=1, seed=seed, workers=1)
        fast = headline_figures(base.population, spec, seed)
        assert fast == {name: float(full.residue[name]) for name in FIGURES}
        assert full.residue["cost_retained_for_taken"] > 0
