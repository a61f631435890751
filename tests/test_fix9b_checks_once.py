"""A model's refusals of uncertainty rows run once, with the rows' own checks (fix9b, item 3).

The workflows passed ``model.refuses`` to check_parameters and then called
``model.check(params)``, which ran every row's refusal again and then the one rule
about rows together (cost pools varied beside nhs.fixed_cost_share/shed_rate). So a
row naming no bidder was reported, the run stopped, and only once it was corrected
did the pools rule speak: two rounds of corrections for one file. Now
check_parameters asks the model about each row once and about the rows together in
the same pass: every problem once, all at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.uncertainty import ParameterRow, UncertainParameter, check_parameters

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


class _Counting:
    """Refuses nothing; counts each question."""

    def __init__(self) -> None:
        self.rows: list[str] = []
        self.together = 0

    def refuses(self, param: UncertainParameter) -> list[str]:
        self.rows.append(param.name)
        return []

    def refuses_together(self, params: Sequence[UncertainParameter]) -> list[str]:
        self.together += 1
        return []


def test_each_row_is_asked_about_once() -> None:
    model = _Counting()
    rows = [
        ParameterRow("tariff.scale", 0.9, 1.1, row=2),
        ParameterRow("costs.scale", 0.9, 1.1, row=3),
    ]
    check_parameters(rows, model=model)
    assert model.rows == ["tariff.scale", "costs.scale"]
    assert model.together == 1


def test_a_bad_row_and_the_pools_rule_are_reported_together_once(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    # Row 2 names no bidder; rows 3 and 4 vary the pools and the shed rate both.
    ranges.write_text(
        "parameter,low,high\n"
        "bidders.Nobody.cost_factor,0.9,1.1\n"
        "pools.Estates & overheads.amount,4000000,6000000\n"
        "nhs.shed_rate,0.15,0.45\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["psa", str(EXAMPLE), "--uncertainty", str(ranges), "--samples", "8", "--out", str(out)],
    )
    assert result.exit_code == 2, result.output
    err = result.stderr
    assert err.count("no bidder called 'Nobody'") == 1
    assert err.count("vary the cost pools or nhs.fixed_cost_share/shed_rate, not both") == 1
    assert "2 problems found" in err
    assert not out.exists()


def test_the_pools_rule_alone_is_one_problem() -> None:
    class _Pools(_Counting):
        def refuses_together(self, params: Sequence[UncertainParameter]) -> list[str]:
            return ["not both"]

    with pytest.raises(InputError) as caught:
        check_parameters([ParameterRow("tariff.scale", 0.9, 1.1, row=2)], model=_Pools())
    assert [p.message for p in caught.value.problems] == ["not both"]
