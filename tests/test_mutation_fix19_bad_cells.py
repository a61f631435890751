"""Tests written against the survivors of mutation testing this morning's bad-cell
messages (mut19, benchmarks/mutation-import.md): ``io.ratings._bad_cell`` (a date in a
ratings sheet's days, admitted_days or cost cell is named a date, walk 9) and
``io.schema._describe_bad_cell`` (a date where a list of clusters belongs), each checked
whole: message, sheet, row, column, value, expected and fix.
"""

from __future__ import annotations

import datetime as dt

from pbrkit.io import sheets
from pbrkit.io.ratings import _bad_cell
from pbrkit.io.schema import _describe_bad_cell

UNUSED_9 = "cluster 9 is not used ('Cluster Under Review \u2013 should not be used')"
UNUSED_9_FIX = "re-cluster the activity or record it as 0 (variance)"
DATE_FIX = "format the cell as a number (Excel may have turned it into a date)"


def _fields(value: object, name: str) -> tuple[object, ...]:
    p = _bad_cell(value, name, ("ratings", 4), "a number of days", "correct the days")
    return (p.message, p.sheet, p.row, p.column, p.value, p.expected, p.fix)


def test_a_ratings_cell_that_is_not_a_number() -> None:
    assert _fields("abc", "days") == (
        "not a valid value", "ratings", 4, "days", "abc", "a number of days", "correct the days"
    )  # fmt: skip


def test_a_date_in_a_ratings_number_cell_is_named_a_date() -> None:
    # Typed as a date (Excel's 5 January) or saved as its text: the same words.
    for value in (dt.datetime(2024, 1, 5), "05/01/2024"):
        assert _fields(value, "admitted_days") == (
            "a date where a number belongs", "ratings", 4, "admitted_days", value,
            "a number of days", f"{DATE_FIX}; correct the days",
        )  # fmt: skip


def test_a_bad_clinicians_cluster_may_be_left_blank() -> None:
    # Cluster 9 is 'Cluster Under Review' in the care clusters: the sheets' words for it,
    # and the fix that a clinician's cluster may also be left blank here.
    assert _fields(9, "cluster") == (
        UNUSED_9, "ratings", 4, "cluster", 9, "a number of days",
        f"{UNUSED_9_FIX}, or leave the cell blank",
    )  # fmt: skip


def _column(sheet: sheets.SheetSpec, name: str) -> sheets.Column:
    return next(c for c in sheet.columns if c.name == name)


def test_a_date_where_a_list_of_clusters_or_a_number_belongs() -> None:
    clusters = _column(sheets.BIDDERS, "clusters")
    assert _describe_bad_cell(dt.datetime(2024, 4, 1), clusters, is_date=True) == (
        "a date where a list of clusters belongs",
        "Excel turns 1-4 into a date: format the column as Text, then type the clusters again",
    )
    days = _column(sheets.PATIENTS, "days")
    assert _describe_bad_cell(dt.datetime(2024, 4, 1), days, is_date=True) == (
        "a date where a number belongs",
        DATE_FIX,
    )
    # Not a date: a cluster cell names its problem.
    cluster = _column(sheets.PATIENTS, "cluster")
    assert _describe_bad_cell(9, cluster, is_date=False) == (UNUSED_9, UNUSED_9_FIX)


def test_a_list_of_clusters_that_is_no_date_is_not_valid() -> None:
    # '1 to 4' is text, not a date: the list's own words, not the date's.
    clusters = _column(sheets.BIDDERS, "clusters")
    assert _describe_bad_cell("1 to 4", clusters, is_date=False) == (
        "not a valid value",
        "enter a list of clusters such as '1, 2, 3', '1-4', '1-4, 11' or 'all'",
    )
