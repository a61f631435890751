"""More episodes than cluster days is refused at its cell (rev9, December 2026).

Every episode (review period) in a cluster has at least one day in it, so a row's
episodes cannot exceed its cluster days. A made-up caseload row of 5 people, 420
cluster days and 5,000 episodes (a figure from the wrong column) was costed as given:
cluster 1 at £100 an episode earned 5,000 × £100 = £500,000 instead of about £600,
turning a £25k deficit into a £474k surplus, with no note. It is now refused like
0 episodes beside cluster days: sheet, row, column, what was expected, how to fix;
exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def _cost(book: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out)])
    return result.exit_code, result.output


def test_more_episodes_than_days_is_refused(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook({"caseload": [
        {"cluster": 1, "service_users": 10, "cluster_days": 840},
        {"cluster": 1, "service_users": 5, "cluster_days": 420, "episodes": 5000},
    ]})  # fmt: skip
    out = tmp_path / "out"
    code, output = _cost(book, out)
    assert code == 2, output  # before the fix: 0, income £500k from this row
    assert "sheet 'caseload', row 3, column 'episodes'" in output
    assert "5,000 episodes for 420 cluster days" in output
    assert not out.exists()


def test_as_many_episodes_as_days_is_read(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    # One-day episodes: 420 episodes in 420 days is possible, and read as given.
    book = tmp_workbook({"caseload": [
        {"cluster": 1, "service_users": 5, "cluster_days": 420, "episodes": 420},
    ]})  # fmt: skip
    code, output = _cost(book, tmp_path / "out")
    assert code == 0, output


def test_a_patient_with_more_episodes_than_days_is_refused(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    # Patient rows are checked the same way: 500 episodes in 168 days (cluster 1 at the
    # reference £357 an episode would earn £178,500 from one patient).
    book = tmp_workbook({"patients": [
        {"patient_id": "P1", "cluster": 1, "days": 84},
        {"patient_id": "P2", "cluster": 1, "days": 168, "episodes": 500},
    ]})  # fmt: skip
    out = tmp_path / "out"
    code, output = _cost(book, out)
    assert code == 2, output  # before the fix: 0
    assert "row 3, column 'episodes'" in output and "500" in output
    assert not out.exists()
