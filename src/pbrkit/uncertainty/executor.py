"""Run independent work units here, on local processes, or on a Dask cluster.

A work unit (a PSA sample, a tornado arm, a threshold search, a sweep's grid point) is a pure
function of the model, its parameters and its seeds: ``task(model, unit)``. The
executor only decides where it runs; results come back in unit order, so the same seed
gives byte-identical figures whatever the executor and the number of workers.

* ``workers=1``: in this process, one unit after another.
* ``workers=N``: :class:`~concurrent.futures.ProcessPoolExecutor`; each process
  receives the model once (its initializer), then units.
* ``kind="dask"``: an existing ``distributed`` scheduler at ``scheduler``
  (``pip install 'pbrkit[dask]'``); the model is scattered to every worker once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pbrkit.errors import InputError, Problem

M = TypeVar("M")
U = TypeVar("U")
R = TypeVar("R")

#: Told the number of units done so far.
Progress = Callable[[int], None]

#: The most units sent to a worker process in one message. A stop (Ctrl-C, SIGTERM)
#: waits for the chunks the workers hold and the one queued behind each, whose results
#: are then thrown away: with chunks of a sixteenth of a 4,000-point sweep (250 points)
#: that was minutes. Eight units a message still keeps pickling small beside the work.
MAX_CHUNK = 8


@dataclass(frozen=True)
class Executor:
    """Where work units run.

    Attributes:
        workers: local processes (None: one per core); ignored with Dask.
        kind: ``local`` or ``dask``.
        scheduler: the Dask scheduler's address (``tcp://host:8786``), or a
            ``distributed.Client`` already connected.
    """

    workers: int | None = None
    kind: Literal["local", "dask"] = "local"
    scheduler: Any = None

    def __post_init__(self) -> None:
        if self.workers is not None and (isinstance(self.workers, bool) or self.workers < 1):
            raise InputError(Problem("--workers must be 1 or more", value=self.workers))
        if self.kind == "dask" and self.scheduler is None:
            raise InputError(
                Problem("--executor dask needs --scheduler ADDRESS"),
                hint="for example --scheduler tcp://127.0.0.1:8786",
            )

    def map(
        self,
        task: Callable[[M, U], R],
        model: M,
        units: Sequence[U],
        progress: Progress | None = None,
    ) -> list[R]:
        """``[task(model, unit) for unit in units]``, in unit order, wherever they run.

        ``task`` must be a module-level function and ``model`` and the units picklable
        when the work leaves this process.
        """
        if not units:
            return []
        if self.kind == "dask":
            return _on_dask(self.scheduler, task, model, units, progress)
        processes = min(self.workers or os.cpu_count() or 1, len(units))
        if processes == 1:
            return _here(task, model, units, progress)
        return _on_processes(processes, task, model, units, progress)


def _here(
    task: Callable[[M, U], R], model: M, units: Sequence[U], progress: Progress | None
) -> list[R]:
    results = []
    for unit in units:
        results.append(task(model, unit))
        if progress is not None:
            progress(len(results))
    return results


#: The task and model a worker process was started with (set once per process).
_HELD: dict[str, Any] = {}


def _start(task: Callable[[M, U], R], model: M) -> None:
    _HELD.update(task=task, model=model)


def _run_held(unit: Any) -> Any:
    return _HELD["task"](_HELD["model"], unit)


def _on_processes(
    processes: int,
    task: Callable[[M, U], R],
    model: M,
    units: Sequence[U],
    progress: Progress | None,
) -> list[R]:
    results: list[R] = []
    # A few units per message keeps pickling overhead small without starving a worker,
    # and never so many that a stop waits long for work it throws away.
    chunk = max(1, min(MAX_CHUNK, len(units) // (processes * 8)))
    pool = ProcessPoolExecutor(processes, initializer=_start, initargs=(task, model))
    try:
        for result in pool.map(_run_held, units, chunksize=chunk):
            results.append(result)
            if progress is not None:
                progress(len(results))
    finally:
        # Stopped (Ctrl-C, SIGTERM) or failed: drop the units not yet started, so the
        # run ends once the workers finish the units in hand, not all of them.
        pool.shutdown(wait=True, cancel_futures=True)
    return results


def _on_dask(
    scheduler: Any,
    task: Callable[[M, U], R],
    model: M,
    units: Sequence[U],
    progress: Progress | None,
) -> list[R]:
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - depends on the install
        raise InputError(
            Problem("--executor dask needs the distributed package"),
            hint="pip install 'pbrkit[dask]'",
        ) from None
    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler  # type: ignore[no-untyped-call]
    try:
        # hash=False: a key of its own each time. The same model scattered again (the
        # PSA, then the tornado) would otherwise reuse the key the scheduler is still
        # forgetting from the first run, and the tasks lose their data.
        held = client.scatter(model, broadcast=True, hash=False)
        futures = [client.submit(task, held, unit, pure=False) for unit in units]
        if progress is not None:
            finished = as_completed(futures)  # type: ignore[no-untyped-call]
            for done, _ in enumerate(finished, start=1):
                progress(done)
        # Gathered in submission order, never completion order.
        return list(client.gather(futures))
    finally:
        if own:
            client.close()
