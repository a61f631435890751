"""The "no admitted-day price" note under a partial --tariff names the clusters the
local tariff prices, and says the rest are priced from the reference set, as expected
(fix11, item 4).

With a --tariff pricing clusters 4 and 13 only, without an admitted_day_price column,
the note read "clusters 4, 13: 8,150 admitted days and no admitted-day price in
partial.csv; clusters 0, 1, 2, … 99 from reference set illustrative-2014-15
(illustrative), so they are paid as other cluster days, …": "they" read as the
reference-priced clusters, which have the reference set's admitted-day prices. Failed
on the old code (the reference clause came before "so they are paid").
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

CLUSTERS = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def _admitted_days(clusters: set[int]) -> float:
    sheet = openpyxl.load_workbook(CLUSTERS, read_only=True)["caseload"]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    at, days = header.index("cluster"), header.index("admitted_days")
    return sum(float(r[days] or 0) for r in rows if r[at] in clusters)


def test_the_note_separates_the_local_tariff_from_the_reference(tmp_path: Path) -> None:
    tariff = tmp_path / "partial.csv"
    tariff.write_text("cluster,price,unit\n13,500,per_episode\n4,100,per_episode\n")
    out = tmp_path / "out"
    done = CliRunner().invoke(
        cli, ["cost", str(CLUSTERS), "--tariff", str(tariff), "--out", str(out)]
    )
    assert done.exit_code == 0, done.output
    notes = json.loads((out / "summary.json").read_text())["notes"]
    (note,) = [n["detail"] for n in notes if n["check"] == "no admitted-day price"]
    days = _admitted_days({4, 13})  # the caseload's admitted days in clusters 4 and 13
    others = "0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 99"
    assert note == (
        f"clusters 4, 13: {days:,.0f} admitted days and no admitted-day price in "
        "partial.csv, so they are paid as other cluster days, nothing extra, used as "
        "given (add admitted_day_price there if the contract pays one); clusters "
        f"{others}, which partial.csv leaves out, are priced from reference set "
        "illustrative-2014-15 (illustrative), admitted-day prices included, as expected"
    )
