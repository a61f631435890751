"""``pbrkit explore`` with three ``--vary`` parameters runs (review 8).

Found running ``pbrkit explore sA.toml --vary nhs.fixed_cost_share=0.2,0.6 --vary
"bidders.Alpha Care.capacity=50,100" --vary "bidders.*.info_quality=0.3,0.6"`` on our
own 300-person workbook (and the same on a second workbook with other parameters):
"Error: unexpected failure: ValueError: too many values to unpack (expected 2)",
exit 1 and nothing written, though ``--help`` offers "One to three times". The sweep's
document, which explore's summary.json is built from, added a parameter × parameter
sheet per headline figure, which has no layout for a third parameter; explore writes
no workbook, and a sweep takes two parameters at most. With three there is no such
sheet now; one and two parameters keep theirs.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from review8_inputs import one_draw_scenario


def test_explore_over_three_parameters(tmp_path: Path) -> None:
    scenario = one_draw_scenario(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["explore", str(scenario), "--vary", "nhs.fixed_cost_share=0.2,0.4",
              "--vary", "nhs.shed_rate=0.1,0.5", "--vary", "bidders.*.info_quality=0,1",
              "--workers", "1", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["parameters"]) == 3
    assert len(summary["sweep"]) == 2 * 2 * 2
    assert (out / "explore.html").is_file()
