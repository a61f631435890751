"""cost_caseload (docs/methodology.md §2) on a small example worked by hand, and its invariants.

The hand-worked example uses three clusters, one per currency unit, with review
periods R from the reference set's clusters table:

    cluster  superclass      R    tariff                      package
    4        non-psychotic   182  £10 per_day                 CC 1/week, psychiatrist 7.3/year
    11       psychosis       365  £3,650 per_year             CC 0.5/week, support 0.25/day
    14       psychosis       28   £700 per_episode, £300/adm  crisis 8/episode, CC 2/week,
                                                              psychiatrist 0.05/day

Unit costs: care coordination (CC) hour £35, psychiatrist hour £100, support-work
hour £20, crisis contact £70, inpatient_bed_day (b) £400.

Package cost per cluster day k = Σ quantity × unit cost ÷ period days:
    k4  = 1 × 35 / 7 + 7.3 × 100 / 365           = 5 + 2           = 7
    k11 = 0.5 × 35 / 7 + 0.25 × 20 / 1           = 2.5 + 5         = 7.5
    k14 = 8 × 70 / 28 + 2 × 35 / 7 + 0.05 × 100 / 1 = 20 + 10 + 5  = 35

Caseload (one row per cluster):
    cluster 4:  N = 50, D = 9,100,  A = 0
    cluster 11: N = 40, D = 14,600, A = 0
    cluster 14: N = 30, D = 840,    A = 140, episodes blank → E = 840 / 28 = 30
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.costing import CostingOptions, CostingResult, CostInputs, cost_caseload
from pbrkit.errors import InputError, MissingTariff
from pbrkit.reference import ReferenceSet, load_reference_set, tariff_frame

NAN = float("nan")
REL = 1e-12

TARIFF_ROWS = {
    "cluster": [4, 11, 14],
    "price": [10.0, 3650.0, 700.0],
    "unit": ["per_day", "per_year", "per_episode"],
    "admitted_day_price": [NAN, NAN, 300.0],
}

PACKAGE_ROWS = [
    (4, "care_coordination_hour", 1.0, "week"),
    (4, "psychiatrist_hour", 7.3, "year"),
    (11, "care_coordination_hour", 0.5, "week"),
    (11, "support_work_hour", 0.25, "day"),
    (14, "crisis_contact", 8.0, "episode"),
    (14, "care_coordination_hour", 2.0, "week"),
    (14, "psychiatrist_hour", 0.05, "day"),
]

UNIT_COSTS = {
    "care_coordination_hour": 35.0,
    "psychiatrist_hour": 100.0,
    "support_work_hour": 20.0,
    "crisis_contact": 70.0,
    "inpatient_bed_day": 400.0,
}

BASE_CASELOAD: list[dict[str, Any]] = [
    {"cluster": 4, "service_users": 50, "cluster_days": 9_100, "admitted_days": 0},
    {"cluster": 11, "service_users": 40, "cluster_days": 14_600, "admitted_days": 0},
    {"cluster": 14, "service_users": 30, "cluster_days": 840, "admitted_days": 140},
]


def caseload(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A caseload frame as read_cost_inputs builds it, with defaults for optional columns."""
    return pd.DataFrame(
        {
            "cluster": np.array([r["cluster"] for r in rows], dtype=np.int64),
            "team": [r.get("team") for r in rows],
            "service_users": [float(r["service_users"]) for r in rows],
            "cluster_days": [float(r["cluster_days"]) for r in rows],
            "admitted_days": [float(r.get("admitted_days", 0.0)) for r in rows],
            "episodes": [float(r.get("episodes", NAN)) for r in rows],
            "actual_cost": [float(r.get("actual_cost", NAN)) for r in rows],
            "cost_cv": [NAN] * len(rows),
            "row": np.arange(2, len(rows) + 2, dtype=np.int64),
        }
    )


