"""Cost homogeneity's money and subgroup tables worked by hand, against the survivors
of mutation testing (benchmarks/mutation-cluster.md): the whole trait tables in their
order, by pandas and by the compiled group-bys, age bands at their bounds, blank and
unreadable cells, a trait of many groups, the clusters left out of income (no price;
a price but no review period), admitted days, and a mean cost of £0 or under £1.

Tariff: cluster 1 £20 a day, cluster 3 £30 a day (review periods 84 and 182 days).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from pbrkit import group_kernel
from pbrkit.homogeneity import cost_homogeneity, detect_traits, trait_groups

TARIFF = pd.DataFrame(
    {"price": [20.0, 30.0], "unit": ["per_day", "per_day"]}, index=pd.Index([1, 3])
)
REVIEW_DAYS = pd.Series({1: 84.0, 3: 182.0})
# Income: 10 days each, so cluster 1 pays 200 and cluster 3 pays 300 a patient.
# d (cluster 3) comes first, so the groups' first appearance is not cluster order.
PATIENTS = pd.DataFrame(
    {
        "cluster": [3, 1, 1, 1, 3],
        "cost": [200.0, 100, 300, 500, 400],
        "days": [10, 10, 10, 10, 10],
        "mha_detained": ["n", "yes", "no", "Yes", ""],
        "age": ["40", "20", "40", "70", "17"],
        "team": ["north", "south", "north", None, "south"],
    },
    index=["d", "a", "b", "c", "e"],
)
COLUMNS = ["trait", "group", "n", "mean_income", "mean_cost", "profit_per_person", "total_profit"]


@pytest.fixture(params=["pandas", "compiled"])
def grouped_by(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Group-bys by pandas, or by the compiled passes otherwise used from 200,000 rows."""
    if request.param == "compiled":
        if not group_kernel.installed():
            pytest.skip("numba (the fast extra) is absent")
        monkeypatch.setattr(group_kernel, "MIN_ROWS", 1)
    else:
        monkeypatch.setattr(group_kernel, "MIN_ROWS", 1 << 62)
    yield request.param


def test_the_trait_table_whole_and_in_order(grouped_by: str) -> None:
    result = cost_homogeneity(PATIENTS, tariff=TARIFF, review_days=REVIEW_DAYS)
    traits = result.traits
    assert traits is not None
    assert traits.columns.tolist() == COLUMNS
    assert traits.index.tolist() == list(range(len(traits)))
    # detained: a, c: income 200, cost (100 + 500)/2 = 300, −100 each, −200 in all;
    # not: d, b: (300 + 200)/2 = 250 against (200 + 300)/2 = 250; blank: e, 300 − 400.
    # Ages: e 17 under 18 (300 − 400); a 20 (200 − 100); d, b 40 (250 − 250); c 70
    # (200 − 500). Teams: north d, b (250 − 250); south a, e (250 − 250); blank c.
    # Groups: yes before no, bands in age order, other text sorted, "not recorded" last.
    assert traits.to_numpy().tolist() == [
        ["mha_detained", "yes", 2, 200, 300, -100, -200],
        ["mha_detained", "no", 2, 250, 250, 0, 0],
        ["mha_detained", "not recorded", 1, 300, 400, -100, -100],
        ["age", "under 18", 1, 300, 400, -100, -100],
        ["age", "18-34", 1, 200, 100, 100, 100],
        ["age", "35-64", 2, 250, 250, 0, 0],
        ["age", "65+", 1, 200, 500, -300, -300],
        ["team", "north", 2, 250, 250, 0, 0],
        ["team", "south", 2, 250, 250, 0, 0],
        ["team", "not recorded", 1, 200, 500, -300, -300],
    ]
    clusters = result.clusters
    # Cluster 1: a, b, c: income 200, cost 300; cluster 3: d, e: 300 against 300.
    assert clusters["mean_income"].tolist() == [200, 300]
    assert clusters["profit_per_person"].tolist() == [-100, 0]
    assert clusters["predictive_ratio"].tolist() == [200 / 300, 1]


