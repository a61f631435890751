"""Issue 11: ``Any`` in reports/ only where nothing precise fits (xlsxwriter's untyped
objects, summary.json read back by ``pbrkit compare`` and the PSA narratives).

Round 12 (i11) gave summary.json's trees a type (``reports.values.JsonValue``,
``JsonObject``) and took ``Any`` from 184 lines of reports/ to 142; round 13 (i11b)
to 132 (the PSA's tornado, variance shares, break-even searches and parameter ranges
typed: ``reports.values.Tornado`` and its kin). Round 15 to 19: number formatting
takes ``Value``, XlsxWriter's objects are Protocols (``reports.xlsx_types``), cluster
options a TypedDict. Round 16 (i11t): the PSA and threshold objects the workflows hand
over are typed where they are built (``pbrkit.uncertainty.summaries``; the reports read
them as ``values.PsaObject`` and its kin), 19 to 15. What is left is summary.json read
back by ``pbrkit compare``, a document's extras, a written XlsxWriter cell and a column
writer, each with why. Round 17 (i11x): cost's what-if levers are read as objects and
checked as JSON on their way into summary.json, 15 to 13. This keeps the number from
rising again.
"""

from __future__ import annotations

from pathlib import Path

REPORTS = Path(__file__).resolve().parents[1] / "src" / "pbrkit" / "reports"
MOST = 13


def test_any_in_reports_does_not_rise() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(REPORTS.rglob("*.py"))]
    lines = [line for text in texts for line in text.splitlines() if "Any" in line]
    assert len(lines) <= MOST, f"{len(lines)} lines of reports/ name Any (at most {MOST})"
