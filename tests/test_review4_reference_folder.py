"""``--reference FOLDER`` without a set.toml says so (review4, December 2026).

A folder given as the reference set that has no set.toml (a copy of only the CSVs, or
the wrong folder) was "no reference set called '/path/folder'", as if a shipped set's
name were misspelt. The message now names the missing file; nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def test_a_folder_without_set_toml_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "my-prices"
    folder.mkdir()
    (folder / "tariff.csv").write_text("cluster,price,unit\n1,357,per_episode\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(EXAMPLE), "--reference", str(folder), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    # Before: "no reference set called '…/my-prices'".
    assert f"folder '{folder}' has no set.toml" in result.output
    assert not out.exists()


def test_an_unknown_name_is_still_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["reference", "show", "illustrative-2015-16"])
    assert result.exit_code == 2, result.output
    assert "no reference set called 'illustrative-2015-16'" in result.output
