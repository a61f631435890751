"""``pbrkit compare --help``'s example runs as written in an empty folder (walk 9).

Found on a newcomer's walk: the example began with ``pbrkit cost clusters.xlsx`` and
compared ``aqp-fixed-tariff.toml`` with ``aqp-accept-all.toml``, but wrote none of the
three files, so copied into a fresh folder its first line stopped at "Path
'clusters.xlsx' does not exist" and its last at "Path 'aqp-accept-all.toml' does not
exist". Every other command's example starts with the ``pbrkit example`` line that
writes its input; compare's now does too.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli


def example_commands(command: str) -> list[list[str]]:
    """The ``pbrkit`` commands of ``command``'s help example, in order (``&&`` split)."""
    text = CliRunner().invoke(cli, [command, "--help"], terminal_width=200).output
    block = text.split("Example:", 1)[1].split("\n\n", 1)[0]
    commands = []
    for line in block.splitlines():
        for part in line.split("&&"):
            words = shlex.split(part)
            if words[:1] == ["pbrkit"]:
                commands.append(words[1:])
    return commands


def test_the_compare_example_runs_in_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    commands = example_commands("compare")
    assert sum(words[0] == "compare" for words in commands) == 2, commands
    for words in commands:
        result = CliRunner().invoke(cli, words)
        assert result.exit_code == 0, (words, result.output)
