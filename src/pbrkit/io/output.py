"""Write a run's outputs into ``--out`` atomically, never touching an input.

Every report is first written into a staging folder beside the destination; only
when all of them exist are they moved into place with :func:`os.replace`, which is
atomic on one filesystem. A run that fails (or is interrupted) part-way leaves the
output folder exactly as it was, and the staging folder is removed.

Ctrl-C (SIGINT), SIGTERM or SIGHUP while the reports are being written stops the
run: the staging folder goes and ``--out`` is untouched (the command line turns
SIGTERM and SIGHUP into the same exception as Ctrl-C). A signal during the final
moves (a few renames, microseconds) is held until they are done, so the folder ends
with all the new reports, never a mix of old and new; the run then finishes as usual.

Every file and folder a run read is protected: no output may replace an input file
or be written into an input folder (a folder of CSVs, a reference set), even with
``--force``.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pbrkit.errors import InputError, OutputExists, Problem

#: A writer is given a path to create; it must write the whole file there.
Writer = Callable[[Path], None]


@dataclass(frozen=True)
class Alongside:
    """A writer that may run in a thread of its own while the other files are written.

    For a patient-level file written by Arrow, which does its work without holding
    Python's lock (GIL): 10 million patients' allocations.parquet takes about as long
    as the four reports together, and on a second core it costs no extra time
    (benchmarks/analysis.md). It must read only data nothing else changes and write
    only its own path.
    """

    write: Writer

    def __call__(self, path: Path) -> None:
        self.write(path)


def check_output_folder(out: Path, *, force: bool, inputs: Iterable[Path]) -> None:
    """Refuse a non-empty ``out`` without ``force``, and any output that is an input.

    Raises:
        OutputExists: ``out`` has files in it and ``force`` is false.
        InputError: ``out`` is a file, lies below a file, or is an input folder.
    """
    if out.exists() and not out.is_dir():
        raise InputError(Problem(f"--out '{out}' is a file, not a folder"))
    below = next((p for p in out.absolute().parents if p.exists() and not p.is_dir()), None)
    if below is not None:
        raise InputError(
            Problem(f"--out '{out}' lies below '{below}', which is a file, not a folder"),
            hint="choose another --out folder",
        )
    folder = next((p for p in inputs if p.is_dir() and _real(p) == _real(out)), None)
    if folder is not None:
        raise InputError(
            Problem(f"--out '{out}' is the input folder '{folder}'"),
            hint="choose an --out folder outside the inputs: reports written there "
            "would be read as inputs by the next run",
        )
    if out.is_dir() and any(out.iterdir()) and not force:
        raise OutputExists(
            Problem(f"output folder '{out}' is not empty"),
            hint="use --force to replace the reports in it, or choose another --out",
        )


def write_outputs(
    out: Path,
    writers: Mapping[str, Writer],
    *,
    inputs: Iterable[Path],
    stale: Iterable[str] = (),
) -> list[Path]:
    """Create each named file in ``out`` with its writer, all or nothing.

    An output whose path is an input file is refused before anything is written:
    inputs are never overwritten or removed, even inside ``--out`` with ``--force``.
    Files named in ``stale`` (not inputs, not written now) are removed from ``out``
    once the new files are in place: a published run (``--publish``) must not leave
    an earlier run's patient-level file beside its reports.

    Returns:
        The paths written, in the order given.
    """
    out = out.resolve()
    protected = [(_real(p), p.is_dir()) for p in inputs]
    targets = {name: out / name for name in writers}
    clashes = [t for t in targets.values() if _is_input(t, protected)]
    if clashes:
        raise InputError(
            Problem(f"writing '{clashes[0]}' would overwrite an input file"),
            hint="choose another --out folder",
        )
    created = [p for p in (out, *out.parents) if not p.exists()]  # deepest first
    staging = _staging_folder(out, created)
    done = False
    try:
        _write_all(writers, staging)
        with holding_interrupts():
            for name in writers:
                os.replace(staging / name, targets[name])
            for name in stale:
                old = out / name
                if name not in writers and not _is_input(old, protected) and old.is_file():
                    old.unlink()
            done = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not done:  # leave --out as it was: remove folders this call created
            for folder in created:
                with contextlib.suppress(OSError):
                    folder.rmdir()
    return list(targets.values())


def _write_all(writers: Mapping[str, Writer], staging: Path) -> None:
    """Run every writer into ``staging``: :class:`Alongside` ones in a thread, the rest here.

    Returns only when every writer has finished, even when one failed or a signal
    stopped the run, so nothing is still writing when the staging folder is removed;
    a signal that arrives while the thread is being waited for is held until then.
    The first failure (here, else in the thread) is raised.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pbrkit-writer")
    try:
        # In the caller's context: a writer that names codes reads the run's reference
        # set (pbrkit.currency, a context variable a pool's thread does not inherit).
        running: list[Future[None]] = [
            pool.submit(contextvars.copy_context().run, write, staging / name)
            for name, write in writers.items()
            if isinstance(write, Alongside)
        ]
        for name, write in writers.items():
            if not isinstance(write, Alongside):
                write(staging / name)
        for future in running:
            future.result()
    finally:
        with holding_interrupts():
            pool.shutdown(wait=True, cancel_futures=True)


#: The signals that stop a run: Ctrl-C, ``kill`` (SIGTERM) and a closed terminal
#: (SIGHUP; absent on Windows).
STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def holding_interrupts() -> Iterator[list[int]]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends; yields the signals received.

    Only the main thread can set signal handlers; elsewhere the block runs as is.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous: dict[signal.Signals, Any] = {s: signal.getsignal(s) for s in STOP_SIGNALS}

    def hold(signum: int, frame: object) -> None:
        received.append(signum)

    for signum in STOP_SIGNALS:
        signal.signal(signum, hold)
    try:
        yield received
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def _staging_folder(out: Path, created: list[Path]) -> Path:
    """Make ``out`` (and its missing parents) and a staging folder in it.

    A folder that cannot be made (read-only, no space, a file in the way) is a
    problem with ``--out``, reported as such; folders made here are removed again.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".pbrkit-staging-", dir=out))
    except OSError as exc:
        for folder in created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise InputError(
            Problem(f"cannot write to --out '{out}': {exc.strerror or exc}"),
            hint="choose a folder you can write to (check its permissions and free space)",
        ) from None


def _is_input(target: Path, protected: list[tuple[Path, bool]]) -> bool:
    """Whether ``target`` is an input file or a file directly in an input folder."""
    real = _real(target)
    return any(_inside(real, path, is_folder) for path, is_folder in protected)


def _inside(target: Path, path: Path, is_folder: bool) -> bool:
    # pbrkit reads only the files directly in an input folder, never its sub-folders.
    return target == path or (is_folder and target.parent == path)


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