def test_the_trait_table_by_cluster_in_cluster_order(grouped_by: str) -> None:
    by_cluster = cost_homogeneity(
        PATIENTS, tariff=TARIFF, review_days=REVIEW_DAYS, traits=["mha_detained"]
    ).traits_by_cluster
    assert by_cluster is not None
    assert by_cluster.columns.tolist() == [*COLUMNS[:2], "cluster", *COLUMNS[2:]]
    # "no": d (cluster 3) comes before b (cluster 1), but the table goes 1 then 3.
    assert by_cluster.to_numpy().tolist() == [
        ["mha_detained", "yes", 1, 2, 200, 300, -100, -200],
        ["mha_detained", "no", 1, 1, 200, 300, -100, -100],
        ["mha_detained", "no", 3, 1, 300, 200, 100, 100],
        ["mha_detained", "not recorded", 3, 1, 300, 400, -100, -100],
    ]


def test_trait_groups_at_the_age_bounds_and_for_unreadable_cells() -> None:
    ages = pd.Series(["17.9", "18", "34.5", "35", "64", "65", "abc", None, " "])
    assert trait_groups(ages, "age").tolist() == [
        "under 18",
        "18-34",
        "18-34",
        "35-64",
        "35-64",
        "65+",
        "not recorded",
        "not recorded",
        "not recorded",
    ]
    nullable = pd.Series(pd.array([20, None, 70], dtype="Int64"))
    assert trait_groups(nullable, "age").tolist() == ["18-34", "not recorded", "65+"]
    assert trait_groups(pd.Series(["Yes", "n", None, "TRUE"]), "mha").tolist() == [
        "yes",
        "no",
        "not recorded",
        "yes",
    ]
    assert trait_groups(pd.Series([" east", None, "east"]), "team").tolist() == [
        "east",
        "not recorded",
        "east",
    ]


def test_a_trait_of_more_groups_than_a_byte_holds() -> None:
    # 130 distinct labels: their codes do not fit in int8 (−128 to 127).
    values = pd.Series([f"g{i:03d}" for i in range(130)] * 2)
    assert trait_groups(values, "site").tolist() == values.tolist()


def test_a_numeric_age_column_is_a_trait() -> None:
    frame = pd.DataFrame({"cluster": [1, 1], "cost": [1.0, 2.0], "age": [20, 40]})
    assert detect_traits(frame) == ["age"]


def test_a_price_without_a_review_period_is_not_an_unpriced_cluster() -> None:
    # Cluster 4 is priced (£10 a day) but has no review period, and its patient has no
    # days: left out of income and listed as such. Cluster 5 has no price at all.
    tariff = pd.concat([TARIFF, pd.DataFrame({"price": [10.0], "unit": ["per_day"]}, index=[4])])
    frame = pd.DataFrame({"cluster": [1, 4, 5], "cost": [100.0, 50, 60], "days": [10, np.nan, 10]})
    result = cost_homogeneity(frame, tariff=tariff, review_days=REVIEW_DAYS)
    assert result.unpriced_clusters == (5,)
    assert result.no_days_clusters == (4,)
    with pytest.raises(ValueError, match=r"^review_days is needed to price activity$"):
        cost_homogeneity(frame, tariff=tariff)


def test_admitted_days_are_priced() -> None:
    # Cluster 1 at £20 a day plus £100 an admitted day: 10 days and 2 admitted days
    # = 200 + 200 = 400.
    tariff = TARIFF.assign(admitted_day_price=[100.0, np.nan])
    frame = pd.DataFrame({"cluster": [1], "cost": [100.0], "days": [10], "admitted_days": [2]})
    stats = cost_homogeneity(frame, tariff=tariff, review_days=REVIEW_DAYS).clusters
    assert stats.loc[1, "mean_income"] == 400


def test_predictive_ratio_of_a_mean_cost_of_nothing_and_of_pennies() -> None:
    # Cluster 1 costs £0 (no ratio); cluster 3 costs 50p a patient: 300 / 0.5 = 600.
    frame = pd.DataFrame({"cluster": [1, 3], "cost": [0.0, 0.5], "days": [10, 10]})
    stats = cost_homogeneity(frame, tariff=TARIFF, review_days=REVIEW_DAYS).clusters
    assert np.isnan(stats["predictive_ratio"].to_numpy()[0])
    assert stats.loc[3, "predictive_ratio"] == 600


