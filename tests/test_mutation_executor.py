"""Tests written against the survivors of mutation testing `pbrkit.uncertainty.executor`
(benchmarks/mutation-uncertainty.md): the refusals word for word, the hand-over to
Dask, when units run in this process and when on others, and progress from worker
processes. No Dask cluster is started: the hand-over is checked by a stand-in.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.uncertainty import executor as executor_module
from pbrkit.uncertainty.executor import Executor


def pid_and_square(model: int, unit: int) -> tuple[int, int]:
    # Module level, so worker processes can run it: the process it ran in, and a
    # result that depends on the model and the unit.
    return os.getpid(), model + unit * unit


def test_the_refusals_word_for_word() -> None:
    with pytest.raises(InputError) as zero:
        Executor(workers=0)
    assert zero.value.problems == (Problem("--workers must be 1 or more", value=0),)
    with pytest.raises(InputError) as dask:
        Executor(kind="dask")
    assert dask.value.problems == (Problem("--executor dask needs --scheduler ADDRESS"),)
    assert dask.value.hint == "for example --scheduler tcp://127.0.0.1:8786"


def test_dask_gets_the_scheduler_task_model_units_and_progress(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[Any, ...]] = []

    def stand_in(*args: Any) -> list[str]:
        seen.append(args)
        return ["done"]

    monkeypatch.setattr(executor_module, "_on_dask", stand_in)
    told: list[int] = []
    result = Executor(kind="dask", scheduler="tcp://host:8786").map(
        pid_and_square, 10, [1, 2], told.append
    )
    assert result == ["done"]
    assert seen == [("tcp://host:8786", pid_and_square, 10, [1, 2], told.append)]


@pytest.mark.parametrize("workers", [None, 1, 2])
def test_one_unit_runs_in_this_process(workers: int | None) -> None:
    # min(workers, units) = 1 process: no pool is started for a single unit.
    assert Executor(workers=workers).map(pid_and_square, 10, [3]) == [(os.getpid(), 19)]


def _processes(executor: Executor, units: list[int], told: list[int]) -> set[int]:
    results = executor.map(pid_and_square, 10, units, told.append)
    # In unit order whatever process ran each: 10 + u².
    assert [value for _, value in results] == [10 + u * u for u in units]
    return {pid for pid, _ in results}


def test_two_workers_run_units_elsewhere_in_order_and_tell_progress() -> None:
    # 40 units on 2 processes: chunks of max(1, 40 // (2 × 8)) = 2 units; every
    # result comes back in order, and progress is told 1, 2, … 40.
    told: list[int] = []
    pids = _processes(Executor(workers=2), list(range(40)), told)
    assert os.getpid() not in pids
    assert told == list(range(1, 41))


def test_no_worker_count_means_one_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    # workers=None: os.cpu_count() processes; with 2 cores and 2 units, 2 processes.
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert os.getpid() not in _processes(Executor(), [1, 2], [])
    # A count given wins over the cores: workers=2 on 1 core still uses 2 processes.
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert os.getpid() not in _processes(Executor(workers=2), [1, 2], [])
    # Cores unknown (cpu_count() is None): one process, this one.
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert _processes(Executor(), [1, 2], []) == {os.getpid()}


class FakeClient:
    """Stands in for ``distributed.Client``: runs each task at once, records the calls."""

    made: ClassVar[list[FakeClient]] = []

    def __init__(self, address: str | None = None) -> None:
        self.address = address
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.closed = False
        FakeClient.made.append(self)

    def scatter(self, model: Any, **options: Any) -> tuple[str, Any]:
        self.calls.append(("scatter", options))
        return ("held", model)

    def submit(self, task: Any, held: tuple[str, Any], unit: Any, **options: Any) -> Any:
        self.calls.append(("submit", options))
        assert held[0] == "held"
        return task(held[1], unit)

    def gather(self, futures: list[Any]) -> list[Any]:
        return list(futures)

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_dask(monkeypatch: pytest.MonkeyPatch) -> type[FakeClient]:
    distributed = pytest.importorskip("distributed")
    FakeClient.made = []
    monkeypatch.setattr(distributed, "Client", FakeClient)
    # Completion order is not unit order: the last unit finishes first.
    monkeypatch.setattr(distributed, "as_completed", lambda futures: list(reversed(futures)))
    return FakeClient


def test_dask_by_address_scatters_once_submits_impure_and_closes(
    fake_dask: type[FakeClient],
) -> None:
    told: list[int] = []
    executor = Executor(kind="dask", scheduler="tcp://host:8786")
    results = executor.map(pid_and_square, 10, [1, 2, 3], told.append)
    # Gathered in unit order (10 + u²), whatever order they finished in.
    assert [value for _, value in results] == [11, 14, 19]
    assert told == [1, 2, 3]
    (client,) = fake_dask.made
    assert client.address == "tcp://host:8786"
    assert client.calls == [
        ("scatter", {"broadcast": True, "hash": False}),
        *[("submit", {"pure": False})] * 3,
    ]
    assert client.closed  # the executor's own client


def test_dask_with_a_connected_client_leaves_it_open(fake_dask: type[FakeClient]) -> None:
    client = FakeClient("tcp://given:8786")
    results = Executor(kind="dask", scheduler=client).map(pid_and_square, 1, [2])
    assert [value for _, value in results] == [5]
    assert fake_dask.made == [client]  # no second client
    assert not client.closed


def test_dask_without_the_distributed_package_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A None entry in sys.modules makes `from distributed import …` raise ImportError.
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(InputError) as refused:
        Executor(kind="dask", scheduler="tcp://host:8786").map(pid_and_square, 1, [2])
    assert refused.value.problems == (Problem("--executor dask needs the distributed package"),)
    assert refused.value.hint == "pip install 'pbrkit[dask]'"


def mark_slowly_or_fail(folder: str, unit: int) -> int:
    # Unit 0 fails at once; every other unit takes 0.2 s and leaves a file behind.
    if unit == 0:
        raise ValueError("unit 0 fails")
    time.sleep(0.2)
    (Path(folder) / f"{unit}.done").touch()
    return unit


def test_a_failing_unit_stops_the_pool_without_running_the_rest(tmp_path: Path) -> None:
    # 40 units on 2 processes: the failure of unit 0 reaches the caller, the units not
    # yet started are dropped (cancel_futures) rather than run (39 × 0.2 s ÷ 2 ≈ 4 s),
    # and the ones in hand are finished before map returns (wait): nothing is left
    # running afterwards to write more files.
    with pytest.raises(ValueError, match="unit 0 fails"):
        Executor(workers=2).map(mark_slowly_or_fail, str(tmp_path), list(range(40)))
    done = len(list(tmp_path.glob("*.done")))
    time.sleep(0.6)
    assert len(list(tmp_path.glob("*.done"))) == done
    assert done < 39
