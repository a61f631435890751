"""The clusters a `pbrkit cluster` run prices (round 15 of issue 16): the distinct codes
found by hashing each column once, not by sorting a copy of both columns (20 million
codes at 10 million patients); the same list as the sort gave, in every case."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.allocation import Allocation
from pbrkit.io.ratings import RatingsInput
from pbrkit.workflows.cluster import _priced_clusters


def _sorted_way(clinician: np.ndarray | None, suggested: np.ndarray) -> list[int]:
    """The rule as it was written before round 15 (np.unique of both columns joined)."""
    if clinician is None or not pd.Series(clinician).notna().any():
        return sorted(int(c) for c in np.unique(suggested))
    given = np.isfinite(clinician)
    both = np.concatenate([clinician[given], suggested[given].astype(np.float64)])
    return sorted(int(c) for c in np.unique(both))


def _run(clinician: np.ndarray | None, suggested: np.ndarray) -> list[int]:
    patients = pd.DataFrame({"patient_id": [f"P{i}" for i in range(len(suggested))]})
    if clinician is not None:
        patients["cluster"] = clinician
    data = RatingsInput.__new__(RatingsInput)
    object.__setattr__(data, "patients", patients)
    allocation = Allocation.__new__(Allocation)
    object.__setattr__(allocation, "suggested", suggested)
    return _priced_clusters(data, allocation)


def test_worked_example() -> None:
    # Patients 1-4: clinicians 3, blank, 3, 11; suggested 5, 7, 0, 99.
    # Patient 2 has no clinician's cluster, so its suggested 7 is not priced:
    # {3, 3, 11} ∪ {5, 0, 99} = [0, 3, 5, 11, 99].
    clinician = np.array([3.0, np.nan, 3.0, 11.0])
    suggested = np.array([5, 7, 0, 99], dtype=np.intp)
    assert _run(clinician, suggested) == [0, 3, 5, 11, 99]
    # No clinicians' clusters: the suggested ones, 7 included.
    assert _run(None, suggested) == [0, 5, 7, 99]
    assert _run(np.full(4, np.nan), suggested) == [0, 5, 7, 99]


@pytest.mark.parametrize("seed", range(20))
def test_same_list_as_the_sort(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3_000))
    clinician = rng.integers(0, 25, n).astype(np.float64)
    clinician[rng.random(n) < rng.random()] = np.nan
    if seed % 4 == 0:  # codes that are not whole or not finite, as a library caller may give
        clinician[rng.random(n) < 0.1] = rng.choice([np.inf, 3.5, 3.25, -0.0, 2.0**40], 1)[0]
    suggested = rng.integers(0, 22, n).astype(np.intp)
    suggested[rng.random(n) < 0.05] = 99
    assert _run(clinician, suggested) == _sorted_way(clinician, suggested)
