"""A --vary value pbrkit cannot read is said in pbrkit's words (review 10).

`pbrkit sweep ... --vary "nhs.fixed_cost_share=0.2,abc"` said pydantic's "Input should
be a valid number, unable to parse string as a number (found 'abc')". It now says "not a
number", with the two ways to give values; a value out of range keeps its own message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

SCENARIO = Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "aqp-fixed-tariff.toml"


@pytest.mark.parametrize(
    ("vary", "said"),
    [
        ("nhs.fixed_cost_share=0.2,abc", "nhs.fixed_cost_share: not a number (found 'abc')"),
        ("bidders.*.capacity=10,abc", "bidders.*.capacity: not a whole number (found 'abc')"),
    ],
)
def test_an_unreadable_value(vary: str, said: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["sweep", str(SCENARIO), "--vary", vary, "--out", str(out)])
    assert result.exit_code == 2
    assert said in result.output
    assert "Input should be" not in result.output
    assert "LO:HI:STEPS" in result.output
    assert not out.exists()


def test_a_value_out_of_range_keeps_its_message(tmp_path: Path) -> None:
    args = ["sweep", str(SCENARIO), "--vary", "nhs.fixed_cost_share=0.2,1.5"]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "nhs.fixed_cost_share: must be between 0 and 1 (found 1.5)" in result.output
    assert "LO:HI:STEPS" not in result.output
