"""Latin hypercube samples of the uncertain parameters, seeded from the run's seed.

Seeds come from one :class:`numpy.random.SeedSequence` per run, with fixed spawn keys
so every use is reproducible and independent of the others:

* ``(0,)`` — the Latin hypercube of parameter samples;
* ``(1, j)`` — inner draw j's selection noise for j ≥ 1, the same in every parameter
  sample (common random numbers: samples differ by their parameters, not by luck).
  Draw 0 is the run's seed itself, as ``pbrkit tender --seed`` uses it: a run at the
  inputs' own values is then that tender's run, figure for figure, so a tornado's
  base and a break-even search differ from the tender's headline only by their
  parameters, never by luck.

A Latin hypercube (McKay, Beckman & Conover 1979) cuts each parameter's probability
range into N equal strata and puts exactly one sample in each; each parameter's value
is its distribution's inverse CDF at the sample's probability. The hypercube's columns
go to the parameters in order of their paths, not of the table's rows, so the same
table in another row order draws the same values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.stats import qmc

from pbrkit.uncertainty.params import UncertainParameter

#: Spawn-key roots (see the module docstring).
LHS_KEY: Final = 0
NOISE_KEY: Final = 1


def latin_hypercube(samples: int, dimensions: int, seed: int) -> npt.NDArray[np.float64]:
    """``samples`` × ``dimensions`` probabilities in (0, 1), one per stratum per column."""
    sequence = np.random.SeedSequence(seed, spawn_key=(LHS_KEY,))
    sampler = qmc.LatinHypercube(d=max(dimensions, 1), rng=np.random.default_rng(sequence))
    return np.asarray(sampler.random(samples), dtype=np.float64)[:, :dimensions]


def inner_seeds(seed: int, inner: int) -> tuple[int, ...]:
    """The simulation seed of each inner draw j (the same for every parameter sample):
    the run's own seed for draw 0, then one from the seed's spawn key ``(1, j)``."""
    return tuple(
        seed if j == 0 else int(
            np.random.SeedSequence(seed, spawn_key=(NOISE_KEY, j)).generate_state(1)[0]
        )
        for j in range(inner)
    )  # fmt: skip


def sample_parameters(
    params: Sequence[UncertainParameter], samples: int, seed: int
) -> pd.DataFrame:
    """One row per sample, one column per parameter (named by its path, in the order given)."""
    u = latin_hypercube(samples, len(params), seed)
    # By path, not by position: a column per row would give each parameter another
    # column's strata whenever the rows were reordered, and so other figures.
    column = {name: k for k, name in enumerate(sorted(p.name for p in params))}
    return pd.DataFrame(
        {p.name: p.marginal.ppf(u[:, column[p.name]]) for p in params},
        index=pd.RangeIndex(samples, name="sample"),
    )
