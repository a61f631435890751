"""A PSA of more runs than it can hold is refused before it starts (review 6).

Found by running ``pbrkit psa examples/clusters.xlsx --uncertainty
examples/uncertainty.csv --samples 1000000 --inner 10000``: each option is within its
own limit (1,000,000 and 10,000), but together they ask for 10,000,000,000 runs, and
every run's 20 figures are kept for psa.parquet (about 1.6 TB of numbers alone). It
was accepted and started: 1.7 GB in memory after 90 seconds with no end in sight.
Samples × inner draws is now limited to 1,000,000 runs, the most ``--samples`` alone
allows, and refused with exit 2 before anything is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.uncertainty import ParameterRow, check_parameters, run_psa
from pbrkit.uncertainty.psa import MAX_RUNS


def _never(values: Mapping[str, float], seed: int) -> dict[str, float]:
    raise AssertionError("no run may start")


def test_samples_times_inner_above_the_limit_is_refused_before_any_run() -> None:
    params = check_parameters([ParameterRow("tariff.scale", 0.9, 1.1, row=2)])
    # 1,000,000 × 2 = 2,000,000 runs > 1,000,000.
    with pytest.raises(InputError) as refused:
        run_psa(_never, params, samples=1_000_000, inner=2)
    message = str(refused.value)
    assert "2,000,000 runs" in message
    assert "1,000,000" in message


def test_the_limit_itself_is_allowed() -> None:
    assert MAX_RUNS == 1_000_000


def test_the_command_refuses_it_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["psa", "examples/clusters.xlsx", "--uncertainty", "examples/uncertainty.csv",
         "--samples", "1000000", "--inner", "10000", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "10,000,000,000 runs" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
