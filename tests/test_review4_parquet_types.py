"""A Parquet table whose columns are not plain values is one clear problem, exit 2.

Found in review 4: a list, struct or binary column in a Parquet caseload ended the run
with "unexpected failure" (exit 1: unhashable type, or a UnicodeDecodeError), and two
columns of one name gave pyarrow's "Multiple matches for FieldRef.Name(...)". A binary
column holding UTF-8 text (older Hive and Impala writers store text so) is read as text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

BASE = {
    "cluster": pa.array([1, 3, 11]),
    "service_users": pa.array([120, 200, 90]),
    "cluster_days": pa.array([9600, 34000, 30600]),
}


def run_cost(table: pa.Table, tmp_path: Path) -> tuple[int, str, Path]:
    path = tmp_path / "caseload.parquet"
    pq.write_table(table, path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    return result.exit_code, result.output, out


@pytest.mark.parametrize(
    ("team", "kind"),
    [
        (pa.array([[1], [2], None]), "a list"),
        (pa.array([{"a": 1}, {"a": 2}, None]), "a struct"),
        (pa.array([b"ab", b"\xff\xfe", None]), "bytes that are not UTF-8 text"),
    ],
)
def test_a_column_of_no_plain_values_is_refused(tmp_path: Path, team: pa.Array, kind: str) -> None:
    code, output, out = run_cost(pa.table({**BASE, "team": team}), tmp_path)
    assert code == 2, output
    assert "column 'team'" in output and kind in output
    assert "unexpected failure" not in output
    assert not out.exists()


def test_two_columns_of_one_name_are_refused(tmp_path: Path) -> None:
    arrays = [*BASE.values(), pa.array([5, 5, 5])]
    table = pa.table(arrays, names=[*BASE, "service_users"])
    code, output, out = run_cost(table, tmp_path)
    assert code == 2, output
    assert "'service_users'" in output and "2 columns" in output
    assert not out.exists()


def test_binary_text_is_read_as_text(tmp_path: Path) -> None:
    team = pa.array([b"North", b"South", b"North"])
    code, output, out = run_cost(pa.table({**BASE, "team": team}), tmp_path)
    assert code == 0, output
    summary = json.loads((out / "summary.json").read_text())
    # North: clusters 1 and 11, 120 + 90 = 210 people; South: cluster 3, 200 people.
    people = {row["team"]: row["service_users"] for row in summary["teams"]}
    assert people == {"North": 210, "South": 200}


def test_a_typed_patient_table_with_two_columns_of_one_name_is_refused(tmp_path: Path) -> None:
    # Typed patient rows are summed as a stream (no patients sheet): it gave "unexpected
    # failure: KeyError: 'Column days does not exist in schema'" (exit 1).
    arrays = [pa.array(["a", "b"]), pa.array([1, 3]), pa.array([100, 200]), pa.array([5, 6])]
    table = pa.table(arrays, names=["patient_id", "cluster", "days", "days"])
    code, output, out = run_cost(table, tmp_path)
    assert code == 2, output
    assert "file 'caseload.parquet'" in output and "2 columns are named 'days'" in output
    assert not out.exists()


def test_a_column_pandas_stored_as_the_index_is_read(tmp_path: Path) -> None:
    # df.set_index("cluster").to_parquet(...) stores cluster as an ordinary column of
    # the file, and pandas' metadata makes it the frame's index again. Before: "required
    # column 'cluster' is missing" (exit 2), while DuckDB, Spark or Arrow see the column.
    import pandas as pd

    frame = pd.DataFrame({name: array.to_pylist() for name, array in BASE.items()})
    path = tmp_path / "caseload.parquet"
    frame.set_index("cluster").to_parquet(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["totals"]["service_users"] == 410  # 120 + 200 + 90
    assert [row["cluster"] for row in summary["clusters"]] == [1, 3, 11]


def test_a_patient_id_stored_as_the_index_is_read_by_tender_as_by_cost(tmp_path: Path) -> None:
    # Typed patient rows stream for cost (they saw the column); tender refused them.
    import pandas as pd

    columns = {"patient_id": ["a", "b", "c"], "cluster": [1, 3, 11], "days": [100, 200, 300]}
    frame = pd.DataFrame(columns)
    path = tmp_path / "patients.parquet"
    frame.set_index("patient_id").to_parquet(path)
    result = CliRunner().invoke(cli, ["tender", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
