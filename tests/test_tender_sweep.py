"""Parameter sweeps: grids of tenders, the same numbers whatever the number of workers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from pbrkit.errors import InputError
from pbrkit.tender import (
    FIGURES,
    Bidder,
    Lot,
    TenderSpec,
    parse_vary,
    set_parameter,
    simulate_tender,
    sweep,
)


def population() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    clusters = np.repeat([1, 2, 11], [200, 150, 100])
    return pd.DataFrame(
        {
            "cluster": clusters,
            "cost": rng.lognormal(6.5, 0.8, clusters.size),
            "income": 900.0,
        }
    )


SPEC = TenderSpec(
    bidders=[
        Bidder(name="Acme Care", cost_factor=0.9, capacity=120),
        Bidder(name="Big Society", cost_factor=1.1, capacity=20),
    ],
    lots=[Lot(name="Non-psychotic", clusters="1-2"), Lot(name="Psychosis", clusters=[11])],
)


def test_parse_vary():
    assert parse_vary("bidders.Acme Care.info_quality=0:1:5") == (
        "bidders.Acme Care.info_quality",
        [0.0, 0.25, 0.5, 0.75, 1.0],
    )
    assert parse_vary("lots.Psychosis.accept_all=no,yes") == (
        "lots.Psychosis.accept_all",
        ["no", "yes"],
    )
    assert parse_vary("nhs.shed_rate = 0.1, 0.2") == ("nhs.shed_rate", [0.1, 0.2])
    for bad in (
        "nhs.shed_rate",
        "=0:1:3",
        "nhs.shed_rate=0:1",
        "nhs.shed_rate=0:1:x",
        "nhs.shed_rate=0:1:0",
    ):
        with pytest.raises(InputError):
            parse_vary(bad)


def test_set_parameter():
    spec = set_parameter(SPEC, "bidders.Acme Care.info_quality", 0.9)
    assert spec.bidder("Acme Care").info_quality == 0.9
    assert SPEC.bidder("Acme Care").info_quality == 0.5  # the original is unchanged
    everyone = set_parameter(SPEC, "bidders.*.capacity", 300.0)
    assert [b.capacity for b in everyone.bidders] == [300, 300]
    assert set_parameter(SPEC, "lots.Psychosis.accept_all", "yes").lot("Psychosis").accept_all
    assert set_parameter(SPEC, "nhs.fixed_cost_share", 0.77).nhs.fixed_cost_share == 0.77


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("bidders.Nobody.info_quality", 0.5, "no bidder called 'Nobody'; there are: Acme Care"),
        ("bidders.Acme Care.colour", 1, "unknown field 'colour'"),
        ("bidders.Acme Care.info_quality", 2.0, "must be between 0 and 1"),
        ("bidders.Acme Care.capacity", 12.5, "capacity"),
        ("nhs.colour", 1, "unknown field"),
        ("tariff.price", 1, "not a parameter"),
    ],
)
def test_set_parameter_errors(path, value, message):
    with pytest.raises(InputError, match=message):
        set_parameter(SPEC, path, value)


def test_one_parameter_sweep_matches_single_runs():
    pop = population()
    grid = sweep(
        pop, SPEC, {"bidders.Acme Care.info_quality": [0.0, 0.5, 1.0]}, draws=20, seed=3, workers=1
    )
    assert list(grid.columns[:2]) == ["bidders.Acme Care.info_quality", FIGURES[0]]
    assert {f"{name}_p5" for name in FIGURES} <= set(grid.columns)
    assert grid["bidders.Acme Care.info_quality"].tolist() == [0.0, 0.5, 1.0]
    single = simulate_tender(
        pop, set_parameter(SPEC, "bidders.Acme Care.info_quality", 0.5), draws=20, seed=3
    )
    assert grid.loc[1, FIGURES[0]] == single.residue[FIGURES[0]]
    # Better information: a costlier residue (common random numbers keep this tidy).
    assert grid["casemix_index"].is_monotonic_increasing


def test_two_parameter_sweep_is_the_same_with_any_number_of_workers():
    pop = population()
    vary = {"nhs.fixed_cost_share": [0.2, 0.8], "lots.Psychosis.accept_all": [False, True]}
    serial = sweep(pop, SPEC, vary, draws=5, seed=1, workers=1)
    seen: list[int] = []
    parallel = sweep(pop, SPEC, vary, draws=5, seed=1, workers=2, progress=seen.append)
    assert_frame_equal(serial, parallel)
    assert seen == [1, 2, 3, 4]
    assert serial[["nhs.fixed_cost_share", "lots.Psychosis.accept_all"]].values.tolist() == [
        [0.2, False],
        [0.2, True],
        [0.8, False],
        [0.8, True],
    ]
    # A higher fixed cost share strands more cost when the same patients leave.
    low, high = serial.iloc[0], serial.iloc[2]
    assert high["stranded_fixed_cost"] > low["stranded_fixed_cost"]
    assert high["taken_patients"] == low["taken_patients"]


def test_sweep_checks_every_point_before_running():
    with pytest.raises(InputError, match="one or two parameters"):
        sweep(population(), SPEC, {}, draws=1)
    with pytest.raises(InputError, match="must be between 0 and 1"):
        sweep(population(), SPEC, {"nhs.shed_rate": [0.5, 1.5]}, draws=1)