def make_inputs(
    ref: ReferenceSet,
    rows: list[dict[str, Any]] | None = None,
    *,
    tariff: dict[str, list[Any]] | None = None,
    packages: list[tuple[int, str, float, str]] | None = None,
    unit_costs: dict[str, float] | None = None,
) -> CostInputs:
    pkg = PACKAGE_ROWS if packages is None else packages
    costs = UNIT_COSTS if unit_costs is None else unit_costs
    return CostInputs(
        caseload=caseload(BASE_CASELOAD if rows is None else rows),
        clusters=ref.clusters,
        tariff=tariff_frame(pd.DataFrame(TARIFF_ROWS if tariff is None else tariff)),
        packages=pd.DataFrame(pkg, columns=["cluster", "resource", "quantity", "per"]),
        unit_costs=pd.DataFrame(
            {"unit_cost": list(costs.values())},
            index=pd.Index(list(costs), name="resource"),
        ),
    )


def cluster_value(result: CostingResult, code: int, column: str) -> Any:
    return result.clusters.loc[code, column]


# --- the hand-worked example --------------------------------------------------------


def test_package_cost_per_cluster_day(ref: ReferenceSet) -> None:
    result = cost_caseload(make_inputs(ref))
    # k4 = 5 + 2 = 7; k11 = 2.5 + 5 = 7.5; k14 = 20 + 10 + 5 = 35 (module docstring)
    assert result.package_rates["k"].to_dict() == pytest.approx({4: 7.0, 11: 7.5, 14: 35.0})
    assert result.package_rates["package_rows"].to_dict() == {4: 2, 11: 2, 14: 3}
    assert result.bed_day_cost == 400.0


def test_hand_worked_example_per_cluster(ref: ReferenceSet) -> None:
    result = cost_caseload(make_inputs(ref))
    c = result.clusters
    assert c.index.tolist() == [4, 11, 14]

    # Cluster 4, per_day £10: income = 10 × 9,100 = 91,000
    #   cost = k·(D − A) + b·A = 7 × 9,100 + 400 × 0 = 63,700
    #   surplus = 91,000 − 63,700 = 27,300; margin = 27,300 / 91,000 = 0.3
    # Cluster 11, per_year £3,650: income = 3,650 × 14,600 / 365 = 3,650 × 40 = 146,000
    #   cost = 7.5 × 14,600 = 109,500
    #   surplus = 146,000 − 109,500 = 36,500; margin = 36,500 / 146,000 = 0.25
    # Cluster 14, per_episode £700, admitted £300: E = 840 / 28 = 30
    #   income = 700 × 30 + 300 × 140 = 21,000 + 42,000 = 63,000
    #   cost = 35 × (840 − 140) + 400 × 140 = 24,500 + 56,000 = 80,500
    #   surplus = 63,000 − 80,500 = −17,500; margin = −17,500 / 63,000 = −5/18
    assert c["income"].to_dict() == pytest.approx({4: 91_000, 11: 146_000, 14: 63_000}, rel=REL)
    assert c["cost"].to_dict() == pytest.approx({4: 63_700, 11: 109_500, 14: 80_500}, rel=REL)
    assert c["surplus"].to_dict() == pytest.approx({4: 27_300, 11: 36_500, 14: -17_500}, rel=REL)
    assert c["margin"].to_dict() == pytest.approx({4: 0.3, 11: 0.25, 14: -5 / 18}, rel=REL)
    # cost ÷ income: 63,700/91,000 = 0.7; 109,500/146,000 = 0.75; 80,500/63,000 = 23/18
    assert c["cost_to_income"].to_dict() == pytest.approx({4: 0.7, 11: 0.75, 14: 23 / 18}, rel=REL)
    # per person: 27,300 / 50 = 546; 36,500 / 40 = 912.5; −17,500 / 30 = −583.33…
    assert c["surplus_per_person"].to_dict() == pytest.approx(
        {4: 546.0, 11: 912.5, 14: -17_500 / 30}, rel=REL
    )
    # episodes: 4 → 9,100 / 182 = 50; 11 → 14,600 / 365 = 40; 14 → 30
    assert c["episodes"].to_dict() == pytest.approx({4: 50.0, 11: 40.0, 14: 30.0}, rel=REL)
    assert set(c["cost_source"]) == {"modelled"}
    assert c["superclass"].to_dict() == {4: "non-psychotic", 11: "psychosis", 14: "psychosis"}


