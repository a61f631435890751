"""`pbrkit` leaves the objects alive at its exit to the operating system.

At exit CPython runs full garbage collections over every object still alive (about
250,000 after `pbrkit cluster`: pandas', numba's, matplotlib's), 0.8 s of CPU at
1,000,000 patients (benchmarks/results.md, "Round 14"). The entry point freezes them
(gc.freeze) in its last exit handler, after every output has been written and closed,
so those collections pass them over; the exit code is click's, as before.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = (
    "import atexit, gc, sys\n"
    # Registered before main(): exit handlers run last-registered first, so this runs
    # after pbrkit's own and sees what it left.
    "atexit.register(lambda: print('frozen:', gc.get_freeze_count() > 0, flush=True))\n"
    "from pbrkit.cli import main\n"
    "sys.argv = ['pbrkit', *sys.argv[1:]]\n"
    "main()\n"
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_objects_alive_at_exit_are_frozen_before_the_final_collections() -> None:
    run = _run("--version")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "frozen: True"


def test_a_refused_input_still_exits_2_with_its_message(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-ratings.xlsx"
    run = _run("cluster", str(missing), "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert "no-such-ratings.xlsx" in run.stderr
    assert not (tmp_path / "out").exists()
    assert run.stdout.splitlines()[-1] == "frozen: True"
