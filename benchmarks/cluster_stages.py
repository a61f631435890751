"""`pbrkit cluster` with its memory printed around each stage (issue 16, memory).

    PYTHONPATH=src python benchmarks/cluster_stages.py cluster X.parquet --format parquet --out DIR

Each stage prints, on stderr, VmRSS at its start and end and VmHWM (the peak so far)
from /proc/self/status, its wall and CPU time (user + system, every thread: on a
shared machine the CPU time is the steadier figure) and the minor page faults it took (each a
fresh page the kernel had to zero: round 10); each file written, the same. The figures
in history.md, "Issue 16, fourth round", were taken with it (Linux only).
"""

from __future__ import annotations

import functools
import gc
import importlib
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = {
    "pbrkit.workflows.cluster": ("read_ratings", "ratings_array", "allocate", "cluster_ratings"),
    "pbrkit.clustering": (
        "allocation_frame",
        "audit_clusters",
        "_disagreement_money",
        "cost_homogeneity",
        "reduction_in_variance",
        "_counts",
    ),
}


def memory() -> dict[str, int]:
    """VmRSS and VmHWM of this process, MB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) // 1024
    return found


def minor_faults() -> int:
    """Minor page faults of this process and its threads so far (Arrow and the
    allocations writer fault in threads of their own)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


class Collections:
    """CPU time and count of the garbage collector's passes by generation (round 14:
    at 10M they took about 0.7 s of CPU between and within the stages)."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self.counts = [0, 0, 0]
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.process_time()
            return
        self.seconds[info["generation"]] += time.process_time() - self._started
        self.counts[info["generation"]] += 1

    def __str__(self) -> str:
        return ", ".join(
            f"gen{g} {n:,d} passes {s:.2f} s"
            for g, (n, s) in enumerate(zip(self.counts, self.seconds, strict=True))
        )


def measured(label: str, work: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(work)
    def run(*args: Any, **kwargs: Any) -> Any:
        before, started, faults = memory(), time.perf_counter(), minor_faults()
        cpu = time.process_time()
        result = work(*args, **kwargs)
        after, faults = memory(), minor_faults() - faults
        print(
            f"{label:28s} rss {before['VmRSS']:6,d} -> {after['VmRSS']:6,d}  "
            f"peak {before['VmHWM']:6,d} -> {after['VmHWM']:6,d} "
            f"(+{after['VmHWM'] - before['VmHWM']:,d})  {time.perf_counter() - started:6.2f} s  "
            f"cpu {time.process_time() - cpu:6.2f} s  faults {faults:9,d}",
            file=sys.stderr,
            flush=True,
        )
        return result

    return run


def main() -> None:
    # As pbrkit's own entry point does, before pandas loads numpy and pyarrow: this
    # script imports the stages first, so pbrkit.cli.main would set them too late.
    import os

    from pbrkit.cli import configure_arrow, configure_numpy

    configure_numpy(os.environ)
    configure_arrow(os.environ)
    for module_name, names in STAGES.items():
        module = importlib.import_module(module_name)
        for name in names:
            setattr(module, name, measured(name, getattr(module, name)))
    from pbrkit.workflows import cluster

    writers = cluster.ClusterRun.writers

    def timed_writers(self: cluster.ClusterRun) -> dict[str, Any]:
        return {f: measured(f"write {f}", w) for f, w in writers(self).items()}

    cluster.ClusterRun.writers = timed_writers  # type: ignore[method-assign]
    from pbrkit.cli import main as pbrkit

    sys.argv = ["pbrkit", *sys.argv[1:]]
    collections = Collections()
    gc.callbacks.append(collections)
    try:
        pbrkit()
    finally:
        # What follows (the exit handlers, the interpreter's teardown) is in no stage:
        # the difference between this CPU time and the process's is its cost.
        print(
            f"end: {memory()}, faults {minor_faults():,d}, cpu {time.process_time():.2f} s, "
            f"garbage collector: {collections}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
