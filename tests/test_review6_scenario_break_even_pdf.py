"""A scenario's break-even is in summary.pdf too, not in report.html alone (review 6).

Found by running ``pbrkit tender --scenario S.toml`` with an ``[uncertainty]`` table
(``bidders.*.info_quality`` 0.3 to 0.6) on examples/clusters.xlsx: report.html's summary
opened "With the other parameters at their medians, the change in public spending ...
does not cross £0 anywhere between nhs.fixed_cost_share = 0 and 1", and the workbook had
it on its Thresholds sheet, but summary.pdf said nothing of it. Like the PSA's interval
(test_review6_tender_psa_pdf.py) it was a lead paragraph the page does not show; it is
now the first of the findings, which every output shows.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def test_the_break_even_opens_the_findings_of_every_output(tmp_path: Path) -> None:
    scenario = tmp_path / "uncertain.toml"
    scenario.write_text(
        f"schema_version = 1\nworkbook = {json.dumps(str(EXAMPLE))}\n"
        '[uncertainty]\n"bidders.*.info_quality" = {low = 0.3, high = 0.6}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", "--scenario", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (threshold,) = json.loads((out / "summary.json").read_text(encoding="utf-8"))["thresholds"]
    said = "nhs.fixed_cost_share = 0 and 1" if threshold["value"] is None else "crosses £0 at"
    text = subprocess.run(["pdftotext", str(out / "summary.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    page = " ".join(text.split())
    assert said in page
    assert page.index(said) < page.index("Of 10,231 people")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count(said) == 1
