"""`--out report.xlsx` is refused: --out names a folder (review 6).

Found trying the newcomer's mistake "wrong --out": `pbrkit cost
examples/clusters.xlsx --out report.xlsx` exited 0 and made a *folder* called
report.xlsx holding report.xlsx, report.html, summary.json and summary.pdf, which a
file manager shows as a broken spreadsheet. A --out that ends like one of the files
pbrkit writes (or reads) is now refused before anything runs: exit 2, one message
saying --out is a folder, nothing written. A folder that already exists under such a
name is still accepted (it was made on purpose).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("name", ["report.xlsx", "summary.json", "out.HTML", "board.pdf"])
def test_a_file_name_for_out_is_refused(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    result = invoke("cost", CLUSTERS, "--out", out)
    assert result.exit_code == 2, result.output
    assert "--out" in result.stderr
    assert "folder" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_refusal_is_the_same_for_other_commands(tmp_path: Path) -> None:
    result = invoke("tender", CLUSTERS, "--out", tmp_path / "tender.xlsx")
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_of_that_name_is_accepted(tmp_path: Path) -> None:
    out = tmp_path / "runs.json"
    out.mkdir()
    result = invoke("cost", CLUSTERS, "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "report.xlsx").is_file()


def test_a_folder_name_with_a_dot_is_fine(tmp_path: Path) -> None:
    result = invoke("cost", CLUSTERS, "--out", tmp_path / "trust-2024.25")
    assert result.exit_code == 0, result.output
