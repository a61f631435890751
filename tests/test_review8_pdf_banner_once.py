"""``pbrkit tender``'s summary.pdf says a what-if run's levers once (review 8).

Found by running ``pbrkit tender --scenario A4.toml`` (a 300-person workbook of our
own, ``efficiency = 0.011`` over 4 years) and ``pbrkit tender A.xlsx --tariff-change
5%`` and reading summary.pdf with pdftotext: the orange "WHAT-IF: the figures below
use changed prices or costs …" banner was printed twice, one under the other, while
report.html and report.xlsx show it once. The page took its banners from every section
of the document, and the tender's summary is two sections (report.html's and the
workbook's), each with the banner; it now takes them from the sections report.html
shows, as its docstring said.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from review8_inputs import patients_folder


def _pdf_words(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    return " ".join(text.split())


def _run(tmp_path: Path, command: str) -> str:
    folder = patients_folder(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, [command, str(folder), "--tariff-change", "5%", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return _pdf_words(out / "summary.pdf")


def test_tender_pdf_shows_the_what_if_banner_once(tmp_path: Path) -> None:
    page = _run(tmp_path, "tender")
    assert page.count("WHAT-IF") == 1, page


def test_cost_pdf_shows_it_once_too(tmp_path: Path) -> None:
    page = _run(tmp_path, "cost")
    assert page.count("WHAT-IF") == 1, page
