"""An independent re-check of the what-if levers (review, December 2026).

``--tariff-change 5`` was read as the fraction 5, i.e. +500%: every price × 6, the
example's £1.6m deficit turned into a £222.9m surplus without a word. A number
without % is a fraction (0.05 is 5%), so a bare number of 1 or more (a change of 100%
or more) must be written as a percentage; ``-1`` (every price cut to £0) likewise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.levers import Change, parse_change


@pytest.mark.parametrize(
    ("text", "meant"),
    [("5", "500%"), ("-1", "-100%"), ("13=2", "200%"), ("1.0", "100%")],
)
def test_a_bare_number_of_one_or_more_is_refused(text: str, meant: str) -> None:
    # Before: "5" was Change(5.0) (× 6), "-1" Change(-1.0) (every price £0).
    with pytest.raises(InputError) as caught:
        parse_change(text, "--tariff-change")
    assert len(caught.value.problems) == 1
    assert f"write {meant} if that is meant" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("500%", Change(5.0)),  # +500% written as a percentage is still accepted
        ("-100%", Change(-1.0)),
        ("0.05", Change(0.05)),  # a bare fraction below 1 is read as before
        ("-0.5", Change(-0.5)),
        ("13=0.1", Change(0.1, 13)),
    ],
)
def test_percentages_and_fractions_below_one_are_read(text: str, expected: Change) -> None:
    assert parse_change(text, "--tariff-change") == expected


def test_cost_with_a_bare_five_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    example = Path(__file__).parents[1] / "examples" / "clusters.xlsx"
    result = CliRunner().invoke(
        cli, ["cost", str(example), "--tariff-change", "5", "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "--tariff-change" in result.output and "5%" in result.output
    assert not out.exists()
