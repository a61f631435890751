"""report.xlsx (README, Outputs): sheets, layout, formulas with saved values, no formula
injection, the chart — and that two independent engines (the ``formulas`` package
and LibreOffice) recalculate its formulas to the figures in summary.json.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet.worksheet import Worksheet

from pbrkit.cli import cli
from recalc import Values, convert, find_soffice, recalc_formulas, recalc_libreoffice

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"
REFERENCE = ROOT / "tariffs" / "illustrative-2014-15"
SHEETS = ["Summary", "Clusters", "Teams", "Projection", "Assumptions", "Data quality", "Run"]
REL = 1e-9

#: Summary sheet label (its start) → key in summary.json "totals".
SUMMARY_FIGURES = {
    "Income £": "income",
    "Cost £": "cost",
    "Surplus £": "surplus",
    "Cross-subsidy": "cross_subsidy",
    "Losses of loss-making clusters": "loss",
    "Service users": "service_users",
    "Cluster days": "cluster_days",
}
#: Clusters sheet header → key in summary.json "clusters" (and "totals" on the Total row).
CLUSTER_FIGURES = {
    "Service users": "service_users",
    "Cluster days": "cluster_days",
    "Admitted days": "admitted_days",
    "Income £": "income",
    "Cost £": "cost",
    "Surplus £": "surplus",
}
MONEY_HEADERS = ("Income £", "Cost £", "Surplus £", "Surplus per person £")
FORMULA_HEADERS = ("Surplus £", "Surplus per person £", "Margin %", "Cost ÷ income")

#: Strings a spreadsheet would run as formulas if written carelessly (OWASP CSV injection).
PAYLOADS = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-1+1"]


def run_cost(workbook: Path, out: Path, *options: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli, ["cost", str(workbook), "--out", str(out), *options], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The example, costed over five years: (report.xlsx, summary.json)."""
    out = tmp_path_factory.mktemp("xlsx") / "out"
    options = ("--years", "5", "--deflator", "0.018", "--inflation", "0.025")
    summary = run_cost(EXAMPLE, out, *options)
    return out / "report.xlsx", summary


@pytest.fixture(scope="module")
def books(run: tuple[Path, dict[str, Any]]) -> tuple[Any, Any]:
    """The workbook twice: with formulas, and with the values saved beside them."""
    path = run[0]
    return openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)


def close(a: Any, b: Any, rel: float = REL) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-6)
    return bool(a == b)


# --------------------------------------------------------------------- where things are


def summary_cells(ws: Worksheet) -> dict[str, str]:
    """summary.json totals key → the Summary cell holding that figure."""
    found: dict[str, str] = {}
    for (label_cell,) in ws.iter_rows(min_col=1, max_col=1):
        label = label_cell.value
        if not isinstance(label, str):
            continue
        for start, key in SUMMARY_FIGURES.items():
            if label.startswith(start) and key not in found:
                found[key] = f"B{label_cell.row}"
    assert set(found) == set(SUMMARY_FIGURES.values()), found
    return found


def cluster_layout(ws: Worksheet) -> tuple[dict[str, str], dict[int, int], int]:
    """(header → column letter, cluster code → row, Total row) of the Clusters sheet."""
    columns = {str(c.value): c.column_letter for c in ws[1] if c.value is not None}
    rows: dict[int, int] = {}
    total = 0
    for (cell,) in ws.iter_rows(min_row=2, min_col=1, max_col=1):
        if cell.value == "Total":
            total = cell.row
        elif isinstance(cell.value, int | float):
            rows[int(cell.value)] = cell.row
    assert total, "no Total row"
    return columns, rows, total


# ------------------------------------------------------------------------------ layout


def test_sheets(books: tuple[Any, Any]) -> None:
    assert books[0].sheetnames == SHEETS


def test_clusters_sheet_is_frozen_filtered_and_formatted(books: tuple[Any, Any]) -> None:
    ws = books[0]["Clusters"]
    columns, rows, total = cluster_layout(ws)
    assert ws.freeze_panes == "A2"
    last_col = ws.cell(row=1, column=ws.max_column).column_letter
    assert ws.auto_filter.ref == f"A1:{last_col}{max(rows.values())}"
    for header in MONEY_HEADERS:
        for row in [*rows.values(), total]:
            fmt = ws[f"{columns[header]}{row}"].number_format
            assert "£" in fmt, (header, row, fmt)
    assert "%" in ws[f"{columns['Margin %']}{total}"].number_format
    summary = books[0]["Summary"]
    for key, cell in summary_cells(summary).items():
        money = key not in ("service_users", "cluster_days")
        assert ("£" in summary[cell].number_format) is money, (key, summary[cell].number_format)
    projection = books[0]["Projection"]
    assert projection.freeze_panes is not None
    assert "£" in projection["C10"].number_format


