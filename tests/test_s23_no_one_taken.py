"""Where bidders take no one, the terminal says why (qa23, session 23).

`pbrkit tender` printed "Bidders take 0 people" and nothing more: a bidder with a
capacity of 0 had no note anywhere, and a bidder that bids for no lot was explained only
in the report's notes. The headline now gives the notes on bidders and lots, or else
that no bidder expects a profit it accepts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"


def _tender(tmp_path: Path, bidder: str) -> tuple[list[str], dict[str, object]]:
    scenario = tmp_path / "nobody.toml"
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{EXAMPLE.as_posix()}"\ndraws = 1\n'
        f'replace_bidders = true\n\n[[bidders]]\nname = "Nobody Ltd"\n{bidder}\n'
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", "--scenario", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output.splitlines(), json.loads((out / "summary.json").read_text())


def test_a_capacity_of_0_is_told_beside_the_count(tmp_path: Path) -> None:
    lines, summary = _tender(tmp_path, "cost_factor = 0.9\ncapacity = 0")
    assert lines[1] == "  Bidders take 0 people; 10,231 people stay with the NHS"
    assert lines[2] == "    Bidder 'Nobody Ltd' has a capacity of 0: it takes no one."
    assert "Bidder 'Nobody Ltd' has a capacity of 0: it takes no one." in summary["notes"]


@pytest.mark.parametrize("terms", ["hurdle_margin = 0.99\ncapacity = 100"])
def test_terms_no_one_meets_are_pointed_to_when_no_note_explains(
    tmp_path: Path, terms: str
) -> None:
    # A 99% hurdle leaves only the accept-all lot (1,396 people) worth taking, which a
    # capacity of 100 cannot.
    lines, summary = _tender(tmp_path, f"cost_factor = 0.9\n{terms}")
    assert lines[1].startswith("  Bidders take 0 people")
    assert lines[2] == (
        "    No bidder takes anyone on its terms (its hurdle margin, capacity and lots: "
        "see the report's Assumptions)."
    )
    assert not [n for n in summary["notes"] if str(n).startswith("Bidder '")]


def test_a_tender_that_takes_people_says_nothing_more(tmp_path: Path) -> None:
    lines, _ = _tender(tmp_path, "cost_factor = 0.9")
    assert lines[1].startswith("  Bidders take ") and "take 0 people" not in lines[1]
    assert lines[2].startswith("  The NHS goes from")
