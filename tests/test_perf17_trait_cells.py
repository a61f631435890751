"""The traits' tables per cluster keyed by the clusters' own numbers, not by codes from
``pd.factorize`` of every patient's cluster (homogeneity._cluster_codes, round 17 of
issue 16): each cell holds the same patients in the same order of first appearance,
so the tables are the same, bit for bit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit import group_kernel, homogeneity

_ROW = st.tuples(
    st.sampled_from([0, 1, 3, 11, 21, 99, 127, 128, 4000]),  # cluster
    st.sampled_from(["yes", "no", None]),  # a yes/no trait
    st.sampled_from(["North", "South", None, "East"]),  # a text trait
    st.floats(0, 1e6, allow_nan=False) | st.sampled_from([0.1, 0.2, 1e15]),  # cost
    st.floats(0, 1e6, allow_nan=False) | st.sampled_from([0.3, 7.25]),  # income
)


def _tables(rows: list[tuple[int, Any, Any, float, float]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    return homogeneity._trait_tables(*_inputs(rows))


def _inputs(rows: list[tuple[int, Any, Any, float, float]]) -> tuple[pd.DataFrame, list[Any]]:
    money = pd.DataFrame(
        {
            "cluster": np.array([r[0] for r in rows], dtype=np.int64),
            "income": np.array([r[4] for r in rows]),
            "cost": np.array([r[3] for r in rows]),
        }
    )
    coded = []
    for name, column in (("mha", 1), ("team", 2)):
        codes, labels = homogeneity._trait_codes(pd.Series([r[column] for r in rows]), name)
        coded.append((name, codes, labels))
    return money, coded


@settings(max_examples=120, deadline=None)
@given(rows=st.lists(_ROW, min_size=1, max_size=60), compiled=st.booleans())
def test_the_tables_of_the_factorised_codes(
    rows: list[tuple[int, Any, Any, float, float]], compiled: bool
) -> None:
    # Clusters below 128 keyed by their own numbers, against every cluster factorised
    # (_OWN_CODES 0: the way before), with the group kernel and without.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_kernel, "MIN_ROWS", 1 if compiled else 10**9)
        got = _tables(rows)
        patch.setattr(homogeneity, "_OWN_CODES", 0)
        expected = _tables(rows)
    for table, former in zip(got, expected, strict=True):
        pd.testing.assert_frame_equal(table, former, check_exact=True)


def test_cluster_codes_hand_worked() -> None:
    # Clusters 11, 3, 11, 0: their own codes, and codes 0-11 name clusters 0-11;
    # with 128 among them, pd.factorize's: 0, 1, 0, 2 for clusters 11, 3, 128.
    codes, clusters = homogeneity._cluster_codes(np.array([11, 3, 11, 0]))
    assert codes.dtype == np.int16 and codes.tolist() == [11, 3, 11, 0]
    assert clusters.tolist() == list(range(12))
    codes, clusters = homogeneity._cluster_codes(np.array([11, 3, 11, 128]))
    assert codes.tolist() == [0, 1, 0, 2] and clusters.tolist() == [11, 3, 128]


def test_no_hash_table_of_the_patients_clusters(monkeypatch: pytest.MonkeyPatch) -> None:
    # Care clusters (below 128): pd.factorize is never called on them (it was on main).
    calls: list[int] = []
    real = pd.factorize

    def counted(values: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(len(values))
        return real(values, *args, **kwargs)

    money, coded = _inputs([(3, "yes", "North", 10.0, 12.0), (11, "no", None, 20.0, 18.0)] * 5)
    monkeypatch.setattr(pd, "factorize", counted)
    by_trait, by_cluster = homogeneity._trait_tables(money, coded)
    assert 10 not in calls
    # mha yes: cluster 3's five patients, income 12, cost 10: profit 2 each, 10 in all.
    yes = by_cluster[(by_cluster["trait"] == "mha") & (by_cluster["group"] == "yes")]
    assert yes[["cluster", "n", "profit_per_person", "total_profit"]].values.tolist() == [
        [3, 5, 2.0, 10.0]
    ]
    assert len(by_trait) == 4  # mha yes, no; team North, not recorded
