"""Hostile review rev10: a `variable_share` given without `payment = blended` was read
and ignored.

Methodology §6.2: v is `variable_share` only under a blended payment; paid by activity
v = 1, by block v = 0. An nhs sheet (or a scenario's [nhs] table) giving
variable_share 0.3 and no payment ran at v = 1: summary.json listed variable_share 0.3
beside income_at_risk 1.0, and every figure was the activity payment's. A user who
forgot `payment = blended` got no word. It is now refused where it was typed, exit 2,
nothing written; `pbrkit sweep` already refused varying it (tender/sweep.py).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from review10_inputs import small_workbook


def _nhs_sheet(path: Path, header: list[str], row: list[object]) -> Path:
    small_workbook(path)
    book = openpyxl.load_workbook(path)
    nhs = book["nhs"]
    nhs.delete_rows(1, nhs.max_row)
    nhs.append(header)
    nhs.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("header", "row", "payment"),
    [
        (["fixed_cost_share", "shed_rate", "variable_share"], [0.5, 0.25, 0.3], "activity"),
        (
            ["fixed_cost_share", "shed_rate", "payment", "variable_share"],
            [0.5, 0.25, "block", 0.3],
            "block",
        ),
    ],
)
def test_a_share_without_a_blended_payment_is_refused_at_its_cell(
    tmp_path: Path, header: list[str], row: list[object], payment: str
) -> None:
    source = _nhs_sheet(tmp_path / "trust.xlsx", header, row)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(source), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "sheet 'nhs', row 2, column 'variable_share'" in result.output
    assert f"payment is '{payment}'" in result.output
    assert not out.exists()


def test_a_scenario_share_without_a_blended_payment_is_refused(tmp_path: Path) -> None:
    small_workbook(tmp_path / "trust.xlsx")
    scenario = tmp_path / "share.toml"
    scenario.write_text(
        'schema_version = 1\nworkbook = "trust.xlsx"\n[nhs]\nvariable_share = 0.3\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", "--scenario", str(scenario), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "nhs.variable_share" in result.output
    assert "payment is 'activity'" in result.output
    assert not out.exists()


def test_a_blended_share_still_counts(tmp_path: Path) -> None:
    # Acme takes a0 and a1 (P £1,500, c £500 each): L = v Σ_T P − (1 − f) Σ_T c
    # = 0.3 × 3,000 − 0.5 × 1,000 = £400.
    source = _nhs_sheet(
        tmp_path / "trust.xlsx",
        ["fixed_cost_share", "shed_rate", "payment", "variable_share"],
        [0.5, 0.25, "blended", 0.3],
    )
    result = CliRunner().invoke(
        cli, ["tender", str(source), "--out", str(tmp_path / "out"), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"lost_contribution": 400.0' in result.stdout
