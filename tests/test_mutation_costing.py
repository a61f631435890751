"""Tests written against the survivors of mutmut on ``pbrkit.costing``.

Each is worked by hand; the survivors and their verdicts are in
benchmarks/mutation-cost.md.

The small example used throughout (cluster 4, per_day £10; cluster 14, per_episode
£700 and £300 an admitted day, review period R = 28):

    unit costs: care coordination hour £35, inpatient bed day b = £400
    packages:   cluster 4, 1 CC hour a week  → k4  = 1 × 35 ÷ 7 = £5 a day
                cluster 14, 2 CC hours a week → k14 = 2 × 35 ÷ 7 = £10 a day
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pbrkit.costing import (
    NO_TEAM,
    CostingOptions,
    CostInputs,
    cluster_totals,
    cost_caseload,
    modelled_cost,
    package_cost_per_day,
    per_team,
    project_years,
    zero_package_notes,
)
from pbrkit.costing import _check_costable as check_costable
from pbrkit.costing import _check_episodes_countable as check_episodes_countable
from pbrkit.costing import _per_superclass as per_superclass
from pbrkit.currency import Currency, using_currency
from pbrkit.errors import InputError, MissingTariff, Problem
from pbrkit.reference import ReferenceSet, tariff_frame

NAN = float("nan")
REL = 1e-12

TARIFF = {
    "cluster": [4, 14],
    "price": [10.0, 700.0],
    "unit": ["per_day", "per_episode"],
    "admitted_day_price": [NAN, 300.0],
}
PACKAGES = [(4, "care_coordination_hour", 1.0, "week"), (14, "care_coordination_hour", 2.0, "week")]
UNIT_COSTS = {"care_coordination_hour": 35.0, "inpatient_bed_day": 400.0}


def _caseload(rows: list[dict[str, Any]], *, with_row: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "cluster": np.array([r["cluster"] for r in rows], dtype=np.int64),
            "team": [r.get("team") for r in rows],
            "service_users": [float(r["service_users"]) for r in rows],
            "cluster_days": [float(r["cluster_days"]) for r in rows],
            "admitted_days": [float(r.get("admitted_days", 0.0)) for r in rows],
            "episodes": [float(r.get("episodes", NAN)) for r in rows],
            "actual_cost": [float(r.get("actual_cost", NAN)) for r in rows],
            "cost_cv": [NAN] * len(rows),
        }
    )
    if with_row:
        frame["row"] = np.arange(2, len(rows) + 2, dtype=np.int64)
    return frame


def _inputs(
    ref: ReferenceSet,
    rows: list[dict[str, Any]],
    *,
    with_row: bool = True,
    packages: list[tuple[int, str, float, str]] | None = None,
    unit_costs: dict[str, float] | None = None,
) -> CostInputs:
    costs = UNIT_COSTS if unit_costs is None else unit_costs
    return CostInputs(
        caseload=_caseload(rows, with_row=with_row),
        clusters=ref.clusters,
        tariff=tariff_frame(pd.DataFrame(TARIFF)),
        packages=pd.DataFrame(
            PACKAGES if packages is None else packages,
            columns=["cluster", "resource", "quantity", "per"],
        ),
        unit_costs=pd.DataFrame(
            {"unit_cost": list(costs.values())}, index=pd.Index(list(costs), name="resource")
        ),
    )


# -- project_years -------------------------------------------------------------------


def test_efficiency_lowers_the_cost_each_year_with_inflation_and_deflator() -> None:
    # income 1,000, cost 800; d = 5%, g = 10%, e = 20%, three years t = 0, 1, 2:
    #   income × 0.95^t:           1,000, 950, 902.5
    #   cost × 1.1^t × 0.8^t:      800, 800 × 0.88 = 704, 800 × 0.7744 = 619.52
    #   surplus:                   200, 246, 282.98
    options = CostingOptions(years=3, deflator=0.05, inflation=0.10, efficiency=0.20)
    p = project_years(1_000.0, 800.0, options)
    assert p["income"].tolist() == pytest.approx([1_000.0, 950.0, 902.5], rel=REL)
    assert p["cost"].tolist() == pytest.approx([800.0, 704.0, 619.52], rel=REL)
    assert p["surplus"].tolist() == pytest.approx([200.0, 246.0, 282.98], rel=REL)


def test_projection_years_are_whole_numbers() -> None:
    # summary.json writes the year as given: 0, 1, not 0.0, 1.0.
    p = project_years(1.0, 1.0, CostingOptions(years=2, first_year="2030/31"))
    assert p["year"].dtype == np.int64
    assert p["financial_year"].tolist() == ["2030/31", "2031/32"]


# -- zero_package_notes --------------------------------------------------------------


def _rows(days: list[float], admitted: list[float], k: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cluster": [4, 14, 14][: len(days)],
            "cluster_days": days,
            "admitted_days": admitted,
            "cost_source": ["modelled"] * len(days),
            "package_cost_per_day": k,
        }
    )


def test_two_free_packages_are_named_in_the_plural_word_for_word() -> None:
    # ``sources`` as the workbook reader writes them (io/inputs.py ``_sources``): the
    # note sends the user to the sheets the packages and unit costs were read from.
    sources = {"packages": "sheet 'packages' of in.xlsx", "unit_costs": "reference set x"}
    rows = _rows([10.0, 5.0, 3.0], [0.0, 4.0, 0.0], [0.0, 0.0, 0.0])
    notes = zero_package_notes(rows, sources)
    assert len(notes) == 1
    assert notes[0].check == "care package £0 a day"
    assert notes[0].text == (
        "clusters 4, 14: every care package row costs £0 (quantity or unit cost 0), so the "
        "community days are costed at £0, used as given (check quantity in sheet "
        "'packages' of in.xlsx and unit_cost in reference set x)"
    )
    assert notes[0].rows == 3


def test_one_community_day_at_a_free_package_is_named() -> None:
    # D = 1, A = 0 (or blank, read as 0): one community day costed at £0 is named;
    # D = 5, A = 5: every day admitted, no community day, nothing to name.
    notes = zero_package_notes(_rows([1.0, 5.0], [NAN, 5.0], [0.0, 0.0]), {})
    assert [n.text.split(":")[0] for n in notes] == ["cluster 4"]
    assert notes[0].rows == 1


# -- cost_caseload -------------------------------------------------------------------


def test_a_caseload_without_row_numbers_is_costed(ref: ReferenceSet) -> None:
    # Patient rows summed per cluster carry no sheet row numbers. Cluster 4, D = 100:
    # income 10 × 100 = 1,000, cost 5 × 100 = 500.
    result = cost_caseload(
        _inputs(ref, [{"cluster": 4, "service_users": 2, "cluster_days": 100}], with_row=False)
    )
    assert result.totals["income"] == pytest.approx(1_000.0, rel=REL)
    assert result.totals["cost"] == pytest.approx(500.0, rel=REL)


# -- modelled_cost -------------------------------------------------------------------


def test_one_community_day_and_one_admitted_day_are_both_costed() -> None:
    # k = £5, b = £400; D = 2, A = 1: 5 × (2 − 1) + 400 × 1 = 405.
    # Half a day each (D = 1, A = 0.5): 5 × 0.5 + 400 × 0.5 = 202.5.
    cost = modelled_cost([5.0, 5.0], [2.0, 1.0], [1.0, 0.5], 400.0)
    assert cost.tolist() == pytest.approx([405.0, 202.5], rel=REL)


# -- cluster_totals ------------------------------------------------------------------


def _clusters(income: list[float], cost: list[float]) -> pd.DataFrame:
    n = len(income)
    return pd.DataFrame(
        {
            "income": income,
            "cost": cost,
            "surplus": [i - c for i, c in zip(income, cost, strict=True)],
            "service_users": [1.0, 2.0, 3.0][:n],
            "cluster_days": [4.0, 5.0, 6.0][:n],
            "admitted_days": [0.0, 1.0, 2.0][:n],
        }
    )


def test_totals_with_surpluses_under_a_pound() -> None:
    # Surpluses 50p, −25p and £0:
    #   income 10 + 20 + 30 = 60; cost 9.5 + 20.25 + 30 = 59.75; surplus 0.25
    #   cross-subsidy (positive surpluses) 0.5; loss (negative ones, as a positive) 0.25
    #   people 6, cluster days 15, admitted days 3
    totals = cluster_totals(_clusters([10.0, 20.0, 30.0], [9.5, 20.25, 30.0]))
    assert totals == pytest.approx(
        {
            "income": 60.0,
            "cost": 59.75,
            "surplus": 0.25,
            "cross_subsidy": 0.5,
            "loss": 0.25,
            "service_users": 6.0,
            "cluster_days": 15.0,
            "admitted_days": 3.0,
        },
        rel=REL,
    )


def test_no_loss_is_zero_not_minus_zero() -> None:
    # Surpluses £1 and £0: no loss, written 0 (never "-0" in summary.json).
    totals = cluster_totals(_clusters([2.0, 3.0], [1.0, 3.0]))
    assert totals["loss"] == 0.0
    assert math.copysign(1.0, totals["loss"]) == 1.0
    assert totals["cross_subsidy"] == 1.0


# -- package_cost_per_day: its problems, whole ------------------------------------------


def _package_problems(
    packages: list[tuple[object, str, float, str]], review: pd.Series
) -> list[Problem]:
    unit_costs = pd.DataFrame(
        {"unit_cost": [35.0]}, index=pd.Index(["care_coordination_hour"], name="resource")
    )
    frame = pd.DataFrame(packages, columns=["cluster", "resource", "quantity", "per"])
    with pytest.raises(InputError) as raised:
        package_cost_per_day(frame, unit_costs, review)
    return list(raised.value.problems)


def test_resources_without_a_unit_cost_are_each_named_once_in_order() -> None:
    problems = _package_problems(
        [
            (4, "psychology_hour", 1.0, "week"),
            (14, "crisis_contact", 2.0, "week"),
            (14, "psychology_hour", 1.0, "day"),
        ],
        pd.Series({4: 182.0, 14: 28.0}),
    )
    assert problems == [
        Problem(
            "package resource has no unit cost",
            sheet="packages",
            column="resource",
            value=resource,
            fix=f"add a row for '{resource}' to the unit_costs sheet",
        )
        for resource in ("crisis_contact", "psychology_hour")
    ]


def test_an_episode_quantity_without_a_review_period_names_the_code_as_written() -> None:
    # Cluster 99 (not assessed) has no review period, so "per episode" has no length.
    problems = _package_problems(
        [(99, "care_coordination_hour", 1.0, "episode")], pd.Series({4: 182.0})
    )
    assert problems == [
        Problem(
            "cluster 99 has a per-episode quantity but no review period",
            sheet="packages",
            column="per",
            fix="give the quantity per day, week or year",
        )
    ]


def test_a_text_code_without_a_review_period_is_named_by_its_code() -> None:
    # A set with text codes keys them by row number: key 2 is resource group "A". The
    # problem must name "resource group A", not "cluster 2" (a code that does not exist).
    groups = Currency(
        unit="resource group",
        name="resource group",
        code_kind="text",
        price_unit="person-year",
        keys=(1, 2),
        codes=("B", "A"),
        names=("Bee", "Ay"),
        superclasses=("", ""),
        roles=("", ""),
    )
    with using_currency(groups):
        problems = _package_problems(
            [(2, "care_coordination_hour", 1.0, "episode")], pd.Series({1: 365.0})
        )
    assert [p.message for p in problems] == [
        "resource group A has a per-episode quantity but no review period"
    ]


# -- _missing_tariff: the problem, whole ---------------------------------------------


def test_activity_without_a_price_is_one_problem_per_cluster_at_its_first_row(
    ref: ReferenceSet,
) -> None:
    # Clusters 3 (rows 3 and 5) and 7 (row 4) have activity and no price in TARIFF;
    # cluster 4 (row 2) is priced.
    rows: list[dict[str, Any]] = [
        {"cluster": 4, "service_users": 1, "cluster_days": 10},
        {"cluster": 3, "service_users": 1, "cluster_days": 10, "actual_cost": 1.0},
        {"cluster": 7, "service_users": 1, "cluster_days": 10, "actual_cost": 1.0},
        {"cluster": 3, "service_users": 1, "cluster_days": 10, "actual_cost": 1.0},
    ]
    with pytest.raises(MissingTariff) as raised:
        cost_caseload(_inputs(ref, rows))
    assert raised.value.hint == (
        "nothing was written; to cost the rest and list the unpriced activity instead "
        "of stopping, run again with --on-missing report"
    )
    assert list(raised.value.problems) == [
        Problem(
            f"cluster {code} has activity but no price in the tariff",
            sheet="caseload",
            row=row,
            column="cluster",
            value=code,
            fix=f"add a price for cluster {code} (a tariff sheet in the workbook, or "
            "--tariff FILE), correct this row's cluster, or leave its activity out",
        )
        for code, row in ((3, 3), (7, 4))
    ]


def test_summed_patient_rows_without_a_price_have_no_sheet_row(ref: ReferenceSet) -> None:
    # Without row numbers (patient rows summed per cluster) the problem names no sheet,
    # row or column, only the code.
    rows = [{"cluster": 3, "service_users": 1, "cluster_days": 10, "actual_cost": 1.0}]
    with pytest.raises(MissingTariff) as raised:
        cost_caseload(_inputs(ref, rows, with_row=False))
    (problem,) = raised.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == (None, None, None, 3)


# -- _per_cluster (mutc2) --------------------------------------------------------------


def test_each_cluster_row_carries_its_name_and_package_rate(ref: ReferenceSet) -> None:
    # Cluster 4, D = 100, 2 people: income 10 × 100 = 1,000; cost k4 × D = 5 × 100 = 500.
    # Cluster 14, D = 56, A = 14, 3 people: episodes 56 ÷ 28 = 2, income 700 × 2 +
    #   300 × 14 = 5,600; cost k14 × (56 − 14) + 400 × 14 = 420 + 5,600 = 6,020.
    # The names are the reference set's (cluster 4 "Non-Psychotic (Severe)", 14
    # "Psychotic Crisis") and k is the package rate per cluster day (£5, £10).
    result = cost_caseload(
        _inputs(
            ref,
            [
                {"cluster": 14, "service_users": 3, "cluster_days": 56, "admitted_days": 14},
                {"cluster": 4, "service_users": 2, "cluster_days": 100},
            ],
        )
    )
    c = result.clusters
    assert c.index.tolist() == [4, 14]
    assert c["name"].tolist() == ["Non-Psychotic (Severe)", "Psychotic Crisis"]
    assert c["package_cost_per_day"].tolist() == pytest.approx([5.0, 10.0], rel=REL)
    assert c["income"].tolist() == pytest.approx([1_000.0, 5_600.0], rel=REL)
    assert c["cost"].tolist() == pytest.approx([500.0, 6_020.0], rel=REL)
    # surplus 500 and −420; per person 500 ÷ 2 = 250, −420 ÷ 3 = −140;
    # margin 500 ÷ 1,000 = 0.5, −420 ÷ 5,600 = −0.075; cost ÷ income 0.5, 1.075.
    assert c["surplus_per_person"].tolist() == pytest.approx([250.0, -140.0], rel=REL)
    assert c["margin"].tolist() == pytest.approx([0.5, -0.075], rel=REL)
    assert c["cost_to_income"].tolist() == pytest.approx([0.5, 1.075], rel=REL)


# -- cost_caseload: the loss-making clusters (mutc2) -----------------------------------


@pytest.mark.parametrize(("actual", "loss_making"), [(1_000.0, [14]), (999.5, [14])])
def test_only_clusters_below_break_even_are_loss_making(
    ref: ReferenceSet, actual: float, loss_making: list[int]
) -> None:
    # Cluster 4, D = 100, income 10 × 100 = 1,000 at an actual cost of 1,000 (surplus
    # £0: break-even) or 999.50 (surplus 50p): neither makes a loss. Cluster 14, D = 56,
    # A = 14: income 5,600, cost 6,020, surplus −420: the one loss-making cluster.
    rows: list[dict[str, Any]] = [
        {"cluster": 4, "service_users": 2, "cluster_days": 100, "actual_cost": actual},
        {"cluster": 14, "service_users": 3, "cluster_days": 56, "admitted_days": 14},
    ]
    result = cost_caseload(_inputs(ref, rows))
    assert result.loss_making.index.tolist() == loss_making
    assert result.loss_making["surplus"].tolist() == pytest.approx([-420.0], rel=REL)


# -- per_team (mutc2) ------------------------------------------------------------------

TEAM_ROWS: list[dict[str, Any]] = [
    {"cluster": 14, "team": "B", "service_users": 3, "cluster_days": 56, "admitted_days": 14},
    {"cluster": 4, "team": None, "service_users": 1, "cluster_days": 10},
    {"cluster": 14, "team": "A", "service_users": 1, "cluster_days": 28},
    {"cluster": 4, "team": "A", "service_users": 2, "cluster_days": 100},
]


def test_teams_are_summed_by_hand(ref: ReferenceSet) -> None:
    # Per row (k4 = £5, k14 = £10, b = £400, R14 = 28):
    #   B, 14: D 56, A 14: income 700 × 2 + 300 × 14 = 5,600; cost 10 × 42 + 400 × 14 = 6,020
    #   -, 4:  D 10:        income 10 × 10 = 100;              cost 5 × 10 = 50
    #   A, 14: D 28:        income 700 × 1 = 700;              cost 10 × 28 = 280
    #   A, 4:  D 100:       income 1,000;                      cost 500
    # Teams, by name ("(no team)" sorts before "A": "(" is before letters):
    #   (no team): 1 person, 10 days, income 100, cost 50, surplus 50, margin 0.5, 1 cluster
    #   A: 3 people, 128 days, income 1,700, cost 780, surplus 920, margin 920 ÷ 1,700, 2 clusters
    #   B: 3 people, 56 days (14 admitted), income 5,600, cost 6,020, surplus −420,
    #      margin −420 ÷ 5,600 = −0.075, 1 cluster
    result = cost_caseload(_inputs(ref, TEAM_ROWS))
    teams, cells = result.teams, result.team_clusters
    assert teams is not None and cells is not None
    assert teams.index.tolist() == [NO_TEAM, "A", "B"]
    assert teams["service_users"].tolist() == [1.0, 3.0, 3.0]
    assert teams["cluster_days"].tolist() == [10.0, 128.0, 56.0]
    assert teams["admitted_days"].tolist() == [0.0, 0.0, 14.0]
    assert teams["income"].tolist() == pytest.approx([100.0, 1_700.0, 5_600.0], rel=REL)
    assert teams["cost"].tolist() == pytest.approx([50.0, 780.0, 6_020.0], rel=REL)
    assert teams["surplus"].tolist() == pytest.approx([50.0, 920.0, -420.0], rel=REL)
    assert teams["margin"].tolist() == pytest.approx([0.5, 920 / 1_700, -0.075], rel=REL)
    assert teams["clusters"].tolist() == [1, 2, 1]
    # Team × cluster, by team then cluster: surplus 50, 500, 420, −420;
    # margin 50 ÷ 100, 500 ÷ 1,000, 420 ÷ 700 = 0.6, −0.075.
    assert list(zip(cells["team"], cells["cluster"], strict=True)) == [
        (NO_TEAM, 4),
        ("A", 4),
        ("A", 14),
        ("B", 14),
    ]
    assert cells["cluster"].dtype == np.int64
    assert cells["income"].tolist() == pytest.approx([100.0, 1_000.0, 700.0, 5_600.0], rel=REL)
    assert cells["surplus"].tolist() == pytest.approx([50.0, 500.0, 420.0, -420.0], rel=REL)
    assert cells["margin"].tolist() == pytest.approx([0.5, 0.5, 0.6, -0.075], rel=REL)


def test_no_team_column_or_every_team_blank_is_no_team_table(ref: ReferenceSet) -> None:
    blank: list[dict[str, Any]] = [{**row, "team": None} for row in TEAM_ROWS]
    result = cost_caseload(_inputs(ref, blank))
    assert (result.teams, result.team_clusters) == (None, None)
    assert per_team(result.rows.drop(columns=["team"])) == (None, None)


# -- _per_superclass (mutc2) -----------------------------------------------------------


def test_superclasses_keep_the_clusters_order() -> None:
    # Clusters in code order 4, 14, 18, 5: their superclasses in first-seen order
    # (non-psychotic, psychosis, organic), never alphabetical (organic before psychosis).
    # Non-psychotic sums clusters 4 and 5: income 100 + 300 = 400, surplus 40 + 60 = 100,
    # margin 100 ÷ 400 = 0.25.
    clusters = pd.DataFrame(
        {
            "superclass": ["non-psychotic", "psychosis", "organic", "non-psychotic"],
            "service_users": [1.0, 1.0, 1.0, 1.0],
            "cluster_days": [1.0, 1.0, 1.0, 1.0],
            "admitted_days": [0.0, 0.0, 0.0, 0.0],
            "income": [100.0, 200.0, 50.0, 300.0],
            "cost": [60.0, 250.0, 50.0, 240.0],
            "surplus": [40.0, -50.0, 0.0, 60.0],
        },
        index=pd.Index([4, 14, 18, 5], name="cluster"),
    )
    sums = per_superclass(clusters)
    assert sums.index.tolist() == ["non-psychotic", "psychosis", "organic"]
    assert sums["income"].tolist() == pytest.approx([400.0, 200.0, 50.0], rel=REL)
    assert sums["margin"].tolist() == pytest.approx([0.25, -0.25, 0.0], rel=REL)


def test_team_names_held_as_numbers_are_sorted_as_text() -> None:
    # Team codes read as numbers (7, 12) beside a row with no team: every name is
    # written as text first, so they sort "(no team)", "12", "7" (text order) instead
    # of failing to compare 7 with "(no team)". Cluster codes held as floats (4.0)
    # come back as whole numbers in the team × cluster table.
    rows = pd.DataFrame(
        {
            "cluster": [4.0, 4.0, 14.0],
            "team": pd.Series([7, None, 12], dtype=object),
            "service_users": [1.0, 1.0, 1.0],
            "cluster_days": [10.0, 10.0, 28.0],
            "admitted_days": [0.0, 0.0, 0.0],
            "income": [100.0, 100.0, 700.0],
            "cost": [50.0, 50.0, 280.0],
        }
    )
    teams, cells = per_team(rows)
    assert teams is not None and cells is not None
    assert teams.index.tolist() == [NO_TEAM, "12", "7"]
    assert cells["team"].tolist() == [NO_TEAM, "12", "7"]
    assert cells["cluster"].tolist() == [4, 14, 4]
    assert cells["cluster"].dtype == np.int64


# -- _check_costable (mutc2) -----------------------------------------------------------

NO_PACKAGE_FIX = "add package rows for cluster {0}, or give actual_cost in the caseload"
BED_DAY_PROBLEM = Problem(
    "admitted days need a unit cost for 'inpatient_bed_day'",
    sheet="unit_costs",
    fix="add a row 'inpatient_bed_day' with the cost of one inpatient day",
)


def _costable_rows(spec: list[tuple[int, str, float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        spec,
        columns=["cluster", "cost_source", "cluster_days", "admitted_days", "package_cost_per_day"],
    )


def _no_package(code: int) -> Problem:
    return Problem(
        f"cluster {code} has activity but no care package rows",
        sheet="packages",
        fix=NO_PACKAGE_FIX.format(code),
    )


def test_days_needing_a_missing_package_or_bed_day_cost_are_each_named_once() -> None:
    # No package (k blank) for clusters 8, 3, 5, 7, 9:
    #   8: modelled, D 10, A 4: 6 community days need k, 4 admitted need b: named;
    #   3: modelled, D 10, A 0, twice: named once, before 8 (in code order);
    #   5: modelled, D 5, A 5: no community day, needs no package;
    #   7: actual cost given, D 10: nothing is modelled;
    #   9: modelled, D 0: no day at all.
    # b blank: cluster 8's admitted days need it, named once, after the packages.
    rows = _costable_rows(
        [
            (8, "modelled", 10.0, 4.0, NAN),
            (3, "modelled", 10.0, 0.0, NAN),
            (5, "modelled", 5.0, 5.0, NAN),
            (7, "actual", 10.0, 0.0, NAN),
            (3, "modelled", 10.0, 0.0, NAN),
            (9, "modelled", 0.0, 0.0, NAN),
        ]
    )
    with pytest.raises(InputError) as raised:
        check_costable(rows, NAN)
    assert list(raised.value.problems) == [_no_package(3), _no_package(8), BED_DAY_PROBLEM]


def test_admitted_days_need_a_bed_day_cost_only_when_modelled() -> None:
    # k = £5 everywhere. b blank: admitted days whose cost is given (actual) or none
    # at all (A = 0) need no b; one modelled admitted day does.
    quiet = _costable_rows([(4, "actual", 10.0, 4.0, 5.0), (4, "modelled", 10.0, 0.0, 5.0)])
    check_costable(quiet, NAN)
    one_day = _costable_rows([(4, "modelled", 10.0, 1.0, 5.0)])
    with pytest.raises(InputError) as raised:
        check_costable(one_day, NAN)
    assert list(raised.value.problems) == [BED_DAY_PROBLEM]
    check_costable(one_day, 400.0)


# -- _check_episodes_countable (mutc2) -------------------------------------------------

EPISODE_TARIFF = {
    "cluster": [4, 12, 14, 99],
    "price": [10.0, 500.0, 700.0, 900.0],
    "unit": ["per_day", "per_episode", "per_episode", "per_episode"],
    "admitted_day_price": [NAN, NAN, NAN, NAN],
}


def _stuck(code: int, row: int | None) -> Problem:
    return Problem(
        f"cluster {code} is priced per_episode but has no review period to count its "
        "episodes from (episodes = cluster days ÷ review period)",
        sheet="caseload" if row else "tariff",
        row=row,
        column="episodes" if row else "unit",
        fix=f"give the episodes of cluster {code} in the caseload, or price it per_day or per_year",
    )


@pytest.mark.parametrize("with_row", [True, False])
def test_per_episode_codes_without_episodes_or_review_period_are_named(with_row: bool) -> None:
    # Per-episode codes 99 (rows 2 and 4) and 12 (row 6) have neither episodes nor a
    # review period R: E = D ÷ R cannot be counted. Named once each, in code order, at
    # their first row (without row numbers: the tariff's unit column). Not named:
    # 99 with its episodes given (row 3), 14 with R = 28 (row 5), 4 priced per day
    # with no R (row 7).
    rows = pd.DataFrame(
        {
            "cluster": np.array([99, 99, 99, 14, 12, 4], dtype=np.int64),
            "episodes": [NAN, 2.0, NAN, NAN, NAN, NAN],
            "review_days": [NAN, NAN, NAN, 28.0, NAN, NAN],
        }
    )
    if with_row:
        rows["row"] = np.arange(2, 8, dtype=np.int64)
    with pytest.raises(InputError) as raised:
        check_episodes_countable(rows, tariff_frame(pd.DataFrame(EPISODE_TARIFF)))
    expected = [(12, 6), (99, 2)] if with_row else [(12, None), (99, None)]
    assert list(raised.value.problems) == [_stuck(code, row) for code, row in expected]


def test_per_episode_codes_with_episodes_or_review_period_pass() -> None:
    rows = pd.DataFrame(
        {
            "cluster": np.array([99, 14, 4], dtype=np.int64),
            "episodes": [2.0, NAN, NAN],
            "review_days": [NAN, 28.0, NAN],
            "row": np.array([2, 3, 4], dtype=np.int64),
        }
    )
    check_episodes_countable(rows, tariff_frame(pd.DataFrame(EPISODE_TARIFF)))


# -- _unpriced_table (mutc2) -----------------------------------------------------------


def test_unpriced_activity_is_summed_per_cluster(ref: ReferenceSet) -> None:
    # on_missing="report": clusters 3 (two rows) and 7 have no price. Cluster 3:
    # people 1 + 2 = 3, days 10 + 20 = 30, admitted 0, cost 1 + 2 = 3 (actual);
    # cluster 7: 1, 10, 0, 5. Cluster 4 is priced (income 100) and left out.
    rows: list[dict[str, Any]] = [
        {"cluster": 4, "service_users": 1, "cluster_days": 10},
        {"cluster": 7, "service_users": 1, "cluster_days": 10, "actual_cost": 5.0},
        {"cluster": 3, "service_users": 1, "cluster_days": 10, "actual_cost": 1.0},
        {"cluster": 3, "service_users": 2, "cluster_days": 20, "actual_cost": 2.0},
    ]
    result = cost_caseload(_inputs(ref, rows), CostingOptions(on_missing="report"))
    table = result.unpriced
    assert table.index.name == "cluster"
    assert table.index.tolist() == [3, 7]
    assert table.columns.tolist() == ["service_users", "cluster_days", "admitted_days", "cost"]
    assert table.to_numpy().tolist() == [[3.0, 30.0, 0.0, 3.0], [1.0, 10.0, 0.0, 5.0]]
    assert result.totals["income"] == pytest.approx(100.0, rel=REL)


def test_no_unpriced_activity_is_an_empty_table_of_the_same_shape(ref: ReferenceSet) -> None:
    rows: list[dict[str, Any]] = [{"cluster": 4, "service_users": 1, "cluster_days": 10}]
    table = cost_caseload(_inputs(ref, rows), CostingOptions(on_missing="report")).unpriced
    assert table.empty
    assert table.index.name == "cluster"
    assert table.index.dtype == np.int64
    assert table.columns.tolist() == ["service_users", "cluster_days", "admitted_days", "cost"]


def test_half_a_community_day_needs_a_package() -> None:
    # D = 10, A = 9.5: half a community day (0.5 > 0) needs k; with none it is named.
    rows = _costable_rows([(4, "modelled", 10.0, 9.5, NAN)])
    with pytest.raises(InputError) as raised:
        check_costable(rows, 400.0)
    assert list(raised.value.problems) == [_no_package(4)]
