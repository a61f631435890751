"""A `cluster` column left blank in every row is read as no clinicians' clusters
(review5, December 2026).

The ratings template has a `cluster` column. A user with no clinicians' clusters who left
it blank got exit 2 and "no patient has both a cluster and a cost ... fill in the
costs", though every cost was filled in: the cost measures were taken over the blank
clinicians' clusters instead of the suggested ones, as docs/methodology.md §5.5 says for
an input without clinicians' clusters.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
GRID = "cluster,item,rating,band\n1,1,0,must\n2,1,2,expected\n"


def _run(tmp_path: Path, clusters: list[str] | None) -> dict[str, object]:
    # Item 1 rated 0: cluster 1 (must, +2); rated 2: cluster 2 (expected, +2).
    ratings = [(0, 100), (0, 300), (2, 1000), (2, 1400)]
    header = ["patient_id", *ITEMS, "cost"] + (["cluster"] if clusters is not None else [])
    lines = [",".join(header)]
    for number, (item1, cost) in enumerate(ratings):
        cluster = [clusters[number]] if clusters is not None else []
        lines.append(",".join([f"P{number}", str(item1), *["0"] * 17, str(cost), *cluster]))
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "grid.csv").write_text(GRID, encoding="utf-8")
    args = ["cluster", str(path), "--profiles", str(tmp_path / "grid.csv"), "--json"]
    out = tmp_path / ("out" if clusters is not None else "out-without-the-column")
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    # Before: exit 2, "no patient has both a cluster and a cost".
    assert result.exit_code == 0, result.output
    allocation: dict[str, object] = json.loads(result.stdout)["allocation"]
    return allocation


def test_a_blank_column_is_measured_by_the_suggested_clusters(tmp_path: Path) -> None:
    allocation = _run(tmp_path, ["", "", "", ""])
    # As if the column were not there at all.
    assert allocation == _run(tmp_path, None)
    homogeneity = allocation["homogeneity"]
    assert isinstance(homogeneity, dict)
    assert homogeneity["basis"] == "suggested"
    assert homogeneity["patients"] == 4
    # Suggested 1 = {100, 300} mean 200, 2 = {1000, 1400} mean 1200; overall mean 700.
    # SST = 600² + 400² + 300² + 700² = 1,100,000; SSW = 100² × 2 + 200² × 2 = 100,000.
    # RIV = 1 − 100,000 ÷ 1,100,000 = 10/11.
    assert homogeneity["riv"] == pytest.approx(10 / 11)


def test_one_clinician_cluster_keeps_the_audit(tmp_path: Path) -> None:
    allocation = _run(tmp_path, ["1", "", "", ""])
    assert allocation["audited"] == 1
    assert allocation["homogeneity"]["basis"] == "clinician"  # type: ignore[index]
