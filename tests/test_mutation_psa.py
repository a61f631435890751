"""Tests written against the survivors of mutation testing `pbrkit.uncertainty.psa`
(benchmarks/mutation-uncertainty.md): the summary word for word, a figure at exactly
0, the runs table's columns, the defaults, progress, the refusals, and the parameter
share's guards (NaN, one sample, the noise floor).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.uncertainty.params import ParameterRow, UncertainParameter, check_parameters
from pbrkit.uncertainty.psa import _check, parameter_share, run_psa
from pbrkit.uncertainty.sampling import inner_seeds

SEED = 5


def _scale() -> tuple[UncertainParameter, ...]:
    return check_parameters([ParameterRow("tariff.scale", 0.9, 1.1, row=2)])


def by_draw(values: Mapping[str, float], seed: int) -> dict[str, float]:
    # Draw 0 (the run's seed itself) gives a change of 0, draw 1 a change of −2,
    # whatever the sample; public spending never changes.
    first = seed == inner_seeds(SEED, 1)[0]
    return {"nhs_surplus_change": 0.0 if first else -2.0, "public_spending_change": 0.0}


def test_the_summary_word_for_word() -> None:
    # 2 samples × 2 draws: the change is 0, −2, 0, −2 (sample 0 draws 0 and 1, then
    # sample 1). Mean −4/4 = −1; sorted −2, −2, 0, 0 with linear interpolation at
    # positions 0.05 × 3 = 0.15, 1.5 and 2.85: p5 −2, p50 −2 + 0.5 × 2 = −1, p95 0.
    # Share: each sample's draws [0, −2] have variance 2 (ddof 1), W = 2; the samples'
    # means are −1 and −1, B = 0; parameters max(0 − 2/2, 0) = 0, share 0/(0 + 2) = 0.
    # Falls (< 0) in 2 runs of 4: 0.5, the runs at exactly 0 not counted.
    # Public spending is 0 in every run: no share (it does not vary), and it rises
    # (> 0) in none: 0.
    result = run_psa(by_draw, _scale(), samples=2, inner=2, seed=SEED)
    assert result.summary() == {
        "samples": 2,
        "inner": 2,
        "seed": 5,
        "parameters": ["tariff.scale"],
        "figures": {
            "nhs_surplus_change": {
                "mean": -1.0,
                "p5": -2.0,
                "p50": -1.0,
                "p95": 0.0,
                "share_parameters": 0.0,
            },
            "public_spending_change": {
                "mean": 0.0,
                "p5": 0.0,
                "p50": 0.0,
                "p95": 0.0,
                "share_parameters": None,
            },
        },
        "prob_nhs_surplus_falls": 0.5,
        "prob_public_spending_rises": 0.0,
    }


def test_the_runs_table_has_a_row_per_sample_and_draw(tmp_path: Path) -> None:
    result = run_psa(by_draw, _scale(), samples=2, inner=2, seed=SEED)
    table = result.samples
    assert list(table.columns) == [
        "sample",
        "inner",
        "tariff.scale",
        "nhs_surplus_change",
        "public_spending_change",
    ]
    assert list(table["sample"]) == [0, 0, 1, 1]
    assert list(table["inner"]) == [0, 1, 0, 1]
    assert list(table["nhs_surplus_change"]) == [0.0, -2.0, 0.0, -2.0]
    # psa.parquet holds these columns and no index column.
    result.write_parquet(tmp_path / "psa.parquet")
    assert pq.read_table(tmp_path / "psa.parquet").column_names == list(table.columns)


def test_one_sample_is_enough_to_name_the_figures() -> None:
    # The figures are named from the first sample's first run: with one sample there is
    # no second to read them from.
    result = run_psa(by_draw, _scale(), samples=1, inner=1, seed=SEED)
    assert result.figures == ("nhs_surplus_change", "public_spending_change")
    assert list(result.samples["nhs_surplus_change"]) == [0.0]


def test_the_defaults_are_one_draw_and_seed_zero() -> None:
    def seed_figure(values: Mapping[str, float], seed: int) -> dict[str, float]:
        return {"nhs_surplus_change": float(seed), "public_spending_change": 0.0}

    # Three samples, one draw each, all with the seed 0: the figure is 0 in 3 runs.
    result = run_psa(seed_figure, _scale(), samples=3)
    assert (result.n_inner, result.seed) == (1, 0)
    assert list(result.samples["nhs_surplus_change"]) == [0.0, 0.0, 0.0]


def test_progress_is_told_each_sample_done() -> None:
    told: list[int] = []
    run_psa(by_draw, _scale(), samples=3, inner=2, seed=SEED, progress=told.append)
    # One unit per sample (its two draws together): 1, 2, 3.
    assert told == [1, 2, 3]


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_a_figure_whose_mean_is_undefined_is_blank() -> None:
    # +∞ in one draw and −∞ in the other: the mean ∞ − ∞ is NaN, which summary.json
    # must show as blank (null), never as NaN (not JSON).
    def infinite(values: Mapping[str, float], seed: int) -> dict[str, float]:
        first = seed == SEED
        return {
            "nhs_surplus_change": np.inf if first else -np.inf,
            "public_spending_change": 0.0,
        }

    result = run_psa(infinite, _scale(), samples=1, inner=2, seed=SEED)
    assert result.figure_summary("nhs_surplus_change")["mean"] is None


def _problems(params: tuple[UncertainParameter, ...], samples: object, inner: object) -> tuple:  # type: ignore[type-arg]
    with pytest.raises(InputError) as refused:
        _check(params, samples, inner)  # type: ignore[arg-type]
    return refused.value.problems


def test_the_refusals_word_for_word() -> None:
    assert _problems((), 1, 1) == (Problem("the PSA needs at least one uncertain parameter"),)
    assert _problems(_scale(), 0, True) == (
        Problem("--psa must be a whole number of 1 or more", value=0),
        Problem("--inner must be a whole number of 1 or more", value=True),
    )
    assert _problems(_scale(), 2.5, 1) == (
        Problem("--psa must be a whole number of 1 or more", value=2.5),
    )


def test_the_run_limit_is_allowed_and_one_more_is_not() -> None:
    # 1,000,000 runs is the limit itself (checked only: nothing is run).
    _check(_scale(), 1_000_000, 1)
    _check(_scale(), 500_000, 2)
    # 500,001 × 2 = 1,000,002 runs: two over.
    assert _problems(_scale(), 500_001, 2) == (
        Problem(
            "500,001 samples × 2 inner draws is 1,000,002 runs; a PSA may have at most "
            "1,000,000 (every run's figures are kept for psa.parquet): lower --psa or "
            "--inner"
        ),
    )


def test_no_share_from_one_sample_or_a_missing_run() -> None:
    # One sample: no variance between samples to compare the draws' with.
    assert parameter_share(np.array([[1.0, 3.0]])) is None
    # A run without the figure (NaN): no share, rather than NaN.
    assert parameter_share(np.array([[1.0, np.nan], [5.0, 7.0]])) is None


def test_the_noise_floor_is_a_billionth_of_the_figure_squared() -> None:
    # Floor: total variance ≤ (1e-9 × largest |value|)² ≈ (1e-9 × 1e6)² = 1e-6.
    # Samples differing by 0.02 at £1m: W = 0, B = 0.02²/2 = 2e-4 > 1e-6: all of the
    # variance is the parameters', share 1.
    big = 1e6
    moved = np.array([[big, big], [big + 0.02, big + 0.02]])
    assert parameter_share(moved) == 1.0
    # Differing by 1e-4: B = 1e-8/2 = 5e-9 ≤ 1e-6: a wobble in the last bits, no share.
    wobble = np.array([[big, big], [big + 1e-4, big + 1e-4]])
    assert parameter_share(wobble) is None
