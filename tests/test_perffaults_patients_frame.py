"""read_ratings' per-patient frame is built from its typed columns without copying them
(round 10 of issue 16): the same columns, dtypes and values as before."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pbrkit.io.ratings import ITEMS, read_ratings


def test_patients_columns_as_read(tmp_path: Path) -> None:
    table: dict[str, object] = {"patient_id": ["a", " b ", "c"]}
    for item in ITEMS:
        table[item] = np.array([0, 1, 9], dtype=np.int8)
    table["cluster"] = np.array([3, 11, 99], dtype=np.int16)
    table["days"] = [365.0, None, 10.5]
    table["admitted_days"] = [0.0, None, 2.0]
    table["cost"] = [1200.5, 0.0, None]
    table["team"] = pd.Categorical(["north", "south", None])
    path = tmp_path / "ratings.parquet"
    pd.DataFrame(table).to_parquet(path)
    patients = read_ratings(path).patients
    assert list(patients.columns) == [
        "patient_id", "cluster", "days", "admitted_days", "cost", "team",
    ]  # fmt: skip
    assert patients["patient_id"].tolist() == ["a", "b", "c"]  # stripped
    for name in ("cluster", "days", "admitted_days", "cost"):
        assert patients[name].dtype == np.float64
    assert patients["cluster"].tolist() == [3.0, 11.0, 99.0]
    assert np.array_equal(patients["days"].to_numpy(), [365.0, np.nan, 10.5], equal_nan=True)
    assert np.array_equal(patients["cost"].to_numpy(), [1200.5, 0.0, np.nan], equal_nan=True)
    assert patients["team"].astype(object).tolist()[:2] == ["north", "south"]
    assert pd.isna(patients["team"].iloc[2])


def test_the_frame_is_its_own(tmp_path: Path) -> None:
    # Copy-on-write: changing the returned frame changes no other reader's view.
    table: dict[str, object] = {"patient_id": ["a", "b"], "cost": [1.0, 2.0]}
    for item in ITEMS:
        table[item] = np.array([0, 1], dtype=np.int8)
    path = tmp_path / "ratings.parquet"
    pd.DataFrame(table).to_parquet(path)
    first = read_ratings(path).patients
    cost = first["cost"]
    first.loc[0, "cost"] = 99.0
    assert cost.tolist() == [1.0, 2.0]
    assert read_ratings(path).patients["cost"].tolist() == [1.0, 2.0]
