"""`pbrkit cost --psa` with a lever on a text code applies the lever (fix6).

Not run before this stop: `pbrkit cost examples/mhnrg.xlsx --reference illustrative-mhnrg
--tariff-change PSY_CRI=10% --psa N`. The PSA varies the run's own totals (income and
cost after the levers: uncertainty/cost_model.py), so with the unit costs the only
thing varied (costs.scale), each sample's surplus is income − s × cost, and the lever
moves every sample by the same £876 (PSY_CRI: 73 days at £43,800 a person-year,
43,800 × 73 ÷ 365 = £8,760 a year; × 10% = £876). This test passed when written: it
records that the path works, it fixed nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "mhnrg.xlsx"
SET = "illustrative-mhnrg"


def _cost(tmp_path: Path, name: str, *extra: str) -> dict[str, Any]:
    out = tmp_path / name
    args = ["cost", str(EXAMPLE), "--reference", SET, "--out", str(out), "--workers", "1"]
    result = CliRunner().invoke(cli, [*args, *extra])
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def test_the_psa_applies_a_text_code_lever(tmp_path: Path) -> None:
    ranges = tmp_path / "u.csv"
    ranges.write_text(
        "parameter,low,high,distribution,mode,source\ncosts.scale,0.92,1.08,,,unit costs\n",
        encoding="utf-8",
    )
    psa = ("--psa", "200", "--uncertainty", str(ranges))
    lever = ("--tariff-change", "PSY_CRI=10%")
    plain = _cost(tmp_path, "plain", *lever)
    with_psa = _cost(tmp_path, "psa", *lever, *psa)
    no_lever = _cost(tmp_path, "none", *psa)
    # The base case is the plain run's, lever and all: £428,510 + £876 = £429,386.
    assert with_psa["what_if"] == plain["what_if"]
    assert with_psa["what_if"][0]["cluster"] == "PSY_CRI"
    assert with_psa["totals"] == plain["totals"]
    assert plain["totals"]["income"] == pytest.approx(429_386.0, abs=0.005)
    # The same seed draws the same cost scales: every figure of the PSA moves by £876.
    moved, before = with_psa["psa"]["figures"]["surplus"], no_lever["psa"]["figures"]["surplus"]
    assert set(moved) == {"mean", "p5", "p50", "p95"}
    for key in moved:
        assert moved[key] - before[key] == pytest.approx(876.0, abs=1e-6), key
    # And the PSA did vary: the 5th and 95th percentiles are apart.
    assert moved["p95"] - moved["p5"] > 10_000
