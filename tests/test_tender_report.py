"""What ``pbrkit tender``'s report.xlsx and report.html show beyond the figures
themselves: the commissioner's saving as a live formula, the Years sheet's total row
and the tornado of ``--psa``.

Each was lost when the tender moved onto the figure registry and is checked here
through the generic renderers: the Summary sheet's formula recalculated by
LibreOffice, the total row against summary.json's year totals (published too), the
tornado drawn in report.html.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports import charts
from pbrkit.reports.document import Chart, Document, Headline, Section, Table, Text
from pbrkit.reports.figures import figure
from pbrkit.reports.formulas import ShareOfTotal
from pbrkit.reports.layouts.tender_json import year_rows
from pbrkit.reports.layouts.tender_psa import tornado_chart, tornado_charts
from pbrkit.reports.layouts.tender_years import YEAR_TOTALS, years_table
from pbrkit.reports.publishing import publish
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED, is_suppressed
from recalc import find_soffice, recalc_libreoffice
from test_tender_years import YEARS

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"

soffice_missing = pytest.mark.skipif(
    find_soffice() is None, reason="LibreOffice (soffice) is not installed"
)

SAVING = "Commissioner's saving £"
SHARE_V = "Share of a taken person's income the NHS loses v %"
PAYMENTS = "Payments to bidders £"


def _tender(workbook: Path, out: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli, ["tender", str(workbook), "--out", str(out), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return data


def _workbook(folder: Path, payment: str) -> Path:
    """Five clusters of 40 people, two bidders, one common lot awarded at the tariff
    (bidders are paid what the NHS was); the NHS paid by ``payment`` (a blend loses 60%
    of a taken person's income)."""
    from conftest import write_xlsx

    caseload = [
        {"cluster": code, "service_users": 40, "cluster_days": 40 * 200, "cost_cv": 1.0}
        for code in (1, 2, 3, 4, 11)
    ]
    pools: list[dict[str, Any]] = [
        {"pool": "Community", "amount": 500, "kind": "variable", "payment": payment},
        {"pool": "Estates", "amount": 200, "kind": "fixed", "shed_rate": 0.25},
        {"pool": "Crisis", "amount": 300, "kind": "fixed", "shed_rate": 0,
         "serves_taken": "yes"},
    ]  # fmt: skip
    if payment == "blended":
        pools.append({"variable_share": "60%"})
    return write_xlsx(
        folder / f"{payment}.xlsx",
        {
            "caseload": caseload,
            "nhs": pools,
            "bidders": [
                {"name": "Acme", "cost_factor": 0.9, "recharge": "yes"},
                {"name": "Beta", "cost_factor": 0.95, "capacity": 30},
            ],
            "lots": [{"name": "Common", "clusters": "1-4"}],
        },
    )


def _summary_cells(path: Path) -> dict[str, Any]:
    """The Summary sheet's figure cells, by label (formulas as written)."""
    ws = openpyxl.load_workbook(path)["Summary"]
    return {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1)}


# ------------------------------------------------------ the commissioner's saving


class Cells:
    """A headline's cells: each figure in column B; the bidders' total on row 9."""

    rows: ClassVar[dict[str, int]] = {"v": 7, "paid": 8}

    def here(self, key: str) -> str:
        return f"$B${self.rows[key]}"

    def column(self, table: str, key: str) -> str:
        return f"'{table}'!$D$2:$D$8"

    def total(self, table: str, key: str) -> str:
        return f"'{table}'!$D$9"

    def named(self, name: str) -> str:
        return "'Assumptions'!$B$1"


def test_a_share_of_a_total_gives_its_excel_formula_and_words() -> None:
    saving = ShareOfTotal("v", "bidders", "income", (("paid", -1),))
    assert saving.excel(Cells()) == "=$B$7*'bidders'!$D$9-$B$8"
    assert saving.words(str.upper) == "V × (INCOME, summed over the bidders) − PAID"
    assert saving.row_operands == ("v", "paid")
    # A pointer: the command gives the value, the formula says where it comes from.
    assert saving.value({"v": 1.0, "paid": 2.0}) is None


def test_the_registry_gives_the_commissioners_saving_its_formula() -> None:
    formula = figure("commissioner_saving").formula
    assert formula == ShareOfTotal("income_at_risk", "bidders", "taken_income",
                                   (("payments_to_bidders", -1),))  # fmt: skip


