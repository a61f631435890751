"""Hostile text from the inputs stays text in every output of every command.

Formula-looking strings, a leading tab or carriage return, and HTML go into team
names (caseload), bidder, lot and cost-pool names, patient IDs and a trait column
(ratings). Then ``cost``, ``tender`` and ``cluster`` run and every output is read
back: no xlsx cell holding one of them is anything but a text cell and no formula
contains one (OWASP ASVS 1.2.10; OWASP, CSV injection); no HTML page carries
a raw ``<script>`` or an injected tag or attribute; and in allocations.csv every
text cell that a spreadsheet would run starts with ``'``.
"""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.csv_safe import FORMULA_PREFIXES

HOSTILE = [
    '=HYPERLINK("http://evil","x")',
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\tTAB",
    "\rCR",
    "<script>alert(1)</script>",
    'x" onmouseover="alert(1)',  # breaking out of an attribute
]
ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]
#: The attributes pbrkit's templates and SVG charts use; anything else was injected.
EVENT_PREFIX = "on"


def _caseload() -> list[dict[str, Any]]:
    rows = []
    for i, team in enumerate(HOSTILE):
        for cluster in (1, 3, 11):
            rows.append(
                {
                    "team": team,
                    "cluster": cluster,
                    "service_users": 40 + 10 * i,
                    "cluster_days": 9_000 + 500 * i,
                }
            )
    return rows


def _tender_sheets() -> dict[str, list[dict[str, Any]]]:
    bidders = [
        {"name": name, "cost_factor": 0.9, "info_quality": 0.8, "clusters": "1-21"}
        for name in HOSTILE
    ]
    lots = [
        {"name": HOSTILE[i], "clusters": clusters} for i, clusters in enumerate(("1", "3", "11"))
    ]
    lots += [{"name": HOSTILE[-2], "clusters": "12"}, {"name": HOSTILE[-1], "clusters": "13"}]
    nhs = [
        {"pool": name, "amount": 100_000 + 1_000 * i, "kind": ("fixed", "variable")[i % 2],
         "shed_rate": 0.25}
        for i, name in enumerate(HOSTILE)
    ]  # fmt: skip
    return {"bidders": bidders, "lots": lots, "nhs": nhs}


def _ratings() -> list[dict[str, Any]]:
    rows = []
    for i in range(60):
        row: dict[str, Any] = {
            "patient_id": HOSTILE[i % len(HOSTILE)] + ("" if i < len(HOSTILE) else f"-{i}"),
        }
        row.update({item: (i + k) % 4 for k, item in enumerate(ITEMS)})
        row["cluster"] = (1, 3, 4, 11, 12)[i % 5]
        row["days"] = 100 + i
        row["cost"] = 500.0 + 37 * i
        row["team"] = HOSTILE[i % len(HOSTILE)]
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from conftest import write_xlsx

    base = tmp_path_factory.mktemp("hostile")
    workbook = write_xlsx(base / "caseload.xlsx", {"caseload": _caseload(), **_tender_sheets()})
    ratings = write_xlsx(base / "ratings.xlsx", {"ratings": _ratings()})
    runs = {
        "cost": ["cost", str(workbook)],
        "tender": ["tender", str(workbook)],
        "cluster": ["cluster", str(ratings)],
    }
    outs = {}
    for name, args in runs.items():
        out = base / name
        result = CliRunner().invoke(cli, [*args, "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs[name] = out
    return outs


def _hostile_in(value: str) -> bool:
    return any(h in value or h.strip() in value for h in HOSTILE)


@pytest.mark.parametrize("command", ["cost", "tender", "cluster"])
def test_xlsx_input_strings_are_text_never_formulas(outputs: dict[str, Path], command: str) -> None:
    book = openpyxl.load_workbook(outputs[command] / "report.xlsx")
    text_cells = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f":
                    assert not _hostile_in(str(value)), (ws.title, cell.coordinate, value)
                    assert "HYPERLINK" not in str(value) and "calc" not in str(value)
                elif isinstance(value, str) and _hostile_in(value):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, value)
                    text_cells += 1
    if command == "tender":  # bidder, lot and pool names are shown: the test has teeth
        assert text_cells >= len(HOSTILE)


def test_xlsx_hostile_names_arrive_unchanged(outputs: dict[str, Path]) -> None:
    """The names reach the tender workbook as the characters typed (not mangled)."""
    book = openpyxl.load_workbook(outputs["tender"] / "report.xlsx")
    values = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    for name in ('=HYPERLINK("http://evil","x")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"):
        assert name in values


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


@pytest.mark.parametrize("command", ["cost", "tender", "cluster"])
def test_html_escapes_input_strings(outputs: dict[str, Path], command: str) -> None:
    html = (outputs[command] / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    parser = _Tags()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed", "link", "base"}
    for tag, attrs in parser.tags:
        for name, _ in attrs:
            assert not name.lower().startswith(EVENT_PREFIX), (tag, name)
    if command in ("tender", "cluster"):  # the names are on the page, escaped
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_allocations_csv_neutralises_every_formula_cell(outputs: dict[str, Path]) -> None:
    path = outputs["cluster"] / "allocations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert "patient_id" in header and "team" in header
    neutralised = 0
    for row in body:
        for value in row:
            assert not value.startswith(FORMULA_PREFIXES), value
            if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
                neutralised += 1
    ids = [row[header.index("patient_id")] for row in body]
    assert '\'=HYPERLINK("http://evil","x")' in ids and "'-2+3" in ids
    teams = {row[header.index("team")] for row in body}
    assert "'@SUM(A1)" in teams and "'+cmd|' /C calc'!A0" in teams
    assert neutralised >= 2 * 4


def test_allocations_csv_keeps_numbers_numbers(outputs: dict[str, Path]) -> None:
    """Scores and margins (numbers, possibly negative) are not prefixed."""
    path = outputs["cluster"] / "allocations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    for record in records:
        assert not record["score"].startswith("'")
        float(record["score"])
