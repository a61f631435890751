"""Tests written against mutmut on ``pbrkit.mhsds.clean`` (mutm): which row of a record
wins, and every row left out before it, logged whole.

The order of ``deduplicate``: the latest ``UniqMonthID``, then the highest
``UniqSubmissionID`` (a blank one is the oldest), then the highest row id (a blank one
the lowest), then the later file (by name) and the later record in it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.mhsds.clean import KEY, deduplicate, parse_days, small_code, whole_numbers
from pbrkit.mhsds.quality import FILE, RECORD, QualityLog

FILES = ["a.csv", "b.csv"]


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Rows with ``UniqMonthID``, ``UniqSubmissionID``, ``_key``, ``MHS803UniqID``,
    ``cluster`` (what tells the rows apart) and ``file``; records count from 1 per file.
    An empty cell is blank (NA), as the reader gives it."""
    frame = pd.DataFrame(rows).replace("", None).astype(pd.StringDtype("pyarrow"))
    files = frame.pop("file").astype(str)
    frame[FILE] = pd.Categorical(files, categories=FILES)
    frame[RECORD] = files.groupby(files).cumcount().to_numpy() + 1
    return frame


def _row(cluster: str, month: str = "1416", sub: str = "200", uniq: str = "1", key: str = "K1",
         file: str = "a.csv") -> dict[str, str]:  # fmt: skip
    return {"UniqMonthID": month, "UniqSubmissionID": sub, KEY: key, "MHS803UniqID": uniq,
            "cluster": cluster, "file": file}  # fmt: skip


def _winners(rows: list[dict[str, str]], keys: list[str] | None = None) -> list[str]:
    log = QualityLog()
    kept = deduplicate(_frame(rows), "MHS803CareCluster", keys or [KEY], "MHS803UniqID", log)
    return sorted(kept["cluster"].tolist())


def test_month_before_submission_before_row_id() -> None:
    # 1416 beats 1415 though its submission (100) and row id (1) are lower.
    assert _winners([_row("04", month="1415", sub="300", uniq="9"),
                     _row("05", month="1416", sub="100", uniq="1")]) == ["05"]  # fmt: skip
    # In one month, submission 201 beats 200 though its row id is lower.
    assert _winners([_row("04", sub="200", uniq="9"), _row("05", sub="201", uniq="1")]) == ["05"]


def test_a_blank_submission_is_older_than_submission_0() -> None:
    # Blank counts as −1 < 0: the row of submission 0 wins, although the blank one has
    # the higher row id (which would decide a tie) and comes later in the file.
    assert _winners([_row("05", sub="0", uniq="1"), _row("04", sub="", uniq="9")]) == ["05"]


def test_a_blank_row_id_is_lower_than_row_id_0() -> None:
    # Blank counts as −1 < 0: row id 0 wins although the blank row comes later.
    assert _winners([_row("05", uniq="0"), _row("04", uniq="")]) == ["05"]


def test_identical_ids_go_to_the_later_file_then_the_later_record() -> None:
    # b.csv after a.csv, although b's row is written first.
    assert _winners([_row("05", file="b.csv"), _row("04", file="a.csv")]) == ["05"]
    # One file: record 2 after record 1.
    assert _winners([_row("04"), _row("05")]) == ["05"]


def test_a_record_of_two_keys_is_the_pair() -> None:
    # Keys (K1, X), (K1, Y), (K2, X), (K2, Y) are four records: none is a duplicate
    # of another, e.g. (K1, Y) of (K2, X); a second (K2, Y) from an earlier month is.
    rows = [
        {**_row("1", key="K1"), "code": "X"},
        {**_row("2", key="K1"), "code": "Y"},
        {**_row("3", key="K2"), "code": "X"},
        {**_row("4", key="K2"), "code": "Y"},
        {**_row("5", key="K2", month="1415"), "code": "Y"},
    ]
    assert _winners(rows, [KEY, "code"]) == ["1", "2", "3", "4"]
    # Five first keys and two codes: (K4, X) is not (K1, Y) either, however the two
    # keys' codes (K1-K5 → 0-4; X, Y → 0, 1) are combined into one number.
    rows = [{**_row(str(n), key=f"K{n}"), "code": "X"} for n in range(1, 6)]
    rows.append({**_row("6", key="K1"), "code": "Y"})
    assert _winners(rows, [KEY, "code"]) == ["1", "2", "3", "4", "5", "6"]


