"""The waterfall's note does not promise that published bars add up.

Under ``--publish`` each £ figure is rounded to the money base on its own
(docs/methodology.md §7). The shipped example's published waterfall is −£1,550,000
before, −£1,500,000 margin, −£11,100,000 kept, £3,850,000 stranded and −£15,050,000
after: −1,550,000 − (−1,500,000) + (−11,100,000) − 3,850,000 = −15,000,000, £50,000 short
of the −15,050,000 shown, where the note said "The bars add up exactly".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def test_the_published_note_says_the_bars_add_up_before_rounding(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(cli, ["tender", str(EXAMPLE), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    steps = json.loads((out / "summary.json").read_text())["waterfall"]
    before, margin, kept = (
        steps[k] for k in ("nhs_surplus_before", "taken_margin", "kept_for_taken")
    )
    added = before - margin + kept - steps["stranded_fixed_cost"]
    assert added != steps["nhs_surplus_after"]  # the case: rounded apart
    page = re.sub(r"\s+", " ", (out / "report.html").read_text())
    assert "The bars add up exactly" not in page
    assert "Before any rounding the bars add up exactly" in page
