"""Each command's --help names the folder it really writes to without --out (review 6).

Found reading every `pbrkit <cmd> --help`: all of them said "[default:
./pbrkit-out/<input name>/]", but tender writes to <input name>-tender/, psa to -psa/,
threshold to -threshold/, sweep and explore to <scenario name>-sweep/ and -explore/,
cluster (review 6) to -cluster/, and compare, which has no single input, to
pbrkit-out/compare/. The help now says each command's own folder, and two of them are
checked against a real run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = {
    "cost": "<input name>",
    "cluster": "<input name>-cluster",
    "tender": "<input name>-tender",
    "sweep": "<scenario name>-sweep",
    "explore": "<scenario name>-explore",
    "psa": "<input name>-psa",
    "threshold": "<input name>-threshold",
    "compare": "compare",
}


def out_help(command: str) -> str:
    result = CliRunner().invoke(cli, [command, "--help"], terminal_width=400)
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if "--out DIRECTORY" in line)
    return " ".join(line.split())


@pytest.mark.parametrize("command", sorted(EXPECTED))
def test_out_help_names_the_commands_own_folder(command: str) -> None:
    assert f"[default: ./pbrkit-out/{EXPECTED[command]}/]" in out_help(command)


@pytest.mark.parametrize(
    ("args", "folder"),
    [
        (["cluster", str(ROOT / "examples" / "ratings.xlsx")], "ratings-cluster"),
        (["tender", str(ROOT / "examples" / "clusters.xlsx")], "clusters-tender"),
    ],
)
def test_the_folder_named_is_the_one_written(
    args: list[str], folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "pbrkit-out").iterdir()] == [folder]
