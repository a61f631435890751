"""A patient table's per-cluster sums are exact, whatever the rows' order and however
the file is cut into batches (session 23).

`pbrkit cost` on a patients table added each cluster's days and costs in float64 in
the rows' order (Arrow's grouped sums batch by batch for Parquet, bincounts for a
sheet), so a cluster's cost of pennies came out as 274,507,611.30000204 on one order
of the same rows and 274,507,611.30000156 on another, against the exact
274,507,611.3 (found measuring round 22 of issue 16). Every sum is now the exact sum
rounded once: `math.fsum` of the cluster's values, the same bits on any order.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbrkit.io import patients
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.reference import ReferenceSet

#: Care clusters 1-21 but 9 (refused as a patient's cluster).
CODES = [c for c in range(1, 22) if c != 9]


def _table(seed: int, rows: int, whole_days: bool) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = rng.integers(1, 366, rows).astype(np.float64)
    if not whole_days:
        days = days - rng.choice([0.0, 0.1, 0.25, 0.3], rows)
    return pd.DataFrame(
        {
            "patient_id": [f"P{i}" for i in range(rows)],
            "cluster": rng.choice(CODES[:4], rows).astype(np.int64),
            "days": days,
            "admitted_days": np.round(days * rng.uniform(0, 1, rows), 1),
            # tenths of an episode, at most the days (every episode has a day)
            "episodes": np.where(
                rng.uniform(0, 1, rows) < 0.5,
                np.nan,
                np.maximum(np.floor(days * rng.uniform(0, 1, rows) * 10) / 10, 0.1),
            ),
            # Pennies, a few large: float sums that change with the order of the rows.
            "cost": np.round(rng.lognormal(7, 2, rows), 2),
        }
    )


def _expected(frame: pd.DataFrame) -> pd.DataFrame:
    """Each cluster's sums by math.fsum: exact, rounded once."""
    grouped = frame.groupby("cluster")
    return pd.DataFrame(
        {
            "cluster_days": grouped["days"].agg(lambda v: math.fsum(v)),
            "admitted_days": grouped["admitted_days"].agg(lambda v: math.fsum(v)),
            "actual_cost": grouped["cost"].agg(lambda v: math.fsum(v)),
        }
    )


def _read(path: Path, ref: ReferenceSet) -> pd.DataFrame:
    caseload = read_cost_inputs(path, ref)[0].caseload
    return caseload.set_index("cluster")[
        ["cluster_days", "admitted_days", "actual_cost", "episodes"]
    ]


def _parquet(frame: pd.DataFrame, path: Path, group_rows: int) -> Path:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, row_group_size=group_rows)
    return path


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(1, 300),
    batch=st.integers(1, 64),
    whole_days=st.booleans(),
)
def test_parquet_sums_are_exact_on_any_order_and_any_batches(
    tmp_path_factory: pytest.TempPathFactory,
    ref: ReferenceSet,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    rows: int,
    batch: int,
    whole_days: bool,
) -> None:
    monkeypatch.setattr(patients, "BATCH_ROWS", batch)
    frame = _table(seed, rows, whole_days)
    folder = tmp_path_factory.mktemp("exact")
    read = _read(_parquet(frame, folder / "a.parquet", max(batch, 7)), ref)
    shuffled = frame.sample(frac=1.0, random_state=seed % 1000)
    again = _read(_parquet(shuffled, folder / "b.parquet", max(3 * batch, 5)), ref)
    pd.testing.assert_frame_equal(read, again, check_exact=True)  # the same bits
    expected = _expected(frame)
    for column in expected:
        assert read[column].tolist() == expected[column].tolist(), column


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(1, 200))
def test_sheet_sums_are_exact_on_any_order(
    tmp_path_factory: pytest.TempPathFactory, ref: ReferenceSet, seed: int, rows: int
) -> None:
    frame = _table(seed, rows, whole_days=False)
    folder = tmp_path_factory.mktemp("sheet")
    one, two = folder / "one", folder / "two"
    one.mkdir()
    two.mkdir()
    frame.to_csv(one / "patients.csv", index=False)
    frame.sample(frac=1.0, random_state=seed % 1000).to_csv(two / "patients.csv", index=False)
    read, again = _read(one, ref), _read(two, ref)
    pd.testing.assert_frame_equal(read, again, check_exact=True)
    expected = _expected(pd.read_csv(one / "patients.csv"))
    for column in expected:
        assert read[column].tolist() == expected[column].tolist(), column


def test_a_cluster_of_pennies_sums_to_its_exact_pounds(tmp_path: Path, ref: ReferenceSet) -> None:
    # 0.1 + 0.2 + 0.3 in float64 is 0.6000000000000001 in this order and 0.6 in the
    # reverse (0.3 + 0.2 + 0.1); the exact sum of the three doubles rounds to 0.6.
    frame = pd.DataFrame(
        {
            "patient_id": ["a", "b", "c"],
            "cluster": [4, 4, 4],
            "days": [10.0, 10.0, 10.0],
            "cost": [0.1, 0.2, 0.3],
        }
    )
    assert 0.1 + 0.2 + 0.3 != 0.3 + 0.2 + 0.1
    for path in (
        _parquet(frame, tmp_path / "p.parquet", 1),
        _parquet(frame[::-1], tmp_path / "r.parquet", 2),
    ):
        assert _read(path, ref).loc[4, "actual_cost"] == 0.6 == math.fsum([0.1, 0.2, 0.3])


@pytest.mark.parametrize("batch", [2, 5, 1 << 20])
def test_two_spellings_of_one_cluster_add_into_one_exact_sum(
    tmp_path: Path, ref: ReferenceSet, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    # "4" and "Cluster 4" are one cluster (code 4), "11" another: each code's cost is
    # the exact sum over both spellings' rows (the raw values' rows found by Arrow's
    # dictionary encoding), whatever the batches.
    monkeypatch.setattr(patients, "BATCH_ROWS", batch)
    costs = [0.1, 0.2, 0.3, 0.7, 2.675, 1.005]
    clusters = ["4", "Cluster 4", "4", "11", "Cluster 11", "11"]
    frame = pd.DataFrame(
        {
            "patient_id": [f"P{i}" for i in range(6)],
            "cluster": clusters,
            "days": [10.0] * 6,
            "cost": costs,
        }
    )
    read = _read(_parquet(frame, tmp_path / "p.parquet", 3), ref)
    # cluster 4: 0.1 + 0.2 + 0.3 as a running sum is 0.6000000000000001; the exact sum
    # of the three doubles, rounded once, is 0.6
    assert 0.1 + 0.2 + 0.3 == 0.6000000000000001
    assert read.loc[4, "actual_cost"] == math.fsum([0.1, 0.2, 0.3]) == 0.6
    assert read.loc[11, "actual_cost"] == math.fsum([0.7, 2.675, 1.005])
