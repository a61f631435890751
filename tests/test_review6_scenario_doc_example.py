"""docs/scenarios.md's example scenario runs on the example workbook (review 6).

Found by saving the page's example as a file beside clusters.xlsx and running `pbrkit
tender --scenario` on it: exit 2, "lots[0].clusters: required for a new lot (the
workbook has none called 'Psychosis')". The example meant to put an accept-all duty on
the workbook's psychosis lot, which is called "Psychosis community"; it now says so.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def example_toml() -> str:
    page = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    example = page.split("## Example", 1)[1]
    match = re.search(r"```toml\n(.*?)```", example, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_the_example_runs(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "clusters.xlsx", tmp_path / "clusters.xlsx")
    scenario = tmp_path / "example.toml"
    scenario.write_text(example_toml(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["tender", "--scenario", str(scenario), "--draws", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "summary.json").is_file()
