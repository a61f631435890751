"""The uncertainty report as one self-contained HTML file: the interval and the
probability first, then S-curves (cumulative distributions) and the tornado as inline
SVG, then the tables. No network requests; every input string is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from pbrkit.model import RunMetadata
from pbrkit.reports.format import money, money_short, percent
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.uncertainty_narrative import HIDDEN_BECAUSE, LABELS, headline

WIDTH: Final = 640
HEIGHT: Final = 260
MARGIN: Final = 60

STYLE: Final = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1d;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right}
td:first-child,th:first-child{text-align:left}
.lead p{font-size:1.05rem}
svg text{font-size:11px;fill:#333}
footer{margin-top:3rem;font-size:.85rem;color:#555}
@media print{body{margin:0}}
"""


def render_uncertainty_html(
    summary: dict[str, Any], samples: pd.DataFrame, meta: RunMetadata
) -> str:
    """The report's HTML text."""
    psa = summary["psa"]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>pbrkit: uncertainty</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>How sure is the answer?</h1>",
        *(
            (f"<p class='disclosure'><strong>{escape(meta.disclosure)}</strong></p>",)
            if meta.disclosure
            else ()
        ),
        "<div class='lead'>",
        *(f"<p>{escape(line)}</p>" for line in headline(summary)),
        "</div>",
    ]
    for figure, label in LABELS.items():
        parts.append(f"<h2>Cumulative distribution of {escape(label)}</h2>")
        if is_suppressed(psa["figures"][figure]["p50"]):
            parts.append(f"<p>Not published: {escape(HIDDEN_BECAUSE)}.</p>")
        else:
            parts.append(s_curve(samples[figure].to_numpy(dtype=np.float64)))
    for figure, bars in psa["tornado"]["figures"].items():
        parts.append(f"<h2>Tornado: {escape(LABELS.get(figure, figure))}</h2>")
        parts.append(tornado_chart(bars, psa["tornado"]["base"][figure]))
    parts.append(_figures_table(psa))
    parts.append(_parameters_table(psa))
    parts.append(_footer(meta))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _disclosure(meta: RunMetadata) -> str:
    """Under ``--publish``: "Published with small-number suppression (…)"."""
    if not meta.disclosure:
        return ""
    return f"<p class='disclosure'><strong>{escape(meta.disclosure)}</strong></p>"


def s_curve(values: np.ndarray[Any, np.dtype[np.float64]]) -> str:
    """An SVG step line of the share of runs at or below each value."""
    finite = np.sort(values[np.isfinite(values)])
    if finite.size == 0:
        return "<p>No runs gave this figure.</p>"
    lo, hi = float(finite[0]), float(finite[-1])
    span = hi - lo or 1.0
    share = np.arange(1, finite.size + 1) / finite.size
    xs = MARGIN + (finite - lo) / span * (WIDTH - 2 * MARGIN)
    ys = HEIGHT - MARGIN / 2 - share * (HEIGHT - MARGIN)
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    axis_y = HEIGHT - MARGIN / 2
    return (
        f"<svg viewBox='0 0 {WIDTH} {HEIGHT}' width='100%' role='img' "
        "aria-label='cumulative distribution'>"
        f"<line x1='{MARGIN}' y1='{axis_y}' x2='{WIDTH - MARGIN}' y2='{axis_y}' stroke='#999'/>"
        f"<polyline fill='none' stroke='#1f5f8b' stroke-width='2' points='{points}'/>"
        f"<text x='{MARGIN}' y='{HEIGHT - 8}'>{escape(money_short(lo))}</text>"
        f"<text x='{WIDTH - MARGIN}' y='{HEIGHT - 8}' text-anchor='end'>"
        f"{escape(money_short(hi))}</text>"
        f"<text x='4' y='{MARGIN / 2 + 4}'>100%</text><text x='4' y='{axis_y}'>0%</text>"
        "</svg>"
    )


