"""Hostile review rev10: where a figure steps onto its target and stays there over a
range of the parameter, `pbrkit threshold` reported whichever grid point (or Brent
iterate) happened to land on that range, not where the figure reaches the target.

Hand-worked trust (review10_inputs.small_workbook with a1's cost raised to £1,000):
Acme (θ = 1, ρ = 1) takes a patient while P − c ≥ h·P. a0 (P £1,500, c £500) has
(P − c)/P = 2/3, a1 (c £1,000) 1/3; b0 and c0 lose money and stay. With f = 0.5 and
s = 0.25 the NHS surplus changes by −Σ_T (P − c) − 0.375 Σ_T c:
  h ≤ 1/3:       T = {a0, a1}: −(1,000 + 500) − 0.375 × 1,500 = −£2,062.50
  1/3 < h ≤ 2/3: T = {a0}:     −1,000 − 0.375 × 500           = −£1,187.50
  h > 2/3:       T = {}:                                          £0
Asked where it crosses −£1,187.50, the search tried h = 0, 0.125, …, 1, found the
target exactly at 0.375 and reported 0.3750, a value with nothing to mark it: the
figure is already −£1,187.50 from just above 1/3. The break-even is that edge.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from review10_inputs import small_workbook


def test_a_plateau_on_the_target_is_found_at_its_edge(tmp_path: Path) -> None:
    source = small_workbook(tmp_path / "trust.xlsx")
    book = openpyxl.load_workbook(source)
    patients = book["patients"]
    assert patients["A3"].value == "a1"
    patients["D3"] = 1000
    book.save(source)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "threshold", str(source), "--param", "bidders.Acme.hurdle_margin", "--figure",
        "nhs_surplus_change", "--target", "-1187.5", "--bounds", "0:1", "--out", str(out),
        "--workers", "1",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    (found,) = json.loads((out / "summary.json").read_text(encoding="utf-8"))["thresholds"]
    # Just above 1/3 (a1 has left), to the search's tolerance of 0.00001.
    assert 1 / 3 < found["value"] <= 1 / 3 + 1e-5
    assert "at bidders.Acme.hurdle_margin = 0.3333" in result.output
