"""An independent re-check of the uncertainty sheet's messages (review 5).

``nhs.fixed_cost_share`` with low ``20%`` and high ``60%`` was refused with "a
percentage where an amount or count belongs (a percentage is never £)": neither an
amount nor £, and no word of what to write. The interval's columns hold numbers in
the parameter's own unit, so the message now says to write a share as a fraction.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli


def test_a_percentage_in_the_interval_says_to_write_a_fraction(tmp_path: Path) -> None:
    sheet = tmp_path / "uncertainty.csv"
    sheet.write_text("parameter,low,high\nnhs.fixed_cost_share,20%,60%\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["psa", "examples/clusters.xlsx", "--uncertainty", str(sheet), "--samples", "2",
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "never £" not in result.output
    assert "amount or count" not in result.output
    assert "write a share as a fraction (20% as 0.2)" in result.output
    assert not out.exists()
