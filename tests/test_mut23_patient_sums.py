"""Worked test for pbrkit.io.patients' per-cluster sums written against mut23's
surviving mutants (benchmarks/mutation-session23.md): a blank cost or episodes adds
nothing, and only rows that give episodes are counted with their days.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pbrkit.io import exact_batches, patients
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.reference import ReferenceSet


def test_blank_costs_and_episodes_add_nothing_and_are_not_counted() -> None:
    # Cluster 3: two rows, days 10 and 20.5, admitted 0 and 2, costs £100.25 and blank,
    # episodes 2 and blank. Cluster 5: one row, 7 days, 1 admitted, £50, 1 episode.
    #   n:            3 → 2,            5 → 1
    #   days:         3 → 10 + 20.5 = 30.5,   5 → 7
    #   admitted:     3 → 0 + 2 = 2,    5 → 1
    #   costed:       3 → 1 (the blank is not), 5 → 1
    #   cost:         3 → £100.25 (the blank adds £0), 5 → £50
    #   counted:      3 → 1 (the blank is not), 5 → 1
    #   episodes:     3 → 2,            5 → 1
    #   counted_days: 3 → 10 (the days of the row giving episodes), 5 → 7
    # Every other cluster: 0 throughout.
    sums = patients._Sums()
    nan = math.nan
    sums.add_rows(
        np.array([3, 3, 5], dtype=np.intp),
        np.array([10.0, 20.5, 7.0]),
        np.array([0.0, 2.0, 1.0]),
        np.array([100.25, nan, 50.0]),
        np.array([2.0, nan, 1.0]),
    )
    expected = {
        "n": (2, 1),
        "days": (30.5, 7),
        "admitted": (2, 1),
        "costed": (1, 1),
        "cost": (100.25, 50),
        "counted": (1, 1),
        "episodes": (2, 1),
        "counted_days": (10, 7),
    }
    for name, (three, five) in expected.items():
        found = getattr(sums, name)
        assert found.shape == (100,), name
        assert (found[3], found[5]) == (three, five), name
        assert np.count_nonzero(np.delete(found, [3, 5])) == 0, name


def test_a_blank_admitted_day_in_a_parquet_part_day_column_adds_0(
    tmp_path: Path, ref: ReferenceSet
) -> None:
    # Cluster 4, three patients: admitted days 0.5, blank, 0.25 (parts of a day, so
    # float64 would not add them exactly: the rows go to the exact sums, a blank as 0).
    # Admitted days = 0.5 + 0 + 0.25 = 0.75 (not 1.75: a blank is not a day); days
    # 10 + 20 + 30 = 60.
    table = pa.table(
        {
            "patient_id": ["P1", "P2", "P3"],
            "cluster": pa.array([4, 4, 4], pa.int64()),
            "days": [10.0, 20.0, 30.0],
            "admitted_days": pa.array([0.5, None, 0.25], pa.float64()),
        }
    )
    pq.write_table(table, tmp_path / "patients.parquet")
    caseload = read_cost_inputs(tmp_path / "patients.parquet", ref)[0].caseload
    row = caseload.set_index("cluster").loc[4]
    assert (row["cluster_days"], row["admitted_days"]) == (60.0, 0.75)


def test_rows_of_places_each_row_among_the_raw_cluster_values() -> None:
    # int16 codes 12, 10, 12 span 10..12: keys 10, 11, 12 and places 2, 0, 2. Codes
    # 0 and 5000 span past 4,096: dictionary encoded in order of first sight, keys
    # 5000, 0 and places 0, 1, 0. Text "4", "10", "4": keys "4", "10", places 0, 1, 0.
    rows = exact_batches.rows_of(pa.array([12, 10, 12], pa.int16()))
    assert (rows.keys, rows.index.tolist()) == ([10, 11, 12], [2, 0, 2])
    assert rows.index.dtype == np.intp
    rows = exact_batches.rows_of(pa.array([5000, 0, 5000], pa.int64()))
    assert (rows.keys, rows.index.tolist()) == ([5000, 0], [0, 1, 0])
    rows = exact_batches.rows_of(pa.array(["4", "10", "4"]))
    assert (rows.keys, rows.index.tolist()) == (["4", "10"], [0, 1, 0])
    assert rows.index.dtype == np.intp


def test_rows_of_reads_integer_codes_by_value_up_to_a_span_of_4096() -> None:
    # 3000 and 3002 span 2 (the span is high − low, not high + low = 6002): by value,
    # keys 3000, 3001, 3002. 0 and 4096 span 4,096 exactly, still by value: 4,097 keys
    # 0..4096, places 4096 and 0.
    rows = exact_batches.rows_of(pa.array([3002, 3000], pa.int32()))
    assert (rows.keys, rows.index.tolist()) == ([3000, 3001, 3002], [2, 0])
    rows = exact_batches.rows_of(pa.array([4096, 0], pa.int32()))
    assert (rows.keys, rows.index.tolist()) == (list(range(4097)), [4096, 0])
