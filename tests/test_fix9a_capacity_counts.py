"""A bidder's capacity is a count of people: the ranges shown it as one (fix9a, defect 2).

Found by an earlier review: the ranges assumed (pbrkit psa, tender --psa, threshold) and
the tornado showed a capacity as a decimal: an interval of 1,000 to 1,469 people
(uniform) was "1,000.00", "1,469.00" and median "1,234.50" in the tables, "median
1,234" in the sentence beside them, and the tender ran the base case at 1,234 people
(a drawn capacity is rounded to a whole number: round(1,234.5) = 1,234, to even). An
interval given as 2,000.5 to 3,001.25 was shown as "2,000.50" to "3,001.25" while the
tornado's ends were run at round(2,000.5) = 2,000 and round(3,001.25) = 3,001. A
break-even capacity (found as the first whole number that crosses) was "1,139.0000".

Now every value of a capacity the reports show is the whole number the tender runs at
(ParameterPath.as_run, the one rounding the model uses), shown as a count: "1,000",
"1,469", median "1,234"; "2,000" to "3,001"; break-even "1,139". A share beside it keeps
its places ("0.20").
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.uncertainty.params import parse_path

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "examples" / "clusters.xlsx"
MERIDIAN = "bidders.Meridian Healthcare Group.capacity"
CASTLEGATE = "bidders.Castlegate Mental Health Services.capacity"


def _ranges(tmp: Path) -> Path:
    path = tmp / "ranges.csv"
    path.write_text(
        "parameter,low,high,distribution\n"
        f"{MERIDIAN},1000,1469,uniform\n"
        f"{CASTLEGATE},2000.5,3001.25,uniform\n"
        "nhs.fixed_cost_share,0.2,0.5,\n",
        encoding="utf-8",
    )
    return path


def _rows(html: str) -> list[list[str]]:
    html = re.sub(r"<(style|script|svg).*?</\1>", "", html, flags=re.S)
    return [
        [unescape(re.sub(r"<[^>]+>", "", c)).strip()
         for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)
    ]  # fmt: skip


def test_as_run_is_the_models_rounding() -> None:
    path = parse_path(MERIDIAN)
    # Python rounds halves to even, as the tender does: 1,234.5 → 1,234; 2,000.5 → 2,000.
    assert [path.as_run(v) for v in (1234.5, 2000.5, 3001.25, 41.6)] == [1234, 2000, 3001, 42]
    assert parse_path("nhs.fixed_cost_share").as_run(0.35) == 0.35


def test_psa_shows_capacities_as_counts(tmp_path: Path) -> None:
    out = tmp_path / "psa"
    args = ["psa", str(WORKBOOK), "--uncertainty", str(_ranges(tmp_path)), "--samples", "4",
            "--workers", "1", "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = _rows((out / "report.html").read_text(encoding="utf-8"))
    ranges = {r[0]: r for r in rows if len(r) == 8 and r[4] in ("uniform", "normal")}
    # parameter | what varies | low | high | distribution | mode | median | source
    assert ranges[MERIDIAN][2:4] + ranges[MERIDIAN][6:7] == ["1,000", "1,469", "1,234"]
    # The words point to those columns rather than restate a count (rev8: published,
    # they gave back the ends the columns hid).
    assert "its ends and median are in the columns beside it" in ranges[MERIDIAN][1]
    assert ranges[CASTLEGATE][2:4] == ["2,000", "3,001"]
    assert ranges["nhs.fixed_cost_share"][2:4] == ["0.20", "0.50"]  # a share keeps places
    tornado = [r for r in rows if len(r) == 6 and r[0] == CASTLEGATE]
    assert tornado and all(r[1:3] == ["2,000", "3,001"] for r in tornado)
    # The workbook: the same whole numbers, in a count's format.
    book = openpyxl.load_workbook(out / "report.xlsx")
    for sheet in ("Uncertainty", "Tornado"):
        cells = [c for row in book[sheet].iter_rows() if row[0].value == CASTLEGATE
                 for c in row[1:] if isinstance(c.value, int | float)]  # fmt: skip
        ends = [c for c in cells if c.number_format == "#,##0"]
        assert [c.value for c in ends][:2] == [2000, 3001], sheet
    # summary.json says what was run.
    psa = json.loads((out / "summary.json").read_text(encoding="utf-8"))["psa"]
    meridian = next(p for p in psa["parameters"] if p["parameter"] == MERIDIAN)
    assert (meridian["low"], meridian["high"], meridian["median"]) == (1000, 1469, 1234)


def test_threshold_shows_a_break_even_capacity_as_a_count(tmp_path: Path) -> None:
    out = tmp_path / "threshold"
    args = ["threshold", str(WORKBOOK), "--uncertainty", str(_ranges(tmp_path)),
            "--param", MERIDIAN, "--figure", "nhs_surplus_change", "--target", "-12000000",
            "--bounds", "0:3000", "--workers", "1", "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    value = json.loads((out / "summary.json").read_text(encoding="utf-8"))["thresholds"][0]
    assert value["value"] == round(value["value"])  # a whole number of people
    shown = f"{round(value['value']):,}"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f'data-figure="nhs_surplus_change_break_even">{shown}<' in html
    table = next(r for r in _rows(html) if r[0] == MERIDIAN and r[1] == "Change in NHS surplus")
    assert table[3] == shown