def test_hand_worked_example_totals(ref: ReferenceSet) -> None:
    t = cost_caseload(make_inputs(ref)).totals
    # income  = 91,000 + 146,000 + 63,000 = 300,000
    # cost    = 63,700 + 109,500 + 80,500 = 253,700
    # surplus = 300,000 − 253,700 = 46,300
    # cross-subsidy = the positive surpluses = 27,300 + 36,500 = 63,800
    # loss = 17,500 (and 63,800 − 17,500 = 46,300 = surplus)
    assert t["income"] == pytest.approx(300_000, rel=REL)
    assert t["cost"] == pytest.approx(253_700, rel=REL)
    assert t["surplus"] == pytest.approx(46_300, rel=REL)
    assert t["cross_subsidy"] == pytest.approx(63_800, rel=REL)
    assert t["loss"] == pytest.approx(17_500, rel=REL)
    # people 50 + 40 + 30 = 120; days 9,100 + 14,600 + 840 = 24,540; admitted 140
    assert t["service_users"] == 120
    assert t["cluster_days"] == 24_540
    assert t["admitted_days"] == 140
    # overall margin = 46,300 / 300,000
    assert t["surplus"] / t["income"] == pytest.approx(46_300 / 300_000, rel=REL)


def test_loss_making_clusters_listed(ref: ReferenceSet) -> None:
    result = cost_caseload(make_inputs(ref))
    # Only cluster 14 loses money (−17,500).
    assert result.loss_making.index.tolist() == [14]


def test_superclass_subtotals(ref: ReferenceSet) -> None:
    s = cost_caseload(make_inputs(ref)).superclasses
    # non-psychotic = cluster 4 alone: 91,000 / 63,700 / 27,300
    # psychosis = 11 + 14: income 146,000 + 63,000 = 209,000
    #   cost 109,500 + 80,500 = 190,000; surplus 36,500 − 17,500 = 19,000
    #   margin 19,000 / 209,000; people 40 + 30 = 70; days 14,600 + 840 = 15,440
    assert sorted(s.index) == ["non-psychotic", "psychosis"]
    assert s.loc["non-psychotic", "income"] == pytest.approx(91_000, rel=REL)
    assert s.loc["non-psychotic", "cost"] == pytest.approx(63_700, rel=REL)
    assert s.loc["non-psychotic", "surplus"] == pytest.approx(27_300, rel=REL)
    assert s.loc["psychosis", "income"] == pytest.approx(209_000, rel=REL)
    assert s.loc["psychosis", "cost"] == pytest.approx(190_000, rel=REL)
    assert s.loc["psychosis", "surplus"] == pytest.approx(19_000, rel=REL)
    assert s.loc["psychosis", "margin"] == pytest.approx(19_000 / 209_000, rel=REL)
    assert s.loc["psychosis", "service_users"] == 70
    assert s.loc["psychosis", "cluster_days"] == 15_440


def test_cross_subsidy_is_sum_of_positive_surpluses(ref: ReferenceSet) -> None:
    # Make cluster 11 lose too: actual cost 150,000 → surplus 146,000 − 150,000 = −4,000.
    # Positive surpluses: only cluster 4's 27,300.
    rows = [dict(r) for r in BASE_CASELOAD]
    rows[1]["actual_cost"] = 150_000
    t = cost_caseload(make_inputs(ref, rows)).totals
    assert t["cross_subsidy"] == pytest.approx(27_300, rel=REL)
    # loss = 4,000 + 17,500 = 21,500; surplus = 27,300 − 21,500 = 5,800
    assert t["loss"] == pytest.approx(21_500, rel=REL)
    assert t["surplus"] == pytest.approx(5_800, rel=REL)


# --- actual cost, mff, projection, episodes ------------------------------------------


