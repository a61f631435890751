"""``pbrkit tender`` through its document: the registry's promise for a tender figure,
the formulas the Summary sheet is built from, and summary.json's contract order.

A new tender figure is one registry entry plus its place in the layout's columns
(reports/layouts/tender.py): it then appears in summary.json, report.xlsx (a formula
with its value saved) and report.html (with its meaning), and is hidden under
--publish wherever the count it is about is hidden.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pbrkit.reports.figures import Figure, Unit
from pbrkit.reports.formulas import IndexOf, Named, Product, Ratio, Sum, TotalsRatio
from pbrkit.reports.layouts import tender as tender_layout
from pbrkit.reports.render.json import ordered
from pbrkit.reports.suppression import SUPPRESSED
from run_time_figure import added_figure, run_cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
NEW = "taken_cost_per_person_test"


@pytest.fixture
def new_figure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Figure]:
    """A tender figure added at run time: one registry entry and its place in the
    layout's residue columns."""
    entry = Figure(
        NEW,
        "Cost of a person taken (test)",
        Unit.MONEY_PENCE,
        "NHS cost of people taken ÷ people taken: a figure added by a test",
        about=("taken_patients",),
        formula=Ratio("taken_cost", "taken_patients"),
        total="formula",
    )
    with added_figure(monkeypatch, entry, tender_layout, "RESIDUE"):
        yield entry


def test_a_tender_figure_added_at_run_time_is_in_every_output_and_published_with_its_count(
    new_figure: Figure, tmp_path: Path
) -> None:
    """On the example, cluster 3 has 1,221 people, 1,220 taken and 1 left: under
    --publish the 1 is hidden, and with it the 1,220 (1,221 − 1,220 would give it
    back), so the new figure about the people taken is hidden there too. Cluster 1
    (864 people, 239 taken: published 240) shows it over the published count."""
    plain = run_cli(["tender", str(CLUSTERS)], tmp_path / "plain")
    rows = {r["cluster"]: r for r in plain["residue_by_cluster"]}
    # Cluster 1: £45,671 of NHS cost over 239 people taken ≈ £191.09 a person.
    assert rows[1][NEW] == pytest.approx(rows[1]["taken_cost"] / rows[1]["taken_patients"])
    assert rows[1]["taken_patients"] == 239
    # Excel: a Residue column headed by the label and its unit, a formula with its value.
    book = openpyxl.load_workbook(tmp_path / "plain" / "report.xlsx")
    ws = book["Residue"]
    headers = [c.value for c in ws[1]]
    col = headers.index("Cost of a person taken (test) £") + 1
    codes = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    row = codes.index(1) + 2
    formula = ws.cell(row=row, column=col).value
    assert isinstance(formula, str) and formula.startswith("=IF(")
    saved = openpyxl.load_workbook(tmp_path / "plain" / "report.xlsx", data_only=True)
    assert saved["Residue"].cell(row=row, column=col).value == pytest.approx(rows[1][NEW])
    # HTML: the column's label and its meaning in "What the figures mean".
    html = (tmp_path / "plain" / "report.html").read_text(encoding="utf-8")
    assert "Cost of a person taken (test)" in html
    assert "NHS cost of people taken ÷ people taken: a figure added by a test" in html
    # --publish: hidden where its count is hidden, over the published count elsewhere.
    published = run_cli(["tender", str(CLUSTERS), "--publish"], tmp_path / "published")
    by_code = {r["cluster"]: r for r in published["residue_by_cluster"]}
    assert by_code[3]["taken_patients"] is None and by_code[3][NEW] is None
    index = [r["cluster"] for r in published["residue_by_cluster"]].index(3)
    assert f"/residue_by_cluster/{index}/{NEW}" in published["disclosure"]["suppressed"]
    assert by_code[5]["taken_patients"] == 345
    # Over the published count and the published cost: cluster 5's, rounded to the money
    # base (£50,000, docs/methodology.md §7), £1,900,000 ÷ 345 = £5,507.25. (Cluster 1's
    # £50,000 is hidden by the closure, the smallest part of a line that needed one more.)
    assert by_code[5]["taken_cost"] == 1_900_000
    assert by_code[5][NEW] == pytest.approx(1_900_000 / 345)
    # With its cost hidden, the figure over it is hidden too.
    assert by_code[1]["taken_cost"] is None and by_code[1][NEW] is None


def test_the_summary_sheet_works_stranded_fixed_cost_out_from_f_s_r_and_the_cost_taken(
    tmp_path: Path,
) -> None:
    """S = f × (1 − s) × (1 − r) × NHS cost of the people taken (methodology §6.2), as an
    Excel formula over the Summary's own cells, with the run's value saved."""
    summary = run_cli(["tender", str(CLUSTERS)], tmp_path / "out")
    nhs = summary["nhs"]
    taken_cost = sum(r["taken_cost"] for r in summary["residue_by_cluster"])
    # 0.3043 × (1 − 0.3132) × (1 − 0.3757) × £29,545,066 ≈ £3,855,424
    expected = (
        nhs["fixed_cost_share"] * (1 - nhs["shed_rate"]) * (1 - nhs["retained_share"]) * taken_cost
    )
    assert summary["residue"]["stranded_fixed_cost"] == pytest.approx(expected, rel=1e-9)
    book = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx")
    ws = book["Summary"]
    cells = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1)}
    stranded = str(cells["Stranded fixed cost (S) £"].value)
    shares = ("Fixed cost share f %", "Shed rate s %",
              "Share of a taken person's cost kept by the NHS r %")  # fmt: skip
    f, s, r = (cells[k].coordinate for k in shares)
    cost = cells["NHS cost of people taken £"].coordinate
    absolute = [f"${c[0]}${c[1:]}" for c in (f, s, r, cost)]
    assert stranded == f"={absolute[0]}*(1-{absolute[1]})*(1-{absolute[2]})*{absolute[3]}"
    assert str(cells["Fixed cost share f %"].value).startswith("='Assumptions'!$B$")


