"""``pbrkit cost --psa``'s summary.pdf gives the surplus's interval too (review 6).

Found by running ``pbrkit cost examples/clusters.xlsx --psa 200 --uncertainty u.csv``
(tariff.scale 0.95 to 1.05) and reading summary.pdf: report.html's summary opened
"Over 200 runs, the surplus in the input year is between -£4.4m and £1.3m in 9 runs
out of 10 (median -£1.6m) ...; it is a deficit in 81.0% of runs", but the page gave
only the costing's -£1.6m deficit, with no word of the PSA. As for ``tender --psa``
(test_review6_tender_psa_pdf.py) the sentences were lead paragraphs the page does not
show; they are now the first findings, which every output shows.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def test_the_cost_pdf_opens_its_findings_with_the_interval(tmp_path: Path) -> None:
    ranges = tmp_path / "uncertainty.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.95,1.05\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["cost", str(EXAMPLE), "--psa", "20", "--uncertainty", str(ranges), "--workers", "1",
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(out / "summary.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    page = " ".join(text.split())
    assert "Over 20 runs, the surplus in the input year is between" in page
    assert "The other findings and the key figures are the costing at the inputs as given." in page
    assert page.index("Over 20 runs") < page.index("Across 22 care clusters")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("Over 20 runs, the surplus in the input year") == 2  # summary, Uncertainty
