"""An independent re-check of the uncertainty commands' --help (review 5).

``pbrkit threshold --help`` described --target's range as "x<=None": click's words for
a range with neither bound. An unbounded finite number now says so.
"""

from __future__ import annotations

from click.testing import CliRunner

from pbrkit.cli import cli


def test_threshold_help_has_no_none_range() -> None:
    result = CliRunner().invoke(cli, ["threshold", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "None" not in result.output
    assert "[default: 0.0; any finite number]" in result.output