def test_totals_and_derived_columns_are_formulas(books: tuple[Any, Any]) -> None:
    ws = books[0]["Clusters"]
    columns, rows, total = cluster_layout(ws)
    for header in FORMULA_HEADERS:
        for row in [*rows.values(), total]:
            cell = ws[f"{columns[header]}{row}"]
            assert cell.data_type == "f", (header, row, cell.value)
    for header in CLUSTER_FIGURES:
        assert str(ws[f"{columns[header]}{total}"].value).startswith("=SUM("), header
    summary = books[0]["Summary"]
    for key, cell in summary_cells(summary).items():
        assert summary[cell].data_type == "f", key
        assert "Clusters" in str(summary[cell].value), key
    for row in books[0]["Projection"].iter_rows(min_row=10, min_col=3, max_col=5):
        assert all(c.data_type == "f" for c in row)


# --------------------------------------------------------------- saved values == summary


def test_saved_values_equal_summary_json(
    run: tuple[Path, dict[str, Any]], books: tuple[Any, Any]
) -> None:
    summary = run[1]
    values = books[1]
    assert_figures(lambda sheet, cell: values[sheet][cell].value, books[0], summary)


def test_saved_superclass_and_projection_values(
    run: tuple[Path, dict[str, Any]], books: tuple[Any, Any]
) -> None:
    summary = run[1]
    ws = books[1]["Summary"]
    by_name = {s["superclass"]: s for s in summary["superclasses"]}
    seen = set()
    header = next(r for r in ws.iter_rows() if r[0].value == "Superclass")
    columns = {c.value: i for i, c in enumerate(header)}
    for row in ws.iter_rows(min_row=header[0].row + 1):
        name = row[0].value
        if name in by_name:
            seen.add(name)
            for label, key in (
                ("Income £", "income"),
                ("Cost £", "cost"),
                ("Surplus £", "surplus"),
            ):
                cell = row[columns[label]]
                assert close(cell.value, by_name[name][key]), (name, key)
    assert seen == set(by_name)
    projection = books[1]["Projection"]
    first = next(r[0].row for r in projection.iter_rows() if r[0].value == "Year t") + 1
    for offset, year in enumerate(summary["projection"]):
        r = first + offset
        assert projection[f"A{r}"].value == year["year"]
        for col, key in zip("CDE", ("income", "cost", "surplus"), strict=True):
            assert close(projection[f"{col}{r}"].value, year[key]), (r, key)
    assert len(summary["projection"]) == 5


def assert_figures(
    value: Callable[[str, str], Any], formulas_book: Any, summary: dict[str, Any]
) -> None:
    """Summary totals, every cluster row and the Total row equal summary.json."""
    totals = summary["totals"]
    for key, cell in summary_cells(formulas_book["Summary"]).items():
        assert close(value("Summary", cell), totals[key]), (key, value("Summary", cell))
    ws = formulas_book["Clusters"]
    columns, rows, total = cluster_layout(ws)
    assert sorted(rows) == [c["cluster"] for c in summary["clusters"]]
    for item in summary["clusters"]:
        row = rows[item["cluster"]]
        for header, key in CLUSTER_FIGURES.items():
            got = value("Clusters", f"{columns[header]}{row}")
            assert close(got, item[key]), (item["cluster"], header, got, item[key])
        got = value("Clusters", f"{columns['Margin %']}{row}")
        assert close(got, item["margin"]), (item["cluster"], "margin", got)
    for header, key in CLUSTER_FIGURES.items():
        got = value("Clusters", f"{columns[header]}{total}")
        assert close(got, totals[key]), ("Total", header, got)
    margin = value("Clusters", f"{columns['Margin %']}{total}")
    assert close(margin, totals["surplus"] / totals["income"]), ("Total margin", margin)
    per_person = value("Clusters", f"{columns['Surplus per person £']}{total}")
    assert close(per_person, totals["surplus"] / totals["service_users"]), per_person


# ---------------------------------------------------------------------- recalculation


@pytest.fixture(scope="module")
def recalculated(run: tuple[Path, dict[str, Any]]) -> Values:
    return recalc_formulas(run[0])


def test_formulas_package_recalculates_to_summary_json(
    run: tuple[Path, dict[str, Any]], books: tuple[Any, Any], recalculated: Values
) -> None:
    assert_figures(lambda sheet, cell: recalculated[sheet].get(cell), books[0], run[1])


def test_every_formula_has_its_value_saved(books: tuple[Any, Any], recalculated: Values) -> None:
    """A viewer that never recalculates (a phone, a preview pane) shows true figures."""
    formulas_book, values_book = books
    checked, wrong = 0, []
    for ws in formulas_book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                checked += 1
                saved = values_book[ws.title][cell.coordinate].value
                fresh = recalculated[ws.title].get(cell.coordinate)
                if not close(saved if saved != "" else None, fresh):
                    wrong.append(
                        f"{ws.title}!{cell.coordinate} {cell.value}: {saved!r} vs {fresh!r}"
                    )
    assert checked > 100
    assert not wrong, "\n".join(wrong)


