"""The four-patient trust of the review-10 tests (the shape of review9b_inputs.py, with
an nhs sheet): one bidder Acme (θ = 1, ρ = 1, hurdle 5%); cluster 1 pays £1,500 an
episode, a0 and a1 cost £500, b0 £2,000; cluster 11 pays £5,000 a year, c0 costs £6,000;
fixed cost share 0.5, shed rate 0.25.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl


def small_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster", "days", "cost"])
    for row in (("a0", 1, 84, 500), ("a1", 1, 84, 500), ("b0", 1, 84, 2000), ("c0", 11, 365, 6000)):
        sheet.append(list(row))
    tariff = book.create_sheet("tariff")
    for row in (["cluster", "price", "unit"], [1, 1500, "per_episode"], [11, 5000, "per_year"]):
        tariff.append(row)
    bidders = book.create_sheet("bidders")
    bidders.append(["name", "cost_factor", "info_quality", "hurdle_margin"])
    bidders.append(["Acme", 1, 1, 0.05])
    nhs = book.create_sheet("nhs")
    nhs.append(["fixed_cost_share", "shed_rate"])
    nhs.append([0.5, 0.25])
    book.save(path)
    return path
