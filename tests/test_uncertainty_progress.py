"""Progress bars for PSA, tornado, threshold, sweep and tender work: on stderr when it
is a terminal (here a real pseudo-terminal from the ``pty`` module), never otherwise.

``pbrkit psa`` and ``pbrkit threshold --samples`` show a bar for any stage of 20 work
units or more; ``pbrkit sweep`` and ``pbrkit tender`` show theirs once the work has
run :data:`pbrkit.cli.progress.DELAY` seconds, which the in-process tests set to 0.
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"
AQP = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"

#: What click draws: the label, then a bar of '#' and '-' with a percentage.
BAR_PARTS = ("[", "#", "%")


@pytest.fixture
def ranges(tmp_path: Path) -> Path:
    """Two uncertain parameters: 5 tornado arms (no bar), 20 PSA samples (a bar)."""
    path = tmp_path / "ranges.csv"
    path.write_text(
        "parameter,low,high\nnhs.fixed_cost_share,0.35,0.75\nbidders.*.info_quality,0.3,0.6\n",
        encoding="utf-8",
    )
    return path


def psa_args(ranges: Path, out: Path) -> list[str]:
    return [
        "psa", str(EXAMPLE), "--uncertainty", str(ranges),
        "--samples", "20", "--workers", "1", "--out", str(out),
    ]  # fmt: skip


def run_cli(args: Sequence[str], *, terminal: bool) -> tuple[int, str]:
    """``python -m pbrkit ARGS`` with stderr on a pseudo-terminal (or a pipe): (exit
    code, everything written to stderr)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}
    command = [sys.executable, "-m", "pbrkit", *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
        return done.returncode, done.stderr
    main, secondary = pty.openpty()
    chunks: list[bytes] = []
    # Read as the child writes: a full terminal buffer would block it.
    reader = threading.Thread(target=_drain, args=(main, chunks), daemon=True)
    reader.start()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=secondary, env=env) as process:
        os.close(secondary)
        code = process.wait(timeout=600)
    reader.join(timeout=30)
    os.close(main)
    return code, b"".join(chunks).decode("utf-8", errors="replace")


def _drain(fd: int, chunks: list[bytes]) -> None:
    """Everything written to the terminal whose main end is ``fd``, until it closes."""
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the other end closed
            return
        if not data:
            return
        chunks.append(data)


def test_psa_draws_bars_on_a_terminal(tmp_path: Path, ranges: Path) -> None:
    code, stderr = run_cli(psa_args(ranges, tmp_path / "psa"), terminal=True)
    assert code == 0, stderr
    assert "PSA samples" in stderr
    assert "Threshold searches" in stderr  # 20 samples + the median: 21 searches
    assert "Tornado arms" not in stderr  # 5 arms: too few to be worth a bar
    assert all(part in stderr for part in BAR_PARTS)
    assert "100%" in stderr


def test_psa_leaves_stderr_clean_without_a_terminal(tmp_path: Path, ranges: Path) -> None:
    code, stderr = run_cli(psa_args(ranges, tmp_path / "psa"), terminal=False)
    assert code == 0, stderr
    assert stderr == ""


@contextmanager
def stderr_on(stream: io.TextIOBase) -> Iterator[None]:
    saved = sys.stderr
    sys.stderr = stream  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stderr = saved


def run_here(args: Sequence[str], *, terminal: bool) -> str:
    """Run the CLI in this process with stderr on a pseudo-terminal (or a StringIO) and
    no delay before a bar; what stderr received."""
    if not terminal:
        pipe = io.StringIO()
        with stderr_on(pipe):
            cli.main(list(args), standalone_mode=False)
        return pipe.getvalue()
    main, secondary = pty.openpty()
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(main, chunks), daemon=True)
    reader.start()
    with os.fdopen(secondary, "w", encoding="utf-8") as terminal_file:
        assert terminal_file.isatty()
        with stderr_on(terminal_file):
            cli.main(list(args), standalone_mode=False)
    reader.join(timeout=30)
    os.close(main)
    return b"".join(chunks).decode("utf-8", errors="replace")


WORK = {
    "sweep": (
        ["sweep", str(AQP), "--vary", "nhs.fixed_cost_share=0.3:0.7:3", "--draws", "1"],
        "Sweeping",
    ),
    "tender": (["tender", str(EXAMPLE), "--draws", "3"], "Simulating tenders"),
}


@pytest.mark.parametrize("work", list(WORK))
def test_sweep_and_tender_draw_a_bar_on_a_terminal_and_nothing_elsewhere(
    work: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pbrkit.cli.progress

    monkeypatch.setattr(pbrkit.cli.progress, "DELAY", 0.0)
    args, label = WORK[work]
    seen = run_here([*args, "--workers", "1", "--out", str(tmp_path / "tty")], terminal=True)
    assert label in seen and all(part in seen for part in BAR_PARTS)
    quiet = run_here([*args, "--workers", "1", "--out", str(tmp_path / "pipe")], terminal=False)
    assert quiet == ""


def test_threshold_with_samples_draws_its_bars_on_a_terminal(tmp_path: Path, ranges: Path) -> None:
    args = [
        "threshold", str(EXAMPLE), "--uncertainty", str(ranges),
        "--param", "nhs.fixed_cost_share", "--figure", "public_spending_change",
        "--samples", "20", "--workers", "1",
    ]  # fmt: skip
    seen = run_here([*args, "--out", str(tmp_path / "tty")], terminal=True)
    # The other parameter's 20 PSA samples, then 21 searches (the median's and each
    # sample's).
    assert "PSA samples" in seen and "Threshold searches" in seen
    assert all(part in seen for part in BAR_PARTS)
    assert run_here([*args, "--out", str(tmp_path / "pipe")], terminal=False) == ""
