"""Tests written against the survivors of mutation testing `pbrkit.uncertainty.sampling`
(benchmarks/mutation-uncertainty.md): which seed stream the hypercube is drawn from,
for any number of parameters, and the samples table's index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import qmc

from pbrkit.uncertainty.params import ParameterRow, check_parameters
from pbrkit.uncertainty.sampling import LHS_KEY, latin_hypercube, sample_parameters


def _documented_hypercube(samples: int, dimensions: int, seed: int) -> np.ndarray:
    # The module docstring's rule: the hypercube of `dimensions` columns is drawn from
    # the run's SeedSequence with spawn key (0,), and nothing else. A published seed
    # reproduces a PSA's samples only if this derivation never changes.
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(LHS_KEY,)))
    return qmc.LatinHypercube(d=dimensions, rng=rng).random(samples)


@pytest.mark.parametrize("dimensions", [1, 2, 3])
@pytest.mark.parametrize("seed", [0, 11])
def test_the_hypercube_is_drawn_from_spawn_key_zero(dimensions: int, seed: int) -> None:
    # Kills the hypercube drawn from the root seed (spawn key dropped) and, with one
    # parameter, from a two-column hypercube cut to one column (another draw of the
    # same stratification: a valid hypercube, but not the seed's).
    u = latin_hypercube(8, dimensions, seed)
    assert np.array_equal(u, _documented_hypercube(8, dimensions, seed))
    # The root seed's stream (no spawn key) is another draw entirely.
    root = qmc.LatinHypercube(d=dimensions, rng=np.random.default_rng(seed)).random(8)
    assert not np.array_equal(u, root)


def test_no_parameters_give_samples_without_columns() -> None:
    # max(dimensions, 1): scipy refuses d = 0, so one column is drawn and cut away.
    assert latin_hypercube(5, 0, 3).shape == (5, 0)


def test_the_samples_table_is_indexed_by_sample_number() -> None:
    # One row per sample, numbered 0 … N − 1 in an index named "sample" (the name a
    # caller of the library groups or joins the PSA's runs by).
    params = check_parameters([ParameterRow("tariff.scale", 0.9, 1.1, row=2)])
    drawn = sample_parameters(params, 4, 0)
    assert isinstance(drawn.index, pd.RangeIndex)
    assert drawn.index.name == "sample"
    assert list(drawn.index) == [0, 1, 2, 3]
    # Four strata of a normal with median 1: each value is the ppf of the hypercube's
    # probability, in the sample's own row.
    u = _documented_hypercube(4, 1, 0)[:, 0]
    assert np.array_equal(drawn["tariff.scale"].to_numpy(), params[0].marginal.ppf(u))
