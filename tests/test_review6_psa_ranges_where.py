"""The PSA's interval says where its ranges are, truthfully in every output (review 6).

Found by reading summary.pdf of ``pbrkit psa examples/clusters.xlsx --uncertainty
examples/uncertainty.csv``: "Over 1,000 runs, the change in the NHS provider's surplus
is between -£18.5m and -£11.5m in 9 runs out of 10 (median -£14.8m), given the ranges
assumed, listed below." The one-page summary lists no ranges below (or anywhere): a
reader of the PDF alone is told the interval rests on ranges it cannot find. The same
findings open report.xlsx, report.html and summary.pdf, so they now say where the
ranges are in words true in all three, as ``pbrkit tender --psa`` already did: "on the
Uncertainty sheet of report.xlsx" (report.html lists them too, in its Uncertainty
section).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli


def _psa(tmp_path: Path) -> Path:
    folder = tmp_path / "tender"
    folder.mkdir()
    (folder / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,4,200,1500\np3,11,365,3000\n",
        encoding="utf-8",
    )
    ranges = tmp_path / "uncertainty.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.9,1.1\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["psa", str(folder), "--uncertainty", str(ranges), "--samples", "20",
         "--workers", "1", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_the_pdf_does_not_send_the_reader_to_ranges_it_does_not_list(tmp_path: Path) -> None:
    out = _psa(tmp_path)
    text = subprocess.run(
        ["pdftotext", str(out / "summary.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    page = " ".join(text.split())
    assert "in 9 runs out of 10" in page
    assert "listed below" not in page
    assert "The ranges assumed" not in page  # the page has no table of them ...
    # ... so the sentence names where they are.
    assert "given the ranges on the Uncertainty sheet of report.xlsx" in page
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "listed below" not in html
    assert "given the ranges on the Uncertainty sheet of report.xlsx" in html
