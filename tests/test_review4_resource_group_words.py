"""A costing against a set of resource groups names them so (noted in review4).

`pbrkit cost examples/mhnrg.xlsx --reference illustrative-mhnrg` said "9 care clusters"
and "by care cluster" of nine resource groups, and "losing clusters lose £0" where none
loses money. The set's own word for its codes is carried in summary.json
(``reference.codes``) and used in the title, the findings and the terminal lines.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_resource_groups_are_called_resource_groups(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["cost", str(ROOT / "examples" / "mhnrg.xlsx"), "--reference", "illustrative-mhnrg"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "9 resource groups, 57 service users" in result.output
    assert "Profitable resource groups make £68k; none loses money" in result.output
    assert "care cluster" not in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reference"]["codes"] == "resource group"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Cost, income and surplus by resource group" in html
    assert "Across 9 resource groups, 57 service users" in html


def test_care_clusters_keep_their_name(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(ROOT / "examples" / "clusters.xlsx"),
                                      "--out", str(out)])  # fmt: skip
    assert "22 care clusters" in result.output
    assert "losing ones lose £4.0m" in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reference"]["codes"] == "care cluster"
