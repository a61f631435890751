"""A stopped run on local processes ends after a few units, not after whole chunks.

Found on 7 December: `pbrkit sweep … --vary 'bidders.*.info_quality=0:1:4000' --workers 2`
given SIGTERM was still running 200 s later. Units went to the workers in chunks of
len(units) ÷ (processes × 8), 250 grid points at 4,000 points, and a stop waits for the
chunks in hand and the one queued behind each: about 1,000 points, minutes of work whose
results are thrown away (nothing is written after a stop). The CI's 400-point sweep
(25 points a chunk) took 68 s to stop under load. Chunks are now at most
``MAX_CHUNK`` units.

The test counts the units run after a stop instead of timing it: each unit leaves a
file; the progress callback raises KeyboardInterrupt (as Ctrl-C does) at the first
result. What still runs is a few chunks: the first, the one each of the 2 workers holds,
the 3 in the pool's call queue (workers + 1) and one or two moved there before the
cancel lands: about 7 to 8 chunks, so at most 10 × MAX_CHUNK = 80 of 2,000 units (56
seen). Before, with chunks of 2,000 ÷ 16 = 125, 750 ran (6 chunks).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pbrkit.uncertainty.executor import MAX_CHUNK, Executor


def _leave_a_mark(folder: Path, unit: int) -> int:
    (folder / f"{unit}").touch()
    time.sleep(0.01)  # long beside the pool's own hand-offs, so the count is steady
    return unit


def _mark_only(folder: Path, unit: int) -> int:
    (folder / f"{unit}").touch()
    return unit


def _stop(done: int) -> None:
    raise KeyboardInterrupt


def test_a_stop_runs_a_few_units_not_whole_chunks(tmp_path: Path) -> None:
    units = list(range(2_000))
    with pytest.raises(KeyboardInterrupt):
        Executor(workers=2).map(_leave_a_mark, tmp_path, units, progress=_stop)
    ran = len(list(tmp_path.iterdir()))
    assert 1 <= ran <= 10 * MAX_CHUNK, ran


def test_chunks_never_change_the_results(tmp_path: Path) -> None:
    units = list(range(1_000))
    assert Executor(workers=2).map(_mark_only, tmp_path, units) == units
    assert len(list(tmp_path.iterdir())) == len(units)
