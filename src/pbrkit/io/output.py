"""Write a run's outputs into ``--out`` atomically, never touching an input.

Every report is first written into a staging folder beside the destination; only
when all of them exist are they moved into place with :func:`os.replace`, which is
atomic on one filesystem. A run that fails (or is interrupted) part-way leaves the
output folder exactly as it was, and the staging folder is removed.

Ctrl-C (SIGINT) while the reports are being written stops the run: the staging
folder goes and ``--out`` is untouched. Ctrl-C during the final moves (a few
renames, microseconds) is held until they are done, so the folder ends with all the
new reports, never a mix of old and new; the run then finishes as usual.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pbrkit.errors import InputError, OutputExists, Problem

#: A writer is given a path to create; it must write the whole file there.
Writer = Callable[[Path], None]


def check_output_folder(out: Path, *, force: bool, inputs: Iterable[Path]) -> None:
    """Refuse a non-empty ``out`` without ``force``, and any output that is an input.

    Raises:
        OutputExists: ``out`` has files in it and ``force`` is false.
        InputError: ``out`` is a file.
    """
    if out.exists() and not out.is_dir():
        raise InputError(Problem(f"--out '{out}' is a file, not a folder"))
    if out.is_dir() and any(out.iterdir()) and not force:
        raise OutputExists(
            Problem(f"output folder '{out}' is not empty"),
            hint="use --force to replace the reports in it, or choose another --out",
        )
    del inputs  # Inputs are protected file by file in write_outputs.


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
    protected = {_real(p) for p in inputs}
    targets = {name: out / name for name in writers}
    clashes = [t for t in targets.values() if _real(t) in protected]
    if clashes:
        raise InputError(
            Problem(f"writing '{clashes[0]}' would overwrite an input file"),
            hint="choose another --out folder",
        )
    created = [p for p in (out, *out.parents) if not p.exists()]  # deepest first
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".pbrkit-staging-", dir=out))
    done = False
    try:
        for name, write in writers.items():
            write(staging / name)
        with holding_interrupts():
            for name in writers:
                os.replace(staging / name, targets[name])
            for name in stale:
                old = out / name
                if name not in writers and _real(old) not in protected and old.is_file():
                    old.unlink()
            done = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not done:  # leave --out as it was: remove folders this call created
            for folder in created:
                with contextlib.suppress(OSError):
                    folder.rmdir()
    return list(targets.values())


@contextlib.contextmanager
def holding_interrupts() -> Iterator[list[int]]:
    """Hold SIGINT (Ctrl-C) until the block ends; yields the signals received.

    Only the main thread can set signal handlers; elsewhere the block runs as is.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous: Any = signal.getsignal(signal.SIGINT)

    def hold(signum: int, frame: object) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, hold)
    try:
        yield received
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
