"""Cost homogeneity of clusters and predictable profit or loss by subgroup."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.errors import InputError
from pbrkit.homogeneity import (
    TRIM_RULE,
    cost_homogeneity,
    detect_traits,
    reduction_in_variance,
)

SIX = pd.DataFrame({"cluster": [1, 1, 1, 2, 2, 2], "cost": [100.0, 200, 300, 400, 500, 600]})


def test_riv_by_hand() -> None:
    # Cluster means 200 and 500; grand mean 350.
    # SSW = (100² + 0 + 100²) × 2 = 40,000
    # SST = 250² + 150² + 50² + 50² + 150² + 250² = 175,000
    # RIV = 1 − 40,000 / 175,000 = 0.771428...
    result = cost_homogeneity(SIX)
    assert result.riv == pytest.approx(1 - 40_000 / 175_000)
    assert reduction_in_variance(SIX["cost"], SIX["cluster"]) == pytest.approx(0.7714285714)
    # Three patients per cluster: nothing is trimmed, so the trimmed RIV is the same.
    assert result.trimmed == 0
    assert result.riv_trimmed == pytest.approx(result.riv)
    assert result.trim_rule == TRIM_RULE


def test_cluster_statistics_by_hand() -> None:
    stats = cost_homogeneity(SIX).clusters
    one = stats.loc[1]
    assert one["n"] == 3
    assert one["mean"] == pytest.approx(200)
    # sample SD: sqrt((100² + 0 + 100²) / (3 − 1)) = 100
    assert one["sd"] == pytest.approx(100)
    assert one["cv"] == pytest.approx(0.5)
    # linear percentiles of 100, 200, 300
    assert (one["p10"], one["p50"], one["p90"]) == pytest.approx((120, 200, 280))
    # costliest ceil(3 / 10) = 1 patient: 300 of 600
    assert one["top10_share"] == pytest.approx(0.5)
    assert not one["high_cv"]
    assert stats.loc[2, "cv"] == pytest.approx(100 / 500)


def test_top_decile_share_and_cv_flag() -> None:
    costs = pd.DataFrame({"cluster": [4] * 20, "cost": np.arange(1.0, 21.0)})
    costs.loc[19, "cost"] = 1000.0  # one very costly patient
    stats = cost_homogeneity(costs, cv_threshold=1.0).clusters.loc[4]
    # costliest ceil(20 / 10) = 2 patients: 19 + 1000 of (1 + ... + 19) + 1000 = 1190
    assert stats["top10_share"] == pytest.approx(1019 / 1190)
    assert stats["high_cv"]


def test_trimmed_riv_drops_the_outlier() -> None:
    # Cluster 1: 199 patients at £100 and one at £10,000; cluster 2: 200 at £300.
    # Trim: cluster 1's 99th percentile (rounded up to an observed cost) is £100, so the
    # £10,000 patient goes; the 0.5th percentile is £100, so nobody goes at the bottom.
    # What is left is constant within clusters: SSW = 0, trimmed RIV = 1.
    # Untrimmed, by hand: cluster 1 mean = (199·100 + 10,000) / 200 = 149.5;
    # SSW = 199 × 49.5² + 9,850.5² = 97,519,950; grand mean = 89,900 / 400 = 224.75;
    # SST = 199 × 124.75² + 9,775.25² + 200 × 75.25² = 99,784,975.
    frame = pd.DataFrame(
        {"cluster": [1] * 200 + [2] * 200, "cost": [100.0] * 199 + [10_000.0] + [300.0] * 200}
    )
    result = cost_homogeneity(frame)
    assert result.trimmed == 1
    assert result.riv_trimmed == pytest.approx(1.0)
    assert result.riv == pytest.approx(1 - 97_519_950 / 99_784_975)


def test_riv_is_undefined_when_every_cost_is_equal() -> None:
    frame = pd.DataFrame({"cluster": [1, 2], "cost": [50.0, 50.0]})
    assert np.isnan(cost_homogeneity(frame).riv)


def test_missing_costs_are_left_out_and_counted() -> None:
    frame = SIX.assign(cost=SIX["cost"].astype(object))
    frame.loc[0, "cost"] = None
    frame.loc[1, "cost"] = ""
    result = cost_homogeneity(frame)
    assert result.patients == 4
    assert result.missing_cost == 2
    assert result.clusters.loc[1, "n"] == 1


def test_negative_cost_is_an_input_error_naming_the_row() -> None:
    frame = SIX.assign(cost=[100.0, -5, 300, 400, 500, -1])
    with pytest.raises(InputError) as error:
        cost_homogeneity(frame)
    assert [(p.sheet, p.row, p.column) for p in error.value.problems] == [
        ("patients", 3, "cost"),
        ("patients", 7, "cost"),
    ]


def test_missing_cost_column() -> None:
    with pytest.raises(InputError, match="'cost' is missing"):
        cost_homogeneity(pd.DataFrame({"cluster": [1]}))


TARIFF = pd.DataFrame(
    {"price": [20.0, 30.0], "unit": ["per_day", "per_day"]}, index=pd.Index([1, 3])
)
REVIEW_DAYS = pd.Series({1: 84.0, 3: 182.0})
PATIENTS = pd.DataFrame(
    {
        "patient_id": ["a", "b", "c", "d", "e"],
        "cluster": [1, 1, 1, 3, 3],
        "cost": [100.0, 300, 500, 200, 400],
        "days": [10, 10, 10, 10, 10],
        "mha_detained": ["yes", "no", "Yes", "n", ""],
        "age": ["20", "40", "70", "40", "17"],
    }
)


def test_predictable_profit_by_trait() -> None:
    # Income: cluster 1 = 20 × 10 = 200 each (a, b, c); cluster 3 = 30 × 10 = 300 (d, e).
    result = cost_homogeneity(PATIENTS, tariff=TARIFF, review_days=REVIEW_DAYS)
    traits = result.traits
    assert traits is not None
    table = traits.set_index(["trait", "group"])
    # detained: a, c -> income 200, cost (100 + 500) / 2 = 300 -> −100 per person
    assert table.loc[("mha_detained", "yes"), ["n", "mean_income", "mean_cost"]].tolist() == [
        2,
        200,
        300,
    ]
    assert table.loc[("mha_detained", "yes"), "profit_per_person"] == pytest.approx(-100)
    assert table.loc[("mha_detained", "yes"), "total_profit"] == pytest.approx(-200)
    # not detained: b, d -> income 250, cost 250 -> 0
    assert table.loc[("mha_detained", "no"), "profit_per_person"] == pytest.approx(0)
    # blank: e -> 300 − 400
    assert table.loc[("mha_detained", "not recorded"), "profit_per_person"] == pytest.approx(-100)
    # age bands: e 17 -> under 18; a 20 -> 18-34; b, d 40 -> 35-64; c 70 -> 65+
    ages = traits[traits["trait"] == "age"]
    assert ages["group"].tolist() == ["under 18", "18-34", "35-64", "65+"]
    assert ages["profit_per_person"].tolist() == pytest.approx([-100, 100, 0, -300])
    assert traits["trait"].tolist()[:3] == ["mha_detained"] * 3


def test_predictable_profit_by_trait_within_cluster() -> None:
    result = cost_homogeneity(PATIENTS, tariff=TARIFF, review_days=REVIEW_DAYS)
    by_cluster = result.traits_by_cluster
    assert by_cluster is not None
    row = by_cluster[
        (by_cluster["trait"] == "mha_detained")
        & (by_cluster["group"] == "no")
        & (by_cluster["cluster"] == 3)
    ]
    # d alone: 300 − 200
    assert row["profit_per_person"].tolist() == pytest.approx([100])


def test_cluster_income_columns() -> None:
    stats = cost_homogeneity(PATIENTS, tariff=TARIFF, review_days=REVIEW_DAYS).clusters
    assert stats.loc[1, "mean_income"] == pytest.approx(200)
    assert stats.loc[1, "profit_per_person"] == pytest.approx(200 - 300)
    assert stats.loc[3, "predictive_ratio"] == pytest.approx(300 / 300)


def test_traits_are_detected() -> None:
    frame = PATIENTS.assign(
        team=["north", "south", "north", "east", "south"],
        note=[f"free text {i}" for i in range(5)],
        score=[1.5, 2.5, 3.5, 4.5, 5.5],
    )
    found = detect_traits(frame)
    assert found[:2] == ["mha_detained", "age"]
    assert "team" in found
    assert "patient_id" not in found and "score" not in found and "days" not in found


def test_unpriced_clusters_are_listed_not_zeroed() -> None:
    frame = pd.concat(
        [PATIENTS, pd.DataFrame({"cluster": [5], "cost": [80.0], "days": [10]})],
        ignore_index=True,
    )
    result = cost_homogeneity(frame, tariff=TARIFF, review_days=REVIEW_DAYS)
    assert result.unpriced_clusters == (5,)
    assert np.isnan(result.clusters.loc[5, "mean_income"])
    assert result.traits is not None
    assert result.traits.loc[result.traits["trait"] == "age", "n"].sum() == 5


def test_without_tariff_there_are_no_trait_tables() -> None:
    result = cost_homogeneity(PATIENTS)
    assert result.traits is None and result.traits_by_cluster is None
    assert "mean_income" not in result.clusters.columns


def test_inputs_are_not_changed() -> None:
    before = PATIENTS.copy()
    cost_homogeneity(PATIENTS, tariff=TARIFF, review_days=REVIEW_DAYS)
    pd.testing.assert_frame_equal(PATIENTS, before)


costs_by_cluster = st.lists(
    st.tuples(st.sampled_from([1, 3, 11, 18]), st.floats(0, 1e6, allow_nan=False)),
    min_size=2,
    max_size=60,
)


@settings(max_examples=100, deadline=None)
@given(
    rows=costs_by_cluster, shift=st.floats(0, 1e5, allow_nan=False), target=st.sampled_from([1, 3])
)
def test_adding_a_constant_to_one_cluster_leaves_its_sd_unchanged(
    rows: list[tuple[int, float]], shift: float, target: int
) -> None:
    frame = pd.DataFrame(rows, columns=["cluster", "cost"])
    shifted = frame.assign(
        cost=np.where(frame["cluster"] == target, frame["cost"] + shift, frame["cost"])
    )
    before = cost_homogeneity(frame).clusters
    after = cost_homogeneity(shifted).clusters
    pd.testing.assert_series_equal(before["sd"], after["sd"], rtol=1e-6, atol=1e-6)
    others = before.index != target
    pd.testing.assert_frame_equal(before[others], after[others])


@settings(max_examples=100, deadline=None)
@given(rows=costs_by_cluster)
def test_riv_is_at_most_one_and_row_order_does_not_matter(
    rows: list[tuple[int, float]],
) -> None:
    frame = pd.DataFrame(rows, columns=["cluster", "cost"])
    result = cost_homogeneity(frame)
    reverse = cost_homogeneity(frame.iloc[::-1].reset_index(drop=True))
    if not np.isnan(result.riv):
        assert result.riv <= 1 + 1e-12
        assert result.riv == pytest.approx(reverse.riv, abs=1e-9)
    pd.testing.assert_frame_equal(result.clusters, reverse.clusters, rtol=1e-9)


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"cluster": [1, 3], "cost": [np.nan, np.nan]}),  # no cost at all
        pd.DataFrame({"cluster": [np.nan, np.nan], "cost": [10.0, 20.0]}),  # no cluster
        pd.DataFrame({"cluster": [1, np.nan], "cost": [np.nan, 20.0]}),  # never both
    ],
)
def test_no_patient_with_a_cluster_and_a_cost_is_one_clear_problem(frame: pd.DataFrame) -> None:
    # Before: an unexpected KeyError from pandas (an empty group-by has no quantiles).
    with pytest.raises(InputError) as error:
        cost_homogeneity(frame)
    (problem,) = error.value.problems
    assert problem.message.startswith("no patient has both a cluster and a cost")
    assert (problem.sheet, problem.column) == ("patients", "cost")


def test_quantiles_picked_from_each_clusters_sorted_costs_by_hand() -> None:
    # Cluster 1 sorted: 10, 20, 40, 80 (n 4): position q·(n − 1).
    #   p10: 0.3 → 10 + (20 − 10)·0.3 = 13;  p50: 1.5 → 20 + (40 − 20)·0.5 = 30;
    #   p90: 2.7 → 40 + (80 − 40)·0.7 = 68.
    # Cluster 2: 5 alone (n 1): position 0 for every q → 5.
    patients = pd.DataFrame({"cluster": [1, 2, 1, 1, 1], "cost": [80.0, 5, 10, 40, 20]})
    stats = cost_homogeneity(patients).clusters
    assert (stats.loc[1, "p10"], stats.loc[1, "p50"]) == pytest.approx((13, 30))
    assert stats.loc[1, "p90"] == pytest.approx(68)
    assert stats.loc[2, ["p10", "p50", "p90"]].tolist() == [5, 5, 5]


def test_trim_cut_offs_round_outwards_by_hand() -> None:
    # 300 patients costing 1..300 in one cluster: lowest = x[int(0.005·299)] = x[1] = 2
    # ("lower"), highest = x[int(0.99·299) + 1] = x[297] = 298 ("higher": 296.01 has a
    # fraction); patients costing 1, 299 and 300 are trimmed: 3 of 300.
    patients = pd.DataFrame({"cluster": [7] * 300, "cost": np.arange(300.0, 0.0, -1.0)})
    assert cost_homogeneity(patients).trimmed == 3


def test_a_cost_of_minus_zero_is_measured_as_zero() -> None:
    # A cell reading "-0" is 0: no figure comes out as -0.0 ("-0.0" in summary.json),
    # whichever way a sort puts −0.0 and 0.0; the patients' own frame is not changed.
    # Cluster 3: -0, -0, 5: its median is the middle cost itself (position 1.0);
    # cluster 4: one patient costing -0.
    patients = pd.DataFrame({"cluster": [3, 3, 4, 3], "cost": [-0.0, 5.0, -0.0, -0.0]})
    stats = cost_homogeneity(patients).clusters
    assert stats.loc[3, "p50"] == 0 and not np.signbit(stats.loc[3, "p50"])
    for name in ("p10", "p50", "p90", "mean"):
        assert not np.signbit(stats.loc[4, name]), name
    assert np.signbit(patients["cost"].iloc[0])  # the input is never changed


@pytest.mark.parametrize(
    "codes", [[-5, -5, 3, 3, -1], [0, 0, 1 << 20, 1 << 20, 7], [2, 2, 9, 9, 4]]
)
def test_riv_is_the_same_for_any_integer_codes(codes: list[int]) -> None:
    # Group means are put back through a table indexed by code for small non-negative
    # codes and by a search otherwise (negative, or 2**20): the same groups give the
    # same figure as their text labels. Worked for costs 1, 3 | 10, 14 | 6: group means
    # 2, 12, 6; SSW = 1 + 1 + 4 + 4 + 0 = 10; mean 34/5 = 6.8;
    # SST = 5.8² + 3.8² + 3.2² + 7.2² + 0.8² = 33.64 + 14.44 + 10.24 + 51.84 + 0.64 = 110.8.
    cost = pd.Series([1.0, 3.0, 10.0, 14.0, 6.0])
    as_codes = reduction_in_variance(cost, pd.Series(codes))
    as_text = reduction_in_variance(cost, pd.Series([str(c) for c in codes]))
    assert as_codes == as_text == pytest.approx(1 - 10 / 110.8)
