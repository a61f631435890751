"""The cost measures' input frame is built without copying the clusters paid for
(round 10 of issue 16): the same homogeneity as from the former frame (the clusters
inserted into a copy of the other columns), compared bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pbrkit.homogeneity import cost_homogeneity, detect_traits
from pbrkit.io.ratings import ITEMS, read_ratings
from pbrkit.reference import load_reference_set
from pbrkit.workflows.cluster import run_cluster


def _extract(path: Path, rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    table: dict[str, object] = {"patient_id": [f"p{i}" for i in range(rows)]}
    for item in ITEMS:
        table[item] = rng.integers(0, 5, rows).astype(np.int8)
    cluster = rng.choice([1.0, 3.0, 4.0, 11.0, 12.0, np.nan], rows)
    table["cluster"] = cluster
    table["days"] = rng.integers(1, 366, rows).astype(np.float64)
    cost = np.round(rng.gamma(2.0, 1500.0, rows), 2)
    cost[rng.random(rows) < 0.1] = np.nan
    table["cost"] = cost
    table["age"] = rng.integers(10, 90, rows).astype(np.int16)
    table["team"] = pd.Categorical(rng.choice(["north", "south", "east"], rows))
    pd.DataFrame(table).to_parquet(path)


def test_the_same_homogeneity_as_the_former_frame(tmp_path: Path) -> None:
    path = tmp_path / "ratings.parquet"
    _extract(path, 600, 11)
    result = run_cluster(path, output_format="parquet").result
    data = read_ratings(path)
    patients = data.patients
    former = patients.drop(columns=["cluster", "patient_id"], errors="ignore")
    former.insert(0, "cluster", patients["cluster"].to_numpy(dtype=np.float64, na_value=np.nan))
    ref = load_reference_set()
    expected = cost_homogeneity(
        former,
        tariff=result.tariff,
        review_days=ref.clusters["review_days"],
        traits=detect_traits(patients[list(data.traits)]),
        cv_threshold=result.options.cv_threshold,
        sheet=data.sheet,
        rows=data.rows,
    )
    got = result.homogeneity
    assert got is not None
    pd.testing.assert_frame_equal(got.clusters, expected.clusters, check_exact=True)
    assert np.float64(got.riv).tobytes() == np.float64(expected.riv).tobytes()
    assert np.float64(got.riv_trimmed).tobytes() == np.float64(expected.riv_trimmed).tobytes()
    assert got.traits is not None and expected.traits is not None
    pd.testing.assert_frame_equal(got.traits, expected.traits, check_exact=True)
    assert got.traits_by_cluster is not None and expected.traits_by_cluster is not None
    pd.testing.assert_frame_equal(got.traits_by_cluster, expected.traits_by_cluster)
    assert (got.patients, got.missing_cost) == (expected.patients, expected.missing_cost)
