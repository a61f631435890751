"""A figure that only touches its target, or sits on it throughout, does not cross it (review 8).

Found running ``pbrkit threshold none.toml --param nhs.fixed_cost_share --figure
nhs_surplus_change`` on our own 300-person workbook with both bidders' capacity set to
0: nobody is taken, so the change in the NHS surplus is £0 at every fixed cost share,
and the command said it "crosses £0 at nhs.fixed_cost_share = 0.0000", a break-even
that is none (a tender at 0.5 or 1 gives the same £0). The search took any grid point
where the figure equalled the target for a crossing. A grid point counts now only when
the figure is on opposite sides of the target before and after it (or at an end, moves
away from it); otherwise the search goes on, and reports no crossing.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from pbrkit.uncertainty import ThresholdSearch, run_threshold


def _value(shape: str, bounds: tuple[float, float] = (0.0, 1.0)) -> float | None:
    def model(values: Mapping[str, float], seed: int) -> dict[str, float]:
        x = values["x"]
        return {
            "flat": 0.0,  # at the target everywhere
            "touch": -((x - 0.5) ** 2),  # 0 at the grid point 0.5, negative elsewhere
            "through": 0.5 - x,  # crosses at the grid point 0.5
            "late": min(0.0, 0.5 - x),  # at the target up to 0.5, then below: leaves it
        }

    search = ThresholdSearch(model, "x", shape, bounds)
    return run_threshold(search, base={}, seed=0).value


def test_a_flat_figure_at_the_target_does_not_cross() -> None:
    assert _value("flat") is None


def test_a_figure_that_touches_the_target_does_not_cross() -> None:
    # Grid 0, 0.125, …, 1: −0.25, …, 0 at 0.5, …, −0.25: never above 0.
    assert _value("touch") is None


def test_a_figure_that_reaches_the_target_and_stays_does_not_cross() -> None:
    # 0 from 0 to 0.5 (five grid points), then below: it leaves the target, never
    # passes it, so no value of x is where it crosses.
    assert _value("late") is None


def test_a_figure_through_the_target_at_a_grid_point_crosses_there() -> None:
    assert _value("through") == pytest.approx(0.5)


def test_the_cli_says_a_flat_change_does_not_cross(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from pbrkit.cli import cli
    from review8_inputs import patients_folder

    folder = patients_folder(tmp_path, bidders="name,cost_factor,capacity\nNone Ltd,0.9,0\n")
    result = CliRunner().invoke(
        cli, ["threshold", str(folder), "--param", "nhs.fixed_cost_share", "--figure",
              "nhs_surplus_change", "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "crosses £0 at" not in result.output
    # £0 at every share: said so (rev8), not "does not cross £0", which read as if the
    # change never reached £0.
    assert "is £0 at every value of nhs.fixed_cost_share between 0 and 1" in result.output
    assert "no single value of it breaks even" in result.output
