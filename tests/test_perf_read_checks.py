"""Reading ratings: the invisible-character and over-long-text checks skipped only where
no cell can fail them (issue 16, round 12): Arrow text that is all ASCII bytes holds
no invisible character or look-alike space (all outside ASCII), and text whose every
cell has at most 1,000 UTF-8 bytes has no cell over 1,000 characters. Everything
else is checked cell by cell as before; these refusals still come from Parquet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pbrkit.errors import InputError
from pbrkit.io import ratings
from pbrkit.io.headers import INVISIBLE, MAX_TEXT_CHARS
from pbrkit.io.values import LOOKALIKE_SPACES

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")


def test_every_character_looked_for_is_outside_ascii() -> None:
    # The shortcut's premise: were one of them ASCII, an all-ASCII column could hold it.
    assert all(ord(c) >= 0x80 for c in INVISIBLE | LOOKALIKE_SPACES)


def _arrow_text(values: list[str | None]) -> pd.Series:
    return pd.Series(pd.array(values, dtype="str"))


def test_which_columns_are_skipped() -> None:
    assert ratings._ascii_only(_arrow_text(["P1", None, "P2"]))
    assert not ratings._ascii_only(_arrow_text(["P1", "Zoë"]))
    assert not ratings._ascii_only(pd.Series(["P1"], dtype=object))  # not Arrow: checked
    assert ratings._short_text(_arrow_text(["x" * MAX_TEXT_CHARS, None]))
    assert not ratings._short_text(_arrow_text(["x" * (MAX_TEXT_CHARS + 1)]))
    # 600 characters of two bytes each: over the byte bound, so counted (and not long).
    assert not ratings._short_text(_arrow_text(["é" * 600]))
    sliced = pd.Series(
        pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(["x" * 2000, "y"])[1:]]))
    )
    assert ratings._short_text(sliced)  # a slice's own cells, not its buffer's


def _ratings_file(tmp_path: Path, ids: list[str]) -> Path:
    table = {"patient_id": ids, **{item: [1] * len(ids) for item in ITEMS}}
    path = tmp_path / "ratings.parquet"
    pq.write_table(pa.table(table), path)
    return path


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("P\u200b2", "invisible character"),
        ("P\u00a0 2", "not an ordinary space"),
        ("P" + "é" * MAX_TEXT_CHARS, f"longer than {MAX_TEXT_CHARS:,} characters"),
        ("P" * (MAX_TEXT_CHARS + 1), f"longer than {MAX_TEXT_CHARS:,} characters"),
    ],
)
def test_bad_ids_in_parquet_are_still_refused(tmp_path: Path, bad: str, message: str) -> None:
    path = _ratings_file(tmp_path, ["P1", bad, "Zoë"])
    with pytest.raises(InputError) as raised:
        ratings.read_ratings(path)
    found = [p for p in raised.value.problems if message in p.message]
    assert [p.row for p in found] == [3]


def test_plain_ids_in_parquet_are_read(tmp_path: Path) -> None:
    data = ratings.read_ratings(_ratings_file(tmp_path, ["P1", "Zoë", "x" * MAX_TEXT_CHARS]))
    assert data.patients["patient_id"].tolist() == ["P1", "Zoë", "x" * MAX_TEXT_CHARS]
    assert np.asarray(data.rows).tolist() == [2, 3, 4]
