"""Hostile review rev8: `pbrkit psa --publish` hid a bidder's capacity range in the
ranges table (3 to 5 people, median 4: counts of 1 to 7, shown as *), and the words
beside it gave them back: "the capacity of Acme, drawn from a uniform distribution: 1
run in 10 below 3, 1 in 10 above 5, median 4". A capacity is a count of people
(docs/uncertainty.md, "Publishing a PSA"): its words point to the columns, which are
published as counts, and never restate them. `pbrkit tender --psa --publish` failed
outright once its ranges were said in words (a hidden end is no number).

rev8_inputs.tender_of_12 with the bidder's capacity uniform on 3 to 5.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from rev8_inputs import tender_of_12

RANGES = "parameter,low,high,distribution,mode,source\nbidders.Acme.capacity,3,5,uniform,,cap\n"
POINTER = "its ends and median are in the columns beside it, as whole numbers of people"


@pytest.mark.parametrize("command", [["psa"], ["tender", "--psa"]])
def test_published_capacity_words_give_no_count_back(tmp_path: Path, command: list[str]) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(RANGES, encoding="utf-8")
    out = tmp_path / "out"
    samples = ["--samples", "20"] if command == ["psa"] else ["20"]
    result = CliRunner().invoke(cli, [
        command[0], str(tender_of_12(tmp_path / "tender")), *command[1:], *samples,
        "--uncertainty", str(ranges), "--workers", "1", "--publish", "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    (capacity,) = json.loads((out / "summary.json").read_text(encoding="utf-8"))["psa"][
        "parameters"
    ]
    assert (capacity["low"], capacity["high"], capacity["median"]) == (None, None, None)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "below 3" not in html and "above 5" not in html and "median 4" not in html
    assert POINTER in html or command != ["psa"]


def test_unpublished_a_share_is_still_said_in_numbers(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(RANGES + "nhs.fixed_cost_share,0.2,0.6,uniform,,f\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "psa", str(tender_of_12(tmp_path / "tender")), "--samples", "20", "--uncertainty",
        str(ranges), "--workers", "1", "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "1 run in 10 below 0.2, 1 in 10 above 0.6, median 0.4" in html
    assert f"the capacity of Acme, drawn from a uniform distribution: {POINTER}" in html
