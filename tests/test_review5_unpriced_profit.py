"""report.xlsx recalculated gives no profit per person for a cluster without a price
(review5, December 2026).

A clinician's cluster whose patients are all not assessed (99) is not audited, so a
``--tariff`` file without its price does not stop the run; its mean income is blank in
the Homogeneity sheet (and null in summary.json, "–" in report.html). The profit per
person formula (mean income − mean cost) read the blank as 0 and showed −£400.

Since round 12 a cluster a local tariff leaves out is priced from the reference set, as
in a costing (methodology §5.4), so the run uses a reference set that has no price for
cluster 3 either: the cluster is then priced nowhere.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from recalc import recalc_formulas

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
GRID = "cluster,item,rating,band\n1,1,0,must\n"
TARIFF = "cluster,price,unit,admitted_day_price\n1,500,per_episode,300\n"
REFERENCE = Path(__file__).resolve().parents[1] / "tariffs" / "illustrative-2014-15"


def reference_without_cluster_3(folder: Path) -> Path:
    shutil.copytree(REFERENCE, folder)
    tariff = folder / "tariff.csv"
    rows = [r for r in csv.reader(tariff.read_text().splitlines()) if r[0] != "3"]
    with tariff.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return folder


def test_an_unpriced_cluster_has_no_profit_once_recalculated(tmp_path: Path) -> None:
    lines = [",".join(["patient_id", *ITEMS, "cluster", "cost"])]
    for patient, cluster, cost in [("U1", 1, 100), ("U2", 1, 200)]:
        lines.append(",".join([patient, *["0"] * 18, str(cluster), str(cost)]))
    for patient, cost in [("U3", 300), ("U4", 500)]:  # items 1-3 unknown: not assessed
        lines.append(",".join([patient, "", "", "", *["0"] * 15, "3", str(cost)]))
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "grid.csv").write_text(GRID, encoding="utf-8")
    (tmp_path / "tariff.csv").write_text(TARIFF, encoding="utf-8")
    out = tmp_path / "out"
    args = ["cluster", str(ratings), "--profiles", str(tmp_path / "grid.csv")]
    args += ["--tariff", str(tmp_path / "tariff.csv"), "--out", str(out), "--json"]
    args += ["--reference", str(reference_without_cluster_3(tmp_path / "myref"))]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    clusters = json.loads(result.stdout)["allocation"]["homogeneity"]["clusters"]
    assert [c["profit_per_person"] for c in clusters] == [350.0, None]  # 500 − 150; none
    values = recalc_formulas(out / "report.xlsx")["Homogeneity"]
    # Row 3: cluster 1, mean income £500 − mean cost £150 = £350.
    assert values["M3"] == 350.0
    # Row 4: cluster 3, no price. Before: 0 − 400 = −400.
    assert values.get("M4") in (None, "")
