"""Run headless Chromium on a local HTML file (test helper for the report tests).

Each call starts a fresh browser with its own empty profile and the flags that keep
a headless Chromium quiet on a closed network (.library notes: without the
background-networking flags its connections are refused many at a time). Three uses:

* :func:`dump_dom` — the DOM after the page has loaded and laid out;
* :func:`screenshot` — a PNG of the page at a fixed window size;
* :func:`load_with_net_log` — load the page with ``--log-net-log`` and return every
  network request Chromium started, so a test can assert the page made none.

Chromium itself still phones home (component updater, account list, network time)
whatever the flags; :attr:`Request.from_page` tells the page's own requests from the
browser's: requests the page causes carry the page's origin (``null`` or
``file://`` for a local file) as initiator and network isolation key, the browser's
own carry ``not an origin``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: Flags for every run (the machine notes' "known to work" set).
BASE_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-pings",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=NetworkTimeServiceQuerying",
    "--hide-scrollbars",
)

#: URL schemes that never leave the machine.
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:", "chrome:", "chrome-error:")


def find_chromium() -> str | None:
    """The Chromium binary (``$PBRKIT_CHROMIUM`` first), or None."""
    for candidate in (
        os.environ.get("PBRKIT_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass(frozen=True)
class Run:
    """One finished Chromium run."""

    returncode: int
    stdout: str
    stderr: str


def run_chromium(page: Path, *flags: str, timeout: float = 90, fragment: str = "") -> Run:
    """Open ``page`` (a local file, with ``#fragment`` if given) in a fresh headless
    Chromium with extra ``flags``."""
    binary = find_chromium()
    if binary is None:
        raise RuntimeError("Chromium not found")
    with tempfile.TemporaryDirectory(prefix="pbrkit-chromium-") as profile:
        command = [
            binary,
            *BASE_FLAGS,
            f"--user-data-dir={profile}",
            *flags,
            page.resolve().as_uri() + (f"#{fragment}" if fragment else ""),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group: see the timeout below
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # only the group this call started
            process.communicate()
            raise RuntimeError(f"Chromium timed out after {timeout}s on {page}") from None
    return Run(process.returncode, stdout, stderr)


def dump_dom(page: Path, *, fragment: str = "") -> str:
    """The serialised DOM of ``page`` (opened at ``#fragment``) after load."""
    run = run_chromium(page, "--dump-dom", fragment=fragment)
    if run.returncode != 0 or "<html" not in run.stdout:
        raise RuntimeError(f"--dump-dom failed ({run.returncode}): {run.stderr[-2000:]}")
    return run.stdout


def screenshot(page: Path, png: Path, *, width: int = 1280, height: int = 2400) -> Path:
    """Save a ``width`` × ``height`` screenshot of ``page`` to ``png``."""
    run = run_chromium(page, f"--screenshot={png}", f"--window-size={width},{height}")
    if run.returncode != 0 or not png.is_file():
        raise RuntimeError(f"--screenshot failed ({run.returncode}): {run.stderr[-2000:]}")
    return png


def print_to_pdf(page: Path, pdf: Path) -> Path:
    """Print ``page`` to ``pdf`` with the print stylesheet, no header or footer."""
    run = run_chromium(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    if run.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"--print-to-pdf failed ({run.returncode}): {run.stderr[-2000:]}")
    return pdf


def png_size(png: Path) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    header = png.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        raise ValueError(f"{png} is not a PNG")
    width, height = struct.unpack(">II", header[16:24])
    return int(width), int(height)


# ------------------------------------------------------------------------- net log


@dataclass(frozen=True)
class Request:
    """One URL request from Chromium's net log."""

    url: str
    initiator: str | None
    isolation_key: str | None

    @property
    def is_local(self) -> bool:
        """True for file:, data:, about: and other URLs that never leave the machine."""
        return self.url.startswith(LOCAL_SCHEMES)

    @property
    def from_page(self) -> bool:
        """True unless the browser itself made the request (initiator 'not an origin').

        Errs on the side of the page: anything not clearly the browser's counts.
        """
        browser_own = self.initiator == "not an origin" and "file:" not in (
            self.isolation_key or ""
        )
        return not browser_own


def load_with_net_log(page: Path, log: Path, *, fragment: str = "") -> tuple[str, list[Request]]:
    """Load ``page``, return its DOM and every request in the net log written to ``log``."""
    run = run_chromium(page, "--dump-dom", f"--log-net-log={log}", fragment=fragment)
    if run.returncode != 0:
        raise RuntimeError(f"Chromium failed ({run.returncode}): {run.stderr[-2000:]}")
    return run.stdout, parse_net_log(log)


def parse_net_log(log: Path) -> list[Request]:
    """Every URL_REQUEST_START_JOB (with its URL) in a Chromium ``--log-net-log`` file."""
    text = log.read_text(encoding="utf-8", errors="replace")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # A log cut short at exit lacks its closing brackets.
        data = json.loads(text.rstrip().rstrip(",") + "]}")
    names = {number: name for name, number in data["constants"]["logEventTypes"].items()}
    requests: list[Request] = []
    for event in data.get("events", []):
        if names.get(event.get("type")) != "URL_REQUEST_START_JOB":
            continue
        params = event.get("params") or {}
        if "url" in params:
            requests.append(
                Request(
                    url=str(params["url"]),
                    initiator=params.get("initiator"),
                    isolation_key=params.get("network_isolation_key"),
                )
            )
    return requests


def external_page_requests(requests: list[Request]) -> list[Request]:
    """The requests the page made that leave the machine (should be none)."""
    return [r for r in requests if r.from_page and not r.is_local]