def test_actual_cost_replaces_modelled_per_row(ref: ReferenceSet) -> None:
    rows = [
        # cluster 4, two teams: one modelled, one with an actual cost → "mixed"
        {"cluster": 4, "team": "A", "service_users": 50, "cluster_days": 9_100},
        {
            "cluster": 4,
            "team": "B",
            "service_users": 10,
            "cluster_days": 1_820,
            "actual_cost": 20_000,
        },
        # cluster 11, one row with an actual cost → "actual"
        {"cluster": 11, "service_users": 40, "cluster_days": 14_600, "actual_cost": 100_000},
        # cluster 14 modelled → "modelled"
        {"cluster": 14, "service_users": 30, "cluster_days": 840, "admitted_days": 140},
    ]
    result = cost_caseload(make_inputs(ref, rows))
    c = result.clusters
    assert c["cost_source"].to_dict() == {4: "mixed", 11: "actual", 14: "modelled"}
    # Cluster 4: team A modelled 7 × 9,100 = 63,700; team B actual 20,000
    #   (its modelled 7 × 1,820 = 12,740 is ignored) → 83,700.
    #   income = 10 × (9,100 + 1,820) = 109,200 → surplus 25,500
    # Cluster 11: 100,000 (modelled would be 109,500); surplus 146,000 − 100,000 = 46,000
    # Cluster 14 unchanged: 80,500
    assert c["cost"].to_dict() == pytest.approx({4: 83_700, 11: 100_000, 14: 80_500}, rel=REL)
    assert c["income"].to_dict() == pytest.approx({4: 109_200, 11: 146_000, 14: 63_000}, rel=REL)
    assert c["surplus"].to_dict() == pytest.approx({4: 25_500, 11: 46_000, 14: -17_500}, rel=REL)
    # Row-level trace: the modelled figure is still there beside the one used.
    rows_out = result.rows
    assert rows_out["modelled_cost"].tolist() == pytest.approx(
        [63_700, 12_740, 109_500, 80_500], rel=REL
    )
    assert rows_out["cost_source"].tolist() == ["modelled", "actual", "actual", "modelled"]


def test_actual_cost_covers_a_cluster_without_package(ref: ReferenceSet) -> None:
    # Cluster 19 (organic) has a price (£12 per_day) but no package rows: its actual
    # cost is enough. income = 12 × 364 = 4,368; cost 5,000; surplus −632.
    tariff = {k: [*v] for k, v in TARIFF_ROWS.items()}
    for key, value in (("cluster", 19), ("price", 12.0), ("unit", "per_day")):
        tariff[key].append(value)
    tariff["admitted_day_price"].append(NAN)
    rows = [
        *BASE_CASELOAD,
        {"cluster": 19, "service_users": 2, "cluster_days": 364, "actual_cost": 5_000},
    ]
    c = cost_caseload(make_inputs(ref, rows, tariff=tariff)).clusters
    assert c.loc[19, "income"] == pytest.approx(4_368, rel=REL)
    assert c.loc[19, "cost"] == pytest.approx(5_000, rel=REL)
    assert c.loc[19, "surplus"] == pytest.approx(-632, rel=REL)
    assert c.loc[19, "cost_source"] == "actual"


def test_mff_scales_income_not_cost(ref: ReferenceSet) -> None:
    result = cost_caseload(make_inputs(ref), CostingOptions(mff=1.1))
    c = result.clusters
    # income × 1.1: 91,000 → 100,100; 146,000 → 160,600; 63,000 → 69,300 (admitted too)
    assert c["income"].to_dict() == pytest.approx({4: 100_100, 11: 160_600, 14: 69_300}, rel=REL)
    # cost is unchanged: 253,700; income 300,000 × 1.1 = 330,000; surplus 76,300
    assert result.totals["cost"] == pytest.approx(253_700, rel=REL)
    assert result.totals["income"] == pytest.approx(330_000, rel=REL)
    assert result.totals["surplus"] == pytest.approx(76_300, rel=REL)


