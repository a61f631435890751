"""Nothing lost: Ctrl-C (SIGINT), SIGTERM or SIGHUP never leave a half-written report.

Real processes are interrupted with a real SIGINT: during a long simulation, and
while the reports are being written (the staging folder exists and a file in it is
growing). Each time ``--out`` must hold exactly what it held before (a sentinel
report, replaced only with ``--force``), no ``.pbrkit-staging-*`` folder may remain,
the exit code is 130 and stderr says "Interrupted: nothing was written" (for SIGTERM
143 and for SIGHUP 129, 128 + the signal's number, with "Stopped by SIGTERM").

An interrupt during the final renames cannot be timed from outside (they take
microseconds), so that case is tested in-process: SIGINT is raised from inside
``os.replace`` and the folder must end with every new report, never a mix.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pbrkit.io import output
from pbrkit.io.output import write_outputs

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
EXAMPLES = ROOT / "examples"
ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]
SENTINELS = {
    "summary.json": '{"sentinel": true}\n',
    "report.html": "<p>sentinel</p>\n",
    "report.xlsx": "not really a workbook: a sentinel\n",
    "allocations.csv": "patient_id\nsentinel\n",
}

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _sentinel_folder(path: Path) -> dict[str, str]:
    path.mkdir(parents=True)
    for name, text in SENTINELS.items():
        (path / name).write_text(text, encoding="utf-8")
    return _snapshot(path)


def _snapshot(path: Path) -> dict[str, str]:
    return {p.name: p.read_bytes().decode("utf-8", "replace") for p in sorted(path.iterdir())}


def _start(*args: str | Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-m", "pbrkit", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_until_running(process: subprocess.Popen[str], then: float = 3.0) -> None:
    """Wait until pbrkit's command is running (it has installed its SIGTERM handler:
    Python's start-up and imports can take several seconds on a busy machine), then
    ``then`` seconds more. Without /proc, wait a fixed time."""
    status = Path(f"/proc/{process.pid}/status")
    if not status.exists():  # pragma: no cover - not Linux
        time.sleep(4.0 + then)
        return
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        caught = next(
            (int(line.split()[1], 16) for line in status.read_text().splitlines()
             if line.startswith("SigCgt:")),
            0,
        )  # fmt: skip
        if caught & (1 << (signal.SIGTERM - 1)):
            break
        time.sleep(0.05)
    time.sleep(then)


def _finish(process: subprocess.Popen[str]) -> str:
    """Wait for an interrupted run; kill it (and fail) if it does not stop."""
    try:
        return process.communicate(timeout=120)[1]
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("the interrupted run did not stop within 120 s") from None


#: The signals that stop a run, with the exit code and message each must give.
STOPS = {
    "SIGINT": (signal.SIGINT, 130, "Interrupted: nothing was written"),
    "SIGTERM": (signal.SIGTERM, 143, "Stopped by SIGTERM: nothing was written"),
    "SIGHUP": (signal.SIGHUP, 129, "Stopped by SIGHUP: nothing was written"),
}


def _assert_untouched(
    out: Path, before: dict[str, str], process: subprocess.Popen[str], stop: str = "SIGINT"
) -> None:
    stderr = _finish(process)
    _, code, message = STOPS[stop]
    assert process.returncode == code, stderr
    assert message in stderr
    assert "Traceback" not in stderr
    assert not list(out.glob(".pbrkit-staging-*"))
    assert _snapshot(out) == before


@pytest.mark.parametrize("stop", list(STOPS))
def test_signal_during_a_long_simulation(tmp_path: Path, stop: str) -> None:
    out = tmp_path / "out"
    before = _sentinel_folder(out)
    process = _start(
        "tender", EXAMPLES / "clusters.xlsx", "--draws", "200000", "--force", "--out", out
    )
    _wait_until_running(process)  # then reading and setting up take ~1.5 s; drawing minutes
    assert process.poll() is None, "the simulation ended before it could be interrupted"
    started = time.monotonic()
    process.send_signal(STOPS[stop][0])
    _assert_untouched(out, before, process, stop)
    assert time.monotonic() - started < 60, "the run did not stop promptly"


@pytest.fixture(scope="module")
def big_ratings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300,000 patients: the allocations file takes about a second to write."""
    rng = np.random.default_rng(7)
    n = 300_000
    frame = pd.DataFrame(rng.integers(0, 5, size=(n, len(ITEMS))), columns=ITEMS)
    frame.insert(0, "patient_id", [f"P{i:07d}" for i in range(n)])
    frame["cluster"] = rng.choice([1, 2, 3, 4, 11, 12, 13], size=n)
    path = tmp_path_factory.mktemp("big") / "ratings.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("stop", list(STOPS))
