"""An independent re-check of the tender side (review 2, December 2026): commands that
report one year.

- ``pbrkit sweep``, ``explore``, ``psa`` and ``threshold`` report the tender's first year
  only, but a scenario with ``years = 3`` (and ``inflation``, ``tariff_rebase``, …) ran
  without a word: the years were dropped and every figure was year 1's. ``pbrkit tender``
  already refuses ``inflation`` in a run of one year for the same reason (it would never
  apply). Each command now refuses such a scenario: one message, exit 2, nothing written.
  ``pbrkit tender --scenario FILE --psa N`` still follows the years (its PSA is of year 1,
  as docs/uncertainty.md says).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = [
    ["cluster", "service_users", "cluster_days"],
    [1, 100, 36500],
    [3, 50, 18250],
]
VARY = ["--vary", "nhs.fixed_cost_share=0.2,0.5", "--draws", "1"]
UNCERTAIN = "[[uncertainty]]\nparameter = 'nhs.fixed_cost_share'\nlow = 0.2\nhigh = 0.6\n"
COMMANDS = {
    "sweep": VARY,
    "explore": VARY,
    "psa": ["--samples", "2", "--workers", "1"],
    "threshold": ["--param", "nhs.fixed_cost_share", "--figure", "nhs_surplus_change"],
}


def scenario(tmp_workbook: WorkbookFactory, tmp_path: Path, years: str) -> Path:
    book = tmp_workbook({"caseload": CASELOAD})
    path = tmp_path / "s.toml"
    path.write_text(f'schema_version = 1\nworkbook = "{book.name}"\n{years}\n{UNCERTAIN}')
    return path


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    ("years", "said"),
    [
        ('years = 3\ntariff_rebase = "nhs_only"', "years: the scenario follows 3 years"),
        ("inflation = 0.03", "inflation = 0.03 changes costs from year 2 on"),
    ],
)
def test_a_scenario_of_several_years_is_refused(
    command: str, years: str, said: str, tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    path = scenario(tmp_workbook, tmp_path, years)
    out = tmp_path / "out"
    args = [command, str(path), *COMMANDS[command], "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert f"pbrkit {command} reports the first year only" in result.output
    assert "unexpected failure" not in result.output
    assert not out.exists()


def test_the_tender_psa_still_follows_the_years(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    path = scenario(tmp_workbook, tmp_path, "years = 2")
    out = tmp_path / "out"
    args = ["tender", "--scenario", str(path), "--psa", "2", "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (out / "summary.json").exists()
