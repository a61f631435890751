"""``pbrkit tender --psa``'s summary.pdf gives the PSA's interval, not one run alone (review 6).

Found by running ``pbrkit tender examples/clusters.xlsx --psa 30 --uncertainty
examples/uncertainty.csv`` and reading summary.pdf: report.html opened with "Over 30
runs, the change in the NHS provider's surplus is between -£19.0m and -£11.5m in 9 runs
out of 10 (median -£15.1m) ...", but the one-page summary had no word of the PSA: its
findings gave the single run's "-£13.5m" as the answer, with nothing of how sure it is
(and with ``--draws`` its only range was the selection noise's). The interval's
sentences were report.html's and the workbook's lead paragraphs, which the page does
not show; they are now the first of the findings, which all three show, and the
findings say the rest is one run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli


def _tender(tmp_path: Path, *extra: str) -> Path:
    folder = tmp_path / "tender"
    folder.mkdir()
    (folder / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,4,200,1500\np3,11,365,3000\n"
        "p4,11,365,9000\np5,4,300,400\n",
        encoding="utf-8",
    )
    ranges = tmp_path / "uncertainty.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.9,1.1\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["tender", str(folder), "--psa", "20", "--uncertainty", str(ranges), "--workers", "1",
         "--out", str(out), *extra],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def _pdf_words(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    return " ".join(text.split())


def test_the_pdf_opens_its_findings_with_the_interval(tmp_path: Path) -> None:
    out = _tender(tmp_path)
    page = _pdf_words(out / "summary.pdf")
    assert "Over 20 runs, the change in the NHS provider's surplus is between" in page
    assert "in 9 runs out of 10" in page
    assert "The other findings and the key figures are one run at the inputs as given." in page
    # The page says it before the single run's findings.
    assert page.index("in 9 runs out of 10") < page.index("Of 5 people")


def test_report_html_says_it_once(tmp_path: Path) -> None:
    out = _tender(tmp_path, "--draws", "3")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert (
        html.count("the change in the NHS provider&#39;s surplus is between")
        + html.count("the change in the NHS provider's surplus is between")
        == 1
    )
    assert "one run at the inputs as given (medians over 3 draws of the bidders' noise)" in (
        html.replace("&#39;", "'")
    )
