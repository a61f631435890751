"""A chance over fewer than 20 runs is shown as a count, "k of n runs" (fix7, item 2).

``pbrkit psa book --samples 1`` showed the headline tile "Chance the NHS surplus falls
100.0%": one run, read as a measured probability, while the sentence above it already
said "too few runs". Below 20 runs (the fewest for "9 runs in 10",
uncertainty_narrative.NINE_IN_TEN_RUNS) the tiles and the sentences now give the count
of runs ("3 of 3 runs"); from 20 runs they are unchanged (the shipped examples' goldens).
summary.json keeps the share (``psa.prob_nhs_surplus_falls``) beside ``samples``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.uncertainty_narrative import in_share_of_runs


def _psa(tmp_path: Path, samples: int) -> tuple[Path, str]:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,4,200,1500\np3,11,365,3000\n"
        "p4,11,365,9000\np5,4,300,400\n",
        encoding="utf-8",
    )
    ranges = tmp_path / "uncertainty.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.5,1.5\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["psa", str(folder), "--samples", str(samples), "--uncertainty", str(ranges),
         "--workers", "1", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out, " ".join(result.output.split())


def _counts(out: Path) -> tuple[int, int, int]:
    """(runs, runs where the NHS surplus falls, runs where public spending rises)."""
    runs = pd.read_parquet(out / "psa.parquet")
    falls = int((runs["nhs_surplus_change"] < 0).sum())
    rises = int((runs["public_spending_change"] > 0).sum())
    return len(runs), falls, rises


def _xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    cells = (str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row)
    return " ".join(c for c in cells if c != "None")


def _pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    return " ".join(text.split())


def test_few_runs_show_counts_in_every_format(tmp_path: Path) -> None:
    out, terminal = _psa(tmp_path, 3)
    runs, falls, rises = _counts(out)
    assert runs == 3
    falls_text, rises_text = f"{falls} of 3 runs", f"{rises} of 3 runs"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f'data-figure="prob_nhs_surplus_falls_runs">{falls_text}' in html
    assert f'data-figure="prob_public_spending_rises_runs">{rises_text}' in html
    assert 'data-figure="prob_nhs_surplus_falls">' not in html  # no "100.0%" tile
    assert f"The NHS surplus falls in {falls_text}" in terminal
    for text in (_xlsx_text(out / "report.xlsx"), _pdf_text(out / "summary.pdf")):
        assert f"falls in {falls_text}" in text  # the sentence
        assert "Chance the NHS surplus falls" in text  # the tile, now a count
    assert falls_text in _pdf_text(out / "summary.pdf").split("Chance the NHS surplus falls")[1]
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text())
    # The share stays exact in summary.json: falls ÷ 3 runs.
    assert summary["psa"]["prob_nhs_surplus_falls"] == pytest.approx(falls / 3)


def test_twenty_runs_keep_the_share(tmp_path: Path) -> None:
    out, terminal = _psa(tmp_path, 20)
    runs, falls, _ = _counts(out)
    assert runs == 20
    html = (out / "report.html").read_text(encoding="utf-8")
    # The share as before: falls ÷ 20 runs, to one decimal place.
    assert f'data-figure="prob_nhs_surplus_falls">{falls / 20 * 100:.1f}%' in html
    assert "prob_nhs_surplus_falls_runs" not in html
    assert " of 20 runs" not in terminal


@pytest.mark.parametrize(
    ("share", "runs", "text"),
    [
        (1.0, 1, "in 1 of 1 runs"),  # 1 ÷ 1
        (2 / 3, 3, "in 2 of 3 runs"),  # 0.667 × 3 = 2
        (0.0, 19, "in 0 of 19 runs"),
        (1.0, 20, "in every run"),  # from 20 runs, as before
        (0.85, 20, "in 85.0% of runs"),  # 17 ÷ 20
    ],
)
def test_in_share_of_runs(share: float, runs: int, text: str) -> None:
    assert in_share_of_runs(share, runs) == text
