"""allocations.parquet keeps column statistics (min/max) for its number columns only.

Found timing ``pbrkit cluster`` at 10 million patients (issue 16): the min and max of
10 million patient IDs, reasons and trait texts took about 0.6 s of CPU of the 1.9 s
the file's writing took, and nothing reads them (a filter on a text column still
works without them, reading every row group). The numbers' statistics cost little and
let a reader skip row groups by cluster or score; they are kept. The table's values
and schema are unchanged (tests/test_cluster_unchanged.py holds its rows).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ratings.xlsx"


def _statistics(path: Path) -> dict[str, bool]:
    """Whether each column chunk of the file's row groups has statistics."""
    meta = pq.ParquetFile(path).metadata
    found: dict[str, bool] = {}
    for group in range(meta.num_row_groups):
        chunks = meta.row_group(group)
        for i in range(chunks.num_columns):
            chunk = chunks.column(i)
            found[chunk.path_in_schema] = found.get(chunk.path_in_schema, False) or bool(
                chunk.is_stats_set and chunk.statistics.has_min_max
            )
    return found


def test_statistics_for_numbers_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["cluster", str(EXAMPLE), "--format", "parquet", "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    path = out / "allocations.parquet"
    schema = pq.read_schema(path)
    text = {
        f.name
        for f in schema
        if pa.types.is_string(f.type)
        or pa.types.is_large_string(f.type)
        or pa.types.is_dictionary(f.type)
    }
    assert {"patient_id", "reason"} <= text
    statistics = _statistics(path)
    assert {name for name, kept in statistics.items() if kept} == set(schema.names) - text
    # A reader's filter on a cluster still finds the patients without text statistics.
    table = pq.read_table(path)
    three = pq.read_table(path, filters=[("suggested_cluster", "==", 3)])
    assert three.num_rows == sum(1 for c in table.column("suggested_cluster").to_pylist() if c == 3)
    first = table.column("patient_id")[0].as_py()
    assert pq.read_table(path, filters=[("patient_id", "==", first)]).num_rows == 1
