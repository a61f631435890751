"""Tests written against the survivors of mutation testing the executor's chunk cap
(commit b12e9e3; benchmarks/mutation-uncertainty.md, "mut17"): the units sent to a
worker process in one message are len(units) // (processes × 8), at least 1 and at
most ``MAX_CHUNK`` (8).

The real pool is replaced by a stand-in that records the ``chunksize`` it is given and
runs the units here, so each size is checked exactly and fast; the real pool's stop is
checked in tests/test_s16_stop_drops_chunks.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

from pbrkit.uncertainty import executor as executor_module
from pbrkit.uncertainty.executor import MAX_CHUNK, Executor


class RecordingPool:
    """Stands in for ProcessPoolExecutor: runs the units in this process."""

    chunks: list[int] = []  # noqa: RUF012 - reset by the fixture, read by the tests
    sizes: list[int | None] = []  # noqa: RUF012 - likewise

    def __init__(
        self,
        processes: int | None = None,
        *,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
    ) -> None:
        RecordingPool.sizes.append(processes)
        initializer(*initargs)

    def map(
        self, function: Callable[[Any], Any], units: Iterable[Any], *, chunksize: int
    ) -> Iterator[Any]:
        RecordingPool.chunks.append(chunksize)
        return (function(unit) for unit in units)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        # ProcessPoolExecutor's defaults: the stop is tested with a real pool
        # (tests/test_s16_stop_drops_chunks.py), not here.
        pass


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> type[RecordingPool]:
    RecordingPool.chunks = []
    RecordingPool.sizes = []
    monkeypatch.setattr(executor_module, "ProcessPoolExecutor", RecordingPool)
    return RecordingPool


def plus(model: int, unit: int) -> int:
    return model + unit


def test_the_cap_is_eight() -> None:
    assert MAX_CHUNK == 8


@pytest.mark.parametrize(
    ("workers", "units", "chunk"),
    [
        # 2 processes: len // 16.
        (2, 15, 1),  # 15 // 16 = 0, raised to 1
        (2, 32, 2),  # 32 // 16 = 2 (not 1 + ..., not the cap)
        (2, 40, 2),  # 40 // 16 = 2 (40 / 16 = 2.5 is not a chunk size)
        (2, 127, 7),  # 127 // 16 = 7, under the cap
        (2, 128, 8),  # 128 // 16 = 8, the cap exactly
        (2, 144, 8),  # 144 // 16 = 9, capped at 8
        (2, 2_000, 8),  # 2,000 // 16 = 125, capped at 8 (was 125 before b12e9e3)
        # 3 processes: len // 24, so the processes count (not len // 8 // 3 rounding
        # alike by chance): 100 // 24 = 4; 100 // 27 = 3 (× 9); 100 // 11 = 9 (+ 8).
        (3, 100, 4),
        (3, 47, 1),  # 47 // 24 = 1
        (3, 48, 2),  # 48 // 24 = 2
    ],
)
def test_units_a_message(pool: type[RecordingPool], workers: int, units: int, chunk: int) -> None:
    given = list(range(units))
    # Results come back whole and in order whatever the chunk: 5 + u.
    assert Executor(workers=workers).map(plus, 5, given) == [5 + u for u in given]
    assert pool.chunks == [chunk]


@pytest.mark.parametrize(("workers", "units", "size"), [(4, 3, 3), (2, 40, 2), (3, 100, 3)])
def test_the_pool_has_one_process_a_unit_at_most(
    pool: type[RecordingPool], workers: int, units: int, size: int
) -> None:
    # min(workers, units) processes: 4 workers for 3 units start 3 (each process gets
    # the model once, so an idle one costs its copy of the model for nothing).
    assert Executor(workers=workers).map(plus, 0, list(range(units))) == list(range(units))
    assert pool.sizes == [size]
