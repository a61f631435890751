"""Round 16 (issue 16 item 1): a large .xlsx's patient number columns load typed.

Cluster, days, admitted days, cost and an ``age`` trait, when the scan proves them
plain numbers, are loaded as numbers (not as text parsed after the load), and must
read exactly as the text load reads them: the same values to the last bit, the same
traits' text, and the same problems word for word (a problem reads the sheet again
as text, so that its message quotes the cell as written). Each book is read with the
typed read allowed and turned off, and compared (test_perfxlsx_typed_read's _Reads).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pbrkit.errors import InputError
from pbrkit.io import ratings, scan_kernel, workbook
from test_perfxlsx_typed_read import ITEMS, _book, _Reads

pytestmark = pytest.mark.skipif(not scan_kernel.available(), reason="numba not installed")

HEADER = ["patient_id", *ITEMS, "cluster", "days", "admitted_days", "cost", "age", "team"]
#: Where each patient number column is (0 is column A).
NUMBERS = {"cluster": 19, "days": 20, "admitted_days": 21, "cost": 22, "age": 23}


def _row(i: int) -> list[Any]:
    return [f"P{i:04d}", *[(i + j) % 5 for j in range(18)], 10 + i % 3, 30 + i, i % 4, 120.5 + i,
            20 + i % 50, "North"]  # fmt: skip


@pytest.fixture(autouse=True)
def _large_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_kernel, "COMPILED_FROM_BYTES", 0)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> _Reads:
    return _Reads(monkeypatch)


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The sheets the typed read loaded, in order."""
    sheets: list[Any] = []
    original = workbook._typed_sheet

    def spy(*args: Any, **kwargs: Any) -> Any:
        sheets.append(original(*args, **kwargs))
        return sheets[-1]

    monkeypatch.setattr(workbook, "_typed_sheet", spy)
    return sheets


def test_the_patient_number_columns_load_as_numbers(tmp_path: Path, loaded: list[Any]) -> None:
    # Failed before round 16: the five columns were loaded as text and parsed after.
    path = _book(tmp_path / "clean.xlsx", [HEADER, *(_row(i) for i in range(30))])
    data = ratings.read_ratings(path)
    (sheet,) = loaded
    assert sheet.typed_numbers == tuple(sorted(NUMBERS.values()))
    assert all(sheet.grid[p].dtype == np.float64 for p in NUMBERS.values())
    assert sheet.grid[0].dtype != np.float64  # patient IDs stay text
    assert data.patients["cost"].tolist()[:2] == [120.5, 121.5]
    assert data.patients["age"].tolist()[:2] == ["20", "21"]  # a trait: its text


def test_a_clean_book_reads_alike(tmp_path: Path, reads: _Reads) -> None:
    for options in ({}, {"constant_memory": True}):
        path = _book(tmp_path / "clean.xlsx", [HEADER, *(_row(i) for i in range(40))], **options)
        taken, (data, _) = reads.same(path)
        assert taken
        assert data.rows.tolist() == list(range(2, 42))


def test_numbers_whose_text_is_not_their_float(tmp_path: Path, reads: _Reads) -> None:
    # calamine's text has nine places: 1/3 reads as 0.333333333, 3.0000000001 as the
    # cluster code 3, 1e-10 admitted days as 0; typed, they must read the same.
    rows = [HEADER, *(_row(i) for i in range(20))]
    rows[1][22], rows[2][22], rows[3][22] = 1 / 3, 0.1234567891, 14.022000000000001
    rows[4][19], rows[5][20], rows[6][21] = 3.0000000001, 30.0000000001, 1e-10
    rows[7][23] = 40.0000000001  # an age whose text is 40
    taken, (data, _) = reads.same(_book(tmp_path / "awkward.xlsx", rows))
    assert taken
    cost = data.patients["cost"].tolist()
    assert cost[:3] == [0.333333333, 0.123456789, 14.022]
    assert data.patients["cluster"].tolist()[3] == 3.0
    assert data.patients["age"].tolist()[6] == "40"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("admitted_days", 99, "admitted days exceed the patient's days"),
        ("days", -3, "not a valid value"),
        ("cost", 1e15, "not a valid value"),
        ("cluster", 22, "cluster"),
        ("age", 130, "not a possible age"),
        ("age", 40.5, None),  # not whole: read as text, kept as the trait '40.5'
        ("age", -0.0, None),  # its text is '-0'
    ],
)
def test_a_problem_is_quoted_as_written(
    tmp_path: Path, reads: _Reads, column: str, value: float, message: str | None
) -> None:
    rows = [HEADER, *(_row(i) for i in range(15))]
    rows[5][NUMBERS[column]] = value
    _, read = reads.same(_book(tmp_path / "problem.xlsx", rows))
    if message is not None:
        assert read[0] == "refused" and message in read[1]
        assert "row 6" in read[1]


def test_a_total_row(tmp_path: Path, reads: _Reads) -> None:
    body = [_row(i) for i in range(10)]
    total = ["Total", *[None] * 18, None, sum(r[20] for r in body), sum(r[21] for r in body),
             sum(r[22] for r in body), None, None]  # fmt: skip
    taken, (data, _) = reads.same(_book(tmp_path / "total.xlsx", [HEADER, *body, total]))
    assert taken and len(data.rows) == 10
    total[22] = 1.0  # a Total that does not add up: its message as before
    _, read = reads.same(_book(tmp_path / "wrong.xlsx", [HEADER, *body, total]))
    assert "Total" in str(read[1])


def test_problems_collected_are_quoted_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With ``collect`` the problems are handed back, not raised: from the text read too.
    from pbrkit.errors import ProblemCollector

    rows = [HEADER, *(_row(i) for i in range(15))]
    rows[5][NUMBERS["admitted_days"]] = 99  # over the patient's 35 days: quoted "99", not 99.0
    path = _book(tmp_path / "collect.xlsx", rows)
    found = []
    for typed in (True, False):
        if not typed:
            monkeypatch.setattr(workbook, "_typed_sheet", lambda *a, **k: None)
        collect = ProblemCollector()
        data = ratings.read_ratings(path, collect=collect)
        found.append(([str(p) for p in collect.problems], data.patients["admitted_days"].tolist()))
    assert found[0] == found[1]
    assert len(found[0][0]) == 1 and "'99'" in found[0][0][0]


def test_a_fractional_numeric_id_is_refused_at_its_row_on_the_typed_read(
    tmp_path: Path, loaded: list[Any]
) -> None:
    # Two of this stop's changes meet here: the typed read of the patient number columns
    # (round 16) and the refusal of a patient ID stored as a number that is not whole
    # (fix10), which reads the ID column's numbers apart from the grid. Rows 2-31 hold
    # P0000-P0029; the IDs of rows 5 and 7 (P0003, P0005) are stored as the numbers
    # 1.5e-20 (read as "0") and 12.5: both refused at their own rows, as on the text read.
    rows = [_row(i) for i in range(30)]
    rows[3][0], rows[5][0] = 1.5e-20, 12.5
    path = _book(tmp_path / "fractions.xlsx", [HEADER, *rows])
    with pytest.raises(InputError) as refused:
        ratings.read_ratings(path)
    assert [sheet.typed_numbers for sheet in loaded][:1] == [tuple(sorted(NUMBERS.values()))]
    found = {(p.row, p.column) for p in refused.value.problems if "not a whole" in p.message}
    assert found == {(5, "patient_id"), (7, "patient_id")}
