"""explore.html's waterfall writes a £0 step as "£0", with no sign (fix9, December 2026).

The waterfall labelled a step that moves nothing "+£0" (the stranded fixed cost of a
scenario whose trust sheds every cost it can): a sign on nothing, where every other
format of pbrkit now writes £0 bare. Checked in headless Chromium on the page itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import dump_dom, find_chromium
from pbrkit.reports.explore import render_explore_html
from test_explore import exploration, synthetic_grid

chromium_missing = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")


@chromium_missing
def test_a_zero_step_has_no_sign(tmp_path: Path) -> None:
    # before £100, income kept £30 less cost kept £10 → kept £20, stranded £0, after £45:
    # margin lost = before + kept − stranded − after = 100 + 20 − 0 − 45 = £75.
    grid = synthetic_grid(
        {"p": [1.0]},
        nhs_surplus_before=100.0,
        nhs_income_retained=30.0,
        cost_retained_for_taken=10.0,
        stranded_fixed_cost=0.0,
        nhs_surplus_after=45.0,
    )
    page = tmp_path / "explore.html"
    page.write_text(render_explore_html(exploration(grid, ["p"])), encoding="utf-8")
    dom = dump_dom(page)
    svg = re.search(r'<div id="waterfall"[^>]*>(.*?)</div>', dom, re.S)
    assert svg is not None
    labels = re.findall(r'<text[^>]*text-anchor="middle"[^>]*>([^<]*)</text>', svg.group(1))
    # Before: "+£0" for the stranded cost. The bar labels, in step order (captions are
    # tspans, so their <text> holds no text of its own).
    assert [t for t in labels if t] == ["£100", "-£75", "+£20", "£0", "£45"], labels
