"""`pbrkit threshold --help`'s example finds a break-even on the shipped example
(review 6).

Found running every --help example: `pbrkit threshold clusters.xlsx --param
nhs.fixed_cost_share --figure nhs_surplus_change --target -5000000` answers that the
NHS surplus change "does not cross -£5.0m anywhere between nhs.fixed_cost_share = 0
and 1" (with no fixed cost at all, the NHS still loses £11m+ of income with the people
taken, so the change never comes near −£5m). The example now uses −£15m, the README's
and docs/uncertainty.md's, which the example crosses at a fixed cost share of 0.4250
(0.4235 before the search ran with the tender's own seed; 0.4241 before the synthetic
population stopped depending on the caseload's row order).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def help_example() -> list[str]:
    text = CliRunner().invoke(cli, ["threshold", "--help"], terminal_width=400).output
    lines = text.split("Example:")[1].split("Options:")[0].strip()
    words = shlex.split(lines.replace("\\\n", " "))
    assert words[:2] == ["pbrkit", "threshold"]
    return words[2:]


def test_the_help_example_crosses(tmp_path: Path) -> None:
    args = help_example()
    args[args.index("clusters.xlsx")] = str(ROOT / "examples" / "clusters.xlsx")
    result = CliRunner().invoke(cli, ["threshold", *args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "does not cross" not in result.stdout
    assert "crosses -£15.0m at nhs.fixed_cost_share = 0.4250" in result.stdout