def test_multi_year_projection(ref: ReferenceSet) -> None:
    options = CostingOptions(years=3, deflator=0.018, inflation=0.025, first_year="2024/25")
    p = cost_caseload(make_inputs(ref), options).projection
    assert p["year"].tolist() == [0, 1, 2]
    assert p["financial_year"].tolist() == ["2024/25", "2025/26", "2026/27"]
    # Year 0 (the input year): 300,000 and 253,700, untouched.
    # Year 1: income 300,000 × 0.982 = 294,600; cost 253,700 × 1.025 = 260,042.5
    # Year 2: income 300,000 × 0.982² = 300,000 × 0.964324 = 289,297.2
    #         cost 253,700 × 1.025² = 253,700 × 1.050625 = 266,543.5625
    #         surplus 289,297.2 − 266,543.5625 = 22,753.6375
    assert p["income"].tolist() == pytest.approx([300_000, 294_600, 289_297.2], rel=REL)
    assert p["cost"].tolist() == pytest.approx([253_700, 260_042.5, 266_543.5625], rel=REL)
    assert p["surplus"].iloc[2] == pytest.approx(22_753.6375, rel=REL)
    # Per-cluster figures stay those of the input year.
    assert cost_caseload(make_inputs(ref), options).totals["income"] == pytest.approx(300_000)


def test_episodes_given_replace_default(ref: ReferenceSet) -> None:
    rows = [dict(r) for r in BASE_CASELOAD]
    rows[2]["episodes"] = 35  # default would be 840 / 28 = 30
    c = cost_caseload(make_inputs(ref, rows)).clusters
    # income = 700 × 35 + 300 × 140 = 24,500 + 42,000 = 66,500 (was 63,000)
    assert c.loc[14, "income"] == pytest.approx(66_500, rel=REL)
    assert c.loc[14, "episodes"] == pytest.approx(35, rel=REL)
    # The package cost uses the review period, not the episode count: still 80,500.
    assert c.loc[14, "cost"] == pytest.approx(80_500, rel=REL)
    # Episodes on a per_day cluster change nothing: cluster 4 stays 91,000.
    rows[0]["episodes"] = 99
    c = cost_caseload(make_inputs(ref, rows)).clusters
    assert c.loc[4, "income"] == pytest.approx(91_000, rel=REL)


def test_rows_for_one_cluster_are_costed_per_row_and_summed(ref: ReferenceSet) -> None:
    # Cluster 14 in two rows with episodes given on one only:
    #   row a: D = 560, A = 140, E = 25 given → 700 × 25 + 300 × 140 = 17,500 + 42,000 = 59,500
    #          cost = 35 × 420 + 400 × 140 = 14,700 + 56,000 = 70,700
    #   row b: D = 280, A = 0, E = 280 / 28 = 10 → 7,000; cost 35 × 280 = 9,800
    # cluster 14: income 66,500, cost 80,500, E = 35, people 20 + 10 = 30
    rows = [
        {"cluster": 14, "service_users": 20, "cluster_days": 560, "admitted_days": 140,
         "episodes": 25},
        {"cluster": 14, "service_users": 10, "cluster_days": 280},
    ]  # fmt: skip
    c = cost_caseload(make_inputs(ref, rows)).clusters
    assert c.loc[14, "income"] == pytest.approx(66_500, rel=REL)
    assert c.loc[14, "cost"] == pytest.approx(80_500, rel=REL)
    assert c.loc[14, "episodes"] == pytest.approx(35, rel=REL)
    assert c.loc[14, "rows"] == 2
    assert c.loc[14, "service_users"] == 30


# --- missing prices, packages and unit costs ------------------------------------------


def _without_cluster_11_price() -> dict[str, list[Any]]:
    return {k: [v[0], v[2]] for k, v in TARIFF_ROWS.items()}


def test_missing_tariff_raises_naming_the_cluster(ref: ReferenceSet) -> None:
    with pytest.raises(MissingTariff) as caught:
        cost_caseload(make_inputs(ref, tariff=_without_cluster_11_price()))
    assert "cluster 11 has activity but no price" in str(caught.value)
    assert [p.value for p in caught.value.problems] == [11]
    assert "--on-missing report" in (caught.value.hint or "")


