"""Every command names what it wrote by its absolute path (left by walk 9).

``pbrkit cost clusters.xlsx --out runs`` said "Wrote 4 reports to runs" (the folder as
typed) while the same command without --out named ./pbrkit-out/... in full; ``pbrkit
example``, ``template`` and ``import mhsds`` likewise echoed a relative path as typed.
Each now names the absolute path, whatever was typed, so a line pasted from the
terminal finds the files from any folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLES = Path(__file__).parents[1] / "examples"


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(EXAMPLES / "clusters.xlsx", tmp_path / "clusters.xlsx")
    monkeypatch.chdir(tmp_path)
    return Path.cwd()  # as the process sees it (a symlinked /tmp resolved)


def test_reports_folder_given_relative_is_named_in_full(here: Path) -> None:
    said = _run("cost", "clusters.xlsx", "--out", "runs")
    assert f"Wrote 4 reports to {here / 'runs'}:" in said


def test_reports_default_folder_is_named_in_full_as_before(here: Path) -> None:
    said = _run("cost", "clusters.xlsx")
    assert f"Wrote 4 reports to {here / 'pbrkit-out' / 'clusters'}:" in said


def test_example_template_and_import_name_their_files_in_full(here: Path) -> None:
    assert f"{here / 'sub' / 'clusters.xlsx'} (wrote)" in _run("example", "clusters.xlsx", "sub")
    assert f"Wrote {here / 't.xlsx'}" in _run("template", "--kind", "cost", "t.xlsx")
    _run("example", "mhsds", "extract")
    said = _run("import", "mhsds", "extract", "--year", "2017/18", "trust.xlsx")
    assert f"Wrote {here / 'trust.xlsx'}:" in said
