"""Every figure a run wrote, for comparing two runs of the same inputs (row-order tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl


def run_figures(out: Path, input_name: str) -> tuple[str, list[Any]]:
    """summary.json without its inputs (the file differs), and every cell of
    report.xlsx but the Run sheet's file name (``input_name``), hash and time."""
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    summary.pop("inputs")
    book = openpyxl.load_workbook(out / "report.xlsx", data_only=True)
    cells = [
        (ws.title, cell.coordinate, cell.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if not _about_the_run(cell.value, input_name)
    ]
    return json.dumps(summary, sort_keys=True), cells


def _about_the_run(value: object, input_name: str) -> bool:
    """The input's name and hash and the time of the run (the Run sheet): no figure."""
    text = value if isinstance(value, str) else ""
    return input_name in text or len(text) == 64 or bool(re.match(r"\d{4}-\d\d-\d\dT", text))
