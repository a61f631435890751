"""fix19: admitted days above the days standing in for blank days, in a run with no
clinicians' clusters.

docs/methodology.md §5.4: a patient's blank days stand for one review period of the
cluster the run pays for them by; admitted days, part of those days, cannot be more
(rev11 refused it for the clinician's cluster). With no clinicians' clusters the run
measures cost by the suggested clusters (§5.5), so the suggested cluster's review period
stands in, and the same contradiction was priced without a word: P1 below, suggested
cluster 1 (review period 84 days, days blank), 100 admitted days, was priced as
84 days of which 100 in hospital. One rule now: refused at the cell, exit 2, nothing
written. The first two tests failed on the old code (exit 0).
"""

from __future__ import annotations

from pathlib import Path

from test_rev11_cluster_keepout_defects import cluster_run

# GRID there: an item 1 rated 0 or 1 must be cluster 1 (review period 84 days), 3 or 4
# cluster 3 (182 days). P1 and P2 are suggested cluster 1, P3 cluster 3.
ROWS = [
    ["P1", 0, *[0] * 17, "", 100, 1000],  # blank days: 84 stand in, 100 admitted
    ["P2", 1, *[0] * 17, 50, 0, 500],
    ["P3", 3, *[0] * 17, "", 100, 900],  # 182 stand in: 100 admitted fit
]
COLUMNS = ("days", "admitted_days", "cost")


def test_admitted_days_above_the_suggested_clusters_period_are_refused(tmp_path: Path) -> None:
    code, output, out = cluster_run(tmp_path, ROWS, extra=COLUMNS)
    assert code == 2, output
    assert output.count("admitted days exceed") == 1, output  # P1 only, not P3
    assert "row 2, column 'admitted_days'" in output
    assert "the 84 days standing in for the blank days" in output
    assert "suggested cluster 1" in output
    assert not out.exists()


def test_a_blank_clinicians_column_is_no_clinicians_clusters(tmp_path: Path) -> None:
    rows = [[*row[:19], "", *row[19:]] for row in ROWS]  # the template's empty column
    code, output, out = cluster_run(tmp_path, rows, extra=("cluster", *COLUMNS))
    assert code == 2, output
    assert "suggested cluster 1" in output
    assert not out.exists()


def test_the_clinicians_cluster_is_named_as_the_clinicians(tmp_path: Path) -> None:
    # Clinician's cluster 14 (28 days) for P1: its period stands in, as rev11 refused.
    rows = [["P1", 0, *[0] * 17, 14, "", 60], ["P2", 0, *[0] * 17, 1, 10, 0]]
    code, output, _ = cluster_run(tmp_path, rows, extra=("cluster", "days", "admitted_days"))
    assert code == 2, output
    assert "the 28 days standing in for the blank days" in output
    assert "clinician's cluster 14" in output


def test_admitted_days_within_the_suggested_period_run(tmp_path: Path) -> None:
    rows = [ROWS[1], ROWS[2]]
    code, output, _ = cluster_run(tmp_path, rows, extra=COLUMNS)
    assert code == 0, output
