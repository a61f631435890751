"""A published cluster's exact days must not bound its people from below beyond what
its published count says (docs/methodology.md §7, "A total's floor under its count").

One person has at most 366 days in a cluster in a year (the caseload sheet refuses
more), so people ≥ days ÷ 366. A published count p stands for p − 2 … p + 2 people
(counts rounded to 5). Cluster 11 below has 12 people in it all year:
    days = 12 × 365 = 4,380;  4,380 ÷ 366 = 11.97, so people ≥ 12;
    published people 10 → 8 … 12;  together they gave the unrounded 12.
Cluster 12's 9 people all year (3,285 days ÷ 366 = 8.98) narrowed 8 … 12 to 9 … 12.
This was a strict xfail (the known gap) until the floor rule: a day total is shown only
while it is at most 366 × (fewest − 1), here 366 × (8 − 1) = 2,562; 4,380 and 3,285
are above it, so both are hidden, and so is the total (it less cluster 1's days would
give their sum back).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

DAYS_A_PERSON_AT_MOST = 366  # io/values.py MAX_DAYS_PER_PERSON
COUNT_BASE = 5  # the NHS Digital 2018 rule's rounding base


def _lowest_behind(published: int) -> int:
    """The fewest people a count published as ``published`` can be (rounded to 5,
    halves up: 8 … 12 publish as 10)."""
    return math.ceil(published - COUNT_BASE / 2)


def test_no_published_day_total_narrows_its_count(tmp_workbook, tmp_path: Path) -> None:
    book = tmp_workbook(
        {
            "caseload": [
                {"team": "North", "cluster": 1, "service_users": 42,
                 "cluster_days": 12_600, "admitted_days": 0, "actual_cost": 60_000},
                {"team": "South", "cluster": 11, "service_users": 12,
                 "cluster_days": 4_380, "admitted_days": 20, "actual_cost": 90_000},
                {"team": "South", "cluster": 12, "service_users": 9,
                 "cluster_days": 3_285, "admitted_days": 0, "actual_cost": 50_000},
            ]
        }
    )  # fmt: skip
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    clusters = summary["clusters"]
    narrowed = {
        row["cluster"]: (row["service_users"], row["cluster_days"])
        for row in clusters
        if isinstance(row["service_users"], int)
        and isinstance(row["cluster_days"], float | int)
        and math.ceil(row["cluster_days"] / DAYS_A_PERSON_AT_MOST)
        > _lowest_behind(row["service_users"])
    }
    assert narrowed == {}
    days = {row["cluster"]: row["cluster_days"] for row in clusters}
    # Cluster 1: 42 people published 40 (38 … 42), 12,600 ≤ 366 × 37 = 13,542: shown.
    assert days == {1: 12_600, 11: None, 12: None}
    # The total (19,965 days) less cluster 1's would give 11 and 12's 7,665 back.
    assert summary["totals"]["cluster_days"] is None
    # Admitted days: 20 ≤ 2,562 and 0: shown; their total, with no part hidden, too.
    assert [row["admitted_days"] for row in clusters] == [0, 20, 0]
    assert summary["totals"]["admitted_days"] == 20
