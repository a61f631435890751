"""A copied reference set is named after its own folder (fix9, December 2026).

A user who copies the shipped set's folder to ``myref`` and edits its prices ran
``--reference myref`` and every report and message called the set
"illustrative-2014-15": the copied ``set.toml`` still gives the shipped name. A set
read from the user's folder whose ``set.toml`` repeats a shipped set's name is now
named after the folder; a name of the user's own is kept. The status is always the
set's own ``set.toml``'s (``official`` only if it says so).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reference import DEFAULT_REFERENCE, load_reference_set, tariffs_root

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def _copy(tmp_path: Path, folder: str, status: str | None = None, name: str | None = None) -> Path:
    target = tmp_path / folder
    shutil.copytree(tariffs_root() / DEFAULT_REFERENCE, target)
    toml = target / "set.toml"
    text = toml.read_text("utf-8")
    if status is not None:
        text = text.replace('status = "illustrative"', f'status = "{status}"', 1)
    if name is not None:
        text = text.replace(f'name = "{DEFAULT_REFERENCE}"', f'name = "{name}"', 1)
    toml.write_text(text, "utf-8")
    return target


def test_a_copy_is_named_after_its_folder(tmp_path: Path) -> None:
    ref = load_reference_set(_copy(tmp_path, "myref"))
    # Before: "illustrative-2014-15", the copied set.toml's name.
    assert ref.name == "myref"
    assert ref.status == "illustrative"  # the copy's own set.toml still says so


def test_a_name_of_the_users_own_is_kept(tmp_path: Path) -> None:
    ref = load_reference_set(_copy(tmp_path, "folder", name="Trust prices 2024-25"))
    assert ref.name == "Trust prices 2024-25"


def test_the_shipped_set_keeps_its_name() -> None:
    assert load_reference_set(DEFAULT_REFERENCE).name == DEFAULT_REFERENCE


def test_every_report_names_the_copy_and_its_own_status(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "myref", status="official")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(EXAMPLE), "--reference", str(folder), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["reference"]["name"] == "myref"
    assert summary["reference"]["status"] == "official"
    html = (out / "report.html").read_text("utf-8")
    assert "reference set myref" in html
    assert DEFAULT_REFERENCE not in html
    assert "ILLUSTRATIVE" not in html.upper().replace("ILLUSTRATIVE CLUSTER PRICES", "")