def test_signal_while_the_reports_are_written(tmp_path: Path, big_ratings: Path, stop: str) -> None:
    """Stop the run once the staging folder holds a file that is still being written
    (allocations.csv, full of patient IDs: SIGTERM used to leave it half-written)."""
    out = tmp_path / "out"
    before = _sentinel_folder(out)
    process = _start("cluster", big_ratings, "--force", "--out", out)
    deadline = time.monotonic() + 120
    staged: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        staged = [f for d in out.glob(".pbrkit-staging-*") for f in d.iterdir()]
        if staged:
            break
        time.sleep(0.005)
    assert staged, "never saw a report being written: " + (process.communicate()[1] or "")
    process.send_signal(STOPS[stop][0])
    _assert_untouched(out, before, process, stop)


def test_sigint_before_anything_is_written_leaves_no_new_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    process = _start("tender", EXAMPLES / "clusters.xlsx", "--draws", "200000", "--out", out)
    _wait_until_running(process)
    process.send_signal(signal.SIGINT)
    stderr = _finish(process)
    assert process.returncode == 130, stderr
    assert not out.exists() and not out.parent.exists()


@pytest.mark.parametrize("stop", list(STOPS))
def test_signal_during_the_renames_is_held_until_all_are_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: str
) -> None:
    """A real signal arrives during the first rename: every new report still lands."""
    out = tmp_path / "out"
    _sentinel_folder(out)
    real_replace = os.replace
    calls: list[str] = []

    def replace_then_interrupt(source: Path, target: Path) -> None:
        real_replace(source, target)
        calls.append(Path(target).name)
        if len(calls) == 1:
            os.kill(os.getpid(), STOPS[stop][0])
            time.sleep(0.05)  # a handler, if any, runs here

    monkeypatch.setattr(output.os, "replace", replace_then_interrupt)
    writers = {
        name: (lambda path, name=name: path.write_text(f"new {name}\n", encoding="utf-8"))
        for name in ("summary.json", "report.xlsx", "report.html")
    }
    written = write_outputs(out, writers, inputs=[], stale=["allocations.csv"])
    assert [p.name for p in written] == list(writers)
    assert calls == list(writers)
    assert _snapshot(out) == {name: f"new {name}\n" for name in sorted(writers)}
    assert not list(out.glob(".pbrkit-staging-*"))
    # The usual handling is back once the moves are done.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_an_interrupted_writer_leaves_no_staging_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = _sentinel_folder(out)

    def interrupted(path: Path) -> None:
        path.write_text("half a rep", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_outputs(
            out,
            {
                "summary.json": lambda p: p.write_text("{}", encoding="utf-8"),
                "report.html": interrupted,
            },
            inputs=[],
        )
    assert _snapshot(out) == before
    assert not list(out.glob(".pbrkit-staging-*"))


def test_sigterm_stops_a_parallel_sweep_without_finishing_the_grid(tmp_path: Path) -> None:
    """SIGTERM to the main process of a 2-worker sweep: the points not yet started are
    dropped, so it stops within seconds (it used to run the whole grid first)."""
    out = tmp_path / "out"
    before = _sentinel_folder(out)
    process = _start(
        "sweep", EXAMPLES / "scenarios" / "aqp-fixed-tariff.toml",
        "--vary", "bidders.*.info_quality=0:1:400", "--workers", "2", "--force", "--out", out,
    )  # fmt: skip
    _wait_until_running(process, then=6.0)
    assert process.poll() is None, "the sweep ended before it could be stopped"
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _assert_untouched(out, before, process, "SIGTERM")
    assert time.monotonic() - started < 60, "the sweep ran on after SIGTERM"
