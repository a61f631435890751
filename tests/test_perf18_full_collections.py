"""`pbrkit cluster` makes no full garbage collection while it runs.

A full (oldest-generation) collection walks every object alive: pandas', pyarrow's,
numba's and matplotlib's modules, which live until exit. Their imports set off four
such passes in a `pbrkit cluster` run, 0.19 s of CPU at 1,000,000 and at 10,000,000
patients, each finding at most 20 objects to free (benchmarks/results.md, "Round 18
(fixed cost)").
The young generations are still collected; the thresholds are restored afterwards.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from pbrkit.workflows.collector import full_collections_held

PROBE = (
    "import gc, sys\n"
    "full = []\n"
    "gc.callbacks.append(lambda phase, info: full.append(1)\n"
    "    if phase == 'start' and info['generation'] == 2 else None)\n"
    "from pbrkit.cli import main\n"
    "sys.argv = ['pbrkit', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    print('full collections:', len(full), flush=True)\n"
)


def _pbrkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=300
    )


def test_a_cluster_run_makes_no_full_collection(tmp_path: Path) -> None:
    ratings = tmp_path / "ratings.xlsx"
    made = subprocess.run(
        [sys.executable, "-m", "pbrkit", "example", "ratings.xlsx", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    run = _pbrkit("cluster", str(ratings), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "summary.pdf").is_file()
    # The fresh interpreter imports numba's and matplotlib's modules during the run:
    # on main they set off full collections (the test failed there).
    assert run.stdout.splitlines()[-1] == "full collections: 0"


def _full_passes_while_keeping(objects: int) -> int:
    """Full collections set off by making ``objects`` lists that stay alive."""
    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            passes.append(1)

    gc.callbacks.append(count)
    try:
        kept = [[i] for i in range(objects)]
    finally:
        gc.callbacks.remove(count)
    del kept
    return len(passes)


def test_held_full_collections_and_the_thresholds_restored() -> None:
    before = gc.get_threshold()
    # Outside the hold, a million lived-on objects set off at least one full pass
    # (the long-lived objects grow by more than a quarter): the probe can see one.
    assert _full_passes_while_keeping(1_000_000) > 0
    with full_collections_held():
        young, middle, _ = gc.get_threshold()
        assert (young, middle) == before[:2]
        assert _full_passes_while_keeping(1_000_000) == 0
    assert gc.get_threshold() == before


def test_the_thresholds_are_restored_when_the_run_fails() -> None:
    before = gc.get_threshold()
    try:
        with full_collections_held():
            raise ValueError("stopped")
    except ValueError:
        pass
    assert gc.get_threshold() == before