@pytest.mark.parametrize("payment", ["activity", "block", "blended"])
def test_the_summary_sheet_works_the_commissioners_saving_out(payment: str, tmp_path: Path) -> None:
    """v × Σ over the people taken of tariff income P − Σ of payments to bidders R
    (methodology §6.5), written over the Summary's v and payments and the Tender
    sheet's total of the people taken's income, with the run's value saved."""
    summary = _tender(_workbook(tmp_path, payment), tmp_path / "out")
    v = summary["nhs"]["income_at_risk"]
    assert v == {"activity": 1.0, "block": 0.0, "blended": pytest.approx(0.6)}[payment]
    income = sum(b["taken_income"] for b in summary["bidders"])
    paid = sum(b["payments_to_bidders"] for b in summary["bidders"])
    assert income > 0 and paid > 0
    saving = summary["public_sector"]["commissioner_saving"]
    # A fixed-tariff lot pays bidders the tariff: R = P. Activity: 1 × Σ P − Σ P = £0;
    # blend: 0.6 × Σ P − Σ P = −0.4 × Σ P; block: 0 × Σ P − Σ P = −Σ P (the
    # commissioner pays the bidders on top of the block it still pays the NHS).
    assert paid == pytest.approx(income, rel=1e-12)
    assert saving == pytest.approx((v - 1) * income, rel=1e-9, abs=0.005)
    assert saving == pytest.approx(v * income - paid, rel=1e-9, abs=0.005)
    cells = _summary_cells(tmp_path / "out" / "report.xlsx")
    formula = str(cells[SAVING].value)
    share, payments = (f"$B${cells[k].row}" for k in (SHARE_V, PAYMENTS))
    assert formula.startswith(f"={share}*'Tender'!$") and formula.endswith(f"-{payments}")
    saved = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx", data_only=True)
    assert saved["Summary"][cells[SAVING].coordinate].value == pytest.approx(saving)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert (
        "Share of a taken person&#39;s income the NHS loses v × (Tariff income of people "
        "taken, summed over the bidders) − Payments to bidders"
    ) in html


@pytest.mark.slow
@soffice_missing
@pytest.mark.parametrize("payment", ["activity", "block", "blended"])
def test_libreoffice_recalculates_the_commissioners_saving_to_its_saved_value(
    payment: str, tmp_path: Path
) -> None:
    summary = _tender(_workbook(tmp_path, payment), tmp_path / "out")
    path = tmp_path / "out" / "report.xlsx"
    cells = _summary_cells(path)
    values, conversion = recalc_libreoffice(path, tmp_path / "recalc")
    assert conversion.problems() == [], conversion
    saved = openpyxl.load_workbook(path, data_only=True)["Summary"]
    for label in (
        SAVING,
        "Change in commissioner's cost £",
        "Change in public spending, public-sector account £",
    ):
        cell = cells[label].coordinate
        assert str(cells[label].value).startswith("="), label
        mine, theirs = saved[cell].value, values["Summary"][cell]
        assert math.isclose(mine, theirs, rel_tol=1e-9, abs_tol=0.005), (label, mine, theirs)
    assert values["Summary"][cells[SAVING].coordinate] == pytest.approx(
        summary["public_sector"]["commissioner_saving"], rel=1e-9, abs=0.005
    )


# ------------------------------------------------------------- the Years total row

BLANK = ("price_index", "taken_patients", "residue_patients", "residue_cost_per_head",
         "residue_payment_per_head", "cumulative_surplus", "cut_per_head", "cut_share")  # fmt: skip


def _years(years: pd.DataFrame, *, publish_it: bool) -> Document:
    """The tender layout's year table, everyone (40) the headline count."""
    meta = RunMetadata(
        pbrkit_version="test", command="pbrkit tender", inputs=[],
        reference=ReferenceInfo(name="r", status="illustrative", title="r"),
        generated_at="2024-12-05T00:00:00+00:00",
    )  # fmt: skip
    everyone = Headline({"service_users": 40.0}, (), json_key=None)
    document = Document("tender", "t", meta, (Section("Years", (everyone, years_table(years))),))
    return publish(document, NHSD_HES_2018) if publish_it else document


def test_the_year_table_totals_the_money_that_adds_up_over_the_years() -> None:
    total = _years(YEARS, publish_it=False).table("years").total
    assert total is not None
    # NHS surplus −4,000 − 2,000 − 6,900 = −12,900; S 900 + 800 + 700 = 2,400;
    # profit 3,600 + 2,000 + 1,700 = 7,300; public spending 500 + 400 + 300 = 1,200.
    assert {k: total[k] for k in YEAR_TOTALS} == {
        "nhs_surplus": -12900.0,
        "stranded_fixed_cost": 2400.0,
        "bidder_profit": 7300.0,
        "public_spending_change": 1200.0,
    }
    # The same 40 people are counted every year: 73 "people taken" would be no one.
    # Per-head figures, the price index and the running surplus have no total either.
    assert all(total.get(k) is None for k in BLANK)
    table = years_table(YEARS)
    assert [k for k in table.columns if table.has_total(k)] == list(YEAR_TOTALS)


