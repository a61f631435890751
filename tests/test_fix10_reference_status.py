"""A reference set whose set.toml gives no status, or one pbrkit does not know, is
refused, naming the file and what to write (fix10, item 6).

A set.toml without ``status`` was read as "illustrative" without a word, and one with
a status other than "official" (``status = "sourced"``, say) likewise: the reports
then carried ILLUSTRATIVE banners their author never asked for, or a status word no
rule reads. A set's status is either ``official`` or ``illustrative``
(docs/methodology.md §3; case aside, as before); anything else is refused (exit 2)
with the file and both choices. These tests failed on the old code (exit 0).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reference import load_reference_set, tariffs_root

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"


def _set(tmp_path: Path, status_line: str) -> Path:
    folder = tmp_path / "myref"
    shutil.copytree(tariffs_root() / "illustrative-2014-15", folder)
    toml = folder / "set.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'status = "illustrative"\n' in text
    toml.write_text(text.replace('status = "illustrative"\n', status_line, 1), encoding="utf-8")
    return folder


def _said(output: str) -> str:
    return " ".join(output.split())


@pytest.mark.parametrize(
    ("line", "found"),
    [("", "gives no status"), ('status = "sourced"\n', "gives the status 'sourced'")],
)
def test_a_set_without_a_known_status_is_refused(tmp_path: Path, line: str, found: str) -> None:
    folder = _set(tmp_path, line)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(CLUSTERS), "--reference", str(folder),
                                      "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2, result.output
    said = _said(result.output)
    assert f"{folder / 'set.toml'} {found}" in said, said
    assert 'status = "official"' in said and 'status = "illustrative"' in said, said
    assert not out.exists()


@pytest.mark.parametrize("status", ["official", "Illustrative"])
def test_a_known_status_is_read(tmp_path: Path, status: str) -> None:
    folder = _set(tmp_path, f'status = "{status}"\n')
    assert load_reference_set(folder).status == status
