"""A file without number cells (CSV, Parquet) is not searched for patient IDs stored
as numbers (round 19 of issue 16): neither kind can be there, and the two passes made
four arrays of every patient to find none. A sheet with number cells still is."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.errors import ProblemCollector
from pbrkit.io import numeric_ids
from pbrkit.io.workbook import RawSheet


def _spied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []
    for name in ("fractional_ids", "inexact_ids"):
        real = getattr(numeric_ids, name)

        def spy(*args: object, _real: object = real, _name: str = name) -> object:
            asked.append(_name)
            return _real(*args)  # type: ignore[operator]

        monkeypatch.setattr(numeric_ids, name, spy)
    return asked


def test_no_number_cells_no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    # Failed before round 19: both passes ran over a Parquet column of IDs.
    asked = _spied(monkeypatch)
    cells = pd.Series(["P1", "0.5", "12345678901234567", None], dtype=object)
    sheet = RawSheet("ratings", pd.DataFrame({0: cells}), 1)
    problems = ProblemCollector()
    rows = np.arange(2, 6, dtype=np.int64)
    kept = numeric_ids.without_inexact_ids(sheet, 0, cells, rows, "patient_id", problems)
    assert kept is cells  # the same column, not a copy
    assert not problems
    assert asked == []


def test_number_cells_still_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    # Column 0 holds the number 0.5 at grid row 0 (sheet row 1): refused and blanked.
    asked = _spied(monkeypatch)
    cells = pd.Series(["0.5", "P2"], dtype=object)
    sheet = RawSheet(
        "ratings",
        pd.DataFrame({0: cells}),
        1,
        number_values=lambda position: np.array([0.5, np.nan]),
    )
    problems = ProblemCollector()
    rows = np.arange(1, 3, dtype=np.int64)
    kept = numeric_ids.without_inexact_ids(sheet, 0, cells, rows, "patient_id", problems)
    assert asked == ["fractional_ids", "inexact_ids"]
    assert kept.isna().tolist() == [True, False]
    assert [p.row for p in problems.problems] == [1]