def test_missing_tariff_reported_as_unpriced(ref: ReferenceSet) -> None:
    inputs = make_inputs(ref, tariff=_without_cluster_11_price())
    result = cost_caseload(inputs, CostingOptions(on_missing="report"))
    # Cluster 11 leaves the costed clusters and the totals, and appears as unpriced.
    assert result.clusters.index.tolist() == [4, 14]
    assert result.unpriced.index.tolist() == [11]
    assert result.unpriced.loc[11, "service_users"] == 40
    assert result.unpriced.loc[11, "cluster_days"] == 14_600
    # Its modelled cost 7.5 × 14,600 = 109,500 is shown beside it.
    assert result.unpriced.loc[11, "cost"] == pytest.approx(109_500, rel=REL)
    # Totals without 11: income 91,000 + 63,000 = 154,000; cost 63,700 + 80,500 = 144,200
    # surplus 9,800; cross-subsidy 27,300
    t = result.totals
    assert t["income"] == pytest.approx(154_000, rel=REL)
    assert t["cost"] == pytest.approx(144_200, rel=REL)
    assert t["surplus"] == pytest.approx(9_800, rel=REL)
    assert t["cross_subsidy"] == pytest.approx(27_300, rel=REL)
    # Conservation: priced + unpriced activity = input activity.
    for column in ("service_users", "cluster_days", "admitted_days"):
        total_in = inputs.caseload[column].sum()
        assert t[column] + result.unpriced[column].sum() == total_in


def test_activity_without_package_raises(ref: ReferenceSet) -> None:
    # Cluster 4 priced but its package rows removed and no actual cost given.
    packages = [row for row in PACKAGE_ROWS if row[0] != 4]
    with pytest.raises(InputError) as caught:
        cost_caseload(make_inputs(ref, packages=packages))
    assert "cluster 4 has activity but no care package rows" in str(caught.value)


def test_package_resource_without_unit_cost_raises(ref: ReferenceSet) -> None:
    packages = [*PACKAGE_ROWS, (4, "art_therapy_hour", 1.0, "week")]
    with pytest.raises(InputError) as caught:
        cost_caseload(make_inputs(ref, packages=packages))
    assert "package resource has no unit cost" in str(caught.value)
    assert "art_therapy_hour" in str(caught.value)


def test_admitted_days_without_bed_day_cost_raise(ref: ReferenceSet) -> None:
    costs = {k: v for k, v in UNIT_COSTS.items() if k != "inpatient_bed_day"}
    with pytest.raises(InputError, match="inpatient_bed_day"):
        cost_caseload(make_inputs(ref, unit_costs=costs))


# --- properties -------------------------------------------------------------------------

# One reference set for the property tests (hypothesis dislikes function-scoped fixtures).
REF = load_reference_set()

row_strategy = st.fixed_dictionaries(
    {
        "cluster": st.sampled_from([4, 11, 14]),
        "service_users": st.integers(1, 500),
        "cluster_days": st.floats(1, 50_000),
        "admitted_share": st.floats(0, 1),
    }
)
caseload_strategy = st.lists(row_strategy, min_size=1, max_size=8)
PROPERTY = settings(max_examples=60, deadline=None)


def _rows(drawn: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "cluster": r["cluster"],
            "service_users": r["service_users"],
            "cluster_days": r["cluster_days"],
            "admitted_days": r["cluster_days"] * r["admitted_share"],
        }
        for r in drawn
    ]


def _cluster_figures(result: CostingResult) -> pd.DataFrame:
    return result.clusters[["service_users", "cluster_days", "admitted_days", "income", "cost"]]


