"""rev12: summary.pdf's bar chart keeps long category names (a comparison's run
names, chosen with --names) on the page and apart: they were drawn on one line each,
under bars two names wide, so they ran into each other and off the page's edge."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pbrkit.model import ReferenceInfo
from pbrkit.reports.layouts.compare import Run, compare_document
from pbrkit.reports.render import pdf
from pbrkit.workflows.provenance import run_metadata

NAMES = (
    "Baseline run with the very long descriptive name for the board pack 2024-25",
    "Alternative run name that is also extremely long to test wrapping in boxes",
    "A third",
)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def words(path: Path) -> tuple[list[tuple[float, float, float, str]], float]:
    """Each word's left, right and baseline (points), and the page's width."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    found = [(float(a), float(c), float(d), w) for a, _, c, d, w in WORD.findall(out)]
    return found, width


def test_long_run_names_stay_on_the_page_and_apart(tmp_path: Path) -> None:
    runs = [
        Run(name, {"command": "pbrkit cost", "totals": {"surplus": surplus}})
        for name, surplus in zip(NAMES, (-38_000.0, -40_000.0, 12_000.0), strict=True)
    ]
    meta = run_metadata("pbrkit compare", [], ReferenceInfo(name="r", status="s", title="t"))
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf.render(compare_document(runs, (), (), meta)))
    found, width = words(path)
    assert all(left >= 0 and right <= width for left, right, _, _ in found)
    # No two words on one baseline overlap (half a point's slack for kerning).
    for i, (left, right, base, word) in enumerate(found):
        for other_left, other_right, other_base, other in found[i + 1 :]:
            if abs(base - other_base) < 1:
                assert right - 0.5 <= other_left or other_right - 0.5 <= left, (word, other)


def test_five_runs_values_stay_in_their_cards(tmp_path: Path) -> None:
    # Five runs' "£44.9m → £46.5m → £44.9m → £46.5m → £44.9m" in each of four cards a
    # quarter of the page wide overlapped the next card and ran off the page.
    totals = {"income": 44_900_000.0, "cost": 46_500_000.0, "surplus": -1_600_000.0,
              "cross_subsidy": 2_400_000.0}  # fmt: skip
    runs = [Run(name, {"command": "pbrkit cost", "totals": totals}) for name in "abcde"]
    meta = run_metadata("pbrkit compare", [], ReferenceInfo(name="r", status="s", title="t"))
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf.render(compare_document(runs, (), (), meta)))
    found, width = words(path)
    assert all(left >= 0 and right <= width for left, right, _, _ in found)
    for i, (left, right, base, word) in enumerate(found):
        for other_left, other_right, other_base, other in found[i + 1 :]:
            if abs(base - other_base) < 1:
                assert right - 0.5 <= other_left or other_right - 0.5 <= left, (word, other)
    # Every run's income is still on the page: five values of £44.9m.
    text = " ".join(w for _, _, _, w in found)
    assert text.count("£44.9m") >= 5
