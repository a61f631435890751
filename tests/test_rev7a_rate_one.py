"""`pbrkit cost --deflator 1` is refused: a bare 1 is 100%, far more likely 1% (rev7a).

Found in review rev7a: `--deflator 1 --years 3` was read as a fraction, 100% a year,
and the run wrote reports in which all income is gone from 2025/26 (income × (1 − 1)^1
= £0; the 2026/27 deficit is the whole £46.5m cost). `--deflator 1.8` was already
refused (above the 0-1 range) with "Write 1.8% or 0.018"; 1 itself sat on the range's
edge and passed. As `--tariff-change` refuses a bare `-1` (a change of 100% or more
must be written as a percentage, docs/methodology.md §2), a bare rate of 1 or more
now must be written `100%`; `100%` and `1%` still run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = str(ROOT / "examples" / "clusters.xlsx")


@pytest.mark.parametrize("option", ["--deflator", "--inflation"])
def test_a_bare_one_is_refused_naming_both_spellings(tmp_path: Path, option: str) -> None:
    out = tmp_path / "out"
    args = ["cost", CLUSTERS, "--years", "3", option, "1", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "1% or 0.01" in result.stderr
    assert "100%" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("text", "rate"), [("100%", 1.0), ("1%", 0.01), ("0.99", 0.99)])
def test_a_percentage_or_a_fraction_below_one_still_runs(
    tmp_path: Path, text: str, rate: float
) -> None:
    out = tmp_path / "out"
    args = ["cost", CLUSTERS, "--years", "2", "--deflator", text, "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["options"]["deflator"] == rate
    # year 1 income = year 0 income × (1 − d): £44,893,257.40 × (1 − d)
    year0, year1 = summary["projection"]
    assert year1["income"] == pytest.approx(year0["income"] * (1 - rate))
