"""Time ``pbrkit tender`` on N synthetic patients × D draws × 5 bidders (default 100,000 × 1,000).

Usage::

    PYTHONPATH=src python benchmarks/tender_100k.py [N] [--draws D] [--keep DIR]

Writes a seeded Parquet file of N patients (cluster, days, admitted days, cost) and a
scenario naming it, with five bidders (three large private ones, a specialist
psychosis provider and a small voluntary-sector one) and four lots, then times the
whole command in a new process (read, price, simulate, write the three reports) and
the simulation alone (:func:`pbrkit.tender.simulate_tender`, in-process). The patients
are random: the figures say nothing about any service.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

CLUSTERS = np.array([0, *range(1, 9), *range(10, 22), 99])

SCENARIO = """schema_version = 1
workbook = "patients.parquet"
seed = 7

[nhs]
fixed_cost_share = 0.6
shed_rate = 0.2

[[bidders]]
name = "Large private A"
cost_factor = 0.88
info_quality = 0.7
hurdle_margin = 0.1
capacity = 25000
clusters = "1-8"

[[bidders]]
name = "Large private B"
cost_factor = 0.92
info_quality = 0.75
hurdle_margin = 0.08
capacity = 30000
clusters = "1-4, 18-21"

[[bidders]]
name = "Large private C"
cost_factor = 0.9
info_quality = 0.6
hurdle_margin = 0.05

[[bidders]]
name = "Psychosis specialist"
cost_factor = 0.95
info_quality = 0.8
hurdle_margin = 0.06
capacity = 8000
clusters = "10-13, 16, 17"

[[bidders]]
name = "Voluntary sector"
cost_factor = 1.05
info_quality = 0.3
hurdle_margin = 0.01
capacity = 1500
clusters = "1-4"
screening = false

[[lots]]
name = "Common mental health problems"
clusters = "1-4"

[[lots]]
name = "Enduring non-psychotic"
clusters = "5-8"

[[lots]]
name = "Psychosis community"
clusters = "10-13"
award = "competitive"

[[lots]]
name = "Organic"
clusters = "18-21"
accept_all = true
cost_sharing = 0.2
"""


def synthetic_patients(n: int, seed: int = 1) -> pd.DataFrame:
    """N random patients with a cluster, a year's days, a few admitted days and a cost."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"patient_id": pd.array([f"P{i:08d}" for i in range(n)], dtype="string")})
    frame["cluster"] = rng.choice(CLUSTERS, size=n).astype(np.int64)
    frame["days"] = rng.integers(30, 366, size=n).astype(np.float64)
    frame["admitted_days"] = np.where(rng.random(n) < 0.05, rng.integers(0, 30, size=n), 0.0)
    frame["cost"] = rng.lognormal(8.0, 1.0, size=n)
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the files here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pbrkit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    frame = synthetic_patients(args.n)
    frame.to_parquet(work / "patients.parquet", index=False)
    scenario = work / "scenario.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")

    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "pbrkit", "tender", "--scenario", str(scenario),
               "--draws", str(args.draws), "--out", str(out)]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, check=True, env=dict(os.environ))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"end to end (pbrkit tender, new process): {elapsed:.1f}s, peak RSS {peak:,.0f} MB")

    from pbrkit.workflows.tender import prepare_tender

    started = time.perf_counter()
    prepared = prepare_tender(None, scenario=scenario, draws=args.draws)
    print(f"read and price {args.n:,} patients (in-process): {time.perf_counter() - started:.1f}s")
    from pbrkit.tender import simulate_tender

    started = time.perf_counter()
    simulate_tender(prepared.population, prepared.spec, draws=args.draws, seed=prepared.seed)
    simulated = time.perf_counter() - started
    print(
        f"simulate_tender: {args.n:,} patients × {args.draws:,} draws × "
        f"{len(prepared.spec.bidders)} bidders: {simulated:.1f}s"
    )
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
