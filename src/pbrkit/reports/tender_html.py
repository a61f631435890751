"""``report.html`` for ``pbrkit tender`` and ``pbrkit sweep``: one self-contained file.

Built on the cost report's environment and base template (autoescape on, inline CSS
and SVG, no script, no external request). Bidder, lot and pool names come from the
input, so they only ever reach the page through Jinja's escaping or as SVG text.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Final

import pandas as pd

from pbrkit.currency import active_currency
from pbrkit.levers import what_if_rows
from pbrkit.reports import charts
from pbrkit.reports.format import money_short, plural
from pbrkit.reports.html import environment
from pbrkit.reports.tender_narrative import tender_findings
from pbrkit.reports.tender_summary import (
    TenderReport,
    assumed_statements,
    bidder_parameters,
    lot_parameters,
)
from pbrkit.reports.uncertainty_html import tornado_chart
from pbrkit.reports.uncertainty_narrative import (
    LABELS,
    NO_THRESHOLD,
    headline,
    threshold_sentence,
)
from pbrkit.tender import FIGURES
from pbrkit.tender.metrics import RATIO_FIGURES

#: Plain-English names of the docs/methodology.md §6 figures, for tables and charts.
FIGURE_LABELS: Final = {
    "residue_cost_gap": "Residue cost gap (G)",
    "lost_contribution": "Lost contribution (L)",
    "stranded_fixed_cost": "Stranded fixed cost (S)",
    "cost_retained_for_taken": "Cost kept by the NHS for people taken",
    "nhs_income_retained": "NHS income kept for people taken",
    "nhs_surplus_before": "NHS surplus before",
    "nhs_surplus_after": "NHS surplus after",
    "nhs_surplus_change": "Change in NHS surplus",
    "commissioner_cost_change": "Change in commissioner's cost",
    "public_spending_change": "Change in public spending",
    "casemix_index": "Casemix index of the residue",
    "casemix_between": "Casemix: which clusters are left",
    "casemix_within": "Casemix: which people within them",
    "residue_cost_to_payment": "Residue's cost ÷ payment",
    "cost_to_payment_before": "Cost ÷ payment before",
    "payments_to_bidders": "Payments to bidders",
    "bidder_profit": "Bidders' profit",
    "differential_payment": "Differential payment",
    "taken_patients": "People taken by bidders",
    "residue_patients": "People left with the NHS",
    "commissioner_saving": "Commissioner's saving",
    "public_cost_change": "Change in public spending",
}

#: How each figure is shown: money, a count or an index.
FIGURE_KINDS: Final = {
    name: ("count" if name.endswith("_patients") else "index" if name in RATIO_FIGURES else "money")
    for name in FIGURES
}


WATERFALL_LABELS: Final = (
    "NHS surplus\nbefore",
    "Margin lost with\nthe people taken",
    "Kept for the\npeople taken",
    "Stranded\nfixed cost",
    "NHS surplus\nafter",
)


def render_tender_html(
    report: TenderReport,
    psa: dict[str, Any] | None = None,
    thresholds: list[dict[str, Any]] | None = None,
) -> str:
    """The tender report as one HTML document; with ``psa`` (summary.json's ``psa``,
    from ``--psa``) the summary leads with the interval, the probability and the
    tornado; with ``thresholds`` alone, with the break-even."""
    result = report.result
    steps = report.waterfall
    waterfall_chart = charts.waterfall(
        WATERFALL_LABELS,
        [
            steps["nhs_surplus_before"],
            -steps["taken_margin"],
            steps["kept_for_taken"],
            -steps["stranded_fixed_cost"],
            steps["nhs_surplus_after"],
        ],
        title="How the NHS surplus changes",
    )
    clusters = report.clusters
    tendered = clusters.loc[clusters["lot"].notna()]
    casemix_chart = (
        charts.index_bars(
            [str(c) for c in tendered["cluster"]],
            [float(v) for v in tendered["casemix_index"]],
            title="Casemix index of the people left, by tendered cluster",
            xlabel="Cluster",
            ylabel="mean cost after ÷ before",
        )
        if len(tendered)
        else None
    )
    spec = result.spec
    years = report.years
    years_chart = (
        charts.lines(
            list(years["financial_year"]),
            {
                "Residue's cost a head": [float(v) for v in years["residue_cost_per_head"]],
                "Residue's payment a head": [float(v) for v in years["residue_payment_per_head"]],
            },
            title="The residue's cost and payment per head over the years",
        )
        if years is not None
        else None
    )
    context: dict[str, Any] = {
        "years": None if years is None else years.to_dict(orient="records"),
        "years_chart": years_chart,
        "title": "What a tender leaves with the NHS",
        "meta": report.meta,
        "input_names": [Path(i.path).name for i in report.meta.inputs],
        "findings": tender_findings(report),
        "residue": result.residue,
        "ranges": [
            {"name": name, "label": FIGURE_LABELS[name], "kind": FIGURE_KINDS[name], **values}
            for name, values in result.residue_ranges.items()
        ]
        + [
            {"name": name, "label": FIGURE_LABELS[name], "kind": "money", **values}
            for name, values in report.public_sector.get("ranges", {}).items()
        ],
        "draws": report.draws,
        "seed": result.seed,
        "steps": steps,
        "public": report.public_sector,
        "totals": report.totals,
        "selection": report.selection,
        "clusters": clusters.to_dict(orient="records"),
        "bidders": result.by_bidder.to_dict(orient="records"),
        "bidder_totals": report.bidder_totals,
        "lots": result.by_lot.to_dict(orient="records"),
        "nhs": spec.nhs,
        "nhs_source": report.sources.nhs,
        "nhs_payment": {"activity": "activity", "block": "a block contract"}.get(
            spec.nhs.payment, "a blended payment"
        ),
        "income_at_risk": f"{spec.nhs.income_at_risk:.0%}",
        "retained_share": f"{spec.nhs.retained_share:.0%}",
        "assumed": assumed_statements(report.sources.assumed),
        "bidder_params": [
            {**bidder_parameters(b), "defaults": report.sources.defaulted("bidders", b.name)}
            for b in spec.bidders
        ],
        "lot_params": [
            {**lot_parameters(lot), "defaults": report.sources.defaulted("lots", lot.name)}
            for lot in spec.lots
        ],
        "table_sources": report.table_sources,
        "deflator": report.deflator,
        "what_if": what_if_rows(report.meta.options),
        "scenario": report.scenario,
        "notes": report.notes,
        "waterfall_chart": waterfall_chart,
        "casemix_chart": casemix_chart,
    }
    context["uncertainty"] = None if psa is None else uncertainty_lead(psa)
    if psa is None and thresholds is not None:
        context["uncertainty"] = {"lines": break_even_lines(thresholds), "tornadoes": []}
    env = environment()
    env.filters.update(clusters=cluster_list, index=index)
    return env.get_template("tender.html.j2").render(**context)


def break_even_lines(thresholds: list[dict[str, Any]]) -> list[str]:
    """The break-even sentences (or why there is none)."""
    return [s for s in (threshold_sentence(t) for t in thresholds) if s] or [NO_THRESHOLD]


def uncertainty_lead(psa: dict[str, Any]) -> dict[str, Any]:
    """What the summary leads with under ``--psa``: the sentences (interval, then
    probability, then what matters and the break-even) and a tornado per figure."""
    lines = headline({"psa": psa}, ranges="on the Uncertainty sheet of report.xlsx")
    if not psa["thresholds"]:
        lines.append(NO_THRESHOLD)
    tornado = psa["tornado"]
    return {
        "lines": lines,
        "tornadoes": [
            {
                "label": LABELS.get(figure, figure),
                "svg": tornado_chart(bars, tornado["base"][figure]),
            }
            for figure, bars in tornado["figures"].items()
        ],
    }


def cluster_list(codes: list[int] | list[str] | None) -> str:
    """``1-4, 11``: codes in the reference set's order with runs collapsed; ``all`` for None."""
    if codes is None:
        return "all"
    return active_currency().describe_list(codes)


def index(value: float | None) -> str:
    """An index to two places; a dash when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.2f}"


def sweep_findings(
    grid: pd.DataFrame, parameters: list[str], *, seed: int, draws: int
) -> list[str]:
    """The sweep's sentences, from its grid with hidden figures as NaN (left out)."""
    change = grid["nhs_surplus_change"]
    casemix = grid["casemix_index"]
    return [
        f"Across {len(grid)} settings of {' and '.join(parameters)}, the change in the NHS "
        f"surplus runs from {money_short(float(change.min()))} to "
        f"{money_short(float(change.max()))}, and the casemix index of the people left "
        f"from {index(float(casemix.min()))} to {index(float(casemix.max()))}; counting the "
        "commissioner and the NHS together, public spending changes by between "
        f"{money_short(float(grid['public_cost_change'].min()))} and "
        f"{money_short(float(grid['public_cost_change'].max()))} (negative: a saving).",
        f"Every setting is simulated with the same seed ({seed}) and {plural(draws, 'draw')}, so "
        "settings differ only by the parameter, not by luck.",
    ]


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")
