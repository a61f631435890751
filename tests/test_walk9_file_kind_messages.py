"""A file of the wrong kind says nothing was written, as every other refusal does, and
a scenario given where a workbook belongs says how to run it (walk 9).

Found on a newcomer's walk: `pbrkit cost empty.xlsx` (0 bytes), `pbrkit cost
caseload.xlsx` (a CSV renamed) and `pbrkit cost aqp-fixed-tariff.toml` stopped (exit 2)
without the "Hint: ...; nothing was written" line the other refusals give, and the
scenario was only "not a file pbrkit can read".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

SCENARIO = Path(__file__).parents[1] / "examples" / "scenarios" / "aqp-fixed-tariff.toml"


def refused(path: Path, out: Path) -> str:
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists()
    return result.stderr


@pytest.mark.parametrize("content", [b"", b"cluster,service_users,cluster_days\n1,2,3\n"])
def test_a_spreadsheet_name_on_another_file_says_nothing_was_written(
    tmp_path: Path, content: bytes
) -> None:
    book = tmp_path / "caseload.xlsx"
    book.write_bytes(content)
    stderr = refused(book, tmp_path / "out")
    assert "'caseload.xlsx' has a spreadsheet name but is" in stderr
    assert "Hint: nothing was written" in stderr


def test_a_scenario_given_as_a_workbook_says_how_to_run_it(tmp_path: Path) -> None:
    stderr = refused(SCENARIO, tmp_path / "out")
    assert "'aqp-fixed-tariff.toml' is not a file pbrkit can read" in stderr
    assert (
        "a .toml file is a tender scenario: run pbrkit tender --scenario aqp-fixed-tariff.toml"
        in (stderr)
    )
    assert "Hint: nothing was written" in stderr
