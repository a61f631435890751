"""Hostile review rev10: a lot's `cost_sharing` on a competitive lot was read and then
ignored without a word.

Methodology §6.3: revenue at the tariff is R_i = (1 − λ)·P_i + λ·θ(1 − r)·c_i for
fixed-tariff lots only; a competitive winner is paid its price (§6.4). A lots sheet with
a competitive lot and cost_sharing 0.5 ran, reported cost_sharing 0.5 in summary.json's
tender.lots, and paid the bidder exactly what cost_sharing 0 pays: an input read
silently wrong. It is now refused at its row and column (sheet) or key path
(scenario), exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from review10_inputs import small_workbook


def _with_lot(path: Path, award: str, cost_sharing: float) -> Path:
    small_workbook(path)
    book = openpyxl.load_workbook(path)
    lots = book.create_sheet("lots")
    lots.append(["name", "clusters", "award", "cost_sharing"])
    lots.append(["Everything", "1, 11", award, cost_sharing])
    book.save(path)
    return path


def test_cost_sharing_on_a_competitive_lot_is_refused_at_its_cell(tmp_path: Path) -> None:
    source = _with_lot(tmp_path / "trust.xlsx", "competitive", 0.5)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(source), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "sheet 'lots', row 2, column 'cost_sharing'" in result.output
    assert "fixed-tariff lots only" in result.output
    assert not out.exists()


def test_cost_sharing_on_a_competitive_scenario_lot_is_refused_at_its_key(
    tmp_path: Path,
) -> None:
    small_workbook(tmp_path / "trust.xlsx")
    scenario = tmp_path / "competitive.toml"
    scenario.write_text(
        'schema_version = 1\nworkbook = "trust.xlsx"\n[[lots]]\nname = "Everything"\n'
        'clusters = "1, 11"\naward = "competitive"\ncost_sharing = 0.3\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", "--scenario", str(scenario), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "lots[0].cost_sharing" in result.output
    assert "fixed-tariff lots only" in result.output
    assert not out.exists()


def test_cost_sharing_on_a_fixed_tariff_lot_still_pays_a_share_of_cost(tmp_path: Path) -> None:
    # Acme (θ = 1, ρ = 1, r = 0, hurdle 5%) at λ = 0.5 is paid R = 0.5 P + 0.5 c: a0 and
    # a1 (P £1,500, c £500) give R = £1,000 each, predicted profit £500 ≥ 5% × £1,500;
    # b0 (c £2,000: R £1,750, profit −£250) and c0 (P £5,000, c £6,000: R £5,500,
    # profit −£500) stay. Payments to bidders = 2 × £1,000 = £2,000.
    source = _with_lot(tmp_path / "trust.xlsx", "fixed_tariff", 0.5)
    result = CliRunner().invoke(
        cli, ["tender", str(source), "--out", str(tmp_path / "out"), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"payments_to_bidders": 2000.0' in result.stdout
