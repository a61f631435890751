"""``report.xlsx`` for ``pbrkit tender``: a workbook a finance team can audit.

Sheets: Summary, Tender, Residue, Ranges, Assumptions, Run. Per-cluster and
per-bidder totals are SUM formulas with their values saved; derived columns (people
left, mean costs, casemix index, change in surplus) are formulas too. With one draw
every headline figure on the Summary sheet is a formula over those totals and the
f and s cells of the Assumptions sheet (which, with cost pools, are themselves
formulas over the pools), so each number traces back to a row. With several draws
the headline figures are medians over draws, which no formula over per-cluster
medians reproduces: they are written as values and the sheet says so.

Every string from an input (bidder, lot, pool and team names) is written as text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from pbrkit.levers import what_if_rows
from pbrkit.reports.render.excel_sheets import write_disclosure, write_run_sheet
from pbrkit.reports.suppression import ratio
from pbrkit.reports.tender_html import FIGURE_KINDS, FIGURE_LABELS, cluster_list
from pbrkit.reports.tender_summary import (
    TenderReport,
    assumed_statements,
    bidder_parameters,
    lot_parameters,
    year_rows,
)
from pbrkit.reports.uncertainty_excel import add_thresholds_sheet, add_uncertainty_sheets
from pbrkit.reports.xlsx import (
    COUNT,
    DECIMAL,
    MONEY,
    PERCENT,
    Col,
    Formats,
    WrittenTable,
    new_workbook,
    ratio_formula,
    set_total_value,
    write_cell,
    write_table,
)
from pbrkit.tender import FIGURES

RESIDUE_SHEET: Final = "Residue"
TENDER_SHEET: Final = "Tender"
ASSUMPTIONS_SHEET: Final = "Assumptions"
INDEX: Final = "0.00"

_NUMBER_FORMATS: Final = {"money": MONEY, "count": COUNT, "index": INDEX}

Formula = Callable[[dict[str, str], int], str]


_ratio = ratio_formula


def _casemix(c: dict[str, str], r: int) -> str:
    after = f"{c['residue_cost']}{r}/{c['residue_patients']}{r}"
    before = f"{c['cost']}{r}/{c['service_users']}{r}"
    return f'=IF(OR({c["residue_patients"]}{r}=0,{c["cost"]}{r}=0),"",({after})/({before}))'


RESIDUE_COLUMNS: tuple[Col, ...] = (
    Col("cluster", "Cluster", None, 9),
    Col("name", "Name", None, 40),
    Col("lot", "Lot", None, 24),
    Col("service_users", "People", COUNT, 10, total="sum"),
    Col("taken_patients", "Taken by bidders", COUNT, 10, total="sum"),
    Col(
        "residue_patients",
        "Left with NHS",
        COUNT,
        10,
        formula=lambda c, r: f"={c['service_users']}{r}-{c['taken_patients']}{r}",
        total="sum",
    ),
    Col("income", "Tariff income £", MONEY, 14, total="sum"),
    Col("cost", "NHS cost £", MONEY, 14, total="sum"),
    Col("residue_cost", "Cost of those left £", MONEY, 14, total="sum"),
    Col(
        "taken_cost",
        "Cost of those taken £",
        MONEY,
        14,
        formula=lambda c, r: f"={c['cost']}{r}-{c['residue_cost']}{r}",
        total="sum",
    ),
    Col(
        "mean_cost_before",
        "Mean cost before £",
        MONEY,
        12,
        formula=_ratio("cost", "service_users"),
        total_formula=_ratio("cost", "service_users"),
    ),
    Col(
        "mean_cost_after",
        "Mean cost of those left £",
        MONEY,
        12,
        formula=_ratio("residue_cost", "residue_patients"),
        total_formula=_ratio("residue_cost", "residue_patients"),
    ),
    Col("casemix_index", "Casemix index", INDEX, 10, formula=_casemix, total_formula=_casemix),
    Col("residue_cost_gap", "Residue cost gap (G) £", MONEY, 14, total="sum"),
    Col("lost_contribution", "Lost contribution (L) £", MONEY, 14, total="sum"),
    Col("stranded_fixed_cost", "Stranded fixed cost (S) £", MONEY, 14, total="sum"),
    Col("cost_retained_for_taken", "Cost kept for people taken £", MONEY, 14, total="sum"),
    Col("nhs_income_retained", "Income kept for people taken £", MONEY, 14, total="sum"),
    Col("nhs_surplus_before", "NHS surplus before £", MONEY, 14, total="sum"),
    Col("nhs_surplus_after", "NHS surplus after £", MONEY, 14, total="sum"),
    Col(
        "nhs_surplus_change",
        "Change £",
        MONEY,
        14,
        formula=lambda c, r: f"={c['nhs_surplus_after']}{r}-{c['nhs_surplus_before']}{r}",
        total="sum",
    ),
    Col("payments_to_bidders", "Payments to bidders £", MONEY, 14, total="sum"),
    Col("bidder_profit", "Bidders' profit £", MONEY, 14, total="sum"),
    Col("differential_payment", "Differential payment £", MONEY, 14, total="sum"),
)

BIDDER_COLUMNS: tuple[Col, ...] = (
    Col("bidder", "Bidder", None, 34),
    Col("taken_patients", "People taken", COUNT, 11, total="sum"),
    Col("taken_cost", "Their NHS cost £", MONEY, 14, total="sum"),
    Col("taken_income", "Their tariff income £", MONEY, 14, total="sum"),
    Col("payments_to_bidders", "Payments £", MONEY, 14, total="sum"),
    Col("bidder_profit", "Profit £", MONEY, 14, total="sum"),
    Col("differential_payment", "Differential payment £", MONEY, 14, total="sum"),
    Col("lost_contribution", "NHS lost contribution £", MONEY, 14, total="sum"),
    Col("stranded_fixed_cost", "NHS stranded fixed cost £", MONEY, 14, total="sum"),
    Col("cost_retained_for_taken", "NHS cost kept for them £", MONEY, 14, total="sum"),
)

LOT_COLUMNS: tuple[Col, ...] = (
    Col("lot", "Lot", None, 34),
    Col("bidder", "Bidder", None, 34),
    Col("award", "Award", None, 14),
    Col("won_share", "Won in share of draws", PERCENT, 11),
    Col("taken_patients", "People taken", COUNT, 11),
    Col("price_factor", "Price offered (× tariff)", DECIMAL, 12),
)

BIDDER_CLUSTER_COLUMNS: tuple[Col, ...] = (
    Col("bidder", "Bidder", None, 34),
    Col("cluster", "Cluster", None, 34),
    Col("taken_patients", "People taken", COUNT, 11, total="sum"),
    Col("taken_cost", "Their NHS cost £", MONEY, 14, total="sum"),
    Col("payments_to_bidders", "Payments £", MONEY, 14, total="sum"),
    Col("bidder_profit", "Profit £", MONEY, 14, total="sum"),
)


YEAR_COLUMNS: tuple[Col, ...] = (
    Col("financial_year", "Year", None, 10),
    Col("price_index", "Price index", INDEX, 9),
    Col("taken_patients", "People taken", COUNT, 10),
    Col("residue_patients", "People left", COUNT, 10),
    Col("residue_cost_per_head", "Residue cost a head £", MONEY, 12),
    Col("residue_payment_per_head", "Residue payment a head £", MONEY, 12),
    Col("nhs_surplus", "NHS surplus £", MONEY, 14, total="sum"),
    Col("cumulative_surplus", "Cumulative surplus £", MONEY, 14),
    Col("stranded_fixed_cost", "Stranded fixed cost £", MONEY, 14, total="sum"),
    Col("cut_per_head", "Cut to break even a head £", MONEY, 12),
    Col("cut_share", "Cut as share of need", PERCENT, 10),
    Col("bidder_profit", "Bidders' profit £", MONEY, 14, total="sum"),
    Col("public_spending_change", "Change in public spending £", MONEY, 14, total="sum"),
)


def write_tender_workbook(
    report: TenderReport,
    path: Path,
    psa: dict[str, Any] | None = None,
    thresholds: list[dict[str, Any]] | None = None,
) -> None:
    """Write the tender workbook to ``path``; with ``psa`` (summary.json's ``psa``,
    from ``--psa``) the Uncertainty, Tornado and Thresholds sheets follow Summary, and
    with ``thresholds`` alone (a scenario's break-even) a Thresholds sheet does."""
    meta = report.meta
    workbook = new_workbook(path, title="pbrkit tender report", meta=meta)
    formats = Formats(workbook)
    summary_ws = workbook.add_worksheet("Summary")
    if psa is not None:
        add_uncertainty_sheets(workbook, formats, psa)
    elif thresholds is not None:
        add_thresholds_sheet(workbook, formats, thresholds)
    tender_ws = workbook.add_worksheet(TENDER_SHEET)
    residue_ws = workbook.add_worksheet(RESIDUE_SHEET)
    ranges_ws = workbook.add_worksheet("Ranges")
    assumptions_ws = workbook.add_worksheet(ASSUMPTIONS_SHEET)
    bidders = _write_tender(tender_ws, formats, report)
    residue = _write_residue(residue_ws, formats, report)
    shares = _write_assumptions(assumptions_ws, workbook, formats, report)
    _write_summary(summary_ws, formats, report, residue, bidders, shares)
    _write_ranges(ranges_ws, formats, report)
    if report.years is not None:
        write_table(
            workbook.add_worksheet("Years"), formats, report.years, YEAR_COLUMNS,
            totals=year_rows(report.years)["totals"],
        )  # fmt: skip
    write_run_sheet(workbook.add_worksheet("Run"), formats, meta)
    for sheet in workbook.worksheets():
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_paper(9)  # A4
    workbook.close()


def _write_residue(ws: Any, formats: Formats, report: TenderReport) -> WrittenTable:
    sums = report.column_totals
    table = write_table(ws, formats, report.clusters, RESIDUE_COLUMNS, totals=sums)
    if table.total_row is None:
        return table
    ratios = {
        "mean_cost_before": _divide(sums["cost"], sums["service_users"]),
        "mean_cost_after": _divide(sums["residue_cost"], sums["residue_patients"]),
    }
    ratios["casemix_index"] = (
        _divide(ratios["mean_cost_after"], ratios["mean_cost_before"])
        if sums["residue_patients"] and sums["cost"]
        else float("nan")
    )
    for i, column in enumerate(RESIDUE_COLUMNS):
        if column.key in ratios and column.total_formula is not None:
            formula = column.total_formula(table.letters, table.total_row + 1)
            fmt = formats.get(column.number_format, bold=True)
            set_total_value(ws, table, i, formula, ratios[column.key], fmt)
    return table


def _divide(num: Any, den: Any) -> Any:
    return ratio(num, den)  # NaN for ÷ 0; hidden (*) if either is


def _write_tender(ws: Any, formats: Formats, report: TenderReport) -> WrittenTable:
    result = report.result
    bidders = write_table(
        ws, formats, result.by_bidder, BIDDER_COLUMNS, totals=report.bidder_totals
    )
    row = (bidders.total_row if bidders.total_row is not None else bidders.header_row) + 3
    ws.write_string(row, 0, "Lot by lot (every bidder that looked at the lot)", formats.title)
    lots = result.by_lot.assign(award=result.by_lot["award"].str.replace("_", " "))
    lot_table = write_table(
        ws, formats, lots, LOT_COLUMNS, start_row=row + 1, total_label=None, freeze=False,
        autofilter=False,
    )  # fmt: skip
    row = max(lot_table.last_row, lot_table.header_row) + 3
    ws.write_string(row, 0, "What each bidder took, by cluster", formats.title)
    taken = result.by_bidder_cluster.loc[result.by_bidder_cluster["taken_patients"] != 0]
    write_table(
        ws, formats, taken.reset_index(drop=True), BIDDER_CLUSTER_COLUMNS, start_row=row + 1,
        freeze=False, autofilter=False, totals=report.bidder_cluster_totals,
    )  # fmt: skip
    return bidders


def _write_summary(
    ws: Any,
    formats: Formats,
    report: TenderReport,
    residue: WrittenTable,
    bidders: WrittenTable,
    shares: Shares,
) -> None:
    ws.set_column(0, 0, 52)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 2, 70)
    ws.write_string(0, 0, "What a tender leaves with the NHS", formats.title)
    inputs = ", ".join(Path(i.path).name for i in report.meta.inputs)
    ws.write_string(1, 0, f"Input: {inputs}", formats.subtitle)
    ref = report.meta.reference
    ws.write_string(2, 0, f"Reference set: {ref.name} — {ref.status.upper()}", formats.warning)
    draws = report.draws
    exact = draws == 1
    note = (
        "One draw: every figure below is a formula over the Residue, Tender and Assumptions sheets."
        if exact
        else f"Medians of {draws:,} draws (seed {report.result.seed}): per-cluster and "
        "per-bidder medians need not add up to these, so they are values, not formulas. "
        "Ranges: see the Ranges sheet."
    )
    ws.write_string(3, 0, note, formats.subtitle)
    write_disclosure(ws, formats, report.meta, row=4)
    r = report.result.residue
    steps = report.waterfall
    public = report.public_sector
    first = 6  # spreadsheet row of the first figure is first + 1

    def at(key: str) -> str:
        return f"$B${first + 1 + order.index(key)}"

    order = [
        "service_users",
        "taken_patients",
        "residue_patients",
        "fixed_cost_share",
        "shed_rate",
        "retained_share",
        "income_at_risk",
        "residue_cost_gap",
        "lost_contribution",
        "stranded_fixed_cost",
        "cost_retained_for_taken",
        "nhs_income_retained",
        "nhs_surplus_before",
        "taken_margin",
        "nhs_surplus_after",
        "nhs_surplus_change",
        "casemix_index",
        "casemix_between",
        "casemix_within",
        "cost_to_payment_before",
        "residue_cost_to_payment",
        "payments_to_bidders",
        "bidder_profit",
        "differential_payment",
        "commissioner_saving",
        "commissioner_cost_change",
        "public_cost_change",
    ]

    def res(key: str) -> str:
        return "=" + residue.total_cell(key, RESIDUE_SHEET)

    def bid(key: str) -> str:
        # No bidder took anyone: the bidder table has no rows and no total row.
        if bidders.total_row is None:
            return "=0"
        return "=" + bidders.total_cell(key, TENDER_SHEET)

    def cells(*keys: str) -> list[str]:
        return [residue.total_cell(k, RESIDUE_SHEET) for k in keys]

    def figure(key: str, formula: str | None, how: str) -> tuple[str, float, str | None, str, str]:
        return (FIGURE_LABELS[key], r[key], formula, _NUMBER_FORMATS[FIGURE_KINDS[key]], how)

    nhs = report.result.spec.nhs
    left_cost, income, cost = cells("residue_cost", "income", "cost")
    left_income = f"({income}-{bidders.total_cell('taken_income', TENDER_SHEET)})"
    kept = f"{at('nhs_income_retained')}-{at('cost_retained_for_taken')}"
    rows: dict[str, tuple[str, float, str | None, str, str]] = {
        "service_users": (
            "People",
            report.totals["service_users"],
            res("service_users"),
            COUNT,
            "",
        ),
        "taken_patients": figure("taken_patients", res("taken_patients"), "|T|"),
        "residue_patients": figure("residue_patients", res("residue_patients"), "|N|"),
        "fixed_cost_share": (
            "Fixed cost share f",
            nhs.fixed_cost_share,
            f"={shares.f}",
            PERCENT,
            "from the Assumptions sheet",
        ),
        "shed_rate": (
            "Shed rate s",
            nhs.shed_rate,
            f"={shares.s}",
            PERCENT,
            "from the Assumptions sheet",
        ),
        "retained_share": (
            "Share of a taken person's cost kept by the NHS r",
            nhs.retained_share,
            f"={shares.r}",
            PERCENT,
            "pools that keep serving people taken ÷ all pools",
        ),
        "income_at_risk": (
            "Share of a taken person's income the NHS loses v",
            nhs.income_at_risk,
            f"={shares.v}",
            PERCENT,
            f"{nhs.payment} payment (methodology §6.2)",
        ),
        "residue_cost_gap": figure(
            "residue_cost_gap", res("residue_cost_gap"), "G = Σ over N of (c − P)"
        ),
        "lost_contribution": figure(
            "lost_contribution",
            res("lost_contribution"),
            "L = Σ over T of (v·P − (1 − f)(1 − r)·c)",
        ),
        "stranded_fixed_cost": figure(
            "stranded_fixed_cost",
            f"={at('fixed_cost_share')}*(1-{at('shed_rate')})*(1-{at('retained_share')})*"
            + residue.total_cell("taken_cost", RESIDUE_SHEET),
            "S = f·(1 − s)·Σ over T of (1 − r)·c",
        ),
        "cost_retained_for_taken": figure(
            "cost_retained_for_taken",
            res("cost_retained_for_taken"),
            "Σ over T of (r·c − recharge)",
        ),
        "nhs_income_retained": figure(
            "nhs_income_retained", res("nhs_income_retained"), "Σ over T of (1 − v)·P"
        ),
        "nhs_surplus_before": figure(
            "nhs_surplus_before", res("nhs_surplus_before"), "Σ over everyone of (P − c)"
        ),
        "taken_margin": (
            "Margin on the people taken",
            steps["taken_margin"],
            f"={at('nhs_surplus_before')}+{kept}-{at('stranded_fixed_cost')}-{at('nhs_surplus_after')}",
            MONEY,
            "before + income kept − cost kept − S − after = Σ over T of (P − c)",
        ),
        "nhs_surplus_after": figure(
            "nhs_surplus_after",
            f"=-{at('residue_cost_gap')}+{kept}-{at('stranded_fixed_cost')}",
            "−G + income kept − cost kept − S",
        ),
        "nhs_surplus_change": figure(
            "nhs_surplus_change",
            f"={at('nhs_surplus_after')}-{at('nhs_surplus_before')}",
            "after − before",
        ),
        "casemix_index": figure(
            "casemix_index", res("casemix_index"), "mean c over N ÷ mean c over everyone"
        ),
        "casemix_between": figure(
            "casemix_between",
            None,
            "the residue at its clusters' mean costs ÷ mean c over everyone",
        ),
        "casemix_within": figure(
            "casemix_within",
            f"={at('casemix_index')}/{at('casemix_between')}",
            "casemix index ÷ between",
        ),
        "cost_to_payment_before": figure(
            "cost_to_payment_before", f"={cost}/{income}", "Σ c ÷ Σ P"
        ),
        "residue_cost_to_payment": figure(
            "residue_cost_to_payment",
            f"={left_cost}/{left_income}",
            "Σ over N of c ÷ Σ over N of P",
        ),
        "payments_to_bidders": figure(
            "payments_to_bidders", bid("payments_to_bidders"), "Σ over T of R"
        ),
        "bidder_profit": figure(
            "bidder_profit", bid("bidder_profit"), "Σ over T of (R − θ(1 − r)·c − recharge)"
        ),
        "differential_payment": figure(
            "differential_payment", bid("differential_payment"), "Σ over T of (R − (1 − r)·c)"
        ),
        "commissioner_saving": (
            FIGURE_LABELS["commissioner_saving"],
            public["commissioner_saving"],
            f"={at('income_at_risk')}*" + bid("taken_income")[1:] + f"-{at('payments_to_bidders')}",
            MONEY,
            "v·Σ over T of P − Σ over T of R: tariff no longer paid to the NHS, less payments",
        ),
        "commissioner_cost_change": figure(
            "commissioner_cost_change",
            f"=-{at('commissioner_saving')}",
            "Σ over T of R − v·Σ over T of P = − the commissioner's saving",
        ),
        "public_cost_change": (
            FIGURE_LABELS["public_cost_change"],
            public["public_cost_change"],
            f"=-{at('commissioner_saving')}-{at('nhs_surplus_change')}",
            MONEY,
            "commissioner's cost change − change in NHS surplus (negative = a saving)",
        ),
    }
    ws.write_string(first - 1, 0, "Figure", formats.header)
    ws.write_string(first - 1, 1, "Value", formats.header)
    ws.write_string(first - 1, 2, "How it is worked out (docs/methodology.md §6)", formats.header)
    for offset, key in enumerate(order):
        label, value, formula, number_format, how = rows[key]
        ws.write_string(first + offset, 0, label)
        fmt = formats.get(number_format)
        traceable = key in (
            "fixed_cost_share", "shed_rate", "retained_share", "income_at_risk",
            "service_users", "taken_margin",
        )  # fmt: skip
        if formula is not None and (exact or traceable) and not _missing(value):
            ws.write_formula(first + offset, 1, formula, fmt, value)
        else:
            write_cell(ws, first + offset, 1, value, fmt)
        ws.write_string(first + offset, 2, how)
    ws.freeze_panes(first, 0)


