"""Write a run's outputs into ``--out`` atomically, never touching an input.

Every report is first written into a staging folder beside the destination; only
when all of them exist are they moved into place with :func:`os.replace`, which is
atomic on one filesystem. A run that fails (or is interrupted) part-way leaves the
output folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

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
    out: Path, writers: Mapping[str, Writer], *, inputs: Iterable[Path]
) -> list[Path]:
    """Create each named file in ``out`` with its writer, all or nothing.

    An output whose path is an input file is refused before anything is written:
    inputs are never overwritten or removed, even inside ``--out`` with ``--force``.

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
        for name in writers:
            os.replace(staging / name, targets[name])
        done = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not done:  # leave --out as it was: remove folders this call created
            for folder in created:
                with contextlib.suppress(OSError):
                    folder.rmdir()
    return list(targets.values())


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
