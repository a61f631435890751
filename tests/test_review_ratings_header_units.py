"""The ratings sheet reads `Cost (£)`, `Days (days)` and their like, as every other
sheet does (review 12, December 2026).

Found by validating a ratings workbook of my own headed as a finance export would head
it: `pbrkit validate` said "other columns kept: Cost (£)", and `pbrkit cluster` wrote
no homogeneity at all (summary.json `homogeneity` null: no CV, no RIV, no predictable
profit and loss), without a word — the cost column had been taken for a trait. README
("Input sheets"): names match "ignoring case, spaces, underscores, punctuation and a
trailing unit (`Actual Cost (£)`, `Admitted days (days)`)"; the caseload reader strips
the unit (pbrkit.io.headers.normalise_header), the ratings reader did not.

Hand-worked: two patients in cluster 1 with costs £1,000 and £1,200 → mean £1,100,
SD √((100² + 100²) ÷ 1) = £141.42, CV 0.1286.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + ["A", "B", "C", "D", "E"]


def _book(tmp_workbook: WorkbookFactory, cost: str, days: str) -> Path:
    rows = [
        {"Patient ID": p, **dict.fromkeys(ITEMS, 0), "Cluster": 1, days: d, cost: c}
        for p, d, c in (("a", 84, 1000), ("b", 84, 1200))
    ]
    return tmp_workbook({"ratings": rows})


@pytest.mark.parametrize(
    ("cost", "days"),
    [("Cost (£)", "Days (days)"), ("cost £", "Cluster days [days]"), ("Cost GBP", "days")],
)
def test_cost_and_days_with_a_unit_are_read(
    tmp_workbook: WorkbookFactory, tmp_path: Path, cost: str, days: str
) -> None:
    book = _book(tmp_workbook, cost, days)
    checked = CliRunner().invoke(cli, ["validate", str(book)])
    assert checked.exit_code == 0, checked.output
    # Before: "other columns kept: Cost (£)".
    assert "other columns kept" not in checked.output
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert done.exit_code == 0, done.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    h = summary["allocation"]["homogeneity"]
    assert h is not None  # before: null
    (one,) = h["clusters"]
    assert one["cluster"] == 1 and one["mean"] == pytest.approx(1100.0)
    assert one["cv"] == pytest.approx(141.4213562 / 1100.0)
