"""Hostile review rev10: `pbrkit threshold --param` was never checked against the
tender it varies, as `pbrkit psa` checks its uncertainty rows and `pbrkit sweep` its
`--vary` names.

On a tender paid by activity (v = 1 whatever variable_share says, methodology §6.2),
`--param nhs.variable_share` searched 0 to 1 and reported that the NHS surplus "does not
cross £0 anywhere": a finding about a parameter the tender never reads. Asked for the
amount of a cost pool the workbook does not have, it stopped with "unexpected failure:
ValueError", and asked for caseload.cost_cv on a patients sheet with "unexpected failure:
AssertionError". Each is now refused as psa refuses the same row: exit 2, the reason
and the option named, nothing written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from review10_inputs import small_workbook


@pytest.mark.parametrize(
    ("param", "said"),
    [
        ("nhs.variable_share", "matters only under a blended payment"),
        ("pools.Estates.amount", "no pool called 'Estates'"),
        ("caseload.cost_cv", "needs a caseload sheet"),
    ],
)
def test_a_parameter_the_tender_cannot_vary_is_refused(
    tmp_path: Path, param: str, said: str
) -> None:
    source = small_workbook(tmp_path / "trust.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "threshold", str(source), "--param", param, "--figure", "nhs_surplus_change",
        "--bounds", "0:1", "--out", str(out), "--workers", "1",
    ])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "--param" in result.output
    assert said in result.output
    assert "unexpected failure" not in result.output
    assert "does not cross" not in result.output
    assert not out.exists()


def test_a_parameter_the_tender_reads_is_still_searched(tmp_path: Path) -> None:
    # Acme (θ = 1, ρ = 1, hurdle 5%) takes a0 and a1 (cluster 1: £1,500 income, £500
    # cost each); b0 (£2,000) and c0 (£6,000 for £5,000) lose money and stay. The NHS
    # surplus changes by −Σ_T (P − c) − S = −2 × 1,000 − f × 0.75 × 1,000 = −2,000 − 750 f,
    # so it crosses −£2,300 at f = 300 / 750 = 0.4.
    source = small_workbook(tmp_path / "trust.xlsx")
    result = CliRunner().invoke(cli, [
        "threshold", str(source), "--param", "nhs.fixed_cost_share", "--figure",
        "nhs_surplus_change", "--target", "-2300", "--out", str(tmp_path / "out"),
        "--workers", "1",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "crosses -£2,300 at nhs.fixed_cost_share = 0.4000" in result.output
