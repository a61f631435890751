"""``report.html``: one self-contained file a campaigner can email.

Jinja2 with autoescape on (every name from an input is escaped), CSS inline, charts
as inline SVG; no script, no web font, no external request, and a print stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from pbrkit.costing import CostingResult
from pbrkit.io.inputs import QualityNote
from pbrkit.levers import what_if_rows
from pbrkit.model import RunMetadata
from pbrkit.reports import charts
from pbrkit.reports.format import count, fixed, money, money_short, percent
from pbrkit.reports.narrative import costing_findings
from pbrkit.reports.uncertainty_narrative import COST_LABELS, cost_headline


def environment() -> Environment:
    """The template environment; autoescape is always on (Ruff S701)."""
    env = Environment(
        loader=PackageLoader("pbrkit", "reports/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=money,
        money_pence=lambda v: money(v, pence=True),
        money_short=money_short,
        count=count,
        percent=percent,
        fixed=fixed,
    )
    return env


def render_costing_html(
    result: CostingResult,
    notes: Sequence[QualityNote],
    meta: RunMetadata,
    psa: dict[str, Any] | None = None,
) -> str:
    """The costing report as one HTML document; with ``psa`` (summary.json's ``psa``,
    from ``--psa``) the summary leads with each surplus's interval and the
    probability of a deficit."""
    clusters = result.clusters
    surplus_chart = charts.signed_bars(
        [str(c) for c in clusters.index],
        [float(v) for v in clusters["surplus"]],  # a hidden (published) row: NaN, no bar
        title="Surplus (deficit) by cluster",
        xlabel="Cluster",
    )
    projection_chart = None
    if len(result.projection) > 1:
        p = result.projection
        projection_chart = charts.lines(
            p["financial_year"].tolist(),
            {"Income": p["income"].tolist(), "Cost": p["cost"].tolist()},
            title="Income and cost over the years",
        )
    teams = result.teams
    team_chart = None
    if teams is not None:
        team_chart = charts.signed_bars(
            [str(t) for t in teams.index],
            [float(v) if isinstance(v, int | float) else float("nan") for v in teams["surplus"]],
            title="Surplus (deficit) by team",
            xlabel="Team",
        )
    context: dict[str, Any] = {
        "title": "Cost, income and surplus by care cluster",
        "teams": None if teams is None else teams.reset_index().to_dict(orient="records"),
        "team_clusters": (
            None if result.team_clusters is None else result.team_clusters.to_dict(orient="records")
        ),
        "team_chart": team_chart,
        "meta": meta,
        "input_names": [Path(i.path).name for i in meta.inputs],
        "findings": costing_findings(result),
        "totals": result.totals,
        "clusters": clusters.reset_index().to_dict(orient="records"),
        "superclasses": result.superclasses.reset_index().to_dict(orient="records"),
        "projection": result.projection.to_dict(orient="records"),
        "unpriced": result.unpriced.reset_index().to_dict(orient="records"),
        "notes": notes,
        "options": result.options,
        "what_if": what_if_rows(meta.options),
        "surplus_chart": surplus_chart,
        "projection_chart": projection_chart,
        "uncertainty": None if psa is None else cost_uncertainty(psa),
    }
    return environment().get_template("cost.html.j2").render(**context)


def cost_uncertainty(psa: dict[str, Any]) -> dict[str, Any]:
    """The sentences, figures and ranges the costing's summary leads with."""
    return {
        "lines": cost_headline(psa, ranges="listed below (and on the Uncertainty sheet)"),
        "figures": [
            {"label": COST_LABELS.get(name, name), "p": psa["prob_deficit"][name], **stats}
            for name, stats in psa["figures"].items()
        ],
        "parameters": psa["parameters"],
    }


def write_html(text: str, path: Path) -> None:
    """Write an HTML report as UTF-8."""
    path.write_text(text, encoding="utf-8")
