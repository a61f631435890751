"""``pbrkit cost --help`` says which rows a costing's uncertainty table may have (walk 9).

Found on a newcomer's walk: the help's example is ``pbrkit cost clusters.xlsx --years 5
--psa 1000 --uncertainty ranges.csv``, and the one uncertainty table pbrkit ships,
``pbrkit example uncertainty.csv``, is a tender's: given to ``pbrkit cost`` it is refused
row by row ("'nhs.fixed_cost_share' is a tender parameter; pbrkit cost can vary only
tariff.scale, costs.scale, years.deflator and years.inflation"). The help now names the
four parameters a costing varies (docs/uncertainty.md, "The surplus of a costing"), and
the tender's help, whose table takes every parameter, does not.
"""

from __future__ import annotations

from click.testing import CliRunner

from pbrkit.cli import cli

COSTING_PARAMETERS = "tariff.scale, costs.scale, years.deflator or years.inflation"


def uncertainty_help(command: str) -> str:
    text = CliRunner().invoke(cli, [command, "--help"], terminal_width=400).output
    return next(line for line in text.splitlines() if line.lstrip().startswith("--uncertainty"))


def test_cost_help_names_the_parameters_a_costing_varies() -> None:
    line = uncertainty_help("cost")
    assert COSTING_PARAMETERS in line, line
    assert "the example uncertainty.csv is a tender's" in line, line


def test_tender_help_does_not_limit_its_table() -> None:
    assert COSTING_PARAMETERS not in uncertainty_help("tender")
