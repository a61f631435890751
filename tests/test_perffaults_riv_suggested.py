"""The RIV by the suggested clusters when every patient has a cost and a clinician's
cluster: measured on the costs and codes as they are, without filtered copies (round
10 of issue 16), the same figure as before. (A patient left out: test_review5_riv_same_costs.)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.homogeneity import reduction_in_variance

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
# Item 1 rated 0 must be cluster 1; rated 2 is expected in cluster 2.
GRID = "cluster,item,rating,band\n1,1,0,must\n2,1,2,expected\n"
# patient, item 1 rating, clinician's cluster, cost
PATIENTS = [
    ("P1", 0, 1, 100.0),  # suggested 1
    ("P2", 2, 1, 200.0),  # suggested 2
    ("P3", 2, 2, 300.0),  # suggested 2
    ("P4", 0, 2, 400.0),  # suggested 1
    ("P5", 2, 2, 500.0),  # suggested 2
]


def test_riv_suggested_with_every_cost(tmp_path: Path) -> None:
    table: dict[str, object] = {"patient_id": [p[0] for p in PATIENTS]}
    for item in ITEMS:
        table[item] = [p[1] if item == "1" else 0 for p in PATIENTS]
    table["cluster"] = [p[2] for p in PATIENTS]
    table["cost"] = [p[3] for p in PATIENTS]
    path = tmp_path / "ratings.parquet"
    pd.DataFrame(table).to_parquet(path)
    (tmp_path / "grid.csv").write_text(GRID, encoding="utf-8")
    args = ["cluster", str(path), "--profiles", str(tmp_path / "grid.csv"), "--json"]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    homogeneity = json.loads(result.stdout)["allocation"]["homogeneity"]
    assert homogeneity["patients"] == 5
    # Mean 300; SST = 200² + 100² + 0 + 100² + 200² = 100,000.
    # Suggested 1 = {100, 400} (mean 250): 150² + 150² = 45,000;
    # suggested 2 = {200, 300, 500} (mean 1000/3): 133.3² + 33.3² + 166.7² = 46,666.7.
    # RIV = 1 − 91,666.7 ÷ 100,000 = 0.08333.
    assert homogeneity["riv_suggested"] == pytest.approx(1 / 12)
    exact = reduction_in_variance(
        pd.Series([p[3] for p in PATIENTS]), pd.Series(np.array([1, 2, 2, 1, 2]))
    )
    assert homogeneity["riv_suggested"] == exact
