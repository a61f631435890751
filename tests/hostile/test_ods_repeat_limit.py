"""An .ods that repeats one value over millions of cells is bounded before calamine reads it.

calamine expands ``number-rows-repeated`` x ``number-columns-repeated`` into one cell
each when it opens an .ods (about 130 bytes a cell): an 880-byte file repeating one
value over 49M cells, just under the 50M cell limit, was accepted after 25 s at
4.6 GB. All the tables of an .ods together are now held to ``max_ods_cells``
(4,000,000), judged from the XML before calamine opens the file; every case here
must finish in under 20 s of CPU time and 700 MB (the bound for hostile inputs). CPU
time, not wall time, is judged: on a shared 2-core machine under a load of 10 the
refusal took 23 s of wall time for 1.5 s of work; wall time only has a runaway bound.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pbrkit.io.limits import DEFAULT_LIMITS

MAX_CPU_SECONDS = 20.0
MAX_WALL_SECONDS = 120.0
MAX_MB = 700.0

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns"


def _repeat_bomb(path: Path, rows: int, columns: int, tables: int = 1) -> Path:
    """A header row, then one value repeated ``rows`` x ``columns`` in each table."""
    body = "".join(
        f'<table:table table:name="t{t}"><table:table-row><table:table-cell '
        'office:value-type="string"><text:p>cluster</text:p></table:table-cell>'
        f'</table:table-row><table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" '
        'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
        "</table:table-row></table:table>"
        for t in range(tables)
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'xmlns:office="{_OFFICE}:office:1.0" xmlns:table="{_OFFICE}:table:1.0" '
        f'xmlns:text="{_OFFICE}:text:1.0"><office:body><office:spreadsheet>{body}'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _measured(*args: object) -> tuple[int, str, float, float]:
    """Exit code, stderr, CPU seconds and peak RSS (MB) of ``python -m pbrkit ...``;
    the wall time is held to a runaway bound here."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "pbrkit", *(str(a) for a in args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    assert time.perf_counter() - start < MAX_WALL_SECONDS
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, stderr, cpu, usage.ru_maxrss / 1024


def test_the_ods_limit_is_lower_than_the_sheet_limit() -> None:
    assert DEFAULT_LIMITS.max_ods_cells == 4_000_000 < DEFAULT_LIMITS.max_cells


@pytest.mark.parametrize(
    ("rows", "columns", "tables", "cells"),
    [
        (7_000, 7_000, 1, "49,007,000"),  # the reported case: just under 50M cells
        (2_000, 1_000, 3, "6,003,000"),  # three tables, each under the limit
    ],
)
def test_ods_repeat_bomb_refused(
    tmp_path: Path, rows: int, columns: int, tables: int, cells: str
) -> None:
    """Refused, exit 2, in bounded time and memory, nothing written."""
    path = _repeat_bomb(tmp_path / "bomb.ods", rows, columns, tables)
    assert path.stat().st_size < 2_000
    out = tmp_path / "out"
    code, stderr, seconds, peak_mb = _measured("cost", path, "--out", out)
    assert code == 2, stderr
    assert f"spans {cells} cells, more than the limit of 4,000,000" in stderr
    assert "save larger tables as .xlsx, CSV or Parquet" in stderr
    assert seconds < MAX_CPU_SECONDS and peak_mb < MAX_MB, (seconds, peak_mb)
    assert not out.exists()


def test_ods_just_under_the_limit_is_read_within_bounds(tmp_path: Path) -> None:
    """3,999,000 repeated cells pass the limit and are read by calamine, still within
    the bounds (it is then refused as a caseload: it has no service_users column)."""
    path = _repeat_bomb(tmp_path / "under.ods", 3_999, 1_000)
    code, stderr, seconds, peak_mb = _measured("cost", path, "--out", tmp_path / "out")
    assert "limit of 4,000,000" not in stderr
    assert code == 2 and "Traceback" not in stderr, stderr
    assert seconds < MAX_CPU_SECONDS and peak_mb < MAX_MB, (seconds, peak_mb)
