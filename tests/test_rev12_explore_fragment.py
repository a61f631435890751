"""rev12: a link to explore.html whose address holds a broken %-escape (an email
client's cut, or a hostile link: ``explore.html#p=%``) still opens the page, at the
first point; it opened blank (no figures, no sliders), the script stopped by
decodeURIComponent's URIError."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import dump_dom
from pbrkit.reports.explore import render_explore_html
from test_explore import chromium_missing, exploration, synthetic_grid


@pytest.mark.slow
@chromium_missing
@pytest.mark.parametrize("fragment", ["p=%", "x=%E0%A4%A&p=0.6", "%=0.6"])
def test_a_broken_escape_in_the_address_is_ignored(tmp_path: Path, fragment: str) -> None:
    grid = synthetic_grid({"p": [0.2, 0.6]}, clusters=1)
    page = tmp_path / "explore.html"
    page.write_text(render_explore_html(exploration(grid, ["p"])), encoding="utf-8")
    dom = dump_dom(page, fragment=fragment)
    assert 'data-figure="nhs_surplus_change"' in dom  # the headline is drawn
    # The good pair of the address still chooses its point; the broken one is skipped.
    point = "0.6" if "p=0.6" in fragment else "0.2"
    assert f'<output id="value-0">{point}</output>' in dom
