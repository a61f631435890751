"""``pbrkit cluster`` completes a partial local tariff from the reference set, as
``pbrkit cost`` does (round 12, fix 8; docs/methodology.md §2 and §5.4).

`pbrkit cluster examples/ratings.xlsx --tariff part.csv`, part.csv being the reference
tariff without clusters 3 and 5, stopped: "cluster 3 has audited patients but no price
… in part.csv". `pbrkit cost` prices such a cluster at the reference set's price and
says so. Both now take the one rule (io.inputs.tariff_prices, given the clusters the
run prices): clusters 3 and 5 are priced from the reference set, and the tariff's
source says "part.csv; clusters 3, 5 from reference set …".

Hand check: part.csv doubles every other cluster's price. The run must equal one with
full.csv, which holds the same doubled prices and the reference prices of 3 and 5.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
RATINGS = ROOT / "examples" / "ratings.xlsx"
REFERENCE = ROOT / "tariffs" / "illustrative-2014-15" / "tariff.csv"
LEFT_OUT = {"3", "5"}


def write_tariff(path: Path, *, partial: bool) -> Path:
    rows = list(csv.DictReader(REFERENCE.open()))
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["cluster", "price", "unit", "admitted_day_price"])
        for row in rows:
            if row["cluster"] in LEFT_OUT:
                if partial:
                    continue
                price = float(row["price"])  # the reference price, as the fallback gives
            else:
                price = 2 * float(row["price"])
            writer.writerow([row["cluster"], price, row["unit"], row["admitted_day_price"]])
    return path


def cluster(tmp_path: Path, tariff: Path, name: str) -> dict[str, object]:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["cluster", str(RATINGS), "--tariff", str(tariff),
                                      "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads((out / "summary.json").read_text())
    return summary


def test_a_partial_tariff_is_completed_from_the_reference_set(tmp_path: Path) -> None:
    part = cluster(tmp_path, write_tariff(tmp_path / "part.csv", partial=True), "part")
    full = cluster(tmp_path, write_tariff(tmp_path / "full.csv", partial=False), "full")
    money = ("money_at_stake", "money_paid_above_suggested", "money_paid_below_suggested")
    for key in money:
        assert part["allocation"][key] == pytest.approx(full["allocation"][key], rel=1e-12)  # type: ignore[index]
    assert (
        part["allocation"]["money_at_stake_by_cluster"]
        == full["allocation"][  # type: ignore[index]
            "money_at_stake_by_cluster"
        ]
    )
    source = part["options"]["tariff"]  # type: ignore[index]
    assert (
        source == "part.csv; clusters 3, 5 from reference set illustrative-2014-15 (illustrative)"
    )
    # The banner names the borrowed prices; a full local tariff borrows none.
    assert part["reference"]["used_for"] == ["tariff_some"]  # type: ignore[index]
    assert full["reference"]["used_for"] == []  # type: ignore[index]
    html = (tmp_path / "part" / "report.html").read_text()
    assert "tariff prices for clusters your tariff leaves out" in html
    assert "clusters 3, 5 from reference set" in html
