"""summary.pdf draws a count of patients on whole-number ticks (review 12, December 2026).

Found by reading summary.pdf of `pbrkit cluster` on eight hand-made patients (the
suggested clusters 0, 1, 3, 11 and 99 hold 1, 3, 1, 2 and 1 patients): its chart's
axis read 0, 0.5, 1, 1.5, 2, 2.5, 3 — "1.5 patients" — while report.html's chart of the
same table reads 0, 1, 2, 3 (charts.format_axis puts count axes on whole numbers).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

ITEMS = [str(i) for i in range(1, 14)] + ["A", "B", "C", "D", "E"]


def _ratings(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ratings"
    sheet.append(["patient_id", *ITEMS])
    # Three patients: every item 0, 4 and blank+9 in turn, so few patients per cluster.
    sheet.append(["a", *([0] * 18)])
    sheet.append(["b", *([0] * 18)])
    sheet.append(["c", *([4] * 18)])
    book.save(path)
    return path


def test_the_pdf_count_axis_has_whole_ticks(tmp_path: Path) -> None:
    out = tmp_path / "out"
    book = _ratings(tmp_path / "r.xlsx")
    result = CliRunner().invoke(cli, ["cluster", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "summary.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    chart = text[text.index("Patients by the cluster") :]
    ticks = re.findall(r"^\s*(\d+(?:\.\d+)?)\s*$", chart, re.M)
    assert ticks, chart
    # Before: 0.5, 1.5 … between the whole numbers.
    assert all("." not in t for t in ticks), ticks