def tornado_chart(bars: list[dict[str, Any]], base: Any) -> str:
    """Horizontal bars from the figure at each parameter's low to its high."""
    if is_suppressed(base):
        return f"<p>Not published: {escape(HIDDEN_BECAUSE)}.</p>"
    if not bars:
        return ""
    row_height, label_width = 26, 300
    height = row_height * len(bars) + 30
    ends = [base] + [b["at_low"] for b in bars] + [b["at_high"] for b in bars]
    lo, hi = float(min(ends)), float(max(ends))
    span = hi - lo or 1.0

    def x(value: float) -> float:
        return float(label_width + (value - lo) / span * (WIDTH - label_width - 20))

    rows = []
    for k, bar in enumerate(bars):
        y = 10 + k * row_height
        left, right = sorted((x(bar["at_low"]), x(bar["at_high"])))
        rows.append(
            f"<text x='{label_width - 6}' y='{y + 14}' text-anchor='end'>"
            f"{escape(bar['parameter'])}</text>"
            f"<rect x='{left:.1f}' y='{y}' width='{max(right - left, 1):.1f}' height='18' "
            f"fill='#c8553d'><title>{escape(money(bar['at_low']))} to "
            f"{escape(money(bar['at_high']))}</title></rect>"
        )
    base_x = x(base)
    return (
        f"<svg viewBox='0 0 {WIDTH} {height}' width='100%' role='img' aria-label='tornado'>"
        + "".join(rows)
        + f"<line x1='{base_x:.1f}' y1='4' x2='{base_x:.1f}' y2='{height - 16}' "
        "stroke='#333' stroke-dasharray='3,3'/>"
        f"<text x='{base_x:.1f}' y='{height - 4}' text-anchor='middle'>all at medians: "
        f"{escape(money_short(base))}</text></svg>"
    )


def _figures_table(psa: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{_number(name, s['p5'])}</td>"
        f"<td>{_number(name, s['p50'])}</td><td>{_number(name, s['p95'])}</td>"
        f"<td>{_number(name, s['mean'])}</td><td>{percent(s['share_parameters'])}</td></tr>"
        for name, s in psa["figures"].items()
    )
    return (
        "<h2>Every figure</h2><table><tr><th>figure</th><th>p5</th><th>p50</th><th>p95</th>"
        "<th>mean</th><th>share of variance from parameters</th></tr>" + rows + "</table>"
    )


def _number(name: str, value: float | None) -> str:
    if value is None:
        return "–"
    if name == "casemix_index":
        return f"{value:.3f}"
    if name.endswith("_patients"):
        return f"{value:,.0f}"
    return money(value)


def _parameters_table(psa: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(p['parameter'])}</td><td>{p['low']:g}</td><td>{p['high']:g}</td>"
        f"<td>{escape(p['distribution'])}</td><td>{p['median']:.4g}</td>"
        f"<td>{escape(p['source'] or '')}</td></tr>"
        for p in psa["parameters"]
    )
    return (
        "<h2>The ranges assumed (80% intervals)</h2><table><tr><th>parameter</th><th>low</th>"
        "<th>high</th><th>distribution</th><th>median</th><th>source</th></tr>" + rows + "</table>"
    )


def _footer(meta: RunMetadata) -> str:
    inputs = "; ".join(
        f"{escape(Path(i.path).name)} (sha256 {i.sha256[:12]}…)" for i in meta.inputs
    )
    return (
        f"<footer>pbrkit {escape(meta.pbrkit_version)}, {escape(meta.command)}, seed "
        f"{meta.seed}, generated {escape(meta.generated_at)}. Inputs: {inputs}. Reference "
        f"set {escape(meta.reference.name)} ({escape(meta.reference.status)}). Method: "
        "docs/uncertainty.md."
        + (f" {escape(meta.disclosure)}." if meta.disclosure else "")
        + "</footer>"
    )


def write_uncertainty_html(text: str, path: Path) -> None:
    """Write the report as UTF-8."""
    path.write_text(text, encoding="utf-8")
