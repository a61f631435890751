"""A code given two what-if changes is named with both changes, as given (rev7a).

Found in review rev7a: `--tariff-change 5% --tariff-change 3%` was refused with
"cannot read '+3%'" and a fix showing how to write a change, though +3% reads fine: the
problem is that every price was given two changes. `--cost-change 6=5% --cost-change
6=7%` said "cannot read '6: +7%'". The message now says which code has two changes and
what they are, and the fix is to give it once. (Read on the command line, click names
the option: "Invalid value for '--tariff-change': two changes for …".)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = str(ROOT / "examples" / "clusters.xlsx")


@pytest.mark.parametrize(
    ("args", "said", "fix"),
    [
        (["--tariff-change", "5%", "--tariff-change", "3%"],
         "'--tariff-change': two changes for every code (+5% and +3%)", "give every code once"),
        (["--cost-change", "6=5%", "--cost-change", "6=7%"],
         "'--cost-change': two changes for cluster 6 (+5% and +7%)", "give cluster 6 once"),
        (["--tariff-change", "13=5%", "--tariff-change", "C13=7%"],
         "--tariff-change: two changes for cluster 13 (+5% and +7%)", "give cluster 13 once"),
    ],
)  # fmt: skip
def test_both_changes_are_named(tmp_path: Path, args: list[str], said: str, fix: str) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", CLUSTERS, *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.stderr.split())
    assert said in text
    assert "cannot read" not in text
    assert fix in text
    assert not out.exists()
