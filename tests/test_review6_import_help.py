"""`pbrkit import mhsds --help` states when it stops, truly (review 6).

Found comparing the help with runs: it said "Exit 2 only when no usable cluster period
is left", but an empty folder ("no MHS803CareCluster file"), a --year that is not a
financial year, an unreadable file or an existing OUT also stop it with exit 2. What
the sentence meant is that rows it cannot use are left out and listed, not refused; it
now says that, and when it does stop.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli


def test_help_does_not_claim_a_single_exit_2(tmp_path: Path) -> None:
    text = CliRunner().invoke(cli, ["import", "mhsds", "--help"], terminal_width=400).output
    flat = " ".join(text.split())
    assert "Exit 2 only when" not in flat
    assert "left out and listed" in flat
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(
        cli, ["import", "mhsds", str(empty), "--year", "2017/18", str(tmp_path / "o.xlsx")]
    )
    assert result.exit_code == 2  # one of the stops the help now names
