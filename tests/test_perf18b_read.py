"""Round 17 of issue 16: a Parquet ratings file read with fewer copies and passes, the
same columns and the same refusals (benchmarks/analysis.md, "Round 17")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.allocation import ITEMS
from pbrkit.io import parse, workbook
from pbrkit.io.ratings import read_ratings


def _float_way(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """parse_cluster's answer for numbers as main worked it out: as floats."""
    return parse.parse_cluster(values.astype(np.float64))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(-200, 200), max_size=40),
    st.sampled_from(["int8", "int16", "int64", "uint8"]),
)
def test_integer_clusters_read_as_their_floats_are(codes: list[int], dtype: str) -> None:
    # Every code of the set's range and around it: 9 (unused), 22, 99, -1, 0.
    kind = np.dtype(dtype)
    values = pd.Series(
        np.array(codes, dtype=np.int64).clip(np.iinfo(kind).min, np.iinfo(kind).max).astype(kind)
    )
    parsed, bad = parse.parse_cluster(values)
    expected, expected_bad = _float_way(values)
    assert np.array_equal(parsed, expected, equal_nan=True)
    assert np.array_equal(bad, expected_bad)


def test_integer_clusters_by_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 and 99 are codes (99: not assessed); 9 is unused and 22 and -1 are none: bad,
    # read as unknown (NaN). The codes are looked up as integers, never turned into 10
    # million floats, rounded and sorted first (round 17 of issue 16).
    values = pd.Series(np.array([1, 9, 22, -1, 99], dtype=np.int16))
    looked_up: list[np.dtype[Any]] = []
    isin = np.isin

    def spy(element: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(np.asarray(element).dtype)
        return isin(element, *args, **kwargs)

    monkeypatch.setattr(parse.np, "isin", spy)
    parsed, bad = parse.parse_cluster(values)
    assert parsed.tolist()[0] == 1.0 and parsed.tolist()[4] == 99.0
    assert np.isnan(parsed[1:4]).all()
    assert bad.tolist() == [False, True, True, True, False]
    assert looked_up == [np.dtype(np.int16)]


def test_nullable_integer_clusters_keep_the_float_way() -> None:
    # pandas' nullable integers (a Parquet file written from them) may hold blanks:
    # blank is not bad, 9 (unused) is.
    values = pd.Series([1, None, 9], dtype="Int16")
    parsed, bad = parse.parse_cluster(values)
    assert parsed[0] == 1.0 and np.isnan(parsed[1:]).all()
    assert bad.tolist() == [False, False, True]


def _ratings_file(path: Path, ids: list[str | None]) -> Path:
    columns: dict[str, Any] = {"patient_id": pa.array(ids, type=pa.string())}
    for item in ITEMS:
        columns[item] = pa.array([1] * len(ids), type=pa.int8())
    columns["cluster"] = pa.array([3] * len(ids), type=pa.int16())
    columns["team"] = pa.array(["North"] * len(ids)).dictionary_encode()
    pq.write_table(pa.table(columns), path)
    return path


def test_parquet_ratings_are_not_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The 18 rating columns as Arrow gave them: neither gathered into one block when
    # the table becomes a frame nor copied again into the items (360 MB at 10 million
    # patients, round 17 of issue 16).
    read: list[pd.DataFrame] = []
    sheet = workbook._parquet_sheet

    def keep(*args: Any) -> Any:
        raw = sheet(*args)
        read.append(raw.grid)
        return raw

    monkeypatch.setattr(workbook, "_parquet_sheet", keep)
    data = read_ratings(_ratings_file(tmp_path / "r.parquet", ["P1", "P2", "P3"]))
    (grid,) = read
    for item in ITEMS:
        assert np.shares_memory(data.items[item].to_numpy(), grid[item].to_numpy())
    assert data.items.to_numpy().tolist() == [[1] * 18] * 3


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["P1", "P2"], ["P1", "P2"]),
        ([" P1", "P2\t", "\u00a0P3\u2007"], ["P1", "P2", "P3"]),
        (["P1", "", "  ", None], ["P1", None, None, None]),
        (["P1", "Ü2 ", "\u200bP3"], ["P1", "Ü2", "\u200bP3"]),
    ],
)
def test_patient_ids_as_text(
    tmp_path: Path, ids: list[str | None], expected: list[str | None]
) -> None:
    # Spaces of every kind around an ID are trimmed and a blank ID is missing, whether
    # or not a cell needs it; an invisible character is kept (and refused later).
    column = pd.read_parquet(_ratings_file(tmp_path / "r.parquet", ids), columns=["patient_id"])
    from pbrkit.io.ratings import _ids_as_text

    got = _ids_as_text(column["patient_id"])
    assert [None if pd.isna(v) else v for v in got] == expected
    assert isinstance(got.dtype, pd.StringDtype)


def _stripped_way(values: pd.Series) -> pd.Series:
    """_ids_as_text as main had it: every ID trimmed, blanks missing."""
    text = values.astype("string").str.strip()
    text = text.where(text.notna() & (text != ""))
    return pd.Series(text.astype("str"), copy=False)


EDGE_TEXTS = [
    "P1",
    " P2",
    "P3 ",
    "\tP4",
    "P5\x1f",
    "\x1cP6",
    "P 7",
    "",
    " ",
    "Ü8",
    "9Ü",
    "\u00a0P10",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(EDGE_TEXTS), st.text(max_size=5), st.none()),
        min_size=1,
        max_size=30,
    )
)
def test_patient_ids_as_main_trimmed_them(ids: list[str | None]) -> None:
    from pbrkit.io.ratings import _ids_as_text

    column = pd.Series(
        pa.chunked_array(
            [pa.array(ids[:3], pa.string()), pa.array(ids[3:], pa.string())]
        ).to_pandas()
    )
    got, expected = _ids_as_text(column), _stripped_way(column)
    if expected.notna().any():
        pd.testing.assert_series_equal(got, expected)


def test_trimmed_ids_are_not_copied(tmp_path: Path) -> None:
    from pbrkit.io.ratings import _ids_as_text

    column = pd.read_parquet(_ratings_file(tmp_path / "r.parquet", ["P1", None, "P3"]))[
        "patient_id"
    ]
    got = _ids_as_text(column)
    (before,) = column.array.__arrow_array__().chunks
    (after,) = got.array.__arrow_array__().chunks
    assert after.buffers()[2].address == before.buffers()[2].address


def test_only_text_columns_are_scanned_for_error_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A Parquet file's typed number columns (the 18 ratings, the cluster) can hold no
    # '#N/A' and no long text: only the IDs and the team are scanned (round 17 of issue
    # 16: 23 columns of 10 million patients made three 10 MB masks each to find none).
    from pbrkit.io import ratings

    scanned: list[object] = []
    excel_errors = ratings.cell_values.excel_errors

    def spy(cells: pd.Series) -> Any:
        scanned.append(cells.name)
        return excel_errors(cells)

    monkeypatch.setattr(ratings.cell_values, "excel_errors", spy)
    read_ratings(_ratings_file(tmp_path / "r.parquet", ["P1", "P2"]))
    assert scanned == ["patient_id", "team"]


def test_an_error_value_in_a_parquet_text_column_is_still_refused(tmp_path: Path) -> None:
    from pbrkit.errors import InputError

    path = _ratings_file(tmp_path / "r.parquet", ["P1", "#N/A"])
    with pytest.raises(InputError) as caught:
        read_ratings(path)
    assert any("spreadsheet error #N/A" in p.message for p in caught.value.problems)
