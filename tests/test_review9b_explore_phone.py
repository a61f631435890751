"""explore.html fits a phone: at 400 px wide nothing runs off the page.

Found by opening explore.html of `pbrkit explore --publish` (a small trust of my own) in
headless Chromium framed 400 px wide: the slider had no width left (its label's grid
asked for 12rem + 2fr + 8rem), the residue-by-cluster table ran off the right edge,
cutting off the residue cost gap, and the assumptions' long values (a fixed cost share of
0.30429869959545214) ran off it too.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from browser import run_chromium
from test_review9b_explore_hidden_range import chromium_missing, page  # noqa: F401
from test_review9b_sweep_percentiles import scenario  # noqa: F401  (a fixture)

#: Measures the laid-out page and posts the figures to the page framing it (headless
#: Chromium lays a page out at least 500 px wide, so a phone's 400 px is an iframe's).
PROBE = """<script>
window.addEventListener("load", function () {
  var slider = document.querySelector("input[type=range]"), right = 0;
  document.querySelectorAll("main *").forEach(function (node) {
    var box = node.getBoundingClientRect();
    if (box.width && !node.closest(".scroll")) { right = Math.max(right, box.right); }
  });
  parent.postMessage({view: document.documentElement.clientWidth,
    page: document.documentElement.scrollWidth, right: right,
    slider: slider.getBoundingClientRect().width}, "*");
});
</script></body>"""
PHONE = """<html><body><script>
window.addEventListener("message", function (e) {
  document.body.setAttribute("data-probe", JSON.stringify(e.data));
});
</script><iframe src="explore.html#bidders.*.capacity=10" style="width:400px;height:900px;border:0">
</iframe></body></html>"""


@chromium_missing
def test_the_page_fits_a_phone(page: Path, tmp_path: Path) -> None:  # noqa: F811
    probed = tmp_path / "explore.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE), encoding="utf-8")
    (tmp_path / "phone.html").write_text(PHONE, encoding="utf-8")
    run = run_chromium(tmp_path / "phone.html", "--dump-dom", "--virtual-time-budget=5000")
    found = re.search(r'data-probe="([^"]*)"', run.stdout)
    assert found is not None, run.stdout[-2000:]
    probe = json.loads(html.unescape(found.group(1)))
    assert probe["view"] == 400
    assert probe["page"] <= probe["view"], probe  # no sideways scrolling of the page
    assert probe["right"] <= probe["view"] + 0.5, probe  # nothing runs off its edge
    assert probe["slider"] >= 100, probe  # a slider a thumb can move
