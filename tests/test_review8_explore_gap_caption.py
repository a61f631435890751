"""explore.html says what its residue-by-cluster bars are: cost above the tariff (review 8).

Found by running ``pbrkit explore`` on a 300-person workbook of our own
(``--vary nhs.fixed_cost_share=0:0.8:5 --vary "bidders.Alpha Care.capacity=50,100,150"``)
and reading the page in Chromium: at a capacity of 50 nobody in cluster 1 is taken,
so its 80 people left are exactly the cluster's average patients, yet its bar was a
green −£6,071. The note under the heading said the bars were "blue where the people left
cost the NHS more than the same number of average patients of their cluster, green
where less", but the bars are the residue cost gap G = Σ_N (c − P), cost above the
tariff paid (docs/methodology.md §6.5): −£6,071 is cluster 1's surplus (income £25,500
− cost £19,429). Review 5 corrected the figure's meaning in the other reports; the
page's own note kept the old formula. It now says cost above the tariff.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from review8_inputs import one_draw_scenario


def test_the_note_describes_the_residue_cost_gap(tmp_path: Path) -> None:
    scenario = one_draw_scenario(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["explore", str(scenario), "--vary", "nhs.fixed_cost_share=0.2,0.4",
              "--workers", "1", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = " ".join((out / "explore.html").read_text(encoding="utf-8").split())
    assert "average patients" not in page
    assert (
        "red where the people left cost the NHS more than the tariff pays for them, "
        "green where less" in page
    )
