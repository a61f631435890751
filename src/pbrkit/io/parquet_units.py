"""A Parquet file's batches read on several threads, each batch the one a single
reader would give.

``ParquetFile.iter_batches(batch_size=B)`` cuts the whole file into batches of ``B``
rows, across row groups. A per-cluster sum adds each batch's sum in turn, so its last
bit depends on where the batches are cut. To read on two cores and keep every figure
to the bit, the row groups are split into *units* only where the rows before a row
group are a whole number of batches: each unit, read on its own from its first row
group, is cut into the same batches as the whole file (a file written with pyarrow's
default row groups, 2^20 rows, splits at every row group; one whose row groups do not
line up with the batches is one unit, read on one thread as before). The units'
results come back in the file's order, for the caller to add up in that order.

Since the patient table's sums became exact (:mod:`pbrkit.io.exact_batches`), no figure
depends on where the batches are cut. The bad cells' messages are added in the file's
order, so a split at every row group may well give the same ones, and would read a
file whose row groups do not line up on two cores too; not tried: the rule stays as
measured and tested.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

Result = TypeVar("Result")


@dataclass(frozen=True)
class Unit:
    """Consecutive row groups whose batches are the whole file's, and its first row."""

    row_groups: tuple[int, ...]
    first_row: int


def units(group_rows: Sequence[int], batch_rows: int) -> list[Unit]:
    """The row groups (``group_rows``: each one's rows) split where the rows before a
    group are a whole number of batches of ``batch_rows``."""
    found: list[Unit] = []
    current: list[int] = []
    start = row = 0
    for group, rows in enumerate(group_rows):
        if current and row % batch_rows == 0:
            found.append(Unit(tuple(current), start))
            current, start = [], row
        current.append(group)
        row += rows
    if current:
        found.append(Unit(tuple(current), start))
    return found


def map_batches(
    path: Path,
    columns: Sequence[str],
    batch_rows: int,
    work: Callable[[Any, int], Result],
) -> Iterator[Result]:
    """``work(batch, first_row)`` of every batch of ``columns``, in the file's order,
    the units read side by side on up to one thread per core (pyarrow and numpy
    release the GIL for the reading and the arithmetic)."""
    import pyarrow.parquet as pq

    metadata = pq.ParquetFile(path, memory_map=True).metadata
    rows = [metadata.row_group(g).num_rows for g in range(metadata.num_row_groups)]
    found = units(rows, batch_rows)

    workers = max(1, min(len(found), os.cpu_count() or 1))

    def run(unit: Unit) -> list[Result]:
        handle = pq.ParquetFile(path, memory_map=True)  # a reader of its own per thread
        results, first = [], unit.first_row
        batches = handle.iter_batches(
            batch_size=batch_rows,
            row_groups=list(unit.row_groups),
            columns=list(columns),
            use_threads=workers == 1,  # Arrow's own threads only when ours are not used
        )
        for batch in batches:
            results.append(work(batch, first))
            first += batch.num_rows
        return results

    if workers == 1:
        for unit in found:
            yield from run(unit)
        return
    # Each unit runs in a copy of the caller's context: the reference set's codes
    # (pbrkit.currency) are a context variable, which a pool's threads do not inherit;
    # one copy a unit, since a context is entered by one thread at a time.
    contexts = [contextvars.copy_context() for _ in found]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pbrkit-parquet") as pool:
        for results in pool.map(lambda context, unit: context.run(run, unit), contexts, found):
            yield from results
