"""fix19b: ``pbrkit psa`` and ``pbrkit threshold`` varied a competitive lot's cost share.

Methodology §6.3: λ (``cost_sharing``) is the mixed payment of fixed-tariff lots; a
competitive winner is paid its price, so the simulation ignores λ there. A lots sheet, a
scenario's ``[[lots]]`` and (fix19) ``pbrkit sweep`` refuse it; the uncertainty side
sampled ``lots.<competitive lot>.cost_sharing`` (or ``lots.*.cost_sharing`` over a
competitive lot) and every run gave the same figures (a 2-sample PSA on the example gave
the same figures in both runs). Now each is refused as the sweep refuses it: exit 2, one
problem per competitive lot naming it and the fixed-tariff lots' paths to vary instead,
nothing written. The refusing tests failed on the old code (exit 0, reports written).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from review10_inputs import small_workbook

UNCERTAINTY_HEAD = "parameter,low,high\n"


def _lots(tmp_path: Path, *lots: tuple[str, str, str]) -> Path:
    """The four-patient trust with these lots (name, clusters, award)."""
    path = small_workbook(tmp_path / "trust.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("lots")
    sheet.append(["name", "clusters", "award"])
    for lot in lots:
        sheet.append(list(lot))
    book.save(path)
    return path


def _two_lots(tmp_path: Path) -> Path:
    # A fixed-tariff lot (cluster 1) and a competitive one (cluster 11).
    return _lots(tmp_path, ("Common", "1", "fixed_tariff"), ("Psychosis", "11", "competitive"))


def _psa(tmp_path: Path, workbook: Path, rows: str) -> tuple[int, str, Path]:
    table = tmp_path / "uncertainty.csv"
    table.write_text(UNCERTAINTY_HEAD + rows, encoding="utf-8")
    out = tmp_path / "out"
    args = ["psa", str(workbook), "--uncertainty", str(table), "--samples", "2"]
    result = CliRunner().invoke(cli, [*args, "--workers", "1", "--out", str(out)])
    return result.exit_code, result.output, out


def _threshold(tmp_path: Path, workbook: Path, param: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    args = ["threshold", str(workbook), "--param", param, "--figure", "nhs_surplus_change"]
    result = CliRunner().invoke(cli, [*args, "--workers", "1", "--out", str(out)])
    return result.exit_code, result.output, out


def test_psa_refuses_a_star_cost_share_over_a_competitive_lot(tmp_path: Path) -> None:
    code, output, out = _psa(tmp_path, _two_lots(tmp_path), "lots.*.cost_sharing,0,0.4\n")
    assert code == 2, output
    assert output.count("Error") == 1, output
    assert "competitive lot 'Psychosis'" in output
    assert "fixed-tariff lots only" in output
    # how to restrict the path: name the fixed-tariff lot
    assert "lots.Common.cost_sharing" in output
    assert not out.exists()


def test_psa_refuses_the_competitive_lot_by_name(tmp_path: Path) -> None:
    rows = "nhs.shed_rate,0.2,0.3\nlots.Psychosis.cost_sharing,0.1,0.2\n"
    code, output, out = _psa(tmp_path, _two_lots(tmp_path), rows)
    assert code == 2, output
    assert "competitive lot 'Psychosis'" in output
    assert "row 3" in output  # the row of the uncertainty table that sets it
    assert not out.exists()


def test_one_problem_per_competitive_lot(tmp_path: Path) -> None:
    # Two competitive lots and no fixed-tariff one: a problem for each, and no lot path
    # to name instead.
    workbook = _lots(tmp_path, ("Common", "1", "competitive"), ("Psychosis", "11", "competitive"))
    code, output, out = _psa(tmp_path, workbook, "lots.*.cost_sharing,0,0.4\n")
    assert code == 2, output
    assert "competitive lot 'Common'" in output
    assert "competitive lot 'Psychosis'" in output
    assert output.count("which applies to fixed-tariff lots only") == 2, output
    assert "no lot of this tender is fixed-tariff" in output
    assert not out.exists()
    code, output, out = _threshold(tmp_path, workbook, "lots.*.cost_sharing")
    assert code == 2, output
    assert output.count("which applies to fixed-tariff lots only") == 2, output
    assert not out.exists()


def test_threshold_refuses_a_competitive_lots_cost_share(tmp_path: Path) -> None:
    workbook = _two_lots(tmp_path)
    for param in ("lots.Psychosis.cost_sharing", "lots.*.cost_sharing"):
        code, output, out = _threshold(tmp_path, workbook, param)
        assert code == 2, (param, output)
        assert "--param" in output and "competitive lot 'Psychosis'" in output, output
        assert "lots.Common.cost_sharing" in output
        assert not out.exists()


def test_the_fixed_tariff_lots_cost_share_still_varies(tmp_path: Path) -> None:
    code, output, out = _psa(tmp_path, _two_lots(tmp_path), "lots.Common.cost_sharing,0,0.4\n")
    assert code == 0, output
    assert (out / "summary.json").exists()
