"""``--efficiency 1.1`` says what to write (review4, December 2026).

The NHS Payment Scheme's efficiency factor is quoted as "1.1%", and ``--efficiency 1.1``
(the percentage without its sign) was refused with "cannot read '1.1'; expected a change
from 0% to 99%": true, but it did not say that a bare number is a fraction, nor what to
write. It now does, as ``--tariff-change 5`` does; nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


@pytest.mark.parametrize(("given", "meant"), [("1.1", "1.1%"), ("2", "2%")])
def test_a_bare_percentage_is_explained(given: str, meant: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(EXAMPLE), "--years", "3", "--efficiency", given, "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert f"write {meant}" in result.output
    assert "without % is a fraction" in result.output
    assert not out.exists()


def test_a_fraction_or_a_percentage_is_read(tmp_path: Path) -> None:
    for given in ("1.1%", "0.011"):
        result = CliRunner().invoke(
            cli,
            ["cost", str(EXAMPLE), "--years", "3", "--efficiency", given, "--json",
             "--out", str(tmp_path / given)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert '"efficiency": 0.011' in result.stdout
