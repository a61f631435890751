"""Tests written against mutmut on ``pbrkit.mhsds.quality`` (mutrest): the
``data_quality`` sheet's entries, examples and counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.mhsds.quality import FILE, RECORD, LeftOut, QualityLog


def _rows(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"x": range(count), FILE: ["f.csv"] * count, RECORD: np.arange(1, count + 1)},
        index=np.arange(10, 10 + count),
    )


def test_leave_out_logs_the_masked_rows_and_returns_the_others() -> None:
    log = QualityLog()
    kept = log.leave_out("T", "why", _rows(5), [True, False, True, True, True], note="n")
    assert kept.index.tolist() == [11]
    # Four rows left out, the first three given as examples.
    assert log.entries == [
        LeftOut("T", "why", 4, "f.csv record 1; f.csv record 3; f.csv record 4", "n", True)
    ]


def test_a_mask_of_ones_and_zeros_is_read_as_true_and_false() -> None:
    # 1 and 0 are true and false (never row labels 1 and 0): rows 10 and 12 go.
    log = QualityLog()
    kept = log.leave_out("T", "why", _rows(3), [1, 0, 1])
    assert kept.index.tolist() == [11]
    assert [(e.rows, e.examples) for e in log.entries] == [(2, "f.csv record 1; f.csv record 3")]


def test_nothing_masked_or_nothing_recorded_logs_nothing() -> None:
    log = QualityLog()
    rows = _rows(2)
    assert log.leave_out("T", "why", rows, np.zeros(2, dtype=bool)).equals(rows)
    log.record("T", "why", rows.iloc[:0])
    assert log.entries == []
    assert log.total() == 0


def test_the_sheet_lists_every_entry_and_the_total_counts_rows_left_out() -> None:
    log = QualityLog()
    log.record("T1", "gone", _rows(2))
    log.record("T2", "kept with a caution", _rows(3), note="used", left_out=False)
    log.record("T3", "gone too", _rows(1), "informational")
    assert log.total() == 2 + 1  # the caution's 3 rows are kept
    assert log.frame().to_dict("list") == {
        "table": ["T1", "T2", "T3"],
        "reason": ["gone", "kept with a caution", "gone too"],
        "left_out": ["yes", "no: kept", "yes"],
        "rows": [2, 3, 1],
        "examples": [
            "f.csv record 1; f.csv record 2",
            "f.csv record 1; f.csv record 2; f.csv record 3",
            "f.csv record 1",
        ],
        "note": ["", "used", "informational"],
    }
    assert LeftOut("T", "r", 1, "e") == LeftOut("T", "r", 1, "e", "", True)
