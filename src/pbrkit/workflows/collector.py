"""The garbage collector's full passes held off while a run reads, computes and writes.

A full collection (CPython's oldest generation) walks every object alive. In a
``pbrkit cluster`` run nearly all of them are modules' (pandas, pyarrow, numba,
matplotlib), which live until exit, and their imports are what set the passes off:
the number of long-lived objects grows by more than a quarter (CPython's
``Modules/gcmodule.c``, "long_lived_pending"). Four such passes took 0.19 s of CPU at
1,000,000 and at 10,000,000 patients and found at most 20 objects to free
(benchmarks/results.md, "Round 18 (fixed cost)"). The young generations, where a
run's cycles are made and die, are still collected as usual; at exit the entry point
freezes what is left (``pbrkit.cli.leave_exit_to_the_system``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: The largest threshold ``gc.set_threshold`` takes (a C int): the oldest generation's
#: count is raised by one per middle-generation pass, about 55 in a 1M or 10M run.
NEVER: int = 2**31 - 1


@contextlib.contextmanager
def full_collections_held() -> Iterator[None]:
    """Collect only the young generations in the block; the thresholds as they were after."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)
