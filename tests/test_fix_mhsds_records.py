"""MHSDS examples number rows the same way in CSV and Parquet (round 12, fix 6).

The data_quality sheet's examples ("file and row") numbered a CSV's rows from the
header line (its first data row was "row 2") and a Parquet file's from the first record
("row 1"), so the same row of the same extract had two numbers. Both now count
records, the first row of data after the header being record 1, and say so: "record 2"
(in a CSV without blank lines, record N is on line N + 1).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mhsds_helpers import Y2017, care, extract
from pbrkit.mhsds.importer import import_mhsds

NAME = "MHS803CareCluster_2018_03"
ROWS = [
    care(),  # record 1: usable
    care(UniqClustID="RXX2", Person_ID="P2", AMHCareClustCodeFin="09"),  # record 2: cluster 09
]


def write_parquet(path: Path) -> None:
    columns = list(ROWS[0])
    pq.write_table(pa.table({c: [row[c] for row in ROWS] for c in columns}), path)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_the_left_out_row_is_record_2_in_either_format(tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "extract"
    if suffix == ".csv":
        extract(folder, {f"{NAME}.csv": ROWS})
    else:
        folder.mkdir()
        write_parquet(folder / f"{NAME}.parquet")
    result = import_mhsds(folder, Y2017)
    examples = {e.reason: e.examples for e in result.quality.entries}
    cluster_09 = next(v for k, v in examples.items() if "09" in k)
    assert cluster_09 == f"{NAME}{suffix} record 2"
