"""A Python snippet run in a fresh interpreter with one environment variable chosen.

The command line's memory settings (numpy's huge pages, Arrow's arenas) are read once,
when a library first loads, so their tests run ``pbrkit.cli.main`` in a new process.
"""

from __future__ import annotations

import os
import subprocess
import sys


def probe_lines(probe: str, variable: str, setting: str | None) -> list[str]:
    """The lines ``probe`` prints, run with ``variable`` unset (None) or set."""
    env = {k: v for k, v in os.environ.items() if k != variable}
    if setting is not None:
        env[variable] = setting
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=60,
    )
    return run.stdout.splitlines()
