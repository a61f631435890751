"""Progress on stderr for work that takes more than a moment.

Two helpers, both silent unless stderr is a terminal (scripts, pipes and ``--json``
never see them) and both quiet for work that ends within :data:`DELAY` seconds, so a
fast run prints nothing extra:

* :func:`progress_bar` — for counted work (draws, sweep points, PSA samples, tornado
  bars): yields ``update(done, total)``; a bar appears once the work has run
  :data:`DELAY` seconds and is not yet done.
* :func:`stage` — for one uncounted step (reading a large workbook): prints
  ``label…`` once it has run :data:`DELAY` seconds, and how long it took at the end.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final, TextIO

import click

#: Seconds of work before any progress is shown.
DELAY: Final = 2.0


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress_bar(
    label: str, *, stream: TextIO | None = None, delay: float | None = None
) -> Iterator[Callable[[int, int], None]]:
    """A click progress bar on ``stream`` (stderr), shown only for work over ``delay``
    seconds (default :data:`DELAY`, read when called)."""
    out = stream or sys.stderr
    delay = DELAY if delay is None else delay
    started = time.monotonic()
    bar: Any = None
    shown = 0

    def update(done: int, total: int) -> None:
        nonlocal bar, shown
        if bar is None:
            late = time.monotonic() - started >= delay
            if not (late and done < total and _is_terminal(out)):
                return
            bar = click.progressbar(length=total, label=label, file=out)
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@contextmanager
def stage(
    label: str, *, stream: TextIO | None = None, delay: float | None = None
) -> Iterator[None]:
    """Say ``label…`` on ``stream`` (stderr) if the block runs longer than ``delay`` s
    (default :data:`DELAY`)."""
    out = stream or sys.stderr
    delay = DELAY if delay is None else delay
    if not _is_terminal(out):
        yield
        return
    started = time.monotonic()
    said = threading.Event()

    def say() -> None:
        said.set()
        click.echo(f"{label}…", file=out)

    timer = threading.Timer(delay, say)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        if said.is_set():
            click.echo(f"{label}: done in {time.monotonic() - started:.1f} s", file=out)
