"""A newcomer's walk through the docs (walk 8): ``pbrkit cost --help`` against
docs/uncertainty.md, "The surplus of a costing".

The page says a costing has no selection noise, so ``--inner`` is refused, and it has no
scenario file. ``pbrkit cost --help`` nevertheless offered ``--inner`` ("selection-noise
draws per sample") and said ``--uncertainty`` defaulted to "the scenario's [uncertainty]
table": an option the command always refuses, and a default it cannot have. The cost
help now offers neither; ``pbrkit tender --help`` keeps both, since a tender has noise and
a scenario.
"""

from __future__ import annotations

from click.testing import CliRunner

from pbrkit.cli import cli


def _help(command: str) -> str:
    result = CliRunner().invoke(cli, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_cost_help_offers_no_inner_and_no_scenario_default() -> None:
    text = _help("cost")
    assert "--inner" not in text
    assert "scenario's [uncertainty]" not in text
    # The option is still described, with the default a costing has.
    assert "--uncertainty" in text
    assert "the workbook's uncertainty sheet" in text


def test_tender_help_keeps_inner_and_scenario_default() -> None:
    text = _help("tender")
    assert "--inner" in text
    assert "scenario's [uncertainty] table" in text


def test_cost_still_refuses_inner_with_its_reason() -> None:
    # Hidden from --help, not removed: a user who types it still learns why it is refused.
    result = CliRunner().invoke(
        cli, ["cost", "examples/clusters.xlsx", "--psa", "10", "--inner", "2"]
    )
    assert result.exit_code == 2
    assert "a costing has no noise" in result.output
