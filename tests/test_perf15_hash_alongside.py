"""`pbrkit cluster` hashes its inputs on a thread of its own, beside the audit and the
cost measures (round 15 of issue 16: 0.4 s for the 200 MB Parquet file of 10 million
patients, on the main thread after them before). The same hashes in the metadata."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from pbrkit import model
from pbrkit.workflows import provenance
from pbrkit.workflows.cluster import run_cluster
from test_mutation_clustering import PATIENTS, _write


def test_inputs_hashed_off_the_main_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hashed_on: list[str] = []
    real = model.describe_inputs

    def described(paths: list[Path]) -> list[model.InputFile]:
        hashed_on.append(threading.current_thread().name)
        return real(paths)

    monkeypatch.setattr(provenance, "describe_inputs", described)
    path = _write(tmp_path, PATIENTS)
    run = run_cluster(
        path, profiles_file=tmp_path / "grid.csv", tariff_file=tmp_path / "tariff.csv"
    )
    # One hashing, not on the main thread (it was, before round 15).
    assert len(hashed_on) == 1 and hashed_on[0] != threading.main_thread().name
    # The same hashes, in the same order: the ratings, the tariff, the grid.
    files = [path, tmp_path / "tariff.csv", tmp_path / "grid.csv"]
    assert [(i.path, i.sha256) for i in run.meta.inputs] == [
        (str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in files
    ]
