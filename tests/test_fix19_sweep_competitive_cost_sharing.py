"""fix19: ``pbrkit sweep --vary 'lots.*.cost_sharing=…'`` over a tender with a
competitive lot set that lot's cost share λ without a word.

Methodology §6.3: λ is the mixed payment of fixed-tariff lots; a competitive winner is
paid its price, so a competitive lot's ``cost_sharing`` above 0 is refused when a lots
sheet or a scenario's ``[[lots]]`` writes it (rev10). A sweep's ``*`` sets every lot,
so it wrote λ onto the competitive lot too, where the simulation ignores it: the grid
said "cost sharing 0.4" for a lot that was paid as at 0. docs/scenarios.md says ``*``
changes every lot, and the same setting is an error in the scenario, so the sweep now
refuses it as well: exit 2, one problem per competitive lot naming it and the
fixed-tariff lots the path can name instead, nothing written. Both tests failed on the
old code (the sweep ran and wrote its reports).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from review10_inputs import small_workbook


def _two_lots(tmp_path: Path) -> Path:
    """The four-patient trust with a fixed-tariff lot (cluster 1) and a competitive one
    (cluster 11), and a scenario of it."""
    path = small_workbook(tmp_path / "trust.xlsx")
    book = openpyxl.load_workbook(path)
    lots = book.create_sheet("lots")
    lots.append(["name", "clusters", "award"])
    lots.append(["Common", "1", "fixed_tariff"])
    lots.append(["Psychosis", "11", "competitive"])
    book.save(path)
    scenario = tmp_path / "base.toml"
    scenario.write_text('schema_version = 1\nworkbook = "trust.xlsx"\ndraws = 1\n', "utf-8")
    return scenario


def _sweep(tmp_path: Path, vary: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    args = ["sweep", str(_two_lots(tmp_path)), "--vary", vary, "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.output, out


def test_a_star_cost_share_over_a_competitive_lot_is_refused(tmp_path: Path) -> None:
    code, output, out = _sweep(tmp_path, "lots.*.cost_sharing=0:0.4:3")
    assert code == 2, output
    assert output.count("Error") == 1, output
    assert "competitive lot 'Psychosis'" in output
    assert "fixed-tariff lots only" in output
    # how to restrict the path: name the fixed-tariff lot
    assert "lots.Common.cost_sharing" in output
    assert not out.exists()


def test_a_cost_share_on_the_competitive_lot_by_name_is_refused(tmp_path: Path) -> None:
    code, output, out = _sweep(tmp_path, "lots.Psychosis.cost_sharing=0.1,0.2")
    assert code == 2, output
    assert "competitive lot 'Psychosis'" in output
    assert not out.exists()


def test_the_fixed_tariff_lot_by_name_still_sweeps(tmp_path: Path) -> None:
    code, output, out = _sweep(tmp_path, "lots.Common.cost_sharing=0,0.5")
    assert code == 0, output
    assert (out / "sweep.csv").exists()
