"""A grid of your own that leaves a cluster out says so (review 7b).

Found by giving `pbrkit cluster --profiles` the shipped grid without cluster 1's rows
(as a copy that lost some rows would be): a patient rated 0 on every item but 7 (1), 8
(2) and 9 (1), suggested cluster 1 at 36 with the full grid, was suggested cluster 3 at
34, and no report said that cluster 1 could never be suggested (methodology §5.2: the
suggestion is among the *profiled* clusters). The grid's source (report.xlsx's
Assumptions, report.html, summary.json's ``options.profiles``) now names the clusters
it has no rows for.

The test failed on the old code.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

SHIPPED = Path(__file__).resolve().parents[1] / "tariffs" / "illustrative-2014-15" / "profiles.csv"
ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]
RATED = [0, 0, 0, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]


def _grid(path: Path, leave_out: set[str]) -> Path:
    with SHIPPED.open(encoding="utf-8") as source:
        rows = [row for row in csv.reader(source) if row[0] not in leave_out]
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    return path


def _run(tmp_path: Path, leave_out: set[str]) -> dict[str, object]:
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        "patient_id,"
        + ",".join(ITEMS)
        + ",cluster\n"
        + "P1,"
        + ",".join(str(r) for r in RATED)
        + ",1\n",
        encoding="utf-8",
    )
    grid = _grid(tmp_path / "grid.csv", leave_out)
    out = tmp_path / "out"
    done = CliRunner().invoke(
        cli, ["cluster", str(ratings), "--profiles", str(grid), "--out", str(out), "--force"]
    )
    assert done.exit_code == 0, done.output
    summary: dict[str, object] = json.loads((out / "summary.json").read_text("utf-8"))
    return summary


def test_a_cluster_with_no_rows_is_named(tmp_path: Path) -> None:
    options = _run(tmp_path, {"1", "17"})["options"]
    assert isinstance(options, dict)
    assert options["profiles"] == (
        "grid.csv (your own grid, --profiles); it has no rows for clusters 1 and 17, "
        "which are never suggested"
    )


def test_a_full_grid_says_nothing_more(tmp_path: Path) -> None:
    options = _run(tmp_path, set())["options"]
    assert isinstance(options, dict)
    assert options["profiles"] == "grid.csv (your own grid, --profiles)"
