"""A workbook given where a scenario file belongs says so (review 6).

Found running `pbrkit sweep clusters.xlsx --vary nhs.fixed_cost_share=0.2:0.8:3` (a
newcomer who has just run `pbrkit tender clusters.xlsx`): the answer was
"clusters.xlsx is not UTF-8 text, as TOML must be. Hint: fix the scenario file
clusters.xlsx", which tells them to edit their workbook. sweep, explore and tender
--scenario take a scenario file (TOML) that names the workbook; the message now says
that, and how to get one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = str(ROOT / "examples" / "clusters.xlsx")


@pytest.mark.parametrize(
    "args",
    [
        ["sweep", CLUSTERS, "--vary", "nhs.fixed_cost_share=0.2:0.8:3"],
        ["explore", CLUSTERS, "--vary", "nhs.fixed_cost_share=0.2:0.8:3"],
        ["tender", "--scenario", CLUSTERS],
    ],
    ids=["sweep", "explore", "tender"],
)
def test_a_workbook_for_a_scenario_is_named_as_such(args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 2
    assert "is a workbook, not a scenario file" in result.stderr
    assert "UTF-8" not in result.stderr
    assert "pbrkit example aqp-fixed-tariff.toml" in result.stderr
    assert not out.exists()
