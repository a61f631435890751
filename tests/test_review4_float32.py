"""Money in a 32-bit float Parquet column is read as written, or refused when a 32-bit
float cannot hold its pennies.

Found in review 4: a float32 actual_cost of 1200.1 (as pandas or Spark write a
`float32` column) was costed at £1,200.0999755859375, and 1,234,567.89 at
£1,234,567.875: pennies lost without a word. A float32 keeps 24 significand bits:
below 2^17 = £131,072 its values are under a penny apart (2^-7 = 0.0078), so every
whole-penny amount has a float32 of its own and that float's shortest decimal
(`1200.1`) is the amount written; from £131,072 (0.0156 apart) two amounts a penny
apart can share one float32, so such a cell is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pbrkit.cli import cli
from pbrkit.io.parse import parse_number


def run_cost(tmp_path: Path, table: pa.Table) -> tuple[int, str, Path]:
    path = tmp_path / "table.parquet"
    pq.write_table(table, path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    return result.exit_code, result.output, out


def test_float32_amounts_are_read_as_written(tmp_path: Path) -> None:
    table = pa.table(
        {
            "cluster": [1, 3],
            "service_users": [10, 10],
            "cluster_days": [3650, 3650],
            "actual_cost": pa.array([1200.1, 131071.99], type=pa.float32()),
        }
    )
    code, output, out = run_cost(tmp_path, table)
    assert code == 0, output
    costs = [c["cost"] for c in json.loads((out / "summary.json").read_text())["clusters"]]
    assert costs == [1200.1, 131071.99]


def test_a_float32_amount_beyond_its_pennies_is_refused(tmp_path: Path) -> None:
    table = pa.table(
        {
            "cluster": [1, 3],
            "service_users": [10, 10],
            "cluster_days": [3650, 3650],
            "actual_cost": pa.array([1200.1, 1234567.89], type=pa.float32()),
        }
    )
    code, output, out = run_cost(tmp_path, table)
    assert code == 2, output
    assert "row 3, column 'actual_cost'" in output and "32-bit" in output
    assert not out.exists()


def test_float32_patient_costs_stream_no_more(tmp_path: Path) -> None:
    # Typed patient rows are summed as a stream; a float32 cost goes through the same
    # reading as any sheet: 1200.1 + 300.2 = 1500.3, not 1500.2999877929688.
    table = pa.table(
        {
            "patient_id": ["a", "b"],
            "cluster": [3, 3],
            "days": [365, 365],
            "cost": pa.array([1200.1, 300.2], type=pa.float32()),
        }
    )
    code, output, out = run_cost(tmp_path, table)
    assert code == 0, output
    [cluster] = json.loads((out / "summary.json").read_text())["clusters"]
    assert cluster["cost"] == 1500.3


@given(st.integers(0, 13_107_199))  # £0.00 to £131,071.99
def test_every_penny_amount_below_the_limit_reads_back(pence: int) -> None:
    stored = np.float32(pence / 100)
    numbers, bad = parse_number(pd.Series([stored], dtype=np.float32))
    assert bad.tolist() == [False]
    assert round(numbers[0] * 100) == pence and numbers[0] == pence / 100
