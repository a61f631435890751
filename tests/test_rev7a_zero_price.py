"""A tariff price of £0 beside a cluster's days is named on the Data quality sheet (rev7a).

Found in review rev7a: the example caseload with a tariff sheet pricing cluster 3 at £0
(a blank exported as 0 is the usual cause) ran with no note anywhere: cluster 3's 1,221
people and 210,884 cluster days earned only their admitted days, 335 × £355 = £118,925,
against a cost of £1,673,746, and its loss of £1,554,821 led the loss-making clusters.
An actual cost of £0 and a care package of £0 a day were already named
(docs/methodology.md §2); a price of £0 is now named the same way, by `pbrkit cost`
(summary.json notes, the Data quality sheet) and by `pbrkit validate`, and used as
given. A what-if that cuts prices by 100% is a lever, not the tariff as read: it adds
no such note.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
TARIFF = ROOT / "tariffs" / "illustrative-2014-15" / "tariff.csv"
CHECK = "tariff price £0"


def _with_zero_price(tmp_path: Path) -> Path:
    book = openpyxl.load_workbook(CLUSTERS)
    sheet = book.create_sheet("tariff")
    sheet.append(["cluster", "price", "unit", "admitted_day_price"])
    with TARIFF.open(newline="") as handle:
        for row in csv.DictReader(handle):
            price = 0.0 if row["cluster"] == "3" else float(row["price"])
            sheet.append([int(row["cluster"]), price, row["unit"],
                          float(row["admitted_day_price"])])  # fmt: skip
    path = tmp_path / "zero-price.xlsx"
    book.save(path)
    return path


def test_cost_names_the_cluster_priced_at_zero(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(_with_zero_price(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    (cluster3,) = [c for c in summary["clusters"] if c["cluster"] == 3]
    assert cluster3["income"] == 335 * 355  # = £118,925: admitted days only
    (note,) = [n for n in summary["notes"] if n["check"] == CHECK]
    assert "cluster 3" in note["detail"]
    assert "sheet 'tariff'" in note["detail"]
    assert note["rows"] == 3  # cluster 3's caseload rows: three teams


def test_validate_names_it_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--for", "cost", str(_with_zero_price(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "cluster 3: priced at £0" in result.output


def test_a_lever_of_minus_100_percent_is_not_named_as_a_zero_price(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["cost", str(CLUSTERS), "--tariff-change", "-100%", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["totals"]["income"] == 0
    assert [n for n in summary["notes"] if n["check"] == CHECK] == []
