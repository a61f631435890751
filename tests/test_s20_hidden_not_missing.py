"""A headline figure worked out from a hidden one is hidden (`*`), not missing (–).

Found on the merged tree (7 December): `pbrkit tender examples/clusters.xlsx --publish`
hides the payments to bidders' total (its bidders' rows carry a floor bound), and the
commissioner's saving (v × taken income − payments), the change in the commissioner's
cost and the change in public spending, each worked out from it, came out blank:
report.html showed "–" (no such figure) where the figure exists and is hidden, and
summary.json's `disclosure.suppressed` did not list them.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"
FOLLOWERS = ("/public_sector/commissioner_saving", "/public_sector/public_cost_change",
             "/residue/commissioner_cost_change")  # fmt: skip


def test_figures_worked_out_from_hidden_payments_are_hidden(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(cli, ["tender", str(EXAMPLE), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    suppressed = set(summary["disclosure"]["suppressed"])
    assert set(FOLLOWERS) <= suppressed
    page = unescape(re.sub(r"<[^>]+>", " ", (out / "report.html").read_text()))
    page = " ".join(page.split())
    for label in ("Commissioner's saving", "Change in commissioner's cost",
                  "Change in public spending, public-sector account"):  # fmt: skip
        after = page[page.index(label) + len(label) :].split()
        assert after[0] == "*", (label, after[:3])
