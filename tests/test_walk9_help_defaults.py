"""Every --help states the defaults a newcomer needs (walk 9).

Found on a newcomer's walk through each command's --help:

- ``--tariff`` (cost, tender, cluster) gave no default, and cost's and tender's said it
  replaced "the reference prices", while README ("Input sheets") says every command
  takes ``--tariff FILE``, else the input's own tariff sheet, else the reference set's
  (and with ``--tariff`` the input's own sheet is not read);
- ``pbrkit cluster --profiles`` gave no default (the reference set's grid, pbrkit's own
  illustration);
- ``pbrkit threshold --param`` said only "the parameter path to solve for", with no
  example of a path, and ``--figure`` did not say what it is the figure of;
- ``pbrkit sweep --vary`` and ``pbrkit explore --vary`` named nhs.fixed_cost_share as the
  only nhs parameter, though nhs.shed_rate and nhs.variable_share vary as well
  (docs/scenarios.md);
- ``pbrkit import mhsds --item-codes`` said "[default: shipped]".
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli


def option_help(command: str, option: str) -> str:
    """The help of ``option`` of ``command``, as one line."""
    text = CliRunner().invoke(cli, [*command.split(), "--help"], terminal_width=1000).output
    options = text.split("\nOptions:\n", 1)[1]
    return next(line for line in options.splitlines() if line.lstrip().startswith(option + " "))


@pytest.mark.parametrize("command", ["cost", "tender", "cluster"])
def test_tariff_states_the_order_of_choice(command: str) -> None:
    line = option_help(command, "--tariff")
    assert "[default: the input's own tariff sheet, else the reference set's]" in line, line
    assert "the input's own tariff sheet is not read" in line, line


def test_profiles_states_its_default() -> None:
    line = option_help("cluster", "--profiles")
    assert "[default: the reference set's grid" in line, line


def test_threshold_param_and_figure_give_examples() -> None:
    assert "nhs.fixed_cost_share" in option_help("threshold", "--param")
    assert "bidders.*.info_quality" in option_help("threshold", "--param")
    assert "nhs_surplus_change" in option_help("threshold", "--figure")
    assert "summary.json" in option_help("threshold", "--figure")


@pytest.mark.parametrize("command", ["sweep", "explore"])
def test_vary_names_every_nhs_parameter(command: str) -> None:
    line = option_help(command, "--vary")
    assert "nhs.fixed_cost_share, nhs.shed_rate, nhs.variable_share" in line, line
    assert "docs/scenarios.md" in line, line


def test_item_codes_says_what_the_default_is() -> None:
    line = option_help("import mhsds", "--item-codes")
    assert "[default: shipped]" not in line, line
    assert "[default: the mapping pbrkit ships" in line, line