def _missing(value: float) -> bool:
    return value != value  # NaN


def _write_ranges(ws: Any, formats: Formats, report: TenderReport) -> None:
    ws.set_column(0, 0, 40)
    ws.set_column(1, 3, 16)
    ws.write_string(0, 0, "Monte Carlo ranges (selection noise only)", formats.title)
    ranges = report.result.residue_ranges
    if not ranges:
        ws.write_string(
            2, 0, "One draw was run: no ranges. Run with --draws 1000 for 5th-95th percentiles."
        )
        return
    ws.write_string(
        1,
        0,
        f"{report.draws:,} draws, seed {report.result.seed}: 5th percentile, median and 95th "
        "percentile of each figure over the draws. Selection noise only: every parameter "
        "is held at its stated value.",
        formats.subtitle,
    )
    frame = pd.DataFrame(
        [{"figure": FIGURE_LABELS[name], "key": name, **ranges[name]} for name in FIGURES]
    )
    headers = ("Figure", "Key", "5th percentile", "Median", "95th percentile")
    for i, header in enumerate(headers):
        ws.write_string(3, i, header, formats.header)
    ws.set_column(1, 1, 22)
    for offset, record in enumerate(frame.to_dict(orient="records")):
        row = 4 + offset
        fmt = formats.get(_NUMBER_FORMATS[FIGURE_KINDS[record["key"]]])
        ws.write_string(row, 0, record["figure"])
        ws.write_string(row, 1, record["key"])
        for i, label in enumerate(("p5", "p50", "p95")):
            write_cell(ws, row, 2 + i, record[label], fmt)
    ws.freeze_panes(4, 0)


