"""`pbrkit tender --publish`: a bidder's capacity is published as the count it is.

Found in review 9b: with a capacity of 1, the bidder's taken count was hidden (`*`) but
its capacity was published exactly as 1, beside a lot it had won in full, so it took
exactly 1 person. Any bidder that fills its capacity took exactly that many: a capacity
is a count of people and is published as one (1-7 hidden, the rest rounded to 5).

The shipped example with capacities set by a scenario:
  Meridian Healthcare Group 1     → *   (1-7 hidden)
  Castlegate Mental Health Services 9 → 10  (9 to the nearest 5)
  Northway Psychosis Partnership 2,502 → 2,500
  Hillside Community Wellbeing 150 (the workbook's) → 150
In summary.json a hidden capacity is null and listed under disclosure.suppressed (an
unlimited one is null and not listed). Unpublished, every capacity is as given.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CAPACITIES = {
    "Meridian Healthcare Group": 1,
    "Castlegate Mental Health Services": 9,
    "Northway Psychosis Partnership": 2502,
}
PUBLISHED = {
    "Meridian Healthcare Group": "*",
    "Castlegate Mental Health Services": 10,
    "Northway Psychosis Partnership": 2500,
    "Hillside Community Wellbeing": 150,
}


def _run(tmp_path: Path, *extra: str) -> Path:
    bidders = "".join(
        f'\n[[bidders]]\nname = "{name}"\ncapacity = {capacity}\n'
        for name, capacity in CAPACITIES.items()
    )
    scenario = tmp_path / "capacities.toml"
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{EXAMPLES / "clusters.xlsx"}"\n{bidders}',
        encoding="utf-8",
    )
    out = tmp_path / ("published" if extra else "plain")
    result = CliRunner().invoke(
        cli, ["tender", "--scenario", str(scenario), "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out


def _capacities(out: Path) -> dict[str, object]:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {b["name"]: b["capacity"] for b in summary["tender"]["bidders"]}


def _sheet_capacities(out: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        for i, row in enumerate(rows):
            if "Bidder" in row and "Capacity" in row:
                name, capacity = row.index("Bidder"), row.index("Capacity")
                return {r[name]: r[capacity] for r in rows[i + 1 :] if r[name] in PUBLISHED}
    raise AssertionError("no bidders table in report.xlsx")


def test_published_capacities_are_counts(tmp_path: Path) -> None:
    out = _run(tmp_path, "--publish")
    assert _capacities(out) == {**PUBLISHED, "Meridian Healthcare Group": None}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "/tender/bidders/0/capacity" in summary["disclosure"]["suppressed"]
    assert _sheet_capacities(out) == PUBLISHED
    html = (out / "report.html").read_text(encoding="utf-8")
    assert ">2,500<" in html and ">2,502<" not in html


def test_unpublished_capacities_are_as_given(tmp_path: Path) -> None:
    out = _run(tmp_path)
    assert _capacities(out) == {**CAPACITIES, "Hillside Community Wellbeing": 150}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert ">2,502<" in html
