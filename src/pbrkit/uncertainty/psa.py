"""Probabilistic sensitivity analysis: N parameter samples × M draws of selection noise.

Sample i takes its parameters from a Latin hypercube; inner draw j uses the same noise
seed in every sample (common random numbers), so samples differ by their parameters,
not by luck. Each figure is summarised over all N × M runs together (mean, p5, p50,
p95), and its variance is split between the parameters and the selection noise by the
one-way analysis of variance over samples:

* W = the mean over samples of the variance between a sample's M draws (noise);
* B = the variance between the samples' means; B includes W/M of noise, so the
  parameters' part is B − W/M (0 if negative);
* ``share_parameters`` = (B − W/M) ÷ (B − W/M + W).

With one inner draw (M = 1) the two cannot be told apart and the share is None.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from pbrkit.errors import InputError, Problem
from pbrkit.uncertainty.executor import Executor, Progress
from pbrkit.uncertainty.model import NHS_SURPLUS, PUBLIC_SPENDING, Model
from pbrkit.uncertainty.params import UncertainParameter
from pbrkit.uncertainty.sampling import inner_seeds, sample_parameters
from pbrkit.uncertainty.summaries import ExactStats, PsaRuns

#: Percentiles reported for every figure.
PERCENTILES: Final = {"p5": 5.0, "p50": 50.0, "p95": 95.0}

#: Most runs (samples × inner draws) one PSA may ask for: every run's figures are kept
#: for psa.parquet, and this is what ``--samples`` alone allows.
MAX_RUNS: Final = 1_000_000

#: Below this standard deviation, relative to the figure's size, a figure "does not vary".
RELATIVE_NOISE_FLOOR: Final = 1e-9


@dataclass(frozen=True)
class PsaUnit:
    """One work unit: sample ``sample`` at ``values``, run once per seed."""

    sample: int
    values: dict[str, float]
    seeds: tuple[int, ...]


def run_psa_unit(model: Model, unit: PsaUnit) -> list[dict[str, float]]:
    """The figures of every inner draw of one sample (a pure function of its inputs)."""
    return [model(unit.values, seed) for seed in unit.seeds]


@dataclass(frozen=True)
class PsaResult:
    """A finished PSA.

    Attributes:
        samples: one row per (sample, inner draw): ``sample``, ``inner``, a column per
            parameter path, then a column per figure.
        parameters: the parameter paths, in the order given.
        figures: the figure names, in the model's order.
        n_samples: N.
        n_inner: M.
        seed: the run's seed.
    """

    samples: pd.DataFrame
    parameters: tuple[str, ...]
    figures: tuple[str, ...]
    n_samples: int
    n_inner: int
    seed: int

    def figure_summary(self, figure: str) -> ExactStats:
        """``{mean, p5, p50, p95, share_parameters}`` of one figure."""
        values = self.samples[figure].to_numpy(dtype=np.float64)
        if np.isnan(values).all():
            # No run has the figure (no one left, say): blank, without numpy's warnings
            # about the mean and percentiles of nothing reaching the terminal.
            return {"mean": None, "p5": None, "p50": None, "p95": None, "share_parameters": None}
        with np.errstate(invalid="ignore"):  # +∞ and −∞ together: no mean (nan)
            mean = _nan_none(np.nanmean(values))
        p5, p50, p95 = (_nan_none(percentile(values, q)) for q in PERCENTILES.values())
        grid = values.reshape(self.n_samples, self.n_inner)
        return {"mean": mean, "p5": p5, "p50": p50, "p95": p95,
                "share_parameters": parameter_share(grid)}  # fmt: skip

    def probability(self, figure: str, *, above: bool) -> float:
        """Share of all runs in which ``figure`` is above 0 (or below 0)."""
        values = self.samples[figure].to_numpy(dtype=np.float64)
        return float(np.mean(values > 0 if above else values < 0))

    def summary(self) -> PsaRuns:
        """The ``psa`` object of summary.json (without tornado, sensitivity, thresholds)."""
        return {
            "samples": self.n_samples,
            "inner": self.n_inner,
            "seed": self.seed,
            "parameters": list(self.parameters),
            "figures": {name: self.figure_summary(name) for name in self.figures},
            "prob_nhs_surplus_falls": self.probability(NHS_SURPLUS, above=False),
            "prob_public_spending_rises": self.probability(PUBLIC_SPENDING, above=True),
        }

    def write_parquet(self, path: Path) -> None:
        """The samples table, as ``psa.parquet``."""
        self.samples.to_parquet(path, index=False)


def parameter_share(grid: np.ndarray[Any, np.dtype[np.float64]]) -> float | None:
    """Share of variance due to the parameters; ``grid`` is samples × inner draws.

    None with one inner draw, or when the figure does not vary (beyond rounding).
    """
    samples, inner = grid.shape
    if inner < 2 or samples < 2 or not np.isfinite(grid).all():  # no variance of ∞
        return None
    within = float(np.mean(np.var(grid, axis=1, ddof=1)))
    between = float(np.var(grid.mean(axis=1), ddof=1))
    parameters = max(between - within / inner, 0.0)
    total = parameters + within
    # A figure the parameters cannot move (the surplus before tendering) still wobbles
    # in its last bits; a share of that wobble would mean nothing.
    scale = float(np.max(np.abs(grid)))
    return None if total <= (RELATIVE_NOISE_FLOOR * scale) ** 2 else parameters / total


def percentile(values: np.ndarray[Any, np.dtype[np.float64]], q: float) -> float:
    """The ``q``th percentile of the runs (nan skipped), numpy's linear interpolation
    between the sorted runs; where a neighbour is infinite (a ratio over a payment of 0)
    the value a share t > 0 of the way from a to b is the infinite one, and from −∞ to
    +∞ none (nan), where numpy's a + t·(b − a) gives nan and a RuntimeWarning."""
    runs = values[~np.isnan(values)]
    if np.isfinite(runs).all():
        return float(np.nanpercentile(values, q))
    runs = np.sort(runs)
    position = q / 100 * (len(runs) - 1)
    low, high = runs[int(np.floor(position))], runs[int(np.ceil(position))]
    share = position - np.floor(position)
    if share == 0 or low == high:
        return float(low)
    if np.isinf(low) and np.isinf(high):
        return math.nan  # from −∞ to +∞
    if np.isinf(low) or np.isinf(high):
        return float(low if np.isinf(low) else high)
    # numpy's own lerp (numpy.lib._function_base_impl._lerp), so as it gives finite runs
    return float(low + (high - low) * share if share < 0.5 else high - (high - low) * (1 - share))