@dataclass(frozen=True)
class Shares:
    """The Assumptions cells holding f, s, r and v (absolute, sheet-qualified)."""

    f: str
    s: str
    r: str
    v: str


def _write_assumptions(ws: Any, workbook: Any, formats: Formats, report: TenderReport) -> Shares:
    """The Assumptions sheet; returns the cells holding f, s, r and v."""
    ws.write_string(0, 0, "Assumptions and sources", formats.title)
    defaulted = workbook.add_format({"italic": True, "font_color": "#777777"})
    spec = report.result.spec
    nhs = spec.nhs
    ref = report.meta.reference
    ws.write_string(2, 0, "NHS cost structure", formats.header)
    ws.write_string(2, 1, "Value", formats.header)
    ws.write_string(2, 2, "Source", formats.header)
    pools = pd.DataFrame([p.model_dump() for p in nhs.pools])
    if len(pools):
        pools["serves_taken"] = np.where(pools["serves_taken"], "yes", "no")
    pool_table: WrittenTable | None = None
    pool_row = 10
    if len(pools):
        ws.write_string(pool_row - 1, 0, "Cost pools", formats.header)
        pool_table = write_table(
            ws,
            formats,
            pools,
            [
                Col("pool", "Pool", None, 34),
                Col("amount", "Amount £", MONEY, 18, total="sum"),
                Col("kind", "Kind", None, 12),
                Col("shed_rate", "Shed rate (fixed pools)", PERCENT, 12),
                Col("serves_taken", "Serves people taken", None, 12),
            ],
            start_row=pool_row,
            freeze=False,
            autofilter=False,
        )
    source_text = {
        "sheet": "the nhs sheet",
        "pools": "the nhs sheet's cost pools: r = pools serving people taken ÷ all pools; "
        "over the other pools, f = fixed ÷ all of them and s = the amount-weighted shed "
        "rate of their fixed pools",
        "default": "default (methodology §6): no nhs sheet",
        "scenario": "the scenario file",
        "scenario pools": "the scenario file's cost pools",
    }.get(report.sources.nhs, report.sources.nhs)
    f_formula = s_formula = r_formula = None
    if pool_table is not None:
        first, last = pool_table.first_row + 1, pool_table.last_row + 1
        amount = f"$B${first}:$B${last}"
        kind = f"$C${first}:$C${last}"
        shed = f"$D${first}:$D${last}"
        serves = f"$E${first}:$E${last}"
        rest = f'SUMIF({serves},"no",{amount})'
        fixed_total = f'SUMIFS({amount},{kind},"fixed",{serves},"no")'
        f_formula = f"=IF({rest}=0,0,{fixed_total}/{rest})"
        weighted = f'SUMPRODUCT(({kind}="fixed")*({serves}="no")*{amount}*{shed})'
        s_formula = f"=IF({fixed_total}=0,{nhs.shed_rate},{weighted}/{fixed_total})"
        r_formula = f'=SUMIF({serves},"yes",{amount})/SUM({amount})'
    for row, label, value, formula in (
        (3, "Fixed cost share f", nhs.fixed_cost_share, f_formula),
        (4, "Shed rate s", nhs.shed_rate, s_formula),
        (5, "Share of a taken person's cost kept by the NHS r", nhs.retained_share, r_formula),
        (6, f"Income lost per person taken v ({nhs.payment} payment)", nhs.income_at_risk, None),
    ):
        ws.write_string(row, 0, label)
        fmt = formats.get(PERCENT)
        if formula is not None:
            ws.write_formula(row, 1, formula, fmt, value)
        else:
            ws.write_number(row, 1, value, fmt)
        ws.write_string(row, 2, source_text)
    ws.write_string(
        7,
        2,
        "Transforming Rehabilitation's contracts assumed fixed costs of 20% of total; "
        "the companies reported 77% (NAO, December 2017).",
        formats.subtitle,
    )
    row = (pool_table.total_row + 3) if pool_table and pool_table.total_row else pool_row
    row = _parameter_table(ws, formats, defaulted, report, "bidders", row)
    row = _parameter_table(ws, formats, defaulted, report, "lots", row + 2)
    lines: list[tuple[str, Any]] = [
        ("Draws", report.draws),
        ("Seed", str(report.result.seed)),  # text: a float would round a seed of 2**70
        ("Reference set", f"{ref.name} ({ref.status})"),
        ("Reference set title", ref.title),
        ("Tariff deflator", report.deflator),
        ("Scenario", report.scenario or "none"),
        *what_if_rows(report.meta.options),
    ]
    lines += [
        (f"Source of {table.replace('_', ' ')}", source)
        for table, source in report.table_sources.items()
    ]
    lines += [(f"Seed of the {part}", text) for part, text in report.seeds.items()]
    if report.cost_below_bed_days is not None:
        lines.append(("People costing less than their bed days", report.cost_below_bed_days))
    lines += [("Assumed", text) for text in assumed_statements(report.sources.assumed)]
    lines += [("Note", note) for note in report.notes]
    row += 2
    ws.write_string(row, 0, "Run settings and sources", formats.header)
    ws.write_string(row, 1, "", formats.header)
    for i, (label, value) in enumerate(lines):
        ws.write_string(row + 1 + i, 0, label)
        write_cell(
            ws, row + 1 + i, 1, value, formats.get(PERCENT) if label == "Tariff deflator" else None
        )
    # Long source texts overflow into the empty cells to their right.
    ws.set_column(0, 0, 36)
    ws.set_column(1, 12, 15)
    ws.freeze_panes(1, 0)
    sheet = f"'{ASSUMPTIONS_SHEET}'!"
    return Shares(f=f"{sheet}$B$4", s=f"{sheet}$B$5", r=f"{sheet}$B$6", v=f"{sheet}$B$7")