soffice_missing = pytest.mark.skipif(
    find_soffice() is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.mark.slow
@soffice_missing
def test_libreoffice_recalculates_to_summary_json(
    run: tuple[Path, dict[str, Any]], books: tuple[Any, Any], tmp_path: Path
) -> None:
    values, conversion = recalc_libreoffice(run[0], tmp_path)
    assert conversion.problems() == [], conversion
    assert_figures(lambda sheet, cell: values[sheet].get(cell), books[0], run[1])
    projection = values["Projection"]
    sheet = books[0]["Projection"]
    first = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Year t") + 1
    for offset, year in enumerate(run[1]["projection"]):
        assert close(projection[f"E{first + offset}"], year["surplus"], rel=1e-12 + 1e-9)


@pytest.mark.slow
@soffice_missing
def test_libreoffice_opens_the_report_cleanly(
    run: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    conversion = convert(run[0], "xlsx", tmp_path / "resaved", profile=tmp_path / "profile")
    assert conversion.problems() == [], conversion
    (resaved,) = conversion.outputs
    assert resaved.stat().st_size > 0
    assert openpyxl.load_workbook(resaved).sheetnames == SHEETS


# ------------------------------------------------------------------------------ chart


def test_surplus_chart(run: tuple[Path, dict[str, Any]], books: tuple[Any, Any]) -> None:
    assert len(books[0]["Summary"]._charts) >= 1  # openpyxl keeps charts it reads here
    columns, rows, _ = cluster_layout(books[0]["Clusters"])
    surplus = columns["Surplus £"]
    with zipfile.ZipFile(run[0]) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        xml = archive.read(charts[0]).decode("utf-8")
    first, last = min(rows.values()), max(rows.values())
    assert f"Clusters!${surplus}${first}:${surplus}${last}" in xml.replace("'", "")


# ----------------------------------------------------------------- formula injection


@pytest.fixture
def hostile_reference(tmp_path: Path) -> Path:
    """A copy of the shipped set with injection strings as cluster and resource names."""
    ref = tmp_path / "hostile-ref"
    shutil.copytree(REFERENCE, ref)
    (ref / "set.toml").write_text(
        f"name = 'hostile-ref'\nstatus = 'illustrative'\ntitle = '{PAYLOADS[0]}'\n",
        encoding="utf-8",
    )
    with (ref / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        clusters = list(csv.reader(handle))
    for row in clusters[1:]:
        if row[0] in ("1", "2", "3", "4"):
            row[1] = PAYLOADS[int(row[0]) - 1]  # the cluster's name
    with (ref / "clusters.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(clusters)
    with (ref / "unit_costs.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow([PAYLOADS[2], "10", "hour", "2014", PAYLOADS[1], "sourced"])
    with (ref / "packages.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(["1", PAYLOADS[2], "1", "week", PAYLOADS[3]])
    return ref


def test_input_strings_are_never_written_as_formulas(
    tmp_path: Path, tmp_workbook: Callable[..., Path], hostile_reference: Path
) -> None:
    rows = [
        {
            "team": payload,
            "cluster": code,
            "service_users": 10,
            "cluster_days": 900,
            PAYLOADS[3]: payload,  # an extra column, named and filled with a payload
        }
        for code, payload in zip((1, 2, 3, 4), PAYLOADS, strict=True)
    ]
    workbook = tmp_workbook({"caseload": rows}, name="hostile.xlsx")
    out = tmp_path / "out"
    run_cost(workbook, out, "--reference", str(hostile_reference))
    path = out / "report.xlsx"

    book = openpyxl.load_workbook(path)
    seen: dict[str, list[str]] = {p: [] for p in PAYLOADS}
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formula = str(cell.value)
                    assert not any(
                        bad in formula for bad in ("HYPERLINK", "cmd", "SUM(A1)", "-1+1")
                    ), f"{ws.title}!{cell.coordinate}: {formula}"
                    continue
                for payload in PAYLOADS:
                    if isinstance(cell.value, str) and payload in cell.value:
                        assert cell.data_type == "s", (ws.title, cell.coordinate, cell.data_type)
                        seen[payload].append(f"{ws.title}!{cell.coordinate}")
    # Each payload reached the workbook (as a cluster name, resource, source, title or
    # column name), so the check above was not vacuous.
    for payload, cells in seen.items():
        assert any(c.startswith("Clusters!B") for c in cells), (payload, cells)
    assert any(c.startswith("Data quality!") for c in seen[PAYLOADS[3]]), seen[PAYLOADS[3]]
    assert any(c.startswith("Assumptions!") for c in seen[PAYLOADS[2]]), seen[PAYLOADS[2]]

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                for formula in xml.split("<f>")[1:]:
                    assert "HYPERLINK" not in formula.split("</f>")[0], name
