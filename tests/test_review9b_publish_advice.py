"""The not-for-publication banner gives advice the command can follow.

Found running `pbrkit threshold` and `pbrkit compare` (of unpublished runs): their
report.html, report.xlsx and summary.pdf said "run again with --publish for figures you
can release", and neither command has a --publish option (`pbrkit threshold --publish`
stops with "No such option"). compare publishes by comparing runs made with --publish;
threshold cannot publish at all.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from review9b_inputs import patients_workbook

RUN_AGAIN = "run again with --publish"


def _texts(out: Path) -> list[str]:
    """The banner's words as each output says them (lower case, one line)."""
    page = (out / "report.html").read_text(encoding="utf-8").replace("<code>", "")
    page = page.replace("</code>", "")
    pdf = subprocess.run(
        ["pdftotext", str(out / "summary.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    sheet = openpyxl.load_workbook(out / "report.xlsx").worksheets[0]
    cells = " ".join(str(c.value) for row in sheet.iter_rows(max_row=8) for c in row if c.value)
    return [" ".join(t.split()).lower() for t in (page, pdf, cells)]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("advice")
    return patients_workbook(folder / "p.xlsx", cheap=10, dear=6, yearly=10, capacity=10)


def _run(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


def test_threshold_does_not_tell_you_to_run_it_with_publish(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "threshold"
    _run(["threshold", str(book), "--param", "nhs.fixed_cost_share",
          "--figure", "public_spending_change", "--out", str(out)])  # fmt: skip
    assert CliRunner().invoke(cli, ["threshold", "--publish"]).exit_code == 2
    for text in _texts(out):
        assert "not for publication" in text
        assert RUN_AGAIN not in text
        assert "there is no --publish for pbrkit threshold" in text


def test_compare_says_to_compare_published_runs(book: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        _run(["cost", str(book), "--out", str(tmp_path / name)])
    out = tmp_path / "compare"
    _run(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out)])
    for text in _texts(out):
        assert RUN_AGAIN not in text
        assert "compare runs made with --publish for figures you can release" in text


def test_cost_still_says_run_again_with_publish(book: Path, tmp_path: Path) -> None:
    _run(["cost", str(book), "--out", str(tmp_path / "cost")])
    assert all(RUN_AGAIN in text for text in _texts(tmp_path / "cost"))
