"""``report.html``: one self-contained file a campaigner can email.

Jinja2 with autoescape on (every name from an input is escaped), CSS inline, charts
as inline SVG; no script, no web font, no external request, and a print stylesheet.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from pbrkit.reports.format import count, fixed, money, money_short, percent


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


def write_html(text: str, path: Path) -> None:
    """Write an HTML report as UTF-8."""
    path.write_text(text, encoding="utf-8")
