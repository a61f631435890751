"""Time ``pbrkit cluster`` on a synthetic Parquet file of N patients (default 1,000,000).

Usage::

    PYTHONPATH=src python benchmarks/cluster_1m.py [N] [--keep DIR]

Prints the end-to-end time of the command (read, allocate, audit, homogeneity, and
writing allocations.parquet, report.xlsx, report.html and summary.json) and of the
allocation kernel alone (:func:`pbrkit.allocation.allocate`), best of three. The
patients are random (seeded): the figures say nothing about any service.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]
CLUSTERS = np.array([0, *range(1, 9), *range(10, 22), 99])


def synthetic_ratings(n: int, seed: int = 1) -> pd.DataFrame:
    """N random patients: ratings 0-4 (about 2% unknown as 9), a clinician's cluster,
    days, admitted days, cost and two traits."""
    rng = np.random.default_rng(seed)
    ratings = rng.integers(0, 5, size=(n, len(ITEMS)), dtype=np.int8)
    ratings[rng.random(ratings.shape) < 0.02] = 9
    frame = pd.DataFrame(ratings, columns=ITEMS)
    frame.insert(0, "patient_id", pd.array([f"P{i:08d}" for i in range(n)], dtype="string"))
    frame["cluster"] = rng.choice(CLUSTERS, size=n).astype(np.int64)
    frame["days"] = rng.integers(1, 366, size=n).astype(np.float64)
    frame["admitted_days"] = np.where(rng.random(n) < 0.05, rng.integers(0, 30, size=n), 0.0)
    frame["cost"] = rng.lognormal(8.0, 1.0, size=n)
    frame["age"] = rng.integers(16, 95, size=n).astype(np.int64)
    frame["mha_detained"] = np.where(rng.random(n) < 0.05, "yes", "no")
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the files here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pbrkit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "ratings.parquet"
    started = time.perf_counter()
    frame = synthetic_ratings(args.n)
    frame.to_parquet(source, index=False)
    print(f"generated {args.n:,} patients in {time.perf_counter() - started:.1f}s")

    from pbrkit.allocation import allocate, compile_profiles, ratings_array
    from pbrkit.reference import load_reference_set

    compiled = compile_profiles(load_reference_set().profiles)
    codes = ratings_array(frame[ITEMS])
    kernel = []
    for _ in range(3):
        started = time.perf_counter()
        allocate(codes, compiled)
        kernel.append(time.perf_counter() - started)
    print(f"kernel allocate(): best {min(kernel):.2f}s of {', '.join(f'{t:.2f}' for t in kernel)}")

    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ)
    command = [sys.executable, "-m", "pbrkit", "cluster", str(source), "--format", "parquet",
               "--out", str(out)]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env)
    print(f"end to end (pbrkit cluster, new process): {time.perf_counter() - started:.1f}s")
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