def test_riv_of_costs_in_pennies() -> None:
    # Clusters 1 and 2 of one patient each, costing £0 and 50p: SSW = 0 and
    # SST = 0.25² + 0.25² = 0.125 (under 1, but not 0), so RIV = 1 − 0/0.125 = 1.
    frame = pd.DataFrame({"cluster": [1, 2], "cost": [0.0, 0.5]})
    assert cost_homogeneity(frame).riv == 1


def test_a_cluster_of_101_loses_its_costliest_patient_to_the_trim() -> None:
    # Costs £1 to £101: the 99th percentile's position is 0.99 × 100 = 99 exactly, so
    # the cut-off is the 100th cost, £100, and the £101 patient is left out; the 0.5th
    # percentile's position 0.5 rounds down to the first cost, so nobody at the bottom.
    frame = pd.DataFrame({"cluster": [1] * 101, "cost": np.arange(1.0, 102.0)})
    assert cost_homogeneity(frame).trimmed == 1


def test_cv_of_a_mean_of_one_pound_and_at_the_threshold() -> None:
    # Cluster 1 costs 50p and £1.50: mean £1, SD √0.5, so CV = √0.5 (not blank).
    frame = pd.DataFrame({"cluster": [1, 1], "cost": [0.5, 1.5]})
    stats = cost_homogeneity(frame).clusters
    assert stats.index.name == "cluster"
    assert stats.loc[1, "cv"] == np.sqrt(0.5)
    # A CV equal to the threshold is not above it.
    at = cost_homogeneity(frame, cv_threshold=float(stats["cv"].to_numpy()[0])).clusters
    assert not at.loc[1, "high_cv"]


def test_top_tenth_of_eleven_patients_and_of_pennies() -> None:
    # Eleven patients: ten at £1 and one at £10 (total £20); the top tenth is
    # ceil(11/10) = 2 patients, £10 + £1 = £11: a share of 0.55.
    # Cluster 2: 10p and 30p (total 40p); its top tenth is one patient: 0.3/0.4 = 0.75.
    frame = pd.DataFrame({"cluster": [1] * 11 + [2, 2], "cost": [1.0] * 10 + [10.0, 0.1, 0.3]})
    shares = cost_homogeneity(frame).clusters["top10_share"]
    assert shares.loc[1] == 0.55
    assert shares.loc[2] == pytest.approx(0.75, rel=1e-15)


def test_codes_beyond_int16_keep_their_own_figures() -> None:
    # Cluster −40,000 costs 10 and 30 (median 20), cluster 1 costs 100 and 300 (200).
    frame = pd.DataFrame({"cluster": [-40000, -40000, 1, 1], "cost": [10.0, 30, 100, 300]})
    stats = cost_homogeneity(frame).clusters
    assert stats.index.tolist() == [-40000, 1]
    assert stats["p50"].tolist() == [20, 200]
    assert stats["mean"].tolist() == [20, 200]


def test_cluster_spread_and_riv_by_both_group_bys(grouped_by: str) -> None:
    # Cluster 1: 100, 200, 300 (mean 200, SD 100); cluster 2: 400, 500, 600 (mean 500,
    # SD 100); cluster 7: one patient of 50 (mean 50, SD undefined).
    # SST over the first six: deviations from 350 are ±50, ±150, ±250: 175,000;
    # SSW: 4 × 100² = 40,000; RIV = 1 − 40,000/175,000 = 27/35.
    six = pd.DataFrame({"cluster": [1, 1, 1, 2, 2, 2], "cost": [100.0, 200, 300, 400, 500, 600]})
    result = cost_homogeneity(six)
    assert result.riv == pytest.approx(27 / 35, rel=1e-15)
    seven = pd.concat([six, pd.DataFrame({"cluster": [7], "cost": [50.0]})], ignore_index=True)
    stats = cost_homogeneity(seven).clusters
    assert stats.index.tolist() == [1, 2, 7]
    assert stats["n"].tolist() == [3, 3, 1]
    assert stats["mean"].tolist() == [200, 500, 50]
    assert stats["sd"].tolist()[:2] == [100, 100]
    assert np.isnan(stats["sd"].to_numpy()[2])
