"""A reference set whose clusters.csv gives a review period of 0 days is refused at its
cell. An episode's price over 0 days is an infinite price a day: `pbrkit cost` ended in
"unexpected failure: InvalidOperation" after overflow warnings, and nothing said why."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.reference import load_reference_set

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "tariffs" / "illustrative-2014-15"


def reference_with(tmp_path: Path, review_days: dict[str, str]) -> Path:
    """A copy of the shipped set with some clusters' review periods replaced."""
    folder = tmp_path / "my-set"
    shutil.copytree(SHIPPED, folder)
    with (folder / "clusters.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["review_days"] = review_days.get(row["code"], row["review_days"])
    with (folder / "clusters.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_zero_review_days_refused_at_each_cell(tmp_path: Path) -> None:
    # Cluster 1 (per episode, £357) is on file row 3 (header row 1, cluster 0 row 2);
    # cluster 4 on row 6. 1 day stays allowed: £357 a day is a price, not infinity.
    folder = reference_with(tmp_path, {"1": "0", "4": "0", "2": "1"})
    with pytest.raises(InputError) as raised:
        load_reference_set(folder)
    located = [(p.file, p.row, p.column) for p in raised.value.problems]
    assert located == [("clusters.csv", 3, "review_days"), ("clusters.csv", 6, "review_days")]
    assert "1 or more" in str(raised.value)


def test_cost_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    folder = reference_with(tmp_path, {"1": "0"})
    out = tmp_path / "out"
    args = ["cost", str(ROOT / "examples" / "clusters.xlsx"), "--reference", str(folder)]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "file 'clusters.csv', row 3, column 'review_days'" in result.stderr
    assert "unexpected failure" not in result.stderr
    assert not out.exists()
