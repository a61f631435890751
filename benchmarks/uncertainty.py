"""Time the uncertainty machinery on the example workbook (results-uncertainty.md).

    PYTHONPATH=src python benchmarks/uncertainty.py [--samples 1000]

Cases: a PSA of ``--samples`` Latin-hypercube samples × 1 inner draw with the 12
parameters of examples/uncertainty.csv on 1, then 2, then 1 local worker processes,
after a 20-sample warm-up (the speed-up is against the mean of the two 1-worker runs);
the tornado of the same 12 parameters; one break-even search
(the fixed cost share at which the NHS surplus change crosses −£15m; under the v2
cost model the example's surplus change runs from about −£9.6m at f = 0 to −£22.3m at
f = 1, so the old −£8m target was never crossed). Wall-clock and
CPU time are printed as a Markdown table; peak RSS of this process is added. The
figures of the 1- and 2-worker PSA are checked to be identical.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from pbrkit.io.uncertainty_sheet import read_uncertainty_sheet
from pbrkit.uncertainty import Executor, ThresholdSearch, run_psa, run_threshold, run_tornado
from pbrkit.uncertainty.tender_model import tender_model
from pbrkit.workflows.tender import prepare_tender

ROOT = Path(__file__).resolve().parents[1]


def timed(work: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds of this process and its children)."""
    start, cpu = time.perf_counter(), _cpu()
    result = work()
    return result, time.perf_counter() - start, _cpu() - cpu


def _cpu() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    prepared = prepare_tender(ROOT / "examples" / "clusters.xlsx")
    model = tender_model(prepared)
    # Checked against the model in the reading pass, as the commands read it.
    params = read_uncertainty_sheet(ROOT / "examples" / "uncertainty.csv", model=model)
    rows = []
    # Warm-up: the first runs pay for imports and caches, which would flatter 2 workers.
    run_psa(model, params, samples=20, executor=Executor(workers=1))
    load_before = os.getloadavg()[0]
    one, wall1, cpu1 = timed(
        lambda: run_psa(model, params, samples=args.samples, executor=Executor(workers=1))
    )
    rows.append((f"PSA {args.samples} samples × 1 draw, 1 worker", wall1, cpu1))
    two, wall2, cpu2 = timed(
        lambda: run_psa(model, params, samples=args.samples, executor=Executor(workers=2))
    )
    rows.append((f"PSA {args.samples} samples × 1 draw, 2 workers", wall2, cpu2))
    # The 1-worker run again, after the 2-worker one: the baseline is not favoured by
    # going first or last; the speed-up is against the mean of the two.
    again, wall1b, cpu1b = timed(
        lambda: run_psa(model, params, samples=args.samples, executor=Executor(workers=1))
    )
    rows.append((f"PSA {args.samples} samples × 1 draw, 1 worker (again)", wall1b, cpu1b))
    pd.testing.assert_frame_equal(one.samples, two.samples, check_exact=True)
    pd.testing.assert_frame_equal(one.samples, again.samples, check_exact=True)
    _, wall_t, cpu_t = timed(lambda: run_tornado(model, params, executor=Executor(workers=1)))
    rows.append((f"tornado, {len(params)} parameters, 1 worker", wall_t, cpu_t))
    search = ThresholdSearch(
        model, "nhs.fixed_cost_share", "nhs_surplus_change", (0.0, 1.0), target=-15e6
    )
    found, wall_b, cpu_b = timed(lambda: run_threshold(search, base={}, seed=0))
    value = "none" if found.value is None else f"{found.value:.5f}"
    rows.append((f"threshold (f* = {value}), 1 worker", wall_b, cpu_b))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"machine: {platform.processor() or platform.machine()}, nproc {os.cpu_count()}, "
          f"load {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")  # fmt: skip
    print("| case | wall s | CPU s |\n|---|---|---|")
    for name, wall, cpu in rows:
        print(f"| {name} | {wall:.1f} | {cpu:.1f} |")
    baseline = (wall1 + wall1b) / 2
    print(
        f"\nspeed-up, 2 workers vs 1 (mean of the two 1-worker runs): {baseline / wall2:.2f}×;"
        f" peak RSS: main {peak:.0f} MB, largest worker {workers_peak:.0f} MB"
    )
    psa = one.summary()["figures"]["nhs_surplus_change"]
    print(f"NHS surplus change p5 {psa['p5']:,.0f}, p50 {psa['p50']:,.0f}, p95 {psa['p95']:,.0f}")


if __name__ == "__main__":
    main()
