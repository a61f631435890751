"""Write handmade.xlsx: a small cost workbook whose every figure is worked by hand in README.md.

Every cell below is a literal, typed as a finance analyst might type it: cluster codes
spelt several ways, money as text on some rows, a title block above the caseload
header, headers in Title Case, and an extra ``Notes`` column. Nothing is computed here:
the expected results live in README.md and tests/test_handmade_workbook.py.

    python tests/data/handmade/make.py [OUT.xlsx]    # default: next to this script
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import xlsxwriter

CASELOAD = [
    ["Handmade caseload for pbrkit tests (every figure is worked by hand in README.md)"],
    [],
    ["Team", "Cluster", "Service Users", "Cluster Days", "Admitted Days", "Episodes",
     "Actual Cost", "Notes"],
    ["Primary Care MH", "C02", 120, 12600, 0, None, None, None],
    ["CMHT North", "2", 30, 4200, 0, 35, None, "episodes counted by the team"],
    ["CMHT North", "Cluster 7", 40, 14600, 100, None, None, None],
    ["CMHT South", 7, 20, 7300, 0, None, "£52,500.00", "cost from the ledger"],
    ["CMHT North", "MHCC12", 25, 9125, 0, None, None, None],
    ["CMHT South", 12, 35, 12775, 0, None, None, None],
    ["Rehab", "12", 10, 3650, 365, None, None, "one long admission"],
    ["Crisis Team", 15, 45, 1260, 0, None, None, None],
    ["Inpatient Ward", "15", 15, 840, 420, None, None, None],
    ["Older Adults CMHT", 20, 30, 5460, 0, None, None, None],
    ["Memory Service", "C20", 20, 3640, 40, None, None, "admitted days, no admitted price"],
]  # fmt: skip

TARIFF = [
    ["Cluster", "Price", "Unit", "Admitted Day Price"],
    [2, 840, "per_episode", None],
    [7, 5475, "per_year", 350],
    [12, "4,380", "per_year", 360],
    [15, "£1,120.00", "per_episode", 380],
    [20, 21, "per_day", None],
]

PACKAGES = [
    ["Cluster", "Resource", "Quantity", "Per"],
    [2, "cbt_session", 6, "episode"],
    [2, "care_coordination_hour", 3, "episode"],
    [7, "care_coordination_hour", 1, "week"],
    [7, "annual_review", 1, "year"],
    [12, "care_coordination_hour", 1, "week"],
    [12, "support_work_hour", 2, "week"],
    [12, "annual_review", 1, "year"],
    [15, "crisis_contact", 10, "episode"],
    [15, "psychiatrist_hour", 0.2, "day"],
    [20, "home_care_visit", 3, "week"],
    [20, "care_coordination_hour", 1, "week"],
    [20, "occupational_therapy_contact", 2, "episode"],
]

UNIT_COSTS = [
    ["Resource", "Unit Cost", "Source"],
    ["care_coordination_hour", "£35.00", "handmade"],
    ["psychiatrist_hour", 110, "handmade"],
    ["cbt_session", 70, "handmade"],
    ["support_work_hour", 21, "handmade"],
    ["crisis_contact", 98, "handmade"],
    ["home_care_visit", 28, "handmade"],
    ["occupational_therapy_contact", 91, "handmade"],
    ["annual_review", 730, "handmade"],
    ["inpatient_bed_day", 400, "handmade"],
    ["psychology_hour", 45, "handmade (not used by any package)"],
]

SHEETS = {
    "Caseload": CASELOAD,
    "Tariff": TARIFF,
    "Packages": PACKAGES,
    "Unit Costs": UNIT_COSTS,
}


def write(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    # A fixed creation time keeps the file byte-stable when it is remade.
    book.set_properties({"created": datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)})
    for name, rows in SHEETS.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.close()


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("handmade.xlsx"))
