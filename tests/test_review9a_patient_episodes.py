"""``pbrkit cost`` on patient rows uses their ``episodes`` column, as ``pbrkit tender`` does.

Found in review 9a: the ``patients`` table of an MHSDS import (or any patient rows with
an ``episodes`` column), given to ``pbrkit cost`` on its own as a CSV, a Parquet file or
a workbook without a caseload sheet, was costed with episodes = cluster days ÷ review
period ("columns not used for costing: episodes"), while ``pbrkit tender`` priced the
same rows on their episodes: the same file gave two incomes.

Hand-worked, with the illustrative reference prices (cluster 3: £1,747.20 per_episode,
cluster 4: £2,912.00 per_episode, both with a review period R = 182 days):

    id   cluster  days  episodes
    P1   3          91         1
    P2   3          91         -     (blank: D ÷ R = 91 ÷ 182 = 0.5)
    P3   4         274         1

    cluster 3: E = 1 + 0.5 = 1.5;  income = 1,747.20 × 1.5 = 2,620.80
               (before: E = 182 ÷ 182 = 1, income 1,747.20)
    cluster 4: E = 1;              income = 2,912.00
               (before: E = 274 ÷ 182 = 1.5055, income 4,383.82)
    total income 5,532.80
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

ROWS = [
    {"patient_id": "P1", "cluster": 3, "days": 91, "episodes": 1},
    {"patient_id": "P2", "cluster": 3, "days": 91, "episodes": None},
    {"patient_id": "P3", "cluster": 4, "days": 274, "episodes": 1},
]
EXPECTED = {3: (1.5, 2620.80), 4: (1.0, 2912.00)}


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "patients.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False)
    return path


def _parquet(tmp_path: Path) -> Path:
    """Typed columns, so the file is streamed (the national-scale path)."""
    path = tmp_path / "patients.parquet"
    table = pa.table(
        {
            "patient_id": pa.array([r["patient_id"] for r in ROWS]),
            "cluster": pa.array([r["cluster"] for r in ROWS], pa.int64()),
            "days": pa.array([float(r["days"]) for r in ROWS]),
            "episodes": pa.array([r["episodes"] for r in ROWS], pa.float64()),
        }
    )
    pq.write_table(table, path)
    return path


def _workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "patients.xlsx", {"patients": ROWS})


def _summary(args: list[str]) -> dict[str, object]:
    done = CliRunner().invoke(cli, [*args, "--json"])
    assert done.exit_code == 0, done.output
    start = done.stdout.index("{")
    loaded: dict[str, object] = json.loads(done.stdout[start:])
    return loaded


@pytest.mark.parametrize("make", [_csv, _parquet, _workbook])
def test_cost_prices_the_patients_episodes(tmp_path: Path, make: object) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    summary = _summary(["cost", str(path), "--out", str(tmp_path / "out")])
    clusters = {c["cluster"]: c for c in summary["clusters"]}  # type: ignore[attr-defined]
    for code, (episodes, income) in EXPECTED.items():
        assert clusters[code]["episodes"] == pytest.approx(episodes, rel=1e-12)
        assert clusters[code]["income"] == pytest.approx(income, rel=1e-12)
    assert summary["totals"]["income"] == pytest.approx(5532.80, rel=1e-12)  # type: ignore[index]
    notes = " ".join(n["detail"] for n in summary["notes"])  # type: ignore[attr-defined]
    assert "not used for costing: episodes" not in notes


def test_cost_and_tender_agree_on_the_same_patient_rows(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    cost = _summary(["cost", str(path), "--out", str(tmp_path / "c")])
    tender = _summary(["tender", str(path), "--out", str(tmp_path / "t")])
    by_cluster = {c["cluster"]: c["income"] for c in tender["clusters"]}  # type: ignore[attr-defined]
    for row in cost["clusters"]:  # type: ignore[attr-defined]
        assert by_cluster[row["cluster"]] == pytest.approx(row["income"], abs=0.005)


def test_a_bad_episodes_cell_is_named(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    bad = [dict(ROWS[0]), dict(ROWS[1], episodes=-2), dict(ROWS[2])]
    pd.DataFrame(bad).to_csv(path, index=False)
    done = CliRunner().invoke(cli, ["cost", str(path), "--out", str(tmp_path / "out")])
    assert done.exit_code == 2, done.output
    assert "row 3" in done.output and "'episodes'" in done.output
    assert not (tmp_path / "out").exists()


def test_a_bad_episodes_value_in_a_streamed_parquet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "patients.parquet"
    table = pa.table(
        {
            "patient_id": pa.array(["P1", "P2"]),
            "cluster": pa.array([3, 3], pa.int64()),
            "days": pa.array([91.0, 91.0]),
            "episodes": pa.array([1.0, float("nan")]),
        }
    )
    pq.write_table(table, path)
    done = CliRunner().invoke(cli, ["cost", str(path), "--out", str(tmp_path / "out")])
    assert done.exit_code == 2, done.output
    assert "row 3" in done.output and "'episodes'" in done.output


@pytest.mark.parametrize("container", ["csv", "parquet"])
def test_zero_episodes_beside_days_is_refused_as_in_a_caseload(
    tmp_path: Path, container: str
) -> None:
    """0 episodes for 91 days would price cluster 3 (per episode) at £0: the caseload
    refuses it at the cell (docs/methodology.md §2), and so do patient rows now that
    their episodes are priced. A blank stays D ÷ R, and 0 episodes with 0 days is fine."""
    frame = pd.DataFrame(
        {
            "patient_id": ["P1", "P2", "P3"],
            "cluster": [3, 3, 4],
            "days": [91.0, 0.0, 274.0],
            "episodes": [0.0, 0.0, None],
        }
    )
    path = tmp_path / f"patients.{container}"
    if container == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)
    done = CliRunner().invoke(cli, ["cost", str(path), "--out", str(tmp_path / "out")])
    assert done.exit_code == 2, done.output
    assert "row 2, column 'episodes'" in done.output
    assert "row 3" not in done.output and "row 4" not in done.output


def test_a_total_row_checks_the_episodes_too(tmp_path: Path) -> None:
    """A Total row under patient rows is checked for every column it adds up, as under
    a caseload: rows of 1 and 2 episodes under a Total of 4 are refused."""
    book = write_xlsx(
        tmp_path / "total.xlsx",
        {
            "patients": [
                ["patient_id", "cluster", "days", "episodes"],
                ["a", 3, 91, 1],
                ["b", 3, 91, 2],
                ["Total", None, 182, 4],
            ]
        },
    )
    done = CliRunner().invoke(cli, ["validate", str(book)])
    assert done.exit_code == 2, done.output
    # Counts said whole, as the sheet shows them (review 12: "4.00" episodes read as £).
    wanted = "row 4, column 'episodes': the Total row says 4 but the rows above add up to 3"
    assert wanted in done.output
