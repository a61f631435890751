"""A projection's settings are in its reports: inflation, price re-basing, re-letting
and the NHS's response to a deficit.

Found in review 10: `pbrkit tender --scenario y2.toml` (years 3, inflation 0.05,
retender_every 2, tariff_rebase "all_providers", nhs_response "cut") wrote a Years table
whose note says prices, costs and contracts move "as the scenario says", but no output
said what it said: summary.json's options held years and efficiency only, the
Assumptions' run settings the deflator only, and `pbrkit compare` of two runs differing
only in inflation (0.05 against 0.10) listed no setting that changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl

from review10_inputs import small_workbook

SCENARIO = """schema_version = 1
workbook = "small.xlsx"
years = 3
inflation = {inflation}
retender_every = 2
tariff_rebase = "all_providers"
nhs_response = "cut"
"""


def pbrkit(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pbrkit", *args], capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr


def tender(tmp_path: Path, name: str, inflation: float) -> Path:
    if not (tmp_path / "small.xlsx").exists():
        small_workbook(tmp_path / "small.xlsx")
    scenario = tmp_path / f"{name}.toml"
    scenario.write_text(SCENARIO.format(inflation=inflation), encoding="utf-8")
    out = tmp_path / name
    pbrkit("tender", "--scenario", str(scenario), "--out", str(out))
    return out


def settings(out: Path) -> dict[str, Any]:
    book = openpyxl.load_workbook(out / "report.xlsx", data_only=True)
    rows = book["Assumptions"].iter_rows(values_only=True)
    return {row[0]: row[1] for row in rows if row and isinstance(row[0], str)}


def test_the_projection_settings_are_reported(tmp_path: Path) -> None:
    out = tender(tmp_path, "low", 0.05)
    options = json.loads((out / "summary.json").read_text(encoding="utf-8"))["options"]
    assert options["inflation"] == 0.05
    assert options["tariff_rebase"] == "all_providers"
    assert options["retender_every"] == 2
    assert options["nhs_response"] == "cut"
    shown = settings(out)
    assert shown["Projection years"] == 3
    assert shown["Cost inflation a year"] == 0.05
    assert "all providers" in shown["Prices from year to year"]
    assert shown["Contracts re-let"] == "every 2 years"
    assert shown["NHS response to a deficit"].startswith("cut")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Cost inflation a year" in html and "5.0%" in html


def test_compare_lists_a_change_of_inflation(tmp_path: Path) -> None:
    low, high = tender(tmp_path, "low", 0.05), tender(tmp_path, "high", 0.10)
    pbrkit("compare", str(low), str(high), "--out", str(tmp_path / "cmp"))
    summary = json.loads((tmp_path / "cmp" / "summary.json").read_text(encoding="utf-8"))
    assert "Cost inflation" in json.dumps(summary)


def test_the_years_note_says_the_nhs_cuts(tmp_path: Path) -> None:
    # nhs_response "cut": year 1's surplus -£1,875 (the residue's -£1,500 less stranded
    # £375) is closed by a cut of £1,875, £937.50 a head; the note said the NHS "would
    # have to" cut, and not that the surplus column is before the cut.
    html = (tender(tmp_path, "low", 0.05) / "report.html").read_text(encoding="utf-8")
    assert "The NHS responds by cutting its spending on the residue" in html
    assert "before that cut" in html
    # The change in public spending counts the deficit as funded too (review 10 left it
    # unsaid); each of the three figures is named.
    assert "cumulative surplus and change in public spending are before" in html
    assert "would have to take" not in html