def test_the_published_year_total_is_hidden_with_a_hidden_year() -> None:
    """Year 1 leaves 4 people (1-7: hidden) and with them its money: a total over it
    less the years shown would give year 1's figures back, so every total is hidden."""
    total = _years(YEARS, publish_it=True).table("years").total
    assert total is not None
    assert all(total[k] is SUPPRESSED for k in YEAR_TOTALS)
    assert all(total.get(k) is None for k in BLANK)


def test_the_published_year_total_is_the_sum_of_the_published_rows() -> None:
    # Year 1 now 30 taken and 10 left: nothing hidden, the counts rounded to 5.
    shown = YEARS.assign(taken_patients=[30, 20, 17], residue_patients=[10, 20, 23])
    document = _years(shown, publish_it=True)
    table = document.table("years")
    assert [r["residue_patients"] for r in table.rows] == [10, 20, 25]
    assert table.total is not None
    # Year 1's £ are shown; the later years' are hidden (tests/test_fixleft_years_publish.py),
    # so every total over the years, which would include them, is hidden too.
    assert table.rows[0]["nhs_surplus"] == -4000.0  # year 1 (no money base set here)
    for key in YEAR_TOTALS:
        assert is_suppressed(table.total[key]), key
    assert year_rows(document)["totals"] == {k: table.total[k] for k in YEAR_TOTALS}


@pytest.mark.parametrize("publish_it", [False, True])
def test_the_years_sheet_ends_with_sum_formulas_for_the_money(
    publish_it: bool, tmp_path: Path
) -> None:
    """summary.json's year totals are the Years sheet's total row: SUM formulas over
    the years (values only when published) for the money, blank for the rest."""
    args = ("--years", "3", *(("--publish",) if publish_it else ()))
    summary = _tender(CLUSTERS, tmp_path / "out", *args)
    path = tmp_path / "out" / "report.xlsx"
    ws = openpyxl.load_workbook(path)["Years"]
    saved = openpyxl.load_workbook(path, data_only=True)["Years"]
    headers = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    assert [ws.cell(r, 1).value for r in range(2, 6)] == ["2024/25", "2025/26", "2026/27", "Total"]
    totals = summary["years"]["totals"]
    for key in YEAR_TOTALS:
        col = headers[figure(key).header]
        letter = openpyxl.utils.get_column_letter(col)
        cell = ws.cell(5, col).value
        if publish_it:  # later years' £ hidden, so is the total (test_fixleft_years_publish)
            assert cell == "*" and totals[key] is None, key
            continue
        assert cell == f"=SUM({letter}2:{letter}4)", key
        years = [saved.cell(r, col).value for r in range(2, 5)]
        assert saved.cell(5, col).value == pytest.approx(sum(years), rel=1e-12), key
        assert totals[key] == pytest.approx(sum(years), rel=1e-12), key
    for key in BLANK:
        assert ws.cell(5, headers[figure(key).header]).value is None, key
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    years_html = html[html.index('data-table="years"') :]
    row = years_html[years_html.index('<tr class="total">') :]
    row = row[: row.index("</tr>")]
    assert row.count("£") == (0 if publish_it else len(YEAR_TOTALS))


# ------------------------------------------------------------ the tornado (--psa)

F_RANGE = "nhs.fixed_cost_share (0.35 to 0.75)"


def _tornado() -> dict[str, Any]:
    """Public spending = 10,000,000 × (f − 0.3) (the stand-in tender of
    test_psa_reports): f at 0.35 gives £500,000, at 0.75 £4,500,000, at its median
    0.55 £2,500,000. The NHS's figure is hidden (published) at its median."""
    bar = {"parameter": "nhs.fixed_cost_share", "low": 0.35, "high": 0.75,
           "at_low": 500_000.0, "at_high": 4_500_000.0, "swing": 4_000_000.0}  # fmt: skip
    return {
        "base": {"public_spending_change": 2_500_000.0, "nhs_surplus_change": SUPPRESSED},
        "figures": {
            "public_spending_change": [bar],
            "nhs_surplus_change": [{**bar, "at_low": -3.75e6, "at_high": -5.75e6}],
        },
    }


def test_the_tornado_says_what_varies_in_each_bar_and_hides_a_hidden_figure() -> None:
    section = tornado_charts(_tornado())
    assert section.excel is False and section.html is True
    (chart,) = [b for b in section.blocks if isinstance(b, Chart)]
    assert chart.kind == "tornado" and chart.base == 2_500_000.0
    assert chart.value == ("public_spending_change_at_low", "public_spending_change_at_high")
    (table,) = [b for b in section.blocks if isinstance(b, Table) and b.key == chart.table]
    assert table.rows == (
        {"range_words": F_RANGE, "public_spending_change_at_low": 500_000.0,
         "public_spending_change_at_high": 4_500_000.0},
    )  # fmt: skip
    assert not table.html and not table.excel and table.json_key is None
    texts = [b.text for b in section.blocks if isinstance(b, Text)]
    assert any("tornado of change in nhs surplus is not published" in t for t in texts)


