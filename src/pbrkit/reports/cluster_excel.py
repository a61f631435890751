"""``report.xlsx`` for ``pbrkit cluster``: the audit in a workbook a finance team can check.

Sheets: Summary, Allocation counts, Confusion, Superclass confusion, Disagreements,
Money at stake, Homogeneity, Subgroups, Assumptions, Run. Totals, agreement and
kappa are live formulas over the confusion matrices with their values saved, and the
Summary's figures point at them. Patient IDs are never written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pbrkit.audit import Agreement
from pbrkit.clustering import OUTCOME_NAMES, ClusterResult
from pbrkit.currency import active_currency
from pbrkit.model import RunMetadata
from pbrkit.reports.cluster_narrative import small_sample_cautions
from pbrkit.reports.render.excel_sheets import write_disclosure, write_run_sheet
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.xlsx import (
    COUNT,
    DECIMAL,
    MONEY,
    MONEY_PENCE,
    PERCENT,
    Col,
    Formats,
    WrittenTable,
    cell,
    new_workbook,
    write_cell,
    write_pairs,
    write_table,
    write_tariff_table,
)

COUNTS_SHEET = "Allocation counts"
CONFUSION_SHEET = "Confusion"
SUPERCLASS_SHEET = "Superclass confusion"
DISAGREEMENTS_SHEET = "Disagreements"
MONEY_SHEET = "Money at stake"
HOMOGENEITY_SHEET = "Homogeneity"
SUBGROUPS_SHEET = "Subgroups"
RATIO = "0.000"


def outcome_words() -> dict[str, str]:
    """Outcome names in summary.json → words on the sheet (codes from the reference set)."""
    currency = active_currency()
    variance, not_assessed = currency.variance, currency.not_assessed
    return {
        "suggested": "a profiled cluster suggested",
        "variance_below_min_score": f"variance ({variance}): best score below the minimum",
        "variance_ruled_out": f"variance ({variance}): every cluster ruled out by a must rule",
        "not_assessed": f"not assessed ({not_assessed}): too many items unknown",
    }


@dataclass(frozen=True)
class MatrixCells:
    """Where a confusion sheet put its figures (absolute references with the sheet)."""

    total: str
    agreement: str
    expected: str
    kappa: str


def write_cluster_workbook(result: ClusterResult, meta: RunMetadata, path: Path) -> None:
    """Write the ``pbrkit cluster`` workbook to ``path``."""
    workbook = new_workbook(path, title="pbrkit cluster report", meta=meta)
    formats = Formats(workbook)
    summary_ws = workbook.add_worksheet("Summary")
    counts = _write_counts(workbook.add_worksheet(COUNTS_SHEET), formats, result)
    audit = result.audit
    cluster_cells = superclass_cells = money = None
    confusion_ws = workbook.add_worksheet(CONFUSION_SHEET)
    superclass_ws = workbook.add_worksheet(SUPERCLASS_SHEET)
    disagreements_ws = workbook.add_worksheet(DISAGREEMENTS_SHEET)
    money_ws = workbook.add_worksheet(MONEY_SHEET)
    if audit is None:
        for ws in (confusion_ws, superclass_ws, disagreements_ws, money_ws):
            _nothing(ws, formats, "The input gives no clinicians' clusters: nothing to compare.")
    else:
        cluster_cells = _write_confusion(
            confusion_ws, formats, audit.cluster, CONFUSION_SHEET, "Clinicians' clusters "
            "(rows) against the clusters the ratings suggest (columns)",
        )  # fmt: skip
        superclass_cells = _write_confusion(
            superclass_ws, formats, audit.superclass, SUPERCLASS_SHEET,
            "Clinicians' superclasses (rows) against the suggested superclasses (columns)",
        )  # fmt: skip
        _write_disagreements(disagreements_ws, formats, result)
        money = _write_money(workbook, money_ws, formats, result)
    _write_homogeneity(workbook.add_worksheet(HOMOGENEITY_SHEET), formats, result)
    _write_subgroups(workbook.add_worksheet(SUBGROUPS_SHEET), formats, result)
    _write_summary(
        summary_ws, formats, result, meta, counts, cluster_cells, superclass_cells, money
    )
    _write_assumptions(workbook.add_worksheet("Assumptions"), formats, result, meta)
    write_run_sheet(workbook.add_worksheet("Run"), formats, meta)
    for sheet in workbook.worksheets():
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_paper(9)  # A4
    workbook.close()


# ---------------------------------------------------------------------- summary


def _write_summary(
    ws: Any,
    formats: Formats,
    result: ClusterResult,
    meta: RunMetadata,
    counts: WrittenTable,
    cluster_cells: MatrixCells | None,
    superclass_cells: MatrixCells | None,
    money: WrittenTable | None,
) -> None:
    ws.set_column(0, 0, 58)
    ws.set_column(1, 1, 18)
    ws.write_string(0, 0, "Cluster allocation: ratings against clinicians' clusters", formats.title)
    inputs = ", ".join(Path(i.path).name for i in meta.inputs)
    ws.write_string(1, 0, f"Input: {inputs}", formats.subtitle)
    ref = meta.reference
    ws.write_string(2, 0, f"Reference set: {ref.name} — {ref.status.upper()}", formats.warning)
    if result.profiles_illustrative:
        ws.write_string(
            3,
            0,
            "The allocation grid is pbrkit's own ILLUSTRATIVE grid, NOT the official "
            "Clustering Booklet grid: see Assumptions.",
            formats.warning,
        )
    write_disclosure(ws, formats, meta, row=4)
    rows: list[tuple[str, str | None, Any, str]] = [
        ("Patients", "=" + counts.total_cell("suggested", COUNTS_SHEET), result.patients, COUNT),
        (
            f"Patients with a suggestion (not {active_currency().not_assessed})",
            None,
            result.assessed,
            COUNT,
        ),
    ]
    audit = result.audit
    if audit is not None and cluster_cells and superclass_cells:
        rows += [
            ("Patients audited (clinician's cluster and a suggestion)",
             "=" + cluster_cells.total, audit.audited, COUNT),
            ("Agreement (share of audited patients)",
             "=" + cluster_cells.agreement, audit.agreement, PERCENT),
            ("Cohen's kappa", "=" + cluster_cells.kappa, audit.kappa, RATIO),
            ("Superclass agreement", "=" + superclass_cells.agreement,
             audit.superclass.agreement, PERCENT),
            ("Superclass kappa", "=" + superclass_cells.kappa, audit.superclass.kappa, RATIO),
        ]  # fmt: skip
        if money is not None and money.total_row is not None and audit.money_total is not None:
            rows += [
                ("£ at stake: clinicians' clusters − suggested clusters",
                 "=" + money.total_cell("difference", MONEY_SHEET), audit.money_total, MONEY),
                ("£ paid above the suggested clusters", None, result.money_above, MONEY),
                ("£ paid below the suggested clusters", None, result.money_below, MONEY),
            ]  # fmt: skip
    h = result.homogeneity
    if h is not None:
        rows += [
            ("Reduction in cost variance (RIV), untrimmed", None, h.riv, PERCENT),
            ("RIV, trimmed (see Assumptions)", None, h.riv_trimmed, PERCENT),
            (f"Clusters with CV above {h.cv_threshold:g}", None,
             int(h.clusters["high_cv"].sum()), COUNT),
        ]  # fmt: skip
        if result.riv_suggested is not None and result.homogeneity_basis == "clinician":
            rows.append(("RIV by the suggested clusters", None, result.riv_suggested, PERCENT))
    ws.write_string(5, 0, "Figure", formats.header)
    ws.write_string(5, 1, "Value", formats.header)
    for offset, (label, formula, value, number_format) in enumerate(rows):
        r = 6 + offset
        ws.write_string(r, 0, label)
        fmt = formats.get(number_format)
        if formula is None:
            write_cell(ws, r, 1, value, fmt)
        else:
            ws.write_formula(r, 1, formula, fmt, _saved(value))
    for offset, caution in enumerate(small_sample_cautions(result)):
        ws.write_string(6 + len(rows) + 1 + offset, 0, caution, formats.warning)
    ws.freeze_panes(6, 0)


# ----------------------------------------------------------------------- counts


def _write_counts(ws: Any, formats: Formats, result: ClusterResult) -> WrittenTable:
    frame = result.counts.reset_index()
    columns = [
        Col("cluster", "Cluster", None, 9),
        Col("name", "Name", None, 50),
        Col("superclass", "Superclass", None, 14),
        Col("suggested", "Suggested by the ratings", COUNT, 14, total="sum"),
    ]
    if "clinician" in frame.columns:
        frame["difference"] = frame["suggested"] - frame["clinician"]
        columns += [
            Col("clinician", "Clinicians' clusters", COUNT, 14, total="sum"),
            Col(
                "difference",
                "Suggested − clinicians'",
                COUNT,
                14,
                formula=lambda c, r: f"={c['suggested']}{r}-{c['clinician']}{r}",
                total="sum",
            ),
        ]
    totals = dict(result.count_totals)
    if "clinician" in totals:
        totals["difference"] = totals["suggested"] - totals["clinician"]
    table = write_table(ws, formats, frame, columns, totals=totals)
    row = (table.total_row or table.last_row) + 3
    ws.write_string(row, 1, "Outcome", formats.header)
    ws.write_string(row, 2, "", formats.header)
    ws.write_string(row, 3, "Patients", formats.header)
    for offset, name in enumerate(OUTCOME_NAMES.values()):
        ws.write_string(row + 1 + offset, 1, outcome_words()[name])
        write_cell(ws, row + 1 + offset, 3, result.outcomes[name], formats.get(COUNT))
    return table


# -------------------------------------------------------------------- confusion


def _write_confusion(
    ws: Any, formats: Formats, agreement: Agreement, sheet: str, title: str
) -> MatrixCells:
    """A square matrix with row and column totals, then p_o, p_e and kappa as formulas."""
    confusion = agreement.confusion
    labels = confusion.index.tolist()
    counts, row_totals, column_totals, grand_total = _margins(agreement)
    k = len(labels)
    top, left = 3, 1  # the header row, and the first count column
    ws.write_string(0, 0, title, formats.title)
    ws.write_string(
        1,
        0,
        "Patients with a clinician's cluster and a suggestion other than "
        f"{active_currency().not_assessed}.",
        formats.subtitle,
    )
    ws.set_column(0, 0, 52)  # wide enough for the p_o, p_e and kappa labels below
    ws.set_column(left, left + k, 7 if k > 8 else 14)
    ws.write_string(top, 0, "Clinician ↓  Suggested →", formats.header)
    for j, label in enumerate(labels):
        write_cell(ws, top, left + j, label, formats.header)
        write_cell(ws, top + 1 + j, 0, label, formats.get(None, bold=False))
    ws.write_string(top, left + k, "Total", formats.header)
    count_fmt = formats.get(COUNT)
    total_fmt = formats.get(COUNT, bold=True)
    for i in range(k):
        for j in range(k):
            write_cell(ws, top + 1 + i, left + j, counts[i][j], count_fmt)
        first, last = (
            cell(top + 1 + i, left, absolute=False),
            cell(top + 1 + i, left + k - 1, absolute=False),
        )
        ws.write_formula(
            top + 1 + i, left + k, f"=SUM({first}:{last})", total_fmt, _saved(row_totals[i])
        )
    total_row = top + 1 + k
    ws.write_string(total_row, 0, "Total", formats.get(None, bold=True))
    for j in range(k + 1):
        first, last = (
            cell(top + 1, left + j, absolute=False),
            cell(top + k, left + j, absolute=False),
        )
        value = column_totals[j] if j < k else grand_total
        ws.write_formula(total_row, left + j, f"=SUM({first}:{last})", total_fmt, _saved(value))
    if k:
        ws.conditional_format(
            top + 1,
            left,
            top + k,
            left + k - 1,
            {"type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#2F6FAD"},
        )
    grand = cell(total_row, left + k)
    diagonal = "+".join(cell(top + 1 + i, left + i) for i in range(k)) or "0"
    products = (
        "+".join(f"{cell(top + 1 + i, left + k)}*{cell(total_row, left + i)}" for i in range(k))
        or "0"
    )
    figures_row = total_row + 2
    po, pe = cell(figures_row, 1), cell(figures_row + 1, 1)
    rows: list[tuple[str, str, float, str]] = [
        (
            "Observed agreement p_o (diagonal ÷ total)",
            f'=IF({grand}=0,"",({diagonal})/{grand})',
            agreement.agreement,
            PERCENT,
        ),
        (
            "Chance agreement p_e (Σ row total × column total ÷ total²)",
            f'=IF({grand}=0,"",({products})/{grand}^2)',
            agreement.expected,
            PERCENT,
        ),
        (
            "Cohen's kappa (p_o − p_e) ÷ (1 − p_e)",
            f'=IF(OR({po}="",{pe}=1),"",({po}-{pe})/(1-{pe}))',
            agreement.kappa,
            RATIO,
        ),
    ]
    for offset, (label, formula, figure, number_format) in enumerate(rows):
        ws.write_string(figures_row + offset, 0, label)
        ws.write_formula(
            figures_row + offset, 1, formula, formats.get(number_format), _saved(figure)
        )
    ws.freeze_panes(top + 1, 1)

    def ref(row: int, col: int) -> str:
        return f"'{sheet}'!{cell(row, col)}"

    return MatrixCells(
        total=ref(total_row, left + k),
        agreement=ref(figures_row, 1),
        expected=ref(figures_row + 1, 1),
        kappa=ref(figures_row + 2, 1),
    )


def _margins(agreement: Agreement) -> tuple[list[list[Any]], list[Any], list[Any], Any]:
    """Cells, row totals, column totals and total of a confusion matrix.

    A published matrix (``--publish``) carries its own published margins; rounded
    cells need not add up to them.
    """
    confusion = agreement.confusion
    cells = confusion.to_numpy(dtype=object).tolist()
    rows = getattr(agreement, "row_totals", None)
    columns = getattr(agreement, "column_totals", None)
    if isinstance(rows, pd.Series) and isinstance(columns, pd.Series):
        return cells, rows.tolist(), columns.tolist(), agreement.n
    counts = confusion.to_numpy(dtype=np.int64)
    return (
        [[int(v) for v in row] for row in counts],
        [int(v) for v in counts.sum(axis=1)],
        [int(v) for v in counts.sum(axis=0)],
        int(counts.sum()),
    )


# --------------------------------------------------------------- disagreements


def _write_disagreements(ws: Any, formats: Formats, result: ClusterResult) -> None:
    cells = result.disagreements
    assert cells is not None
    frame = cells.copy()
    names = result.cluster_names
    frame["clinician_name"] = [names.get(int(c), "") for c in frame["clinician_cluster"]]
    frame["suggested_name"] = [names.get(int(c), "") for c in frame["suggested_cluster"]]
    columns = [
        Col("clinician_cluster", "Clinician's cluster", None, 11),
        Col("clinician_name", "Name", None, 40),
        Col("suggested_cluster", "Suggested cluster", None, 11),
        Col("suggested_name", "Name", None, 40),
        Col("patients", "Patients", COUNT, 10, total="sum"),
        Col("share", "Share of audited patients", PERCENT, 12, total="sum"),
        Col("share_of_clinician_cluster", "Share of the clinician's cluster", PERCENT, 14),
    ]
    if "money" in frame.columns:
        columns.append(Col("money", "£ paid above suggested", MONEY, 16, total="sum"))
    ws.write_string(0, 0, "Every disagreement, largest first", formats.title)
    write_table(ws, formats, frame, columns, start_row=2)


# ----------------------------------------------------------------------- money


def _write_money(workbook: Any, ws: Any, formats: Formats, result: ClusterResult) -> WrittenTable:
    audit = result.audit
    assert audit is not None
    if audit.money is None:
        _nothing(ws, formats, "No tariff: no money computed.")
        return WrittenTable(0, 0, -1, {}, None)
    frame = audit.money.reset_index()
    frame.insert(1, "name", [result.cluster_names.get(int(c), "") for c in frame["cluster"]])
    columns = [
        Col("cluster", "Clinician's cluster", None, 11),
        Col("name", "Name", None, 50),
        Col("patients", "Audited patients", COUNT, 11, total="sum"),
        Col("income_clinician", "Income, clinicians' clusters £", MONEY, 16, total="sum"),
        Col("income_suggested", "Income, suggested clusters £", MONEY, 16, total="sum"),
        Col(
            "difference",
            "Difference £",
            MONEY,
            16,
            formula=lambda c, r: f"={c['income_clinician']}{r}-{c['income_suggested']}{r}",
            total="sum",
        ),
    ]
    ws.write_string(0, 0, "Money at stake, by the clinician's cluster", formats.title)
    ws.write_string(
        1,
        0,
        "Tariff income on each audited patient's own days under the clinician's cluster and "
        "under the suggested one; positive = the clinicians' clusters are paid more.",
        formats.subtitle,
    )
    totals = {
        "patients": audit.audited,
        **result.income_totals,
        "difference": audit.money_total,
    }
    table = write_table(ws, formats, frame, columns, start_row=3, totals=totals)
    if len(frame):
        chart = workbook.add_chart({"type": "column"})
        col_cluster, col_difference = 0, 5
        chart.add_series(
            {
                "name": "Difference £",
                "categories": [MONEY_SHEET, table.first_row, col_cluster, table.last_row, 0],
                "values": [MONEY_SHEET, table.first_row, col_difference, table.last_row,
                           col_difference],
                "fill": {"color": "#2E7D32"},
                "invert_if_negative": True,
                "invert_if_negative_color": "#C62828",
            }
        )  # fmt: skip
        chart.set_title({"name": "£ paid for clinicians' clusters above the suggested ones"})
        # Labels at the foot of the plot, not on the zero line across the negative bars.
        chart.set_x_axis({"name": "Clinician's cluster", "label_position": "low"})
        chart.set_y_axis({"name": "£", "num_format": "£#,##0"})
        chart.set_legend({"none": True})
        chart.set_size({"width": 760, "height": 360})
        ws.insert_chart(f"H{table.header_row + 1}", chart)
    return table


# ----------------------------------------------------------------- homogeneity


def _write_homogeneity(ws: Any, formats: Formats, result: ClusterResult) -> None:
    h = result.homogeneity
    if h is None:
        _nothing(ws, formats, "The input has no cost column: homogeneity is not measured.")
        return
    ws.write_string(0, 0, "How alike in cost are the patients of each cluster?", formats.title)
    basis = (
        "clusters are the clinicians' (the ones paid for)"
        if result.homogeneity_basis == "clinician"
        else "clusters are the suggested ones (the input gives no clinicians' clusters)"
    )
    ws.write_string(1, 0, f"Patients with a cost: {h.patients:,}; {basis}.", formats.subtitle)
    figures: list[tuple[str, Any, str]] = [
        ("Reduction in variance (RIV), untrimmed", h.riv, PERCENT),
        ("RIV, trimmed", h.riv_trimmed, PERCENT),
        ("Patients trimmed", h.trimmed, COUNT),
    ]
    if result.riv_suggested is not None and result.homogeneity_basis == "clinician":
        figures.append(("RIV by the suggested clusters (untrimmed)", result.riv_suggested, PERCENT))
    for offset, (label, value, number_format) in enumerate(figures):
        ws.write_string(2 + offset, 0, label)
        write_cell(ws, 2 + offset, 1, value, formats.get(number_format))
    frame = h.clusters.reset_index()
    frame.insert(1, "name", [result.cluster_names.get(int(c), "") for c in frame["cluster"]])
    frame["high_cv"] = np.where(frame["high_cv"], "yes", "no")
    columns = [
        Col("cluster", "Cluster", None, 9),
        Col("name", "Name", None, 44),
        Col("n", "Patients", COUNT, 10, total="sum"),
        Col("mean", "Mean cost £", MONEY, 12),
        Col("sd", "SD £", MONEY, 12),
        Col("cv", "CV (SD ÷ mean)", DECIMAL, 10),
        Col("p10", "10th percentile £", MONEY, 12),
        Col("p50", "Median £", MONEY, 12),
        Col("p90", "90th percentile £", MONEY, 12),
        Col("top10_share", "Share of cost in costliest 10%", PERCENT, 13),
        Col("high_cv", f"CV above {h.cv_threshold:g}", None, 10),
    ]
    if "mean_income" in frame.columns:
        columns += [
            Col("mean_income", "Mean income £", MONEY, 12),
            Col("profit_per_person", "Profit per person £", MONEY, 12),
            Col("predictive_ratio", "Income ÷ cost", DECIMAL, 10),
        ]
    table = write_table(
        ws, formats, frame, columns, start_row=3 + len(figures), totals={"n": h.patients}
    )
    if table.last_row >= table.first_row:
        cv_col = [c.key for c in columns].index("cv")
        ws.conditional_format(
            table.first_row,
            cv_col,
            table.last_row,
            cv_col,
            {"type": "cell", "criteria": ">", "value": h.cv_threshold,
             "format": formats.warning},
        )  # fmt: skip


# ------------------------------------------------------------------- subgroups

SUBGROUP_COLUMNS: tuple[Col, ...] = (
    Col("trait", "Trait", None, 16),
    Col("group", "Group", None, 16),
    Col("n", "Patients", COUNT, 10),
    Col("mean_income", "Mean income £", MONEY_PENCE, 14),
    Col("mean_cost", "Mean cost £", MONEY_PENCE, 14),
    Col(
        "profit_per_person",
        "Profit per person £",
        MONEY_PENCE,
        14,
        formula=lambda c, r: f"={c['mean_income']}{r}-{c['mean_cost']}{r}",
    ),
    Col(
        "total_profit",
        "Total profit £",
        MONEY,
        14,
        formula=lambda c, r: f"={c['profit_per_person']}{r}*{c['n']}{r}",
    ),
)


def _write_subgroups(ws: Any, formats: Formats, result: ClusterResult) -> None:
    h = result.homogeneity
    if h is None or h.traits is None or h.traits.empty:
        _nothing(
            ws,
            formats,
            "No subgroups: the input needs a cost column and trait columns (age, "
            "mha_detained, ...).",
        )
        return
    ws.write_string(0, 0, "Predictable profit and loss per person, by subgroup", formats.title)
    ws.write_string(
        1,
        0,
        "Mean tariff income − mean cost for groups a provider can see in advance "
        "(van de Ven and Ellis 2000; docs/methodology.md §5.6). Each trait splits the same "
        "patients, so do not add traits up.",
        formats.subtitle,
    )
    table = write_table(
        ws, formats, h.traits, SUBGROUP_COLUMNS, start_row=3, total_label=None, autofilter=False
    )
    by_cluster = h.traits_by_cluster
    if by_cluster is None or by_cluster.empty:
        return
    row = table.last_row + 3
    ws.write_string(row, 0, "Within each cluster", formats.title)
    columns = (*SUBGROUP_COLUMNS[:2], Col("cluster", "Cluster", None, 9), *SUBGROUP_COLUMNS[2:])
    write_table(ws, formats, by_cluster, columns, start_row=row + 1, total_label=None, freeze=False)


# ----------------------------------------------------------------- assumptions


def _write_assumptions(ws: Any, formats: Formats, result: ClusterResult, meta: RunMetadata) -> None:
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, "Assumptions and sources", formats.title)
    options = result.options
    w = options.weights
    grid_note = (
        "pbrkit's own ILLUSTRATIVE grid, written from the cluster names and descriptions. "
        "It is NOT the official Clustering Booklet grid, which has never been published as "
        "data; suggestions made with it are illustrative and no measure of any trust's "
        "clustering (see PROFILES.md in the reference set)."
        if result.profiles_illustrative
        else "the grid given (see the source above)."
    )
    ref = meta.reference
    lines: list[tuple[str, Any]] = [
        ("Reference set", f"{ref.name} ({ref.status})"),
        ("Allocation grid (profiles)", result.sources.get("profiles", "")),
        ("About the grid", grid_note),
        (
            "Band weights (--weights)",
            f"must {w.must:g}, expected {w.expected:g}, may {w.may:g}, unlikely {w.unlikely:g}; "
            "no grid row scores 0",
        ),
        ("Minimum score (--min-score)", options.min_score),
        ("Unknown items allowed (--max-unknown)", options.max_unknown),
        (
            "Allocation rule (docs/methodology.md §5.2)",
            "a cluster is ruled out when a rating breaks one of its must rules; score = sum "
            "of band weights over known items; suggestion = highest score not ruled out, ties "
            "to the lower code; none left or best below the minimum → "
            f"{active_currency().variance} (variance); more unknown items than allowed → "
            f"{active_currency().not_assessed} (not assessed)",
        ),
        ("Tariff for the £ at stake", result.sources.get("tariff", "")),
        (
            "£ at stake",
            "per audited patient: tariff income on the patient's own days and admitted days "
            "under the clinician's cluster minus under the suggested one (days blank = one "
            "review period of the clinician's cluster)",
        ),
        (
            "Agreement and kappa",
            "over patients with a clinician's cluster and a suggestion other than "
            f"{active_currency().not_assessed}; "
            "kappa = (p_o − p_e) ÷ (1 − p_e) (Cohen 1960)",
        ),
    ]
    h = result.homogeneity
    if h is not None:
        lines += [
            ("Homogeneity clusters", result.homogeneity_basis or ""),
            ("CV threshold", h.cv_threshold),
            ("RIV", "1 − Σ(c − cluster mean)² ÷ Σ(c − overall mean)² (docs/methodology.md §5.5)"),
            ("Trim rule (trimmed RIV)", h.trim_rule),
            ("Patients without a cost (left out)", h.missing_cost),
        ]
        if h.unpriced_clusters:
            lines.append(
                ("Clusters without a price (left out of income)",
                 ", ".join(str(c) for c in h.unpriced_clusters))
            )  # fmt: skip
    row = write_pairs(ws, formats, lines, 2)
    write_tariff_table(ws, formats, result.tariff, row, extras=False)
    ws.freeze_panes(2, 0)


def _nothing(ws: Any, formats: Formats, text: str) -> None:
    ws.set_column(0, 0, 90)
    ws.write_string(0, 0, text, formats.subtitle)


def _saved(value: Any) -> Any:
    if is_suppressed(value):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return ""
    if isinstance(value, np.integer | np.floating):
        return float(value)
    return value
