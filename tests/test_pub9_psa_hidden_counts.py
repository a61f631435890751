"""pub9: under ``--publish`` a statistic over a PSA's runs of a count that a run hides
by the line rule is hidden too (review: "tender --psa --publish hides the tender's own
residue, yet the PSA's residue mean, percentiles and tornado base publish 10").

The tender (tests/rev8_inputs.py's prices, lot and NHS sheet; every person of a
cluster alike, cost_cv 0):

- cluster 1: 10 people, £100 an episode, costing £500 each;
- cluster 2: 4 people, £1,000 each (400 days at £10), costing £750 each.

A bidder with cost factor 0.5 and perfect information predicts a profit of
1,000 − 0.5 × 750 = £625 on each person of cluster 2 and 100 − 0.5 × 500 = −£150 on each
of cluster 1. Screening, it takes the 4 of cluster 2 alone: taken 4, left 14 − 4 = 10.
Not screening, with room for 12, it takes the 4 and then 8 of cluster 1: taken 12,
left 2. Published, 4 (or 2) is 1 to 7, hidden; 14 people in all are shown (as 15), so
the line 14 = 4 + 10 (14 = 12 + 2) holds one hidden count and the other, 10 (12), is
hidden too: 15 − 10 would give the 4 back to within the rounding.

Only the fixed cost share is uncertain, and it moves no one: every run of the PSA takes
the same people, so every statistic of the people left (mean, 5th, 50th and 95th
percentiles) and the run with every parameter at its median are exactly 10 (12 taken).
Published as counts they were 10, giving back the count each run and the tender hide.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from rev8_inputs import FIXED_SHARE_RANGE, LOTS, NHS, TARIFF

T, R = "taken_patients", "residue_patients"
STATISTICS = ("mean", "p5", "p50", "p95")
#: How the tender's Uncertainty sheet names a count's statistics ("residue patients:
#: mean"): reports/layouts/tender_psa.py's label for a figure with no sentence label.
LABEL = {T: "taken patients", R: "residue patients"}


def _tender(folder: Path, *, cluster_1: int, cluster_2: int, screening: bool) -> Path:
    """The two-cluster tender above, with ``cluster_1`` and ``cluster_2`` people and a
    bidder with room for 12 (screening or not)."""
    folder.mkdir(parents=True, exist_ok=True)
    caseload = (
        "cluster,service_users,cluster_days,admitted_days,episodes,actual_cost,cost_cv\n"
        f"1,{cluster_1},{84 * cluster_1},0,{cluster_1},{500 * cluster_1},0\n"
        f"2,{cluster_2},{100 * cluster_2},0,{cluster_2},{750 * cluster_2},0\n"
    )
    bidders = (
        "name,cost_factor,info_quality,hurdle_margin,capacity,clusters,screening,"
        f'risk_aversion,quality_score\nAcme,0.5,1,0,12,"1,2",{"yes" if screening else "no"},0,1\n'
    )
    files = {"caseload.csv": caseload, "tariff.csv": TARIFF, "bidders.csv": bidders,
             "lots.csv": LOTS, "nhs.csv": NHS}  # fmt: skip
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _run(where: Path, command: str, source: Path, *extra: str) -> tuple[Path, str]:
    ranges = where / "ranges.csv"
    ranges.write_text(FIXED_SHARE_RANGE, encoding="utf-8")
    out = where / ("published" if "--publish" in extra else "plain")
    samples = ["--psa", "20"] if command == "tender" else ["--samples", "20"]
    args = [command, str(source), *samples, "--uncertainty", str(ranges), "--workers", "1"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out, result.output


def _summary(out: Path) -> dict[str, Any]:
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def _psa_counts(summary: dict[str, Any], count: str) -> dict[str, Any]:
    """Every statistic of ``count`` in summary.json's ``psa``, by its JSON pointer."""
    psa = summary["psa"]
    found = {f"/psa/figures/{count}/{s}": psa["figures"][count][s] for s in STATISTICS}
    found[f"/psa/tornado/base/{count}"] = psa["tornado"]["base"][count]
    return found


def _xlsx_statistics(out: Path, count: str) -> list[tuple[str, Any]]:
    """Every workbook cell that is a PSA statistic of ``count``: a label/value line
    naming it (the tender's Uncertainty sheet), or a cell under its column in a table
    whose rows are statistics (``pbrkit psa``'s People table)."""
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True, data_only=True)
    found: list[tuple[str, Any]] = []
    header = {"taken_patients": "People taken by bidders", "residue_patients":
              "People left with the NHS"}[count]  # fmt: skip
    for sheet in book.worksheets:
        if sheet.title not in ("Uncertainty", "Tornado", "Thresholds"):
            continue
        column: int | None = None
        for row in sheet.iter_rows(values_only=True):
            cells = list(row)
            first = str(cells[0] or "") if cells else ""
            if first.lower().startswith(f"{LABEL[count]}:"):
                found.append((f"{sheet.title}: {first}", cells[1]))
            if header in cells:
                column = cells.index(header)
            elif not any(c is not None for c in cells):
                column = None
            elif column is not None and column < len(cells):
                found.append((f"{sheet.title}: {first}", cells[column]))
    return found