@PROPERTY
@given(caseload_strategy, st.floats(0.01, 100))
def test_income_and_cost_scale_with_days(drawn: list[dict[str, Any]], c: float) -> None:
    # Every formula is linear in D and A (E defaults to D / R), so ×c on days → ×c.
    rows = _rows(drawn)
    scaled = [
        {**r, "cluster_days": r["cluster_days"] * c, "admitted_days": r["admitted_days"] * c}
        for r in rows
    ]
    base = cost_caseload(make_inputs(REF, rows)).totals
    more = cost_caseload(make_inputs(REF, scaled)).totals
    assert more["income"] == pytest.approx(base["income"] * c, rel=1e-9)
    assert more["cost"] == pytest.approx(base["cost"] * c, rel=1e-9)


@PROPERTY
@given(caseload_strategy, st.floats(0.01, 100))
def test_income_scales_with_prices_and_cost_with_unit_costs(
    drawn: list[dict[str, Any]], c: float
) -> None:
    rows = _rows(drawn)
    base = cost_caseload(make_inputs(REF, rows)).totals
    prices = {**TARIFF_ROWS, "price": [p * c for p in TARIFF_ROWS["price"]]}
    prices["admitted_day_price"] = [p * c for p in TARIFF_ROWS["admitted_day_price"]]
    priced = cost_caseload(make_inputs(REF, rows, tariff=prices)).totals
    assert priced["income"] == pytest.approx(base["income"] * c, rel=1e-9)
    assert priced["cost"] == pytest.approx(base["cost"], rel=1e-12)
    costs = {k: v * c for k, v in UNIT_COSTS.items()}
    costed = cost_caseload(make_inputs(REF, rows, unit_costs=costs)).totals
    assert costed["cost"] == pytest.approx(base["cost"] * c, rel=1e-9)
    assert costed["income"] == pytest.approx(base["income"], rel=1e-12)


@PROPERTY
@given(caseload_strategy, st.randoms(use_true_random=False))
def test_row_order_does_not_matter(drawn: list[dict[str, Any]], rnd: Any) -> None:
    rows = _rows(drawn)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a = _cluster_figures(cost_caseload(make_inputs(REF, rows)))
    b = _cluster_figures(cost_caseload(make_inputs(REF, shuffled)))
    pd.testing.assert_frame_equal(a, b, rtol=1e-9)


@PROPERTY
@given(caseload_strategy, st.floats(0.01, 0.99), st.floats(0.0, 1.0), st.data())
def test_splitting_a_row_leaves_cluster_totals_unchanged(
    drawn: list[dict[str, Any]], share: float, people_share: float, data: st.DataObject
) -> None:
    rows = _rows(drawn)
    i = data.draw(st.integers(0, len(rows) - 1))
    row = rows[i]
    people_a = round(row["service_users"] * people_share)
    part_a = {
        **row,
        "service_users": people_a,
        "cluster_days": row["cluster_days"] * share,
        "admitted_days": row["admitted_days"] * share,
    }
    part_b = {
        **row,
        "service_users": row["service_users"] - people_a,
        "cluster_days": row["cluster_days"] - part_a["cluster_days"],
        "admitted_days": row["admitted_days"] - part_a["admitted_days"],
    }
    split = [*rows[:i], part_a, part_b, *rows[i + 1 :]]
    a = _cluster_figures(cost_caseload(make_inputs(REF, rows)))
    b = _cluster_figures(cost_caseload(make_inputs(REF, split)))
    pd.testing.assert_frame_equal(a, b, rtol=1e-9, atol=1e-6)


@PROPERTY
@given(caseload_strategy, st.booleans())
def test_cost_caseload_never_modifies_its_inputs(
    drawn: list[dict[str, Any]], with_actual: bool
) -> None:
    rows = _rows(drawn)
    if with_actual:
        rows[0]["actual_cost"] = 1_000.0
    inputs = make_inputs(REF, rows)
    before = {
        name: getattr(inputs, name).copy(deep=True)
        for name in ("caseload", "clusters", "tariff", "packages", "unit_costs")
    }
    cost_caseload(inputs, CostingOptions(mff=1.2, years=2, deflator=0.01))
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(inputs, name), frame, check_exact=True)
