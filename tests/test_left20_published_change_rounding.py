"""A published tender's NHS surplus change, rounded on its own, is said to be so.

Left by the previous reviews: under ``--publish`` every £ total is rounded to the money
base on its own (methodology §7), so summary.pdf's cards could read "NHS surplus before
£0", "NHS surplus after £0" beside "Change in NHS surplus -£50,000", and the findings
"The NHS goes from within £25k of breaking even to within £25k of breaking even", as
if nothing changed. Where the published change is not the published after less the
published before, every format now says, beside the change, that each £ figure is
rounded on its own so they need not add up; no unrounded figure is shown.

Hand-worked (review10_inputs.small_workbook's four patients ten times over, NHS fixed
cost share 0.9, shed rate 0): before = income £95,000 − cost £90,000 = £5,000; the
bidder takes the 20 cluster-1 patients, after = −£24,000, change = −£29,000. Base
£50,000 (5 × the largest price, £5,000 a year, rounded up): |£5,000| and |−£24,000|
are under £25,000, so both are published as £0, and −£29,000 as −£50,000:
£0 − £0 = £0 ≠ −£50,000.
"""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.layouts.tender_findings import change_sentence
from review10_inputs import small_workbook

ROUNDED = "each £ figure is rounded to the nearest £50k on its own, so they need not add up"


def _workbook(path: Path) -> Path:
    small_workbook(path)
    book = openpyxl.load_workbook(path)
    patients = book["patients"]
    rows = [list(r) for r in patients.iter_rows(min_row=2, values_only=True)]
    patients.delete_rows(2, patients.max_row)
    for copy in range(10):
        for patient_id, *rest in rows:
            patients.append([f"{patient_id}-{copy}", *rest])
    book["nhs"]["A2"], book["nhs"]["B2"] = 0.9, 0.0  # fixed_cost_share, shed_rate
    book.save(path)
    return path


def _texts(out: Path, terminal: str) -> dict[str, str]:
    html = re.sub(r"<style.*?</style>|<script.*?</script>", "", (out / "report.html").read_text())
    pdf = subprocess.run(
        ["pdftotext", str(out / "summary.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    book = openpyxl.load_workbook(out / "report.xlsx")
    cells = [str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c]
    texts = {"terminal": terminal, "html": unescape(re.sub(r"<[^>]+>", " ", html)),
             "pdf": pdf, "xlsx": "\n".join(cells)}  # fmt: skip
    return {k: re.sub(r"\s+", " ", v) for k, v in texts.items()}


def test_a_change_that_is_not_the_difference_of_the_rounded_balances_says_so(
    tmp_path: Path,
) -> None:
    source = _workbook(tmp_path / "trust.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(source), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    residue = json.loads((out / "summary.json").read_text())["residue"]
    published = [residue[f"nhs_surplus_{k}"] for k in ("before", "after", "change")]
    assert published == [0.0, 0.0, -50_000.0]  # as worked out above
    for name, text in _texts(out, result.output).items():
        assert "a change of -£50k" in text, name
        assert ROUNDED in text, name
        # No unrounded balance or change: a surplus of £5,000, -£24,000, -£29,000 in any
        # spelling (£5,000 is also a cluster's mean cost per person, shown as it is).
        assert not re.search(r"-£(24|29)(,000|k)\b|surplus of £5(,000|k)\b", text), name


def test_an_unpublished_run_says_nothing_of_rounding(tmp_path: Path) -> None:
    source = _workbook(tmp_path / "trust.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name, text in _texts(out, result.output).items():
        assert "on its own" not in text, name


@pytest.mark.parametrize(
    ("before", "after", "change", "said"),
    [
        # -£1,550,000 → -£15,050,000 is -£13,500,000 as shown; the change rounded on its
        # own is -£13,450,000: said so.
        (-1_550_000.0, -15_050_000.0, -13_450_000.0, True),
        # £0 → £0 and a change of £0: they add up, nothing to say.
        (0.0, 0.0, 0.0, False),
        # £100,000 → -£50,000 is -£150,000: they add up.
        (100_000.0, -50_000.0, -150_000.0, False),
    ],
)
def test_the_sentence_says_so_only_where_the_figures_do_not_add_up(
    before: float, after: float, change: float, said: bool
) -> None:
    sentence = change_sentence(before, after, 50_000.0, change)
    assert (ROUNDED in sentence) is said
    # Unpublished (no base), figures are exact and add up: never said.
    assert ROUNDED not in change_sentence(before, after, 0.0, after - before)
