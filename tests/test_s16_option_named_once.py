"""A refused lever names its option once.

click already starts a bad value's message with "Invalid value for '--tariff-change':",
and the lever's own text (written for scenario files and library callers, where no
option prefix is added) started with "--tariff-change:" again, so the user read
"Invalid value for '--tariff-change': --tariff-change: cannot read 'abc'" (seen on the
command line, 7 December). On the command line the option is named once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = str(ROOT / "examples" / "clusters.xlsx")


@pytest.mark.parametrize(
    ("option", "values", "said"),
    [
        ("--tariff-change", ["abc"], "cannot read 'abc'"),
        ("--tariff-change", ["5%", "3%"], "two changes for every code"),
        ("--cost-change", ["5"], "cannot read '5'"),
        ("--efficiency", ["1.1"], "1.1 is out of range"),
    ],
)
def test_a_refused_lever_names_its_option_once(
    tmp_path: Path, option: str, values: list[str], said: str
) -> None:
    out = tmp_path / "out"
    args = ["cost", CLUSTERS, "--out", str(out)]
    for value in values:
        args += [option, value]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert f"'{option}': {option}:" not in result.stderr
    assert not out.exists()
