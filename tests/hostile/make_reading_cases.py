"""Hostile and careless inputs for the reading layer (issue 9 items 1, 5, 6; issue 10
items 2, 3, 7, 8), each with the outcome pbrkit must give.

Every case is built by code at test time (``tests/test_validate_parity.py``) and
states what it expects: ``ok`` (read, exit 0) or ``refused`` (input error, exit 2)
with a fragment the message must contain. The same cases check that ``pbrkit
validate`` passes exactly when the command's own reading does.

Usage::

    python tests/hostile/make_reading_cases.py DIR     # build every case into DIR
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]
HEADER = ["cluster", "service_users", "cluster_days"]
GOOD = [[1, 120, 9600], [3, 200, 34000], [11, 90, 30600], [13, 40, 13600]]


@dataclass(frozen=True)
class ReadingCase:
    """A case: its builder, the command it is for, and the outcome expected."""

    build: Callable[[Path], Path]
    command: str
    expect: str  # "ok" or "refused"
    message: str = ""  # a fragment the refusal must contain


CASES: dict[str, ReadingCase] = {}


def case(
    name: str, command: str, expect: str, message: str = ""
) -> Callable[[Callable[[Path], Path]], Callable[[Path], Path]]:
    """Register a builder under ``name`` with its expected outcome."""

    def register(builder: Callable[[Path], Path]) -> Callable[[Path], Path]:
        CASES[name] = ReadingCase(builder, command, expect, message)
        return builder

    return register


def csv(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(",".join(str(c) for c in row) for row in rows) + "\n", "utf-8")
    return path


def xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


# --- headers ---------------------------------------------------------------------------


@case("typo_admitted_days", "cost", "refused", "did you mean 'admitted_days'?")
def _typo_admitted(folder: Path) -> Path:
    rows = [[*HEADER, "admited_days"]] + [[*r, 100] for r in GOOD]
    return csv(folder / "typo_admitted_days.csv", rows)


@case("typo_actual_cost", "cost", "refused", "did you mean 'actual_cost'?")
def _typo_cost(folder: Path) -> Path:
    rows = [[*HEADER, "Actual Cst (£)"]] + [[*r, 50000] for r in GOOD]
    return csv(folder / "typo_actual_cost.csv", rows)


@case("unit_in_header", "cost", "ok")
def _unit_header(folder: Path) -> Path:
    rows = [[*HEADER, "Actual Cost (£)", "Admitted days (days)"]]
    rows += [[*r, 50000, 10] for r in GOOD]
    return xlsx(folder / "unit_in_header.xlsx", {"caseload": rows})


@case("full_width_header", "cost", "ok")
def _full_width(folder: Path) -> Path:
    rows = [["ｃｌｕｓｔｅｒ", "service_users", "cluster_days"], *GOOD]
    return xlsx(folder / "full_width_header.xlsx", {"caseload": rows})


@case("zero_width_header", "cost", "ok")
def _zero_width(folder: Path) -> Path:
    rows = [["\u200bcluster", "service\u200c_users", "cluster_days\ufeff"], *GOOD]
    return csv(folder / "zero_width_header.csv", rows)


@case("cluster_code_header", "cost", "ok")
def _cluster_code(folder: Path) -> Path:
    return csv(
        folder / "cluster_code_header.csv",
        [["Cluster Code", "Service Users", "Cluster Days"], *GOOD],
    )


# --- values ------------------------------------------------------------------------------


@case("na_in_actual_cost", "cost", "refused", "#N/A")
def _na(folder: Path) -> Path:
    rows = [[*HEADER, "actual_cost"]] + [[*r, 50000] for r in GOOD[:3]] + [[*GOOD[3], "#N/A"]]
    return xlsx(folder / "na_in_actual_cost.xlsx", {"caseload": rows})


@case("div0_in_required", "cost", "refused", "#DIV/0!")
def _div0(folder: Path) -> Path:
    return csv(folder / "div0_in_required.csv", [HEADER, *GOOD[:3], [13, 40, "#DIV/0!"]])


@case("percent_in_money", "cost", "refused", "a percentage where an amount")
def _percent_money(folder: Path) -> Path:
    rows = [[*HEADER, "actual_cost"]] + [[*r, "25%"] for r in GOOD]
    return csv(folder / "percent_in_money.csv", rows)


@case("huge_money", "cost", "refused", "value out of range")
def _huge(folder: Path) -> Path:
    rows = [[*HEADER, "actual_cost"]] + [[*r, "1e308"] for r in GOOD]
    return csv(folder / "huge_money.csv", rows)


@case("parquet_nan_cost", "cost", "refused", "not a finite number")
def _parquet_nan(folder: Path) -> Path:
    n = 100
    cost = [990.0] * (n - 1) + [float("nan")]
    table = pa.table(
        {
            "patient_id": [f"p{i}" for i in range(n)],
            "cluster": [3] * n,
            "days": [300] * n,
            "cost": cost,
        }
    )
    path = folder / "parquet_nan_cost.parquet"
    pq.write_table(table, path)
    return path


@case("long_bidder_name", "tender", "refused", "more than the limit of 1,000")
def _long_name(folder: Path) -> Path:
    return xlsx(
        folder / "long_bidder_name.xlsx",
        {"caseload": [HEADER, *GOOD], "bidders": [["name", "cost_factor"], ["x" * 5000, 1]]},
    )


@case("hurdle_percent", "tender", "ok")
def _hurdle(folder: Path) -> Path:
    return xlsx(
        folder / "hurdle_percent.xlsx",
        {
            "caseload": [HEADER, *GOOD],
            "bidders": [["name", "cost_factor", "hurdle_margin"], ["A", 1, "5%"]],
            "nhs": [["fixed_cost_share", "shed_rate"], ["50 %", "0.25"]],
        },
    )


# --- totals and duplicates -----------------------------------------------------------------


@case("total_row", "cost", "ok")
def _total(folder: Path) -> Path:
    return csv(folder / "total_row.csv", [HEADER, *GOOD, ["Total", 450, 87800]])


@case("total_row_wrong", "cost", "refused", "the Total row says")
def _total_wrong(folder: Path) -> Path:
    return csv(folder / "total_row_wrong.csv", [HEADER, *GOOD, ["Grand total", 451, 87800]])


@case("duplicate_ratings", "cluster", "refused", "appears more than once")
def _dup_ratings(folder: Path) -> Path:
    rows = [["patient_id", *ITEMS]] + [[pid] + [2] * len(ITEMS) for pid in ("a", "b", "a")]
    return csv(folder / "duplicate_ratings.csv", rows)


# --- which reading ---------------------------------------------------------------------------


@case("patient_csv", "cost", "ok")
def _patient_csv(folder: Path) -> Path:
    # Numbers 1-13 in its cells made validate read it as ratings ("no patient ID column").
    rows: list[list[object]] = [["patient_id", "cluster", "days"]]
    codes = [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13]
    rows += [[f"p{i}", codes[i % 12], 1 + i % 13] for i in range(40)]
    return csv(folder / "patient_csv.csv", rows)


@case("nhs_share_and_pools", "tender", "refused")
def _share_and_pools(folder: Path) -> Path:
    # Passed validate, failed tender: now the tender's own reading runs in validate.
    nhs = [
        ["fixed_cost_share", "shed_rate", "pool", "amount", "kind"],
        [0.5, 0.25, "wards", 1_000_000, "fixed"],
    ]
    return xlsx(folder / "nhs_share_and_pools.xlsx", {"caseload": [HEADER, *GOOD], "nhs": nhs})


def build(folder: Path) -> dict[str, Path]:
    """Build every case into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: spec.build(folder) for name, spec in CASES.items()}


if __name__ == "__main__":
    for name, path in build(Path(sys.argv[1])).items():
        print(f"{name}: {path} ({CASES[name].command}: {CASES[name].expect})")
