"""`pbrkit sweep --publish` and `pbrkit explore --publish`: at a grid point whose count of
people taken is hidden, the 5th and 95th percentiles over the draws of the people taken
and left are hidden with their medians.

Found by running a sweep of bidders' capacity on a small trust with --publish: at
capacity 2 the people taken (6) and left (211) were hidden, "*", but the people left's
5th and 95th percentiles were shown as 210 beside them. With every draw alike the
percentiles are the median, so the hidden median was shown twice over (docs/methodology.md
§7: every figure about the people taken or left at a point is hidden with that count).

Workbook (patients; information quality 1 and θ = 1, so every draw is the same):
  cluster 1, £1,500 an episode (84-day review): a0-a9 cost £500, b0-b5 cost £2,000,
  each 84 days (P = £1,500);
  cluster 11, £5,000 a year: c0-c9 cost £6,000, each 365 days.
One bidder, capacity varied: π̂ = 1500 − 500 = 1000 for a0-a9 (taken first), −500 for
the others (never taken). So 26 people (published 25):
  capacity 3:  3 taken (hidden: 1-7), 23 left (hidden with them: the line 26 = 3 + 23);
  capacity 10: 10 taken (shown 10), 16 left (shown 15).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from review9b_inputs import patients_workbook

COUNTS = ("taken_patients", "residue_patients")
PERCENTILES = tuple(f"{c}_{p}" for c in COUNTS for p in ("p5", "p95"))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sweep")
    book = patients_workbook(folder / "p.xlsx", cheap=10, dear=6, yearly=10, capacity=6)
    path = folder / "s.toml"
    path.write_text(f'schema_version = 1\nworkbook = "{book}"\ndraws = 3\n')
    return path


def _run(args: list[str], out: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli, [*args, "--publish", "--workers", "1", "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def _point(summary: dict[str, Any], capacity: float) -> dict[str, Any]:
    """The point of ``capacity`` (3 or 10), by position: published, a capacity setting
    is itself a count (3 hidden, 10 shown as 10: tests/test_fixleft_sweep_capacity.py)."""
    return summary["sweep"][(3.0, 10.0).index(capacity)]  # type: ignore[no-any-return]


def test_sweep_hides_the_percentiles_of_a_hidden_count(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    summary = _run(["sweep", str(scenario), "--vary", "bidders.*.capacity=3,10"], out)
    hidden = _point(summary, 3.0)
    assert hidden["taken_patients"] is None and hidden["residue_patients"] is None
    # 23 people left in every draw: its percentiles are its median, hidden with it.
    assert {k: hidden[k] for k in PERCENTILES} == dict.fromkeys(PERCENTILES)
    for key in PERCENTILES:
        assert f"/sweep/0/{key}" in summary["disclosure"]["suppressed"]
    # A shown count keeps its percentiles: 10 taken, 16 left (15).
    shown = _point(summary, 10.0)
    assert shown["taken_patients"] == 10 and shown["residue_patients"] == 15
    assert shown["taken_patients_p5"] == 10 and shown["residue_patients_p95"] == 15
    with (out / "sweep.csv").open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))  # capacity 3, published as *
    assert {row[k] for k in PERCENTILES} == {"*"}
    sheet = openpyxl.load_workbook(out / "report.xlsx", data_only=True)["Grid"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = rows[1]  # under the sheet's note
    first = rows[2]  # capacity 3 (published as *)
    assert first[0] == "*"
    people = ("taken by bidders", "left with the NHS")
    labels = [f"People {w} p{p}" for w in people for p in (5, 95)]
    assert {first[header.index(label)] for label in labels} == {"*"}


def test_explore_hides_the_percentiles_of_a_hidden_count(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "explore"
    summary = _run(["explore", str(scenario), "--vary", "bidders.*.capacity=3,10"], out)
    assert {k: _point(summary, 3.0)[k] for k in PERCENTILES} == dict.fromkeys(PERCENTILES)
    page = (out / "explore.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="grid">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    for key in PERCENTILES:
        assert data["figures"][key][0] == "*"