def _nan_none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def run_psa(
    model: Model,
    params: Sequence[UncertainParameter],
    *,
    samples: int,
    inner: int = 1,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Progress | None = None,
    samples_option: str = "--psa",
) -> PsaResult:
    """Run the model at ``samples`` Latin-hypercube samples × ``inner`` noise draws.

    ``samples_option`` names ``samples`` in a message as the caller took it (``--psa``
    of ``cost`` and ``tender``, ``--samples`` of ``pbrkit psa``).

    Raises:
        InputError: no parameters, or ``samples`` or ``inner`` below 1.
    """
    _check(params, samples, inner, samples_option)
    drawn = sample_parameters(params, samples, seed)
    seeds = inner_seeds(seed, inner)
    units = [
        PsaUnit(i, {str(k): float(v) for k, v in row.items()}, seeds)
        for i, row in enumerate(drawn.to_dict("records"))
    ]
    runs = (executor or Executor(workers=1)).map(run_psa_unit, model, units, progress)
    figures = tuple(runs[0][0])
    table = _table(drawn, runs, figures, inner)
    return PsaResult(table, tuple(drawn.columns), figures, samples, inner, seed)


def _check(
    params: Sequence[UncertainParameter], samples: int, inner: int, option: str = "--psa"
) -> None:
    problems = []
    if not params:
        problems.append(Problem("the PSA needs at least one uncertain parameter"))
    for name, value in ((option, samples), ("--inner", inner)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.append(Problem(f"{name} must be a whole number of 1 or more", value=value))
    if not problems and samples * inner > MAX_RUNS:
        # Refused before anything is drawn: the runs' figures are all kept in memory.
        problems.append(
            Problem(
                f"{samples:,} samples × {inner:,} inner draws is {samples * inner:,} runs; "
                f"a PSA may have at most {MAX_RUNS:,} (every run's figures are kept for "
                f"psa.parquet): lower {option} or --inner"
            )
        )
    if problems:
        raise InputError(problems)


def _table(
    drawn: pd.DataFrame,
    runs: Sequence[Sequence[Mapping[str, float]]],
    figures: tuple[str, ...],
    inner: int,
) -> pd.DataFrame:
    samples = len(drawn)
    frame = pd.DataFrame(
        {
            "sample": np.repeat(np.arange(samples), inner),
            "inner": np.tile(np.arange(inner), samples),
        }
    )
    for name in drawn.columns:
        frame[name] = np.repeat(drawn[name].to_numpy(dtype=np.float64), inner)
    for figure in figures:
        frame[figure] = np.array([run[figure] for draws in runs for run in draws])
    return frame
