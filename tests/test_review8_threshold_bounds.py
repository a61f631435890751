"""``pbrkit threshold --bounds`` outside the valid range names the bound given (review 8).

Found running ``pbrkit threshold A.xlsx --param nhs.fixed_cost_share --figure
nhs_surplus_change --bounds 0.5:2`` on our own workbook: "nhs.fixed_cost_share: must be
between 0 and 1 (found 1.0625)". 1.0625 is no value the user gave: it is the search's
second grid point (0.5 + 1.5/8), the first outside the range, so the message pointed
nowhere. The bounds are now checked against the valid range before the search, and
the message names --bounds and the bound. (A capacity, which has no upper limit, is
refused without --bounds as before; its hint no longer suggests 0.5:1.5 people.)
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from review8_inputs import patients_folder


def _said(tmp_path: Path, *args: str) -> str:
    folder = patients_folder(tmp_path, bidders="name,cost_factor,capacity\nAlpha,0.9,2\n")
    result = CliRunner().invoke(
        cli, ["threshold", str(folder), "--figure", "nhs_surplus_change", *args]
    )
    assert result.exit_code == 2, result.output
    return result.output


def test_an_upper_bound_above_the_range_is_named(tmp_path: Path) -> None:
    said = _said(tmp_path, "--param", "nhs.fixed_cost_share", "--bounds", "0.5:2")
    assert "--bounds 0.5:2" in said
    assert "at most 1" in said
    assert "1.0625" not in said


def test_a_factor_bound_at_zero_is_named(tmp_path: Path) -> None:
    said = _said(tmp_path, "--param", "bidders.*.cost_factor", "--bounds", "0:2")
    assert "--bounds 0:2" in said
    assert "greater than 0" in said


def test_a_capacity_without_bounds_gets_a_capacity_example(tmp_path: Path) -> None:
    said = _said(tmp_path, "--param", "bidders.Alpha.capacity")
    assert "0.5:1.5" not in said