def _parameter_table(
    ws: Any, formats: Formats, defaulted: Any, report: TenderReport, kind: str, row: int
) -> int:
    """Bidder or lot parameters, defaulted values in grey italics; returns the last row."""
    spec = report.result.spec
    items: Sequence[dict[str, Any]]
    if kind == "bidders":
        items = [bidder_parameters(b) for b in spec.bidders]
        title = "Bidders (grey italics: default, methodology §6)"
    else:
        items = [lot_parameters(lot) for lot in spec.lots]
        title = "Lots (grey italics: default, methodology §6)"
    ws.write_string(row, 0, title, formats.title)
    if not items:
        ws.write_string(row + 1, 0, f"No {kind}.")
        return row + 1
    keys = [k for k in items[0] if k != "name"]
    header = ["Name", *(k.replace("_", " ") for k in keys), "Set by default", "Set by scenario"]
    for i, text in enumerate(header):
        ws.write_string(row + 1, i, text, formats.header)
    sources: dict[str, dict[str, str]] = getattr(report.sources, kind)
    for offset, item in enumerate(items):
        r = row + 2 + offset
        given = sources.get(item["name"], {})
        ws.write_string(r, 0, item["name"])
        for i, key in enumerate(keys, start=1):
            value = item[key]
            if key == "clusters":
                value = cluster_list(value)
            elif key == "capacity" and value is None:
                value = "unlimited"
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            write_cell(ws, r, i, value, defaulted if given.get(key) == "default" else None)
        ws.write_string(r, len(keys) + 1, ", ".join(k for k in keys if given.get(k) == "default"))
        ws.write_string(r, len(keys) + 2, ", ".join(k for k in keys if given.get(k) == "scenario"))
    return row + 1 + len(items)
