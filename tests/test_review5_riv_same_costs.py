"""The RIV by the suggested clusters is measured on the same costs as the clinicians'
RIV (review5, December 2026).

docs/methodology.md §5.5 sets beside the RIV of the clusters paid for "the RIV of the
same costs grouped by the suggested clusters", and the finding compares the two. A
patient with a cost and no clinician's cluster was left out of the first and counted in
the second, so the two RIVs were measured on different patients and the comparison said
the suggestions explained more of the cost than they did.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")

# A grid of two clusters: item 1 rated 0 must be cluster 1 (must +2), item 1 rated 2
# is expected in cluster 2 (+2); every other item scores 0 in both.
GRID = "cluster,item,rating,band\n1,1,0,must\n2,1,2,expected\n"

# patient, item 1 rating, clinician's cluster, cost
PATIENTS = [
    ("P1", 0, "1", 100),  # suggested 1 (score 2; cluster 2 scores 0)
    ("P2", 2, "1", 200),  # suggested 2 (cluster 1 ruled out)
    ("P3", 2, "2", 300),  # suggested 2
    ("P4", 0, "2", 400),  # suggested 1
    ("P5", 2, "", 5000),  # suggested 2, no clinician's cluster: not in the clinicians' RIV
]


@pytest.fixture
def ratings(tmp_path: Path) -> Path:
    lines = [",".join(["patient_id", *ITEMS, "cluster", "cost"])]
    for patient, item1, cluster, cost in PATIENTS:
        lines.append(",".join([patient, str(item1), *["0"] * 17, cluster, str(cost)]))
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "grid.csv").write_text(GRID, encoding="utf-8")
    return path


def test_both_rivs_are_over_the_patients_with_a_clinician_cluster(
    ratings: Path, tmp_path: Path
) -> None:
    args = ["cluster", str(ratings), "--profiles", str(tmp_path / "grid.csv")]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    homogeneity = json.loads(result.stdout)["allocation"]["homogeneity"]
    assert homogeneity["patients"] == 4
    # The costs measured: 100, 200, 300, 400; overall mean 250,
    # SST = 150² + 50² + 50² + 150² = 50,000.
    # Clinicians' clusters: {100, 200} mean 150 and {300, 400} mean 350:
    # SSW = 4 × 50² = 10,000; RIV = 1 − 10,000 ÷ 50,000 = 0.8.
    assert homogeneity["riv"] == pytest.approx(0.8)
    # Suggested clusters of the same patients: 1 = {100, 400} mean 250,
    # 2 = {200, 300} mean 250: SSW = 150² + 150² + 50² + 50² = 50,000; RIV = 0.
    # Before: P5's £5,000 was counted too (suggested 2 = {200, 300, 5000}), giving 0.166.
    assert homogeneity["riv_suggested"] == pytest.approx(0.0, abs=1e-12)


def test_the_patient_left_out_is_not_called_one_without_a_cost(
    ratings: Path, tmp_path: Path
) -> None:
    # P5 has a cost (£5,000) and no clinician's cluster: left out of the homogeneity
    # figures, but not for want of a cost. Before: "Patients without a cost: 1".
    out = tmp_path / "out"
    args = ["cluster", str(ratings), "--profiles", str(tmp_path / "grid.csv"), "--out", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Patients without a cost<" not in html
    assert "Patients without a cost or a cluster paid for" in html