class Cells:
    """A headline's cells: each figure in column B, rows 7, 8, 9, …"""

    rows: ClassVar[dict[str, int]] = {"a": 7, "b": 8, "c": 9, "d": 10}

    def here(self, key: str) -> str:
        return f"$B${self.rows[key]}"

    def column(self, table: str, key: str) -> str:
        return f"'{table}'!$X$2:$X$9"

    def total(self, table: str, key: str) -> str:
        return f"'{table}'!$X$10"

    def named(self, name: str) -> str:
        return f"'Assumptions'!${name}$1"


def test_a_ratio_of_totals_points_at_the_tables_totals() -> None:
    # residue cost ÷ (income − income of the people taken): the residue's cost ÷ payment
    ratio = TotalsRatio((("residue", "residue_cost", 1),),
                        (("residue", "income", 1), ("bidders", "taken_income", -1)))  # fmt: skip
    # blank when no one is left (review5: it recalculated to #DIV/0!)
    den = "'residue'!$X$10-'bidders'!$X$10"
    assert ratio.excel(Cells()) == f"=IF(ABS({den})<0.005,\"\",('residue'!$X$10)/({den}))"
    assert ratio.words(str.upper) == (
        "(RESIDUE_COST (residue)) ÷ (INCOME (residue) − TAKEN_INCOME (bidders)), over the "
        "tables' totals"
    )


def test_sum_product_index_and_named_give_value_excel_and_words() -> None:
    row = {"a": 100.0, "b": 0.25, "c": 40.0, "d": 8.0}
    # a − c + d = 100 − 40 + 8 = 68
    total = Sum((("a", 1), ("c", -1), ("d", 1)))
    assert total.value(row) == 68.0
    assert total.excel(Cells()) == "=$B$7-$B$9+$B$10"
    assert total.words(str.upper) == "A − C + D"
    # a × (1 − b) = 100 × 0.75 = 75
    product = Product((("a", False), ("b", True)))
    assert product.value(row) == 75.0
    assert product.excel(Cells()) == "=$B$7*(1-$B$8)"
    assert product.words(str.upper) == "A × (1 − B)"
    # (c ÷ d) ÷ (a ÷ b) = (40 ÷ 8) ÷ (100 ÷ 0.25) = 5 ÷ 400 = 0.0125
    index = IndexOf("c", "d", "a", "b")
    assert index.value(row) == pytest.approx(0.0125)
    assert index.excel(Cells()) == '=IF(OR($B$10=0,$B$7=0),"",($B$9/$B$10)/($B$7/$B$8))'
    # None left (d = 0): no mean, so no index (blank, not an error).
    assert math.isnan(index.value({**row, "d": 0.0}))
    assert Named("fixed_cost_share").excel(Cells()) == "='Assumptions'!$fixed_cost_share$1"
    # A hidden operand hides the result; a missing one leaves it missing.
    assert total.value({**row, "c": SUPPRESSED}) is SUPPRESSED
    assert product.value({**row, "b": SUPPRESSED}) is SUPPRESSED
    assert total.value({**row, "c": None}) is None


@given(
    st.floats(-1e9, 1e9), st.floats(0, 1e9), st.floats(0, 1e9), st.floats(0, 1e9),
    st.floats(-1e9, 1e9),
)  # fmt: skip
def test_the_waterfall_formulas_add_up(
    before: float, kept_income: float, kept_cost: float, stranded: float, gap: float
) -> None:
    """after = −G + income kept − cost kept − S, and the closing step (the margin lost)
    = before + income kept − cost kept − S − after: before − margin + kept − S = after."""
    row = {"nhs_surplus_before": before, "nhs_income_retained": kept_income,
           "cost_retained_for_taken": kept_cost, "stranded_fixed_cost": stranded,
           "residue_cost_gap": gap}  # fmt: skip
    formulas = tender_layout._formulas(exact=True, bidders=True)
    row["nhs_surplus_after"] = formulas["nhs_surplus_after"].value(row)
    margin = formulas["taken_margin"].value(row)
    steps = before - margin + (kept_income - kept_cost) - stranded
    assert steps == pytest.approx(row["nhs_surplus_after"], rel=1e-9, abs=1e-3)


def test_summary_json_keeps_the_contract_order() -> None:
    out = {"pbrkit_version": "v", "sweep": [], "draws": 3, "base": {}, "disclosure": {}}
    keys = list(ordered(out, ("pbrkit_version", "draws", "base", "sweep", "absent")))
    assert keys == ["pbrkit_version", "draws", "base", "sweep", "disclosure"]
