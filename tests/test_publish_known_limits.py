"""The differencing attack that exact £ totals allowed, shown to fail now.

docs/methodology.md §7: with £ figures exact, totals over all clusters were two
equations in two hidden clusters' day counts (total days and total cost), and a hidden
cluster priced per episode then gave its episodes back from the income. Published £
totals are now rounded to the run's money base (5 × the largest price, rounded up),
so the same attack, run with every £ figure's true range as a reader knows it, leaves
the hidden cluster's episodes anywhere in a wide range. A shown cluster's income over
its price per episode gives back a multiple of 5 (the rounded count), not its count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def test_exact_totals_do_not_give_back_a_hidden_clusters_episodes(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "trust.xlsx", {"caseload": CASELOAD})
    plain = _summary(workbook, tmp_path / "plain")
    published = _summary(workbook, tmp_path / "published", "--publish")
    hidden = [c for c in published["clusters"] if c["service_users"] is None]
    shown = [c for c in published["clusters"] if c["service_users"] is not None]
    assert [c["cluster"] for c in hidden] == [1, 2]  # primary and secondary suppression
    base = published["disclosure"]["money_rounding_base"]
    assert base == 50_000  # 5 × £8,030 (cluster 8's price a year) = £40,150, rounded up

    # The attacker's public knowledge: each cluster's cost a day and price per episode
    # come from the reference set (here read off the plain run for brevity; with no
    # admitted days, cost = rate × days, docs/methodology.md §2).
    rate = {c["cluster"]: c["cost"] / c["cluster_days"] for c in plain["clusters"]}
    price = plain["clusters"][0]["income"] / CASELOAD[0]["episodes"]
    per_day_2 = plain["clusters"][1]["income"] / plain["clusters"][1]["cluster_days"]

    # The total days are hidden now: with clusters 1 and 2's days hidden, the total less
    # the shown clusters' days would give their sum back (methodology §7, a day total's
    # floor under its people). The attacker is granted that sum anyway, from the plain
    # run: d1 + d2 = 14,700 − 9,000 = 5,700. The hidden cost, total cost − shown cost,
    # is two rounded figures apart: each is its value ± £25,000.
    assert published["totals"]["cluster_days"] is None
    assert all(c["cluster_days"] is None for c in hidden)
    days = plain["totals"]["cluster_days"] - sum(c["cluster_days"] for c in shown)
    cost = published["totals"]["cost"] - sum(c["cost"] for c in shown)
    income = published["totals"]["income"] - sum(c["income"] for c in shown)
    slack = base / 2 * (1 + len(shown))
    episodes = []
    for cost_error in (-slack, slack):
        for income_error in (-slack, slack):
            d1 = (cost + cost_error - rate[2] * days) / (rate[1] - rate[2])
            d1 = min(max(d1, 0.0), days)  # days cannot be negative
            left = income + income_error - per_day_2 * (days - d1)
            episodes.append(left / price)
    # The attack before: exactly 3. Now anything across well over a hundred episodes.
    assert max(episodes) - min(episodes) > 100, episodes


def test_a_shown_clusters_income_over_its_price_gives_the_rounded_count(tmp_path: Path) -> None:
    """Cluster 3 (30 people, shown as 30) priced per episode would have given back its
    exact episodes as income ÷ price; rounded to a multiple of 5 × the largest price, a
    published income ÷ any price in the run is a whole number of that price's 5s or
    wider: never one episode's precision."""
    workbook = write_xlsx(tmp_path / "trust.xlsx", {"caseload": CASELOAD})
    published = _summary(workbook, tmp_path / "published", "--publish")
    largest = published["disclosure"]["largest_rate"]
    base = published["disclosure"]["money_rounding_base"]
    assert base >= 5 * largest
    for cluster in published["clusters"]:
        for key in ("income", "cost", "surplus"):
            value = cluster[key]
            assert value is None or value % base == 0, (cluster["cluster"], key, value)
