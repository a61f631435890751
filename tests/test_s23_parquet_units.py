"""A Parquet patient table read on several threads gives the figures and the messages a
single reader gives (issue 16, round 22).

``pbrkit.io.parquet_units`` splits a file's row groups where the rows before one are a
whole number of batches, so each thread cuts the same batches as one reader: the
per-cluster sums, added batch by batch in the file's order, keep their last bit, and
the bad cells are located and counted in the file's order.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.errors import InputError
from pbrkit.io import parquet_units, patients
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.io.parquet_units import Unit, units
from pbrkit.reference import ReferenceSet


def test_units_split_only_where_whole_batches_come_before() -> None:
    # Batches of 256 rows. Rows before each group: 0, 256 (= 1 batch: split),
    # 512 (= 2 batches: split), 612 (not whole: no split), 1024 (= 4 batches: split).
    assert units([256, 256, 100, 412, 3], 256) == [
        Unit((0,), 0),
        Unit((1,), 256),
        Unit((2, 3), 512),
        Unit((4,), 1024),
    ]
    # 300 and 600 rows before the second and third groups: never whole batches of 256.
    assert units([300, 300, 400], 256) == [Unit((0, 1, 2), 0)]
    assert units([], 256) == []


#: Care clusters 1-21 but 9 (not used: refused as a patient's cluster).
CODES = [c for c in range(1, 22) if c != 9]


def _write(path: Path, groups: list[int], seed: int) -> pa.Table:
    """A patient table written one row group per entry of ``groups`` (its rows)."""
    rng = np.random.default_rng(seed)
    total = sum(groups)
    table = pa.table(
        {
            "patient_id": [f"P{i}" for i in range(total)],
            "cluster": rng.choice(CODES, total).astype(np.int16),
            "days": rng.integers(0, 366, total).astype(np.float64),
            "admitted_days": np.zeros(total),
            # Pennies: float sums that depend on where the batches are cut.
            "cost": np.round(rng.uniform(0, 5000, total), 2),
        }
    )
    with pq.ParquetWriter(path, table.schema) as writer:
        start = 0
        for rows in groups:
            writer.write_table(table.slice(start, rows))
            start += rows
    return table


@settings(max_examples=40, deadline=None)
@given(
    groups=st.lists(st.integers(1, 90), min_size=1, max_size=8),
    batch=st.integers(1, 64),
    aligned=st.booleans(),
)
def test_batches_are_the_single_readers_in_its_order(
    tmp_path_factory: pytest.TempPathFactory, groups: list[int], batch: int, aligned: bool
) -> None:
    if aligned:  # row groups of whole batches, so that the file splits into units
        groups = [g * batch for g in groups]
    path = tmp_path_factory.mktemp("units") / "patients.parquet"
    _write(path, groups, seed=len(groups))
    columns = ["cluster", "cost"]
    one = pq.ParquetFile(path).iter_batches(batch_size=batch, columns=columns)
    expected = [(b.num_rows, b.to_pydict()) for b in one]
    starts = list(np.cumsum([0] + [n for n, _ in expected])[:-1])
    found = list(
        parquet_units.map_batches(
            path, columns, batch, lambda b, first: (first, b.num_rows, b.to_pydict())
        )
    )
    assert [(n, d) for _, n, d in found] == expected
    assert [first for first, _, _ in found] == starts


def _read(path: Path, ref: ReferenceSet, cores: int, monkeypatch: pytest.MonkeyPatch) -> object:
    """The caseload read from ``path`` (or its problems) with ``cores`` threads."""
    monkeypatch.setattr(parquet_units.os, "cpu_count", lambda: cores)
    try:
        caseload = read_cost_inputs(path, ref)[0].caseload
    except InputError as error:
        return [(p.message, p.row, p.column, p.value) for p in error.problems]
    return caseload


@pytest.mark.parametrize("groups", [[96] * 7, [64, 32, 96, 40, 56, 100], [50, 70, 30]])
def test_two_threads_give_one_readers_sums_to_the_bit(
    tmp_path: Path, ref: ReferenceSet, monkeypatch: pytest.MonkeyPatch, groups: list[int]
) -> None:
    monkeypatch.setattr(patients, "BATCH_ROWS", 32)
    path = tmp_path / "patients.parquet"
    _write(path, groups, seed=7)
    one = _read(path, ref, 1, monkeypatch)
    two = _read(path, ref, 2, monkeypatch)
    assert isinstance(one, pd.DataFrame) and isinstance(two, pd.DataFrame)
    pd.testing.assert_frame_equal(one, two, check_exact=True)  # the same bits
    # Each cluster's cost is its exact sum rounded once (tests/test_s23_exact_patient_sums.py).
    table = pq.read_table(path).to_pandas()
    exact = table.groupby("cluster")["cost"].agg(lambda v: math.fsum(v))
    assert one.set_index("cluster")["actual_cost"].tolist() == exact.tolist()


def test_two_threads_locate_bad_cells_in_the_files_order(
    tmp_path: Path, ref: ReferenceSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patients, "BATCH_ROWS", 32)
    path = tmp_path / "patients.parquet"
    table = _write(path, [96] * 8, seed=3)
    # A bad day count in every batch but the first (rows from 40 on, every 25th): more
    # than are listed, so which are listed and the last row counted depend on the order.
    days = table["days"].to_numpy().copy()
    days[40::25] = 400.0
    table = table.set_column(2, "days", pa.array(days))
    with pq.ParquetWriter(path, table.schema) as writer:
        for start in range(0, len(table), 96):
            writer.write_table(table.slice(start, 96))
    one = _read(path, ref, 1, monkeypatch)
    two = _read(path, ref, 2, monkeypatch)
    assert isinstance(one, list)
    assert one == two
    rows = [row for _, row, column, _ in one if column == "days" and row is not None]
    assert rows == sorted(rows) and rows[0] == 42  # row 40 counted from 0, the header row 1
    # The last message counts the cells not listed, up to the last one in the file.
    last = len(days) - 1 - (len(days) - 1 - 40) % 25 + 2
    assert one[-1][0].endswith(f"(up to row {last})")
