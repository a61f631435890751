"""An independent re-check of the command line in a pipeline (review, December 2026):
``pbrkit validate examples/clusters.xlsx | head -1`` printed "Error: unexpected
failure: BrokenPipeError" and "report it", and exited 1, when ``head`` stopped
reading. A reader that goes away is no failure of pbrkit: it exits 141 (128 +
SIGPIPE, as a shell reports it) and says nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_a_reader_that_stops_early_is_not_an_unexpected_failure() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "pbrkit", "validate", str(ROOT / "examples" / "clusters.xlsx")]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before pbrkit prints anything
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141, stderr
    assert "unexpected failure" not in stderr
    assert stderr == ""
