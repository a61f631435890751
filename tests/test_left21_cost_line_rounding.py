"""`pbrkit cost --publish`'s terminal line "Income £X, cost £Y: a surplus of £Z" need not
add up: each £ total is rounded to the money base on its own (methodology §7), as the
reports round them. The line (and the reports' first finding) now says so where the
published Z is not X − Y, in the words the tender's published change uses ("rounded on
its own"), and a surplus beside a hidden income or cost is "*" (the two shown would give
the hidden one back).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pbrkit.cli.headline import cost_headline
from pbrkit.reports.layouts.cost import cost_findings
from pbrkit.reports.suppression import NHSD_HES_2018
from pbrkit.workflows.cost import run_cost

APART = "each £ figure is rounded to the nearest £50k on its own, so they need not add up"


def line(**totals: Any) -> str:
    summary = {
        "totals": {
            "cross_subsidy": 0.0, "loss": 0.0, "service_users": 100.0,
            "cluster_days": 10_000.0, **totals,
        },
        "clusters": [{}] * 4,
        "disclosure": {"money_rounding_base": 50_000.0},
    }  # fmt: skip
    return cost_headline(summary)[1]


def test_totals_that_do_not_add_up_say_why() -> None:
    # Exact income £1,274,000, cost £1,176,000, surplus £98,000; each rounded to the
    # nearest £50,000 on its own: £1,250,000, £1,200,000 and £100,000. Published,
    # 1,250,000 − 1,200,000 = 50,000 ≠ 100,000: the line says each is rounded alone.
    # (£1,250,000 is "£1.25m": a published figure is shown as published, not rounded
    # again to "£1.3m".)
    text = line(income=1_250_000.0, cost=1_200_000.0, surplus=100_000.0)
    assert text == f"Income £1.25m, cost £1.2m: a surplus of £100k ({APART})"


def test_totals_that_add_up_say_nothing_more() -> None:
    # Exact £1,260,000 − £1,170,000 = £90,000, published £1,250,000 − £1,150,000 =
    # £100,000 = the published surplus: nothing to explain.
    # Shown as published, it adds up on screen too: £1.25m − £1.15m = £100k.
    text = line(income=1_250_000.0, cost=1_150_000.0, surplus=100_000.0)
    assert text == "Income £1.25m, cost £1.15m: a surplus of £100k"


def test_an_unpublished_run_is_exact_and_says_nothing_more() -> None:
    summary = {
        "totals": {"income": 1_274_000.0, "cost": 1_176_000.0, "surplus": 98_000.0,
                   "cross_subsidy": 0.0, "loss": 0.0, "service_users": 100.0,
                   "cluster_days": 10_000.0},
        "clusters": [{}] * 4,
    }  # fmt: skip
    assert cost_headline(summary)[1] == "Income £1.3m, cost £1.2m: a surplus of £98k"


def test_a_hidden_operand_hides_the_surplus() -> None:
    # Income hidden, cost and surplus shown would give income = cost + surplus back.
    assert line(income=None, cost=1_200_000.0, surplus=100_000.0) == ("Income *, cost £1.2m: *")
    assert line(income=1_250_000.0, cost=None, surplus=100_000.0) == ("Income £1.25m, cost *: *")


def test_a_hidden_surplus_is_a_star_without_the_words() -> None:
    assert line(income=1_250_000.0, cost=1_200_000.0, surplus=None) == (
        "Income £1.25m, cost £1.2m: *"
    )


def test_the_reports_finding_says_it_too(tmp_path: Path) -> None:
    # The reports' first finding gives the same three figures. Cluster 1 (40 people,
    # 3,650 days) and cluster 11 (60 people, 11,000 days) on the default set: income
    # £87,012.50, cost £62,543.90, surplus £24,468.60; published to the nearest £50,000
    # (5 × the largest rate, rounded up) each on its own: £100,000, £50,000 and £0,
    # and 100,000 − 50,000 = 50,000 ≠ 0.
    (tmp_path / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n1,40,3650\n11,60,11000\n", encoding="utf-8"
    )
    run = run_cost(tmp_path, publish=NHSD_HES_2018)
    exact = run.result.totals
    assert (exact["income"], round(exact["cost"], 2)) == (87_012.5, 62_543.9)
    finding = cost_findings(run.document())[0]
    assert finding == (
        "Across 2 care clusters, 100 service users bring in £100k of tariff income against "
        f"£50k of cost: within £25k of breaking even ({APART})."
    )
