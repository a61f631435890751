"""The small trust the review-9b tests share (the shape of
test_review7_tender_publish_totals), and how they read a run's outputs.

Patients, with information quality 1 and θ = 1 so nothing is random:
  cluster 1, £1,500 an episode (84-day review): ``cheap`` people costing £500 (a0, a1, …)
  and ``dear`` costing £2,000 (b0, b1, …), each 84 days;
  cluster 11, £5,000 a year: ``yearly`` people costing £6,000 (c0, c1, …), each 365 days.
One bidder, Acme (cost factor 1), with ``capacity``: it wants the cheap people alone
(π̂ = £1,500 − £500 = £1,000; −£500 for the dear ones, −£1,000 for cluster 11).
The money base is 5 × the largest price, £5,000 a year, = £25,000 → £50,000.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import openpyxl


def patients_workbook(path: Path, *, cheap: int, dear: int, yearly: int, capacity: int) -> Path:
    """Write the workbook to ``path`` and return it."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster", "days", "cost"])
    for prefix, count, cluster, days, cost in (
        ("a", cheap, 1, 84, 500), ("b", dear, 1, 84, 2000), ("c", yearly, 11, 365, 6000),
    ):  # fmt: skip
        for i in range(count):
            sheet.append([f"{prefix}{i}", cluster, days, cost])
    tariff = book.create_sheet("tariff")
    for row in (["cluster", "price", "unit"], [1, 1500, "per_episode"], [11, 5000, "per_year"]):
        tariff.append(row)
    bidders = book.create_sheet("bidders")
    bidders.append(["name", "cost_factor", "info_quality", "capacity"])
    bidders.append(["Acme", 1, 1, capacity])
    book.save(path)
    return path


def summary_of(out: Path) -> dict[str, Any]:
    """A run's summary.json."""
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def pdf_words(out: Path) -> str:
    """summary.pdf's text (pdftotext), its whitespace folded to single spaces."""
    text = subprocess.run(
        ["pdftotext", str(out / "summary.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())
