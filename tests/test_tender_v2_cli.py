"""Tender v2 through the command line: new figures in every output, and the default path.

Each new methodology §6.5 figure must reach summary.json, report.xlsx and report.html with the
same value; a workbook without ``bidders`` or ``lots`` sheets (the cost example, a
patient CSV) must run on the stated defaults instead of crashing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result
from markupsafe import escape

from pbrkit.cli import cli
from pbrkit.reports.figures import figure as figure_of
from recalc import recalc_formulas

NEW_FIGURES = (
    "cost_retained_for_taken",
    "nhs_income_retained",
    "commissioner_cost_change",
    "public_spending_change",
    "casemix_between",
    "casemix_within",
    "residue_cost_to_payment",
    "cost_to_payment_before",
)


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def caseload() -> list[dict[str, Any]]:
    return [
        {"cluster": code, "service_users": 40, "cluster_days": 40 * 200, "cost_cv": 1.0}
        for code in (1, 2, 3, 4, 11)
    ]


POOLS = [
    # r = 300 ÷ 1000 = 0.3 (the crisis pool serves people taken).
    {"pool": "Community", "amount": 500, "kind": "variable", "payment": "blended"},
    {"pool": "Estates", "amount": 200, "kind": "fixed", "shed_rate": 0.25},
    {"pool": "Crisis", "amount": 300, "kind": "fixed", "shed_rate": 0, "serves_taken": "yes"},
    {"variable_share": "60%"},
]


@pytest.fixture(scope="module")
def paid(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from conftest import write_xlsx

    folder = tmp_path_factory.mktemp("v2")
    workbook = write_xlsx(
        folder / "paid.xlsx",
        {
            "caseload": caseload(),
            "nhs": POOLS,
            "bidders": [
                {"name": "Acme", "cost_factor": 0.9, "recharge": "yes"},
                {"name": "Beta", "cost_factor": 0.95, "capacity": 30},
            ],
            "lots": [{"name": "Common", "clusters": "1-4"}],
        },
    )
    out = folder / "out"
    result = invoke("tender", workbook, "--out", out)
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_the_nhs_sheet_sets_payment_and_retained_share(paid: tuple[Path, dict[str, Any]]) -> None:
    nhs = paid[1]["nhs"]
    assert nhs["payment"] == "blended" and nhs["variable_share"] == pytest.approx(0.6)
    assert nhs["retained_share"] == pytest.approx(0.3)
    # f over the pools that do not serve taken patients: 200 ÷ 700.
    assert nhs["fixed_cost_share"] == pytest.approx(200 / 700)


@pytest.mark.parametrize("figure", NEW_FIGURES)
def test_each_new_figure_is_in_json_excel_and_html(
    paid: tuple[Path, dict[str, Any]], figure: str
) -> None:
    out, summary = paid
    value = summary["residue"][figure]
    assert isinstance(value, float) and math.isfinite(value)
    book = openpyxl.load_workbook(out / "report.xlsx", data_only=True)
    labels = {row[0].value: row[1].value for row in book["Summary"].iter_rows() if row[0].value}
    # The Summary shows the change in public spending as the public-sector account
    # works it out (public_cost_change: its own label since fixleft).
    shown = "public_cost_change" if figure == "public_spending_change" else figure
    assert labels[figure_of(shown).header] == pytest.approx(value, rel=1e-9, abs=1e-6)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert str(escape(figure_of(figure).label)) in html


def test_blended_payment_figures_agree(paid: tuple[Path, dict[str, Any]]) -> None:
    r = paid[1]["residue"]
    # income kept = (1 − v)·Σ_T P and commissioner = Σ_T R − v·Σ_T P, with Σ_T P from the
    # bidders' table.
    taken_income = sum(b["taken_income"] for b in paid[1]["bidders"])
    assert r["nhs_income_retained"] == pytest.approx(0.4 * taken_income)
    assert r["commissioner_cost_change"] == pytest.approx(
        r["payments_to_bidders"] - 0.6 * taken_income
    )
    assert r["public_spending_change"] == pytest.approx(
        r["commissioner_cost_change"] - r["nhs_surplus_change"]
    )
    # Acme recharges: what it takes leaves no unpaid retained cost; Beta's does.
    bidders = {b["bidder"]: b for b in paid[1]["bidders"]}
    assert bidders["Acme"]["cost_retained_for_taken"] == pytest.approx(0.0, abs=1e-6)
    assert bidders["Beta"]["cost_retained_for_taken"] == pytest.approx(
        0.3 * bidders["Beta"]["taken_cost"]
    )


def test_xlsx_formulas_recalculate_with_payment_and_pools(
    paid: tuple[Path, dict[str, Any]],
) -> None:
    path = paid[0] / "report.xlsx"
    formulas = openpyxl.load_workbook(path)
    saved = openpyxl.load_workbook(path, data_only=True)
    recalculated = recalc_formulas(path)
    checked = 0
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                mine = saved[ws.title][cell.coordinate].value
                theirs = recalculated.get(ws.title, {}).get(cell.coordinate)
                if cell.data_type == "f" and isinstance(mine, float | int):
                    assert isinstance(theirs, float | int), (ws.title, cell.coordinate)
                    assert math.isclose(mine, theirs, rel_tol=1e-9, abs_tol=1e-6), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
                    checked += 1
    assert checked > 50


def test_two_payments_is_an_input_error(tmp_workbook: Callable[..., Path], tmp_path: Path) -> None:
    workbook = tmp_workbook(
        {
            "caseload": caseload(),
            "nhs": [
                {"pool": "A", "amount": 5, "kind": "variable", "payment": "block"},
                {"pool": "B", "amount": 5, "kind": "fixed", "payment": "activity"},
            ],
        }
    )
    out = tmp_path / "out"
    result = invoke("tender", workbook, "--out", out)
    assert result.exit_code == 2
    assert "column 'payment'" in result.output and "different values" in result.output
    assert not out.exists()


# ------------------------------------------------------------- tender defaults


def test_no_bidders_or_lots_sheet_runs_on_the_defaults(
    tmp_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    # Issue 9: this was "unexpected failure: AssertionError" (exit 1).
    workbook = tmp_workbook({"caseload": caseload()})
    out = tmp_path / "out"
    result = invoke("tender", workbook, "--out", out)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    (bidder,) = summary["tender"]["bidders"]
    assert bidder["name"] == "Outside provider" and bidder["cost_factor"] == 1.0
    (lot,) = summary["tender"]["lots"]
    assert lot["clusters"] == [1, 2, 3, 4, 11] and lot["award"] == "fixed_tariff"
    assert len(summary["tender"]["assumed"]) == 2
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Outside provider" in html and "one fixed-tariff lot of every cluster" in html
    book = openpyxl.load_workbook(out / "report.xlsx")
    text = " ".join(str(c.value) for row in book["Assumptions"].iter_rows() for c in row)
    assert "No bidders sheet" in text and "No lots sheet" in text


def test_a_patient_csv_runs_on_the_defaults(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "patient_id": [f"p{i}" for i in range(60)],
            "cluster": [1 + i % 3 for i in range(60)],
            "days": 200.0,
            "cost": [300.0 + 40 * i for i in range(60)],
        }
    )
    path = tmp_path / "patients.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "out"
    result = invoke("tender", path, "--out", out)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["residue"]["taken_patients"] + summary["residue"]["residue_patients"] == 60
    assert summary["tender"]["bidders"][0]["name"] == "Outside provider"


def test_the_scenario_readme_table_is_the_scenarios_output() -> None:
    # The table is written by examples/scenarios/make_table.py, never by hand.
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    path = root / "examples" / "scenarios" / "make_table.py"
    spec = importlib.util.spec_from_file_location("make_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (root / "examples" / "scenarios" / "README.md").read_text(encoding="utf-8")
    assert module.table(module.run_all()) in readme


def test_years_table_in_json_excel_and_html(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out"
    result = invoke("tender", root / "examples" / "clusters.xlsx", "--years", "3", "--out", out)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = summary["years"]["rows"]
    assert [r["financial_year"] for r in rows] == ["2024/25", "2025/26", "2026/27"]
    # Year 1 is the tender itself.
    assert rows[0]["nhs_surplus"] == pytest.approx(summary["residue"]["nhs_surplus_after"])
    assert summary["years"]["totals"]["nhs_surplus"] == pytest.approx(
        sum(r["nhs_surplus"] for r in rows)
    )
    book = openpyxl.load_workbook(out / "report.xlsx", data_only=True)
    sheet = book["Years"]
    assert [c.value for c in sheet[2]][:1] == ["2024/25"]
    assert sheet.cell(2, 7).value == pytest.approx(rows[0]["nhs_surplus"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'data-table="years"' in html and "cost and payment per head over the years" in html


def test_ranges_are_labelled_selection_noise_only(
    tmp_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    workbook = tmp_workbook({"caseload": caseload()})
    out = tmp_path / "out"
    assert invoke("tender", workbook, "--draws", "3", "--out", out).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Monte Carlo ranges (selection noise only)" in html
    assert "(selection noise only: the model" in html
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book["Ranges"]["A1"].value == "Monte Carlo ranges (selection noise only)"