def _text_statistics(text: str, count: str) -> list[str]:
    """A count's statistic said in words with a number ("residue patients: mean 10")."""
    words = text.lower()
    return re.findall(rf"{LABEL[count]}: [a-z0-9 ]*?[0-9][0-9,]*", words)


def _pdf_text(out: Path) -> str:
    pdf = subprocess.run(["pdftotext", str(out / "summary.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    return " ".join(pdf.split())


#: case → (screening, the count the line rule hides, its exact value)
CASES = {
    # taken 4 (hidden, 1-7), left 10 (hidden with it: 14 = 4 + 10 with 14 shown)
    "screening takes 4, leaves 10": (True, R, 10),
    # taken 12 (hidden with the 2 left: 14 = 12 + 2, 14 shown as 15), left 2 (1-7). The
    # tender's own headline published 15 in all and 10 taken beside the hidden 2 left:
    # its total row was in no line (pub9 found it; the residue table's lines were its
    # rows' alone).
    "takes 12, leaves 2": (False, T, 12),
}


@pytest.mark.parametrize("case", list(CASES))
def test_tender_psa_hides_every_statistic_of_a_count_the_tender_hides(
    case: str, tmp_path: Path
) -> None:
    screening, count, exact = CASES[case]
    source = _tender(tmp_path / "tender", cluster_1=10, cluster_2=4, screening=screening)
    plain, _ = _run(tmp_path, "tender", source)
    # The attack is real: unpublished, every statistic of the count is the exact count.
    assert set(_psa_counts(_summary(plain), count).values()) == {exact}
    published, lines = _run(tmp_path, "tender", source, "--publish")
    summary = _summary(published)
    suppressed = set(summary["disclosure"]["suppressed"])
    # The tender's own figure is hidden (by the line rule: it is not 1 to 7) ...
    assert summary["residue"][count] is None
    assert f"/residue/{count}" in suppressed
    # ... and so is every statistic of it over the PSA's runs, in summary.json,
    shown = _psa_counts(summary, count)
    assert all(v is None for v in shown.values()), shown
    assert set(shown) <= suppressed
    # in report.xlsx (the Uncertainty sheet's lines, which the plain run shows),
    # (a share of variance is blank with one draw a sample: no figure either way)
    cells = _xlsx_statistics(published, count)
    assert any(v == "*" for _, v in cells) and all(v in ("*", None) for _, v in cells), cells
    assert any(v == exact for _, v in _xlsx_statistics(plain, count))
    # and in words in report.html, summary.pdf and the terminal lines.
    html = (published / "report.html").read_text(encoding="utf-8")
    for where, text in (("report.html", html), ("summary.pdf", _pdf_text(published)),
                        ("terminal", lines)):  # fmt: skip
        assert not _text_statistics(text, count), where
    # psa.parquet: the count is hidden in every run (it was already).
    runs = pd.read_parquet(published / "psa.parquet")
    assert runs[count].isna().all()


def test_psa_publish_hides_a_count_hidden_by_the_line_rule_in_every_run(tmp_path: Path) -> None:
    """``pbrkit psa --publish``: no tender figure in the document, the same runs."""
    source = _tender(tmp_path / "tender", cluster_1=10, cluster_2=4, screening=True)
    plain, _ = _run(tmp_path, "psa", source)
    assert set(_psa_counts(_summary(plain), R).values()) == {10}
    published, _ = _run(tmp_path, "psa", source, "--publish")
    summary = _summary(published)
    shown = _psa_counts(summary, R)
    assert all(v is None for v in shown.values()), shown
    assert set(shown) <= set(summary["disclosure"]["suppressed"])
    cells = _xlsx_statistics(published, R)
    assert any(v == "*" for _, v in cells) and all(v in ("*", None) for _, v in cells), cells
    # report.html's People table: a row per statistic, "*" under both counts (it showed
    # "Mean | * | 10" and so on).
    for out, left in ((plain, "10"), (published, "*")):
        html = (out / "report.html").read_text(encoding="utf-8")
        table = html[html.index('id="psa_people"') :]
        table = table[: table.index("</table>")]
        cells_of = re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", table)
        rows = [cells_of[i : i + 3] for i in range(3, len(cells_of) - 2, 3)]
        assert rows and all(row[2].strip() == left for row in rows), (out.name, rows)


def test_counts_hidden_in_no_run_stay_published(tmp_path: Path) -> None:
    """No over-hiding: 20 + 10 people, the screening bidder takes the 10 of cluster 2
    and leaves 20; no count is 1 to 7, so every statistic is published, rounded to 5:
    10 taken and 20 left (both multiples of 5 already)."""
    source = _tender(tmp_path / "tender", cluster_1=20, cluster_2=10, screening=True)
    _run(tmp_path, "tender", source)
    published, _ = _run(tmp_path, "tender", source, "--publish")
    summary = _summary(published)
    assert set(_psa_counts(summary, T).values()) == {10}
    assert set(_psa_counts(summary, R).values()) == {20}
