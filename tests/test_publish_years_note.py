"""A published multi-year tender says why its later years show only counts.

fixleft hid every later year's £ figures under --publish (each, rounded on its own,
narrows the first year's exact figures: methodology §7) and noted that only methodology
said so: the Years section of report.html and report.xlsx showed rows of `*` with no
word why. The published section now says it, after its own paragraph; the unpublished
one does not, nor does a one-year tender.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.publishing import SERIES_NOTE

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def _run(out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(cli, ["tender", str(EXAMPLE), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def _xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(
        str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v
    )


def test_published_years_say_why_later_years_are_hidden(tmp_path: Path) -> None:
    published = _run(tmp_path / "p", "--years", "3", "--publish")
    html = (published / "report.html").read_text(encoding="utf-8")
    assert "only the counts of people" in SERIES_NOTE
    assert SERIES_NOTE.replace("'", "&#39;") in html
    # After the section's own paragraph, which ends "... stays a deficit."
    assert html.index("stays a deficit.") < html.index("Published: after the first year")
    assert SERIES_NOTE in _xlsx_text(published / "report.xlsx")
    for out in (_run(tmp_path / "u", "--years", "3"), _run(tmp_path / "one", "--publish")):
        assert "Published: after the first year" not in (out / "report.html").read_text(
            encoding="utf-8"
        )
        assert SERIES_NOTE not in _xlsx_text(out / "report.xlsx")