def test_charts_draw_a_tornado_from_the_median_with_each_range_named() -> None:
    svg = charts.tornado([F_RANGE], [500_000.0], [4_500_000.0], base=2_500_000.0,
                         title="Change in public spending", xlabel="£")  # fmt: skip
    assert svg.startswith("<svg")
    assert F_RANGE in svg
    assert "Every parameter at its median: £2.5m" in svg
    assert "Parameter at its low end" in svg and "Parameter at its high end" in svg


def test_tender_psa_report_html_draws_the_tornado(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_psa_reports import LinearTender

    monkeypatch.setattr(
        "pbrkit.workflows.uncertainty.tender_model", lambda prepared: LinearTender()
    )
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(
        "parameter,low,high,source\nnhs.fixed_cost_share,0.35,0.75,finance returns\n",
        encoding="utf-8",
    )
    summary = _tender(CLUSTERS, tmp_path / "out", "--psa", "8", "--uncertainty", str(ranges),
                      "--workers", "1")  # fmt: skip
    tornado = summary["psa"]["tornado"]
    (bar,) = tornado["figures"]["public_spending_change"]
    # 10,000,000 × (0.35 − 0.3) = £500,000; 10,000,000 × (0.75 − 0.3) = £4,500,000.
    assert (bar["at_low"], bar["at_high"]) == pytest.approx((500_000.0, 4_500_000.0))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    start = html.index('id="what-moves-the-answer-most"')
    section = html[start : html.index("</section>", start)]
    assert section.count("<svg") == 2  # the NHS surplus's and public spending's
    assert F_RANGE in section
    median = charts.pounds(tornado["base"]["public_spending_change"])
    assert f"Every parameter at its median: {median}" in section
    # Before the one run's figures, after the interval that leads the page.
    assert html.index("Over only 8 runs") < start < html.index('id="where-the-money-goes"')


def test_summary_pdf_keeps_the_waterfall_when_report_html_leads_with_a_tornado() -> None:
    from pbrkit.reports.render.pdf import main_chart

    meta = RunMetadata(
        pbrkit_version="test", command="pbrkit tender", inputs=[],
        reference=ReferenceInfo(name="r", status="illustrative", title="r"),
        generated_at="2024-12-05T00:00:00+00:00",
    )  # fmt: skip
    waterfall = Chart("waterfall", "waterfall_step", "waterfall_amount", "t", kind="waterfall")
    sections = (tornado_charts(_tornado()), Section("Where the money goes", (waterfall,)))
    assert main_chart(Document("tender", "t", meta, sections)) is waterfall


def test_pbrkit_psa_draws_the_tornado_on_the_page_and_the_swing_in_the_workbook() -> None:
    from pbrkit.reports.layouts.uncertainty import RUNS
    from pbrkit.reports.layouts.uncertainty import _tornado as psa_tornado

    page = psa_tornado(_tornado(), page=True)
    book = psa_tornado(_tornado())
    kinds = [b.kind for b in page if isinstance(b, Chart)]
    assert kinds == ["tornado", "tornado"]
    assert [b.kind for b in book if isinstance(b, Chart)] == ["signed_hbars", "signed_hbars"]
    # The bars' own table is a statistic over the runs: --publish hides it with them.
    bars = [b for b in page if isinstance(b, Table) and b.key.endswith("_bars")]
    assert [b.over for b in bars] == [RUNS, RUNS]
    assert bars[1].rows[0]["range_words"] == F_RANGE


def test_a_tornado_with_a_hidden_end_is_not_drawn() -> None:
    from pbrkit.reports.render.html import _chart_svg

    meta = RunMetadata(
        pbrkit_version="test", command="pbrkit psa", inputs=[],
        reference=ReferenceInfo(name="r", status="illustrative", title="r"),
        generated_at="2024-12-05T00:00:00+00:00",
    )  # fmt: skip
    bars = _tornado()["figures"]["public_spending_change"]
    table, chart = tornado_chart("public_spending_change", bars, 2_500_000.0)
    shown = Document("psa", "t", meta, (Section("Tornado", (table, chart)),))
    assert "<svg" in _chart_svg(shown, chart)
    hidden_row = {**table.rows[0], "public_spending_change_at_high": SUPPRESSED}
    hidden = replace(table, rows=(hidden_row,))
    assert (
        _chart_svg(Document("psa", "t", meta, (Section("Tornado", (hidden, chart)),)), chart) == ""
    )
    no_base = replace(chart, base=SUPPRESSED)
    assert _chart_svg(shown, no_base) == ""
