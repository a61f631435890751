"""The ``pbrkit`` command line: parse options, call one library function, map errors.

Exit codes (README, Commands): 0 success, 1 runtime failure, 2 bad input or usage, with
nothing written. Errors print one line per problem and a hint; ``--debug`` shows
the traceback of an unexpected failure.

A run stopped by a signal writes nothing and exits 128 + the signal's number, the
shell's convention: Ctrl-C (SIGINT) 130, SIGHUP 129, SIGTERM 143. SIGTERM and SIGHUP
are turned into the same exception as Ctrl-C, so the clean-up that keeps ``--out``
as it was (see :mod:`pbrkit.io.output`) runs for all three. Output piped to a reader
that stops early (``| head``) ends the run quietly with 141, as SIGPIPE would.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

from pbrkit.errors import EXIT_FAILURE, PbrkitError


class Stopped(KeyboardInterrupt):
    """The run was stopped by SIGTERM or SIGHUP (a KeyboardInterrupt, like Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Raise :class:`Stopped` on SIGTERM and SIGHUP while the block runs (main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    previous = {n: signal.signal(getattr(signal, n), _stop) for n in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:  # pragma: no cover - only SIGTERM and SIGHUP are turned into Stopped
        return f"signal {signum}"


#: 128 + SIGPIPE (13), as a shell reports a command whose reader went away.
_SIGPIPE_EXIT = 141


def _quiet_stdout() -> None:
    """Whoever read stdout stopped reading (``pbrkit validate x.xlsx | head -1``): that
    is no failure of the run. Point stdout at /dev/null so the interpreter's last flush
    cannot raise again (Python docs, "Note on SIGPIPE" in the signal module)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class PbrkitGroup(click.Group):
    """A click group that turns pbrkit errors into messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with stopping_on_signals():
                return super().invoke(ctx)
        except PbrkitError as error:
            click.echo(f"Error: {error}", err=True)
            if error.hint:
                click.echo(f"Hint: {error.hint}", err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Stopped as stopped:
            click.echo(f"Stopped by {_signal_name(stopped.signum)}: nothing was written.", err=True)
            ctx.exit(128 + stopped.signum)
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing was written.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            _quiet_stdout()
            ctx.exit(_SIGPIPE_EXIT)
        except Exception as error:
            if ctx.meta.get("pbrkit.debug"):
                raise
            click.echo(f"Error: unexpected failure: {type(error).__name__}: {error}", err=True)
            click.echo("Hint: run again with --debug for details, and report it.", err=True)
            ctx.exit(EXIT_FAILURE)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the version is looked up only when asked for (start-up time)."""
    if not value or ctx.resilient_parsing:
        return
    from pbrkit import __version__

    click.echo(f"pbrkit, version {__version__}")
    ctx.exit()


@click.group(cls=PbrkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected failures.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """pbrkit: the money behind mental-health Payment by Results, made visible.

    \b
    Write the shipped example caseload here, then cost it against the tariff:
      pbrkit example clusters.xlsx
      pbrkit cost clusters.xlsx
    Check an input without writing anything:
      pbrkit validate clusters.xlsx
    Write a blank input workbook:
      pbrkit template --kind cost my-caseload.xlsx
    """
    ctx.meta["pbrkit.debug"] = debug


# numpy asks Linux for transparent huge pages for every large array. Where the kernel
# then compacts memory on the fault (THP "defrag" set to madvise, a common default),
# the first write to fresh arrays stalls unpredictably: on the 2-core benchmark host,
# filling 500 MB took 0.09-1.35 s with huge pages and a steady 0.18 s without, and the
# allocation kernel at 10M patients 0.97-1.26 s against 0.63-0.68 s
# (benchmarks/results.md). numpy reads this setting once, when first imported
# (numpy.org, "Global configuration options"); a value the user has set is kept.
HUGE_PAGES_SETTING = "NUMPY_MADVISE_HUGEPAGE"


def configure_numpy(environ: MutableMapping[str, str]) -> None:
    """Turn numpy's huge-page requests off unless the user has chosen."""
    environ.setdefault(HUGE_PAGES_SETTING, "0")


# Arrow's default memory pool, mimalloc, commits its arenas eagerly and asks Linux for
# transparent huge pages for them; on the 2-core benchmark host each huge page first
# touched cost about 9 ms of kernel time (the pages are zeroed, and the hypervisor
# backs them), so reading the 10M-row ratings file took 0.5 s of system time with
# lazily committed arenas and 1.3-10.6 s with eager ones (6 runs; most over 6 s).
# mimalloc reads its options when pyarrow first loads it (github.com/microsoft/mimalloc,
# "Environment Options"); a value the user has set is kept. Measurements:
# benchmarks/analysis.md, "Round 10: fresh-page faults".
ARROW_ARENA_SETTING = "MIMALLOC_ARENA_EAGER_COMMIT"


def configure_arrow(environ: MutableMapping[str, str]) -> None:
    """Commit Arrow's (mimalloc's) arenas as they are used, unless the user has chosen."""
    environ.setdefault(ARROW_ARENA_SETTING, "0")


def leave_exit_to_the_system() -> None:
    """Have the interpreter's collections at exit pass over the objects still alive.

    After the last exit handler CPython runs full garbage collections over every object
    left (about 250,000 after ``pbrkit cluster``: pandas', numba's, matplotlib's): 0.8 s
    of CPU at 1,000,000 patients, for memory the system takes back anyway
    (benchmarks/results.md, "Round 14"). Registered first, the freeze runs after every
    other exit handler; every output is written and closed before the command returns,
    and the exit code is click's.
    """
    atexit.register(gc.freeze)


def main() -> None:
    """Console-script entry point."""
    configure_numpy(os.environ)
    configure_arrow(os.environ)
    leave_exit_to_the_system()
    cli(prog_name="pbrkit")


# Importing the command modules attaches their commands to ``cli``.
from pbrkit.cli import (  # noqa: E402, F401
    cluster,
    compare,
    cost,
    example,
    explore,
    imports,
    misc,
    tender,
    uncertainty,
)

__all__ = ["cli", "main"]
