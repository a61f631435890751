"""``report.xlsx`` for ``pbrkit cost``: a workbook a finance team can audit.

Sheets: Summary, Clusters, Projection, Assumptions, Data quality, Run. Totals and
derived columns are live formulas with their values saved; the key figures on the
Summary sheet point at the Clusters sheet, so every number traces back to a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pbrkit.costing import BED_DAY_RESOURCE, CostingResult, CostInputs
from pbrkit.io.inputs import QualityNote
from pbrkit.levers import what_if_rows
from pbrkit.model import RunMetadata
from pbrkit.reports.uncertainty_excel import write_cost_uncertainty
from pbrkit.reports.xlsx import (
    COUNT,
    DECIMAL,
    MONEY,
    MONEY_PENCE,
    PERCENT,
    Col,
    Formats,
    WrittenTable,
    new_workbook,
    ratio_formula,
    set_total_value,
    write_cell,
    write_pairs,
    write_table,
    write_tariff_table,
)

CLUSTERS_SHEET = "Clusters"


_ratio = ratio_formula


#: Activity and money columns shared by the cluster, team and team × cluster tables.
_ACTIVITY: tuple[Col, ...] = (
    Col("service_users", "Service users", COUNT, 12, total="sum"),
    Col("cluster_days", "Cluster days", COUNT, 13, total="sum"),
    Col("admitted_days", "Admitted days", COUNT, 12, total="sum"),
)
_MONEY: tuple[Col, ...] = (
    Col("income", "Income £", MONEY, 14, total="sum"),
    Col("cost", "Cost £", MONEY, 14, total="sum"),
    Col(
        "surplus",
        "Surplus £",
        MONEY,
        14,
        formula=lambda c, r: f"={c['income']}{r}-{c['cost']}{r}",
        total="sum",
    ),
)
_MARGIN = Col(
    "margin",
    "Margin %",
    PERCENT,
    10,
    formula=_ratio("surplus", "income"),
    total_formula=_ratio("surplus", "income"),
)

CLUSTER_COLUMNS: tuple[Col, ...] = (
    Col("cluster", "Cluster", None, 9),
    Col("name", "Name", None, 44),
    Col("superclass", "Superclass", None, 14),
    *_ACTIVITY,
    Col("episodes", "Episodes", DECIMAL, 11, total="sum"),
    *_MONEY,
    Col(
        "surplus_per_person",
        "Surplus per person £",
        MONEY_PENCE,
        14,
        formula=_ratio("surplus", "service_users"),
        total_formula=_ratio("surplus", "service_users"),
    ),
    _MARGIN,
    Col(
        "cost_to_income",
        "Cost ÷ income",
        DECIMAL,
        10,
        formula=_ratio("cost", "income"),
        total_formula=_ratio("cost", "income"),
    ),
    Col("cost_source", "Cost source", None, 11),
    Col("package_cost_per_day", "Package cost per community day £", MONEY_PENCE, 16),
)


def write_costing_workbook(
    result: CostingResult,
    inputs: CostInputs,
    notes: Sequence[QualityNote],
    meta: RunMetadata,
    path: Path,
    psa: dict[str, Any] | None = None,
) -> None:
    """Write the costing workbook to ``path``; with ``psa`` (summary.json's ``psa``,
    from ``--psa``) an Uncertainty sheet follows Summary."""
    workbook = new_workbook(path, title="pbrkit cost report", meta=meta)
    formats = Formats(workbook)
    summary_ws = workbook.add_worksheet("Summary")
    if psa is not None:
        write_cost_uncertainty(workbook.add_worksheet("Uncertainty"), formats, psa)
    clusters_ws = workbook.add_worksheet(CLUSTERS_SHEET)
    table = _write_clusters(clusters_ws, formats, result)
    _write_summary(summary_ws, workbook, formats, result, table, meta)
    if result.teams is not None:
        _write_teams(workbook, workbook.add_worksheet(TEAMS_SHEET), formats, result)
    _write_projection(workbook.add_worksheet("Projection"), formats, result)
    _write_assumptions(workbook.add_worksheet("Assumptions"), formats, result, inputs, meta)
    _write_quality(workbook.add_worksheet("Data quality"), formats, result, notes)
    write_run_sheet(workbook.add_worksheet("Run"), formats, meta)
    for sheet in workbook.worksheets():
        # Printed for a board pack: landscape, one page wide.
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_paper(9)  # A4
    workbook.close()


TEAMS_SHEET = "Teams"

#: The team summary and the team × cluster table (when the caseload names teams).
TEAM_COLUMNS: tuple[Col, ...] = (Col("team", "Team", None, 34), *_ACTIVITY, *_MONEY, _MARGIN)
TEAM_CLUSTER_COLUMNS: tuple[Col, ...] = (TEAM_COLUMNS[0], Col("cluster", "Cluster", None, 9),
                                         *TEAM_COLUMNS[1:])  # fmt: skip


def _write_teams(workbook: Any, ws: Any, formats: Formats, result: CostingResult) -> None:
    """Team summary (people, income, cost, surplus, margin), its chart, and team × cluster."""
    assert result.teams is not None and result.team_clusters is not None
    teams = write_table(ws, formats, result.teams.reset_index(), TEAM_COLUMNS,
                        totals=result.totals)  # fmt: skip
    _save_margin_total(ws, formats, teams, TEAM_COLUMNS, result.totals)
    below = (teams.total_row if teams.total_row is not None else teams.last_row) + 3
    ws.write_string(below - 1, 0, "By team and cluster", formats.title)
    cells = write_table(
        ws, formats, result.team_clusters, TEAM_CLUSTER_COLUMNS, start_row=below,
        totals=result.totals, freeze=False, autofilter=False,
    )  # fmt: skip
    _save_margin_total(ws, formats, cells, TEAM_CLUSTER_COLUMNS, result.totals)
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Surplus (deficit) £",
            "categories": [TEAMS_SHEET, teams.first_row, 0, teams.last_row, 0],
            "values": [TEAMS_SHEET, teams.first_row, 6, teams.last_row, 6],
            "fill": {"color": "#2E7D32"},
            "invert_if_negative": True,
            "invert_if_negative_color": "#C62828",
        }
    )
    chart.set_title({"name": "Surplus (deficit) by team"})
    chart.set_x_axis({"name": "£", "num_format": "£#,##0"})
    # Team names at the left edge, clear of the bars of teams that lose money.
    chart.set_y_axis({"label_position": "low"})
    chart.set_legend({"none": True})
    chart.set_size({"width": 620, "height": 60 + 28 * len(result.teams)})
    ws.insert_chart(0, len(TEAM_COLUMNS) + 1, chart)


def _save_margin_total(
    ws: Any, formats: Formats, table: WrittenTable, columns: Sequence[Col], totals: Any
) -> None:
    """The total row's margin is a formula: save its value, not XlsxWriter's 0."""
    if table.total_row is None:
        return
    i = [c.key for c in columns].index("margin")
    formula = columns[i].total_formula
    assert formula is not None
    income, surplus = totals["income"], totals["surplus"]
    value = surplus / income if income else float("nan")
    fmt = formats.get(PERCENT, bold=True)
    set_total_value(ws, table, i, formula(table.letters, table.total_row + 1), value, fmt)


def _write_clusters(ws: Any, formats: Formats, result: CostingResult) -> WrittenTable:
    frame = result.clusters.reset_index()
    table = write_table(ws, formats, frame, CLUSTER_COLUMNS, totals=result.totals)
    if table.total_row is None:
        return table
    # The total row's ratios are formulas too: save their values, not XlsxWriter's 0.
    t = result.totals
    ratios = {
        "surplus_per_person": (t["surplus"], t["service_users"]),
        "margin": (t["surplus"], t["income"]),
        "cost_to_income": (t["cost"], t["income"]),
    }
    for i, column in enumerate(CLUSTER_COLUMNS):
        if column.key in ratios and column.total_formula is not None:
            num, den = ratios[column.key]
            formula = column.total_formula(table.letters, table.total_row + 1)
            fmt = formats.get(column.number_format, bold=True)
            value = num / den if den else float("nan")  # NaN is saved as ""
            set_total_value(ws, table, i, formula, value, fmt)
    return table


def _write_summary(
    ws: Any,
    workbook: Any,
    formats: Formats,
    result: CostingResult,
    table: WrittenTable,
    meta: RunMetadata,
) -> None:
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 18)
    ws.write_string(0, 0, "Cost, income and surplus by care cluster", formats.title)
    inputs = ", ".join(Path(i.path).name for i in meta.inputs)
    ws.write_string(1, 0, f"Input: {inputs}", formats.subtitle)
    ref = meta.reference
    ws.write_string(2, 0, f"Reference set: {ref.name} — {ref.status.upper()}", formats.warning)
    if ref.status.casefold() != "official":
        ws.write_string(
            3,
            0,
            "Prices and packages from an illustrative reference set are not official figures.",
            formats.subtitle,
        )
    write_disclosure(ws, formats, meta, row=4)
    t = result.totals
    c = table.letters
    first, last = table.first_row + 1, table.last_row + 1
    surplus_rng = f"'{CLUSTERS_SHEET}'!${c['surplus']}${first}:${c['surplus']}${last}"
    rows: list[tuple[str, str, float, str]] = [
        ("Income £", "=" + table.total_cell("income", CLUSTERS_SHEET), t["income"], MONEY),
        ("Cost £", "=" + table.total_cell("cost", CLUSTERS_SHEET), t["cost"], MONEY),
        (
            "Surplus (deficit) £",
            "=" + table.total_cell("surplus", CLUSTERS_SHEET),
            t["surplus"],
            MONEY,
        ),
        (
            "Cross-subsidy: surpluses of profitable clusters £",
            f'=SUMIF({surplus_rng},">0")',
            t["cross_subsidy"],
            MONEY,
        ),
        ("Losses of loss-making clusters £", f'=-SUMIF({surplus_rng},"<0")', t["loss"], MONEY),
        (
            "Loss-making clusters",
            f'=COUNTIF({surplus_rng},"<0")',
            float(len(result.loss_making)),
            COUNT,
        ),
        (
            "Service users",
            "=" + table.total_cell("service_users", CLUSTERS_SHEET),
            t["service_users"],
            COUNT,
        ),
        (
            "Cluster days",
            "=" + table.total_cell("cluster_days", CLUSTERS_SHEET),
            t["cluster_days"],
            COUNT,
        ),
    ]
    ws.write_string(5, 0, "Figure", formats.header)
    ws.write_string(5, 1, "Value", formats.header)
    for offset, (label, formula, value, number_format) in enumerate(rows):
        ws.write_string(6 + offset, 0, label)
        ws.write_formula(6 + offset, 1, formula, formats.get(number_format), value)
    row = 6 + len(rows) + 1
    if not result.unpriced.empty:
        ws.write_string(
            row,
            0,
            "Unpriced activity is excluded from these totals: see the Data quality sheet.",
            formats.warning,
        )
        row += 2
    ws.write_string(row, 0, "By superclass", formats.header)
    headers = ("Income £", "Cost £", "Surplus £")
    for i, header in enumerate(headers):
        ws.write_string(row, 1 + i, header, formats.header)
    ws.set_column(2, 3, 16)
    sup_rng = f"'{CLUSTERS_SHEET}'!${c['superclass']}${first}:${c['superclass']}${last}"
    for offset, (name, sums) in enumerate(result.superclasses.iterrows()):
        r = row + 1 + offset
        ws.write_string(r, 0, str(name))
        for i, key in enumerate(("income", "cost", "surplus")):
            rng = f"'{CLUSTERS_SHEET}'!${c[key]}${first}:${c[key]}${last}"
            ws.write_formula(
                r, 1 + i, f"=SUMIF({sup_rng},$A{r + 1},{rng})", formats.get(MONEY), sums[key]
            )
    _surplus_chart(workbook, ws, table, anchor=f"E{6}")


def _surplus_chart(workbook: Any, ws: Any, table: WrittenTable, anchor: str) -> None:
    chart = workbook.add_chart({"type": "column"})
    c = table.letters
    first, last = table.first_row, table.last_row
    col_cluster = list(c).index("cluster")
    col_surplus = list(c).index("surplus")
    chart.add_series(
        {
            "name": "Surplus (deficit) £",
            "categories": [CLUSTERS_SHEET, first, col_cluster, last, col_cluster],
            "values": [CLUSTERS_SHEET, first, col_surplus, last, col_surplus],
            "fill": {"color": "#2E7D32"},
            "invert_if_negative": True,
            "invert_if_negative_color": "#C62828",
        }
    )
    chart.set_title({"name": "Surplus (deficit) by cluster"})
    # Labels at the foot of the plot, not on the zero line across the negative bars.
    chart.set_x_axis({"name": "Cluster", "label_position": "low"})
    chart.set_y_axis({"name": "£", "num_format": "£#,##0"})
    chart.set_legend({"none": True})
    chart.set_size({"width": 760, "height": 380})
    ws.insert_chart(anchor, chart)


def _write_projection(ws: Any, formats: Formats, result: CostingResult) -> None:
    options = result.options
    ws.set_column(0, 0, 34)
    ws.set_column(1, 4, 16)
    ws.write_string(0, 0, "Multi-year projection", formats.title)
    params = [
        ("Tariff deflator per year (d)", options.deflator, PERCENT),
        ("Cost inflation per year (g)", options.inflation, PERCENT),
        ("Year 0 income £", result.totals["income"], MONEY),
        ("Year 0 cost £", result.totals["cost"], MONEY),
        ("Cost efficiency per year (e)", options.efficiency, PERCENT),
    ]
    for i, (label, value, number_format) in enumerate(params):
        ws.write_string(2 + i, 0, label)
        ws.write_number(2 + i, 1, value, formats.get(number_format))
    ws.write_string(
        7,
        0,
        "Year t: income × (1 − d)^t; cost × (1 + g)^t × (1 − e)^t (docs/methodology.md §2).",
        formats.subtitle,
    )
    header_row = 8
    for i, header in enumerate(("Year t", "Financial year", "Income £", "Cost £", "Surplus £")):
        ws.write_string(header_row, i, header, formats.header)
    for offset, record in enumerate(result.projection.to_dict(orient="records")):
        r = header_row + 1 + offset
        excel = r + 1
        ws.write_number(r, 0, record["year"])
        ws.write_string(r, 1, record["financial_year"])
        ws.write_formula(r, 2, f"=$B$5*(1-$B$3)^A{excel}", formats.get(MONEY), record["income"])
        ws.write_formula(
            r, 3, f"=$B$6*(1+$B$4)^A{excel}*(1-$B$7)^A{excel}", formats.get(MONEY), record["cost"]
        )
        ws.write_formula(r, 4, f"=C{excel}-D{excel}", formats.get(MONEY), record["surplus"])
    ws.freeze_panes(header_row + 1, 0)


def _write_assumptions(
    ws: Any, formats: Formats, result: CostingResult, inputs: CostInputs, meta: RunMetadata
) -> None:
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 60)
    ws.write_string(0, 0, "Assumptions and sources", formats.title)
    ref = meta.reference
    lines: list[tuple[str, Any]] = [
        ("Reference set", f"{ref.name} ({ref.status})"),
        ("Reference set title", ref.title),
        ("Market-forces factor (--mff)", result.options.mff),
        ("Projection years (--years)", result.options.years),
        ("Tariff deflator (--deflator)", result.options.deflator),
        ("Cost inflation (--inflation)", result.options.inflation),
        ("Cost efficiency (--efficiency)", result.options.efficiency),
        ("Unpriced activity (--on-missing)", result.options.on_missing),
        (f"Inpatient bed day ({BED_DAY_RESOURCE}) £", result.bed_day_cost),
        *what_if_rows(meta.options),
    ]
    lines += [(f"Source of {table}", source) for table, source in inputs.sources.items()]
    lines += [
        (
            "Income",
            "per_day: P·D; per_episode: P·E (E = D ÷ review days when not given); "
            "per_year: P·D ÷ 365; plus admitted_day_price·A; all × MFF (docs/methodology.md §2)",
        ),
        (
            "Package cost per community day k",
            "Σ quantity × unit cost ÷ period days (day 1, week 7, episode = review days, year 365)",
        ),
        ("Modelled cost", "k·(D − A) + bed-day cost·A; actual_cost replaces it when given"),
        ("Cross-subsidy", "sum of the positive cluster surpluses"),
    ]
    row = write_pairs(ws, formats, lines, 2)
    written = write_tariff_table(ws, formats, inputs.tariff, row)
    row = written.last_row + 3
    ws.write_string(row, 0, "Unit costs used", formats.title)
    units = inputs.unit_costs.reset_index()
    unit_cols = [
        Col("resource", "Resource", None, 30),
        Col("unit_cost", "Unit cost £", MONEY_PENCE, 12),
    ]
    for extra in ("unit", "price_year", "source", "status"):
        if extra in units.columns:
            unit_cols.append(Col(extra, extra.replace("_", " ").capitalize(), None, 24))
    write_table(
        ws,
        formats,
        units,
        unit_cols,
        start_row=row + 1,
        total_label=None,
        freeze=False,
        autofilter=False,
    )
    ws.freeze_panes(2, 0)


def _write_quality(
    ws: Any, formats: Formats, result: CostingResult, notes: Sequence[QualityNote]
) -> None:
    ws.write_string(0, 0, "Data quality", formats.title)
    frame = pd.DataFrame(
        [{"check": n.check, "detail": n.detail, "rows": n.rows} for n in notes],
        columns=["check", "detail", "rows"],
    )
    write_table(
        ws,
        formats,
        frame,
        [
            Col("check", "Check", None, 26),
            Col("detail", "Detail", None, 90),
            Col("rows", "Rows", COUNT, 8),
        ],
        start_row=2,
        total_label=None,
    )
    row = 2 + len(frame) + 3
    ws.write_string(row, 0, "Unpriced activity (no tariff; excluded from totals)", formats.title)
    unpriced = result.unpriced.reset_index()
    if unpriced.empty:
        ws.write_string(row + 1, 0, "None: every cluster with activity has a price.")
        return
    write_table(
        ws,
        formats,
        unpriced,
        [
            Col("cluster", "Cluster", None, 26),
            Col("service_users", "Service users", COUNT),
            Col("cluster_days", "Cluster days", COUNT),
            Col("admitted_days", "Admitted days", COUNT),
            Col("cost", "Cost £", MONEY, total="sum"),
        ],
        start_row=row + 1,
        freeze=False,
        autofilter=False,
    )


#: The notice on every report made without ``--publish``.
NOT_FOR_PUBLICATION = (
    "Not for publication: contains unsuppressed small numbers. "
    "Run again with --publish for figures you can release."
)


def write_disclosure(ws: Any, formats: Formats, meta: RunMetadata, *, row: int) -> None:
    """On a Summary sheet: the published-report statement (``--publish``), or else the
    not-for-publication notice (counts of 1 to 7 people can identify them)."""
    if not meta.disclosure:
        ws.write_string(row, 0, NOT_FOR_PUBLICATION, formats.warning)
    else:
        ws.write_string(
            row,
            0,
            f"{meta.disclosure}: counts of people 1-7 are shown as *, other counts are "
            "rounded to the nearest 5; see Run.",
            formats.warning,
        )


def write_run_sheet(ws: Any, formats: Formats, meta: RunMetadata) -> None:
    """The Run sheet: version, command, timestamp, options and input hashes."""
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 80)
    ws.write_string(0, 0, "Run", formats.title)
    lines: list[tuple[str, Any]] = [
        ("pbrkit version", meta.pbrkit_version),
        ("Command", meta.command),
        ("Generated at (UTC)", meta.generated_at),
        ("Reference set", f"{meta.reference.name} ({meta.reference.status})"),
        ("Seed", None if meta.seed is None else str(meta.seed)),  # text: exact to any size
    ]
    if meta.disclosure:
        lines.append(("Disclosure control", meta.disclosure))
    lines += [(f"Option {k}", _option_text(v)) for k, v in meta.options.items()]
    lines += [("Input read as", how) for how in meta.read_as]
    lines += [
        (f"--columns [{sheet}]", f"'{header}' read as {target}")
        for sheet, mapping in meta.column_map.items()
        for header, target in mapping.items()
    ]
    for i, (label, value) in enumerate(lines):
        ws.write_string(2 + i, 0, label)
        write_cell(ws, 2 + i, 1, value)
    row = 2 + len(lines) + 1
    ws.write_string(row, 0, "Input file", formats.header)
    ws.write_string(row, 1, "SHA-256", formats.header)
    for i, item in enumerate(meta.inputs):
        ws.write_string(row + 1 + i, 0, Path(item.path).name)
        ws.write_string(row + 1 + i, 1, item.sha256)


def _option_text(value: Any) -> str:
    """An option's value as the Run sheet shows it: "not given", never "None"."""
    return "not given" if value is None else str(value)