def test_rows_left_out_before_the_order_are_logged_whole() -> None:
    rows = [
        _row("01", month=""),  # record 1: no month
        _row("02", month="14.5"),  # 2: not a whole month
        _row("03", sub="SUB-A"),  # 3: a submission that cannot be ordered
        _row("04", key=""),  # 4: no record key
        _row("05", sub="199"),  # 5: an older submission of K1
        _row("06"),  # 6: kept
    ]
    log = QualityLog()
    kept = deduplicate(_frame(rows), "MHS803CareCluster", [KEY], "MHS803UniqID", log)
    assert kept["cluster"].tolist() == ["06"]
    assert [(e.table, e.reason, e.rows, e.examples, e.note, e.left_out) for e in log.entries] == [
        ("MHS803CareCluster", "UniqMonthID blank or not a whole number", 2,
         "a.csv record 1; a.csv record 2", "", True),
        ("MHS803CareCluster", "UniqSubmissionID not a whole number", 1, "a.csv record 3", "",
         True),
        ("MHS803CareCluster", "no record key (UniqClustID or the table's own id)", 1,
         "a.csv record 4", "", True),
        ("MHS803CareCluster",
         "duplicate: an older or repeated submission of a record (the latest is kept)", 1,
         "a.csv record 5", "", True),
    ]  # fmt: skip


def test_a_record_of_two_keys_needs_both() -> None:
    # (blank, X) and (K1, blank) have no record key: left out whichever key is blank.
    rows = [
        {**_row("1", key=""), "code": "X"},
        {**_row("2", key="K1"), "code": ""},
        {**_row("3", key="K1"), "code": "X"},
    ]
    log = QualityLog()
    kept = deduplicate(_frame(rows), "MHS802ClusterAssess", [KEY, "code"], "MHS802UniqID", log)
    assert kept["cluster"].tolist() == ["3"]
    assert [(e.reason, e.rows) for e in log.entries] == [
        ("no record key (UniqClustID or the table's own id)", 2)
    ]


def test_dates_with_a_time_are_read_and_impossible_ones_are_not() -> None:
    # 1 April 2017 is day 17,257; 3 April (03/04/2017, day first) is 17,259. A time after
    # an ISO date is ignored as after a dd/mm/yyyy one; a blank is NaN but not "not a
    # date"; 30 February, month 13 and an unpadded ISO date are not dates.
    values = pd.Series(
        ["2017-04-01T10:00", "2017-04-01 00:00:00", "2017-04-01", "03/04/2017",
         "3/4/2017 09:30", None, "2017-02-30", "2017-13-01", "2017-4-1"],
        dtype=pd.StringDtype("pyarrow"),
    )  # fmt: skip
    days, bad = parse_days(values)
    nan = np.nan
    expected = [17_257, 17_257, 17_257, 17_259, 17_259, nan, nan, nan, nan]
    np.testing.assert_array_equal(days, np.array(expected))
    assert bad.tolist() == [False] * 6 + [True] * 3


def test_whole_numbers_and_small_codes() -> None:
    # Month and submission ids: up to 15 digits, a sign, a ".0" tail; nothing else.
    values = pd.Series(
        ["12", "12.0", "12.00", "-3", "123456789012345", "1234567890123456", "12.5", " 12",
         "1e3", "", None],
        dtype=pd.StringDtype("pyarrow"),
    )  # fmt: skip
    nan = np.nan
    np.testing.assert_array_equal(
        whole_numbers(values),
        np.array([12, 12, 12, -3, 123456789012345, nan, nan, nan, nan, nan, nan]),
    )
    # Cluster codes and scores: one or two digits, '3', '03' and '3.0' alike.
    codes = pd.Series(
        ["3", "03", "3.0", "21", "003", "3.5", "-3", "3 ", "", None],
        dtype=pd.StringDtype("pyarrow"),
    )
    np.testing.assert_array_equal(
        small_code(codes), np.array([3, 3, 3, 21, nan, nan, nan, nan, nan, nan])
    )
