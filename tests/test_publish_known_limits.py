"""What ``--publish`` is known not to protect, shown by the attack that breaks it.

docs/methodology.md §7, "What it does not protect": totals over all clusters stay
exact, so with two clusters hidden, total days and total cost are two equations in
their two day counts, and a hidden cluster priced per episode gives its episodes back
from its income. This test runs that attack on a three-cluster caseload. It is marked
``xfail(strict=True)``: it records the gap for as long as it is open and fails (as an
unexpected pass) the day the published outputs stop giving the episodes back, so the
limitation cannot be fixed without this file and the methodology being updated.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

#: Cluster 1: 3 people with 3 episodes (hidden: 1-7 people); cluster 2: 20 people,
#: hidden by secondary suppression so cluster 1 cannot be had by subtraction;
#: cluster 3: 30 people, shown.
CASELOAD = [
    {"cluster": 1, "service_users": 3, "cluster_days": 700, "episodes": 3},
    {"cluster": 2, "service_users": 20, "cluster_days": 5000, "episodes": None},
    {"cluster": 3, "service_users": 30, "cluster_days": 9000, "episodes": None},
]


def _summary(workbook: Path, out: Path, *publish: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["cost", str(workbook), "--out", str(out), *publish])
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


@pytest.mark.xfail(
    strict=True,
    reason="known limit (docs/methodology.md §7): exact totals solve for hidden clusters",
)
def test_exact_totals_do_not_give_back_a_hidden_clusters_episodes(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "trust.xlsx", {"caseload": CASELOAD})
    plain = _summary(workbook, tmp_path / "plain")
    published = _summary(workbook, tmp_path / "published", "--publish")
    hidden = [c for c in published["clusters"] if c["service_users"] is None]
    shown = [c for c in published["clusters"] if c["service_users"] is not None]
    assert [c["cluster"] for c in hidden] == [1, 2]  # primary and secondary suppression

    # The attacker's public knowledge: each cluster's cost a day and price per episode
    # come from the reference set (here read off the plain run for brevity; with no
    # admitted days, cost = rate × days, docs/methodology.md §2).
    rate = {c["cluster"]: c["cost"] / c["cluster_days"] for c in plain["clusters"]}
    price = plain["clusters"][0]["income"] / CASELOAD[0]["episodes"]

    # Two equations in the hidden days d1 and d2:
    #   d1 + d2 = total days − shown days            (14,700 − 9,000 = 5,700)
    #   r1·d1 + r2·d2 = total cost − shown cost
    days = published["totals"]["cluster_days"] - sum(c["cluster_days"] for c in shown)
    cost = published["totals"]["cost"] - sum(c["cost"] for c in shown)
    d1 = (cost - rate[2] * days) / (rate[1] - rate[2])
    assert round(d1) == 700  # cluster 1's days, recovered exactly

    # Cluster 2 is priced per day (its income is its days' price); what is left of the
    # hidden income is cluster 1's, priced per episode: 3 episodes, the hidden count.
    income = published["totals"]["income"] - sum(c["income"] for c in shown)
    per_day_2 = plain["clusters"][1]["income"] / plain["clusters"][1]["cluster_days"]
    episodes = (income - per_day_2 * (days - d1)) / price
    assert round(episodes) != 3, "the published totals gave cluster 1's 3 episodes back"
