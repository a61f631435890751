"""An independent re-check of scenario files (review 5, December 2026).

A TOML ``true`` or ``false`` at a key that takes a number was read as 1 or 0 without a
word (pydantic turns a bool into an int or float): ``capacity = true`` gave the bidder
room for one patient, ``fixed_cost_share = true`` made every cost fixed, ``years =
true`` ran one year. Each is now a problem at its key path (exit 2, nothing written);
the yes/no keys (``screening``, ``recharge``, ``accept_all``, ``serves_taken``,
``replace_bidders``, ``replace_lots``) still take true and false.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.tender.scenario import parse_scenario


def _messages(data: dict[str, object]) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_scenario({"schema_version": 1, **data})
    return [p.message for p in caught.value.problems]


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"bidders": [{"name": "X", "cost_factor": 0.9, "capacity": True}]}, "bidders[0].capacity"),
        ({"bidders": [{"name": "X", "cost_factor": True}]}, "bidders[0].cost_factor"),
        ({"bidders": [{"name": "X", "info_quality": False}]}, "bidders[0].info_quality"),
        ({"lots": [{"name": "L", "price_weight": True}]}, "lots[0].price_weight"),
        ({"nhs": {"fixed_cost_share": True}}, "nhs.fixed_cost_share"),
        (
            {"nhs": {"pools": [{"pool": "Beds", "amount": True, "kind": "fixed"}]}},
            "nhs.pools[0].amount",
        ),
        ({"years": True}, "years"),
        ({"inflation": False}, "inflation"),
        ({"draws": True}, "draws"),
    ],
)
def test_true_or_false_at_a_number_is_a_problem_at_its_key(
    data: dict[str, object], path: str
) -> None:
    messages = _messages(data)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{path}: ")
    assert "true or false" in messages[0]


def test_the_yes_no_keys_still_take_true_and_false() -> None:
    scenario = parse_scenario(
        {
            "schema_version": 1,
            "replace_bidders": True,
            "replace_lots": False,
            "bidders": [{"name": "X", "cost_factor": 0.9, "screening": False, "recharge": True}],
            "lots": [{"name": "L", "clusters": "1-3", "accept_all": True}],
            "nhs": {"pools": [{"pool": "Beds", "amount": 10, "kind": "fixed",
                               "serves_taken": True}]},
        }
    )  # fmt: skip
    assert scenario.bidders[0].screening is False
    assert scenario.lots[0].accept_all is True


def test_the_command_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'schema_version = 1\n[[bidders]]\nname = "X"\ncost_factor = 0.9\ncapacity = true\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["tender", "examples/clusters.xlsx", "--scenario", str(scenario), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "bidders[0].capacity" in result.output
    assert not out.exists()


def test_an_unknown_key_with_true_still_gets_did_you_mean() -> None:
    messages = _messages({"bidders": [{"name": "X", "cost_factor": 0.9, "screning": True}]})
    assert messages == ["bidders[0].screning: unknown key; did you mean 'screening'?"]
