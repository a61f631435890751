"""Hostile review rev10: `pbrkit threshold` stopped with "unexpected failure:
ValueError: The function value at x=-0.99 is NaN" when the figure had no value at some
of the values tried: a ratio over the people left (casemix index, residue's cost ÷
payment) is undefined when bidders take everyone.

Hand-worked (review10_inputs.small_workbook, Acme with unlimited capacity, θ = 1,
ρ = 1): a patient is taken while (P − c) ≥ h·P. (P − c)/P is 2/3 for a0 and a1, −1/3
for b0 (P £1,500, c £2,000) and −0.2 for c0 (P £5,000, c £6,000). Mean cost of all four
is £9,000 / 4 = £2,250.
  h ≤ −1/3:        everyone taken: nobody left, no casemix index
  −1/3 < h ≤ −0.2: b0 left: 2,000 / 2,250 = 0.889
  −0.2 < h ≤ 2/3:  b0 and c0 left: (8,000 / 2) / 2,250 = 1.778
The index jumps past 1.5 where c0 leaves, at h = −0.2.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from review10_inputs import small_workbook


def test_a_figure_without_a_value_at_some_points_is_searched_where_it_has_one(
    tmp_path: Path,
) -> None:
    source = small_workbook(tmp_path / "trust.xlsx")
    book = openpyxl.load_workbook(source)
    book["bidders"]["E1"] = "capacity"  # left blank below: unlimited
    book.save(source)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "threshold", str(source), "--param", "bidders.Acme.hurdle_margin", "--figure",
        "casemix_index", "--target", "1.5", "--bounds=-0.99:1", "--out", str(out),
        "--workers", "1",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    (found,) = json.loads((out / "summary.json").read_text(encoding="utf-8"))["thresholds"]
    assert abs(found["value"] + 0.2) <= 1e-5
    assert found["steps"] is True
