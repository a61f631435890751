"""The costing's messages name codes as the reference set writes them (review4, December 2026).

With a text-coded set (resource groups such as PSY_CRI), a code with activity and no
price stopped the run with "cluster 3 has activity but no price (found 3). Fix: add a
tariff row for cluster 3": 3 is pbrkit's internal key, a code the set does not have,
so the reader could not find what to fix. The code is now the set's own, after the
set's word for a code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).parents[1]


@pytest.fixture
def set_without_a_price(tmp_path: Path) -> Path:
    folder = tmp_path / "mhnrg-no-crisis"
    shutil.copytree(ROOT / "tariffs" / "illustrative-mhnrg", folder)
    tariff = folder / "tariff.csv"
    lines = tariff.read_text(encoding="utf-8").splitlines(keepends=True)
    tariff.write_text("".join(x for x in lines if not x.startswith("PSY_CRI,")), "utf-8")
    return folder


@pytest.mark.parametrize("command", ["cost", "validate", "tender"])
def test_a_missing_price_names_the_sets_code(
    set_without_a_price: Path, tmp_path: Path, command: str
) -> None:
    args = [command, str(ROOT / "examples" / "mhnrg.xlsx"), "--reference", str(set_without_a_price)]
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, args if command == "validate" else [*args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    # Before: "cluster 3 has activity but no price (found 3)".
    assert "resource group PSY_CRI has activity but no price" in result.output
    assert "cluster 3" not in result.output
    assert not out.exists()


def test_care_clusters_keep_their_numbers(tmp_path: Path) -> None:
    caseload = tmp_path / "caseload.csv"
    caseload.write_text("cluster,service_users,cluster_days\n3,10,1820\n", "utf-8")
    folder = tmp_path / "set"
    shutil.copytree(ROOT / "tariffs" / "illustrative-2014-15", folder)
    (folder / "tariff.csv").write_text("cluster,price,unit\n1,357,per_episode\n", "utf-8")
    result = CliRunner().invoke(
        cli, ["cost", str(caseload), "--reference", str(folder), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2, result.output
    assert "cluster 3 has activity but no price" in result.output
