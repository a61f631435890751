"""``--publish`` leaks nothing: no ratio of two published figures gives a count back.

Every command (cost, cluster, tender, tender with draws, sweep) is run twice on the
same input: once plainly, to learn the true counts of people, and once with
``--publish``. Every output of the published run is then cut into *records* — each
JSON object (and each list of numbers), each row of each sheet of report.xlsx (and
the whole of a two-column label/value sheet), each HTML table row, each sentence of
the HTML text (the headline figures fall in one), each row of sweep.csv — and every
ratio of two figures in a record is tried against the true counts of the plain run's
record about the same group (same JSON path and labels, same sheet and row labels,
same sentence with its numbers blanked).

A figure is known only as precisely as it is shown: a JSON or Excel number exactly,
an HTML figure to half its last digit (``£75k`` is 74,500 to 75,500). The ratio of
two figures is then an interval; a record leaks when that interval is narrower than
one person and holds a *target*: a true count that was hidden (1 to 7) or one that
was rounded (518, published as 520). A published count is only ever a denominator
(a rounded count over anything gives no count back), but a share below 1 times a
count is tried too (a share of the true count times its total gives the count).
Cluster codes, years and similar labels are not figures.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import os
import re
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import write_xlsx
from pbrkit.cli import cli
from pbrkit.reports.figures import Unit, registered

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
THRESHOLD = 7
BASE = 5

#: JSON keys whose numbers count people (the published run shows them rounded).
PEOPLE_KEYS = frozenset(
    {
        "service_users",
        "patients",
        "n",
        "taken_patients",
        "residue_patients",
        "suggested",
        "clinician",
        "audited",
        "assessed",
        "no_clinician_cluster",
        "not_assessed",
        "missing_cost",
        "trimmed",
        "variance_below_min_score",
        "variance_ruled_out",
        "population",
        "rows",
    }
)
#: JSON keys and column headers that label a row rather than measure anything.
LABEL_KEYS = frozenset(
    {
        "cluster",
        "superclass",
        "seed",
        "year",
        "years",
        "draws",
        "draw",
        "point",
        "workers",
        "rank",
        "lot",
        "bidder",
        "clinician_cluster",
        "suggested_cluster",
        "Cluster",
        "Clinician's cluster",
        "Suggested cluster",
        "Year",
        "Point",
        "Draws",
        "Seed",
        "labels",
        "high_cv_clusters",
        "unpriced_clusters",
        "no_days_clusters",
        "loss_making",
        "loss_making_clusters",
        # The PSA's run numbering and sizes (summary.json psa, psa.parquet).
        "sample",
        "inner",
        "samples",
        "no_crossing",
    }
)
#: Parts of summary.json that describe the run, not the people.
RUN_KEYS = frozenset({"options", "inputs", "reference", "disclosure", "scenario", "run"})
#: Column headers (Excel, HTML) whose numbers count people.
PEOPLE_HEADERS = frozenset(
    {
        "Service users",
        "People",
        "Patients",
        "Suggested by the ratings",
        "Clinicians' clusters",
        "Taken by bidders",
        "Left with NHS",
        "People taken",
        "Audited patients",
        "Suggested",
        "Clinicians'",
        "Taken",
        "Left",
        "People taken by bidders",
        "People left with the NHS",
        "Patients with a suggestion (not 99)",
        "Patients audited (clinician's cluster and a suggestion)",
        "Patients trimmed",
        "Suggested − clinicians'",
    }
) | frozenset(  # and every count of people the figure registry names (one label each)
    f.label for f in registered().values() if f.unit is Unit.PEOPLE
)


@dataclass(frozen=True)
class Figure:
    """A number as a reader knows it: ``low`` to ``high``; ``count`` if it counts people."""

    low: float
    high: float
    count: bool = False
    #: Shown as a percentage: two of them divide to a ratio of two counts, never a count.
    share: bool = False
    #: Shown in £: over a count of people it is £ a head, never a count.
    money: bool = False

    @classmethod
    def exact(cls, value: float, count: bool = False) -> Figure:
        return cls(value, value, count)


@dataclass(frozen=True)
class Record:
    """The figures a reader sees together, where they are, and what they are about.

    ``about`` is the same for a record of the plain run and the published run's
    record of the same group (a row's labels, a sentence with its numbers blanked),
    so the true counts of that group can be looked up.
    """

    where: str
    figures: tuple[Figure, ...]
    about: Hashable = None


# ----------------------------------------------------------------- true counts


def true_counts(summary: Any, key: str = "") -> Iterator[float]:
    """Every count of people in an unpublished summary.json."""
    if isinstance(summary, dict):
        for k, v in summary.items():
            if k in ("outcomes", "taken_patients", "residue_patients") and isinstance(v, dict):
                yield from (float(n) for n in v.values() if _number(n))
            else:
                yield from true_counts(v, k)
    elif isinstance(summary, list):
        matrix = key in ("counts", "confusion", "superclass_confusion")
        if matrix and summary and isinstance(summary[0], list):
            yield from (float(n) for row in summary for n in row if _number(n))
            return
        for item in summary:
            yield from true_counts(item, key)
    elif (key in PEOPLE_KEYS or key.startswith(("taken_patients", "residue_patients"))) and (
        _number(summary)
    ):
        yield float(summary)


def targets(counts: Iterator[float] | Sequence[float]) -> frozenset[float]:
    """The true counts a published output must not give back: hidden or rounded ones."""
    out = set()
    for c in counts:
        hidden = 0 < c <= THRESHOLD + 0.5
        rounded = c > THRESHOLD and math.floor(c / BASE + 0.5) * BASE != c
        if hidden or rounded:
            out.add(c)
    return frozenset(out)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# ------------------------------------------------------------------ the attack


def leaks(record: Record, hidden: frozenset[float]) -> list[str]:
    """Every ratio (and share × count) of two figures in ``record`` that pins a target."""
    found = []
    # No zero, no sign change, nothing shown to worse than ±10% (a single digit 1-4:
    # "cluster 3 ... cluster 4" is 0.56 to 1.0, which pins nothing).
    figures = [
        f
        for f in record.figures
        if f.low * f.high > 0 and (f.high - f.low) <= 0.1 * max(abs(f.low), abs(f.high))
    ]
    for i, a in enumerate(figures):
        for j, b in enumerate(figures):
            if i == j or (a.share and b.share) or (a.money and b.count):
                continue  # two shares give a ratio of counts; £ over people is £ a head
            if not a.count:
                # A rounded count over anything is no count, unless that thing is the
                # count's own rounding error, which no report shows.
                low, high = _ratio(a, b)
                found += _pinned(record, hidden, low, high, f"{_show(a)} / {_show(b)}")
            elif not b.count and _magnitude(b)[1] <= 1:
                # A share of a total times the total gives the part back.
                low = _magnitude(a)[0] * _magnitude(b)[0]
                high = _magnitude(a)[1] * _magnitude(b)[1]
                found += _pinned(record, hidden, low, high, f"{_show(a)} × {_show(b)}")
    return found


def _magnitude(f: Figure) -> tuple[float, float]:
    return min(abs(f.low), abs(f.high)), max(abs(f.low), abs(f.high))


def _ratio(a: Figure, b: Figure) -> tuple[float, float]:
    (a_low, a_high), (b_low, b_high) = _magnitude(a), _magnitude(b)
    return a_low / b_high, a_high / b_low


def _pinned(
    record: Record, hidden: frozenset[float], low: float, high: float, what: str
) -> list[str]:
    """``what`` is ``low`` to ``high``: a leak if under one person wide and holding a target."""
    if high - low >= 1:
        return []
    tolerance = 1e-6 * max(1.0, high)
    return [
        f"{record.where}: {what} ≈ {t:g}"
        for t in hidden
        if low - tolerance <= t <= high + tolerance
    ]


def _show(f: Figure) -> str:
    return f"{f.low:.6g}" if f.low == f.high else f"[{f.low:.6g}, {f.high:.6g}]"


# ------------------------------------------------------------------ the records


def _labels(item: dict[str, Any]) -> tuple[Any, ...]:
    """What a JSON object is about: its label fields and its text."""
    return tuple(
        (k, v) for k, v in item.items() if k in LABEL_KEYS or k in ("trait", "group", "name")
    )


def json_records(value: Any, about: tuple[Any, ...] = ()) -> Iterator[Record]:
    """Each object's own numbers; each list of numbers; recursively."""
    where = "summary.json " + "/".join(str(a) for a in about)
    if isinstance(value, dict):
        # The PSA's statistics of a count: psa/figures/taken_patients/{mean, p5, …}.
        count_object = bool(about) and about[-1] in PSA_COUNT_COLUMNS
        figures = [
            Figure.exact(
                float(v), count=(count_object and k != "share_parameters") or k in PEOPLE_KEYS
            )
            for k, v in value.items()
            if _number(v) and k not in LABEL_KEYS
        ]
        yield Record(where, tuple(figures), ("json", about))
        for k, v in value.items():
            if k not in LABEL_KEYS and k not in RUN_KEYS:
                yield from json_records(v, (*about, k))
    elif isinstance(value, list):
        numbers = [float(v) for v in value if _number(v)]
        if numbers:
            counts = bool({"counts", "confusion", "superclass_confusion"} & set(about))
            figures = tuple(Figure.exact(v, counts) for v in numbers)
            yield Record(where, figures, ("json", about))
        for i, v in enumerate(value):
            label = _labels(v) if isinstance(v, dict) else ()
            yield from json_records(v, (*about, label or i))


def _is_header(row: Sequence[Any]) -> bool:
    """A row of column names (a confusion matrix's row of cluster codes too)."""
    if row and isinstance(row[0], str) and "→" in row[0]:
        return True
    # A row of a table whose figures are all hidden ("*") is a row, not a header.
    if any(v == "*" for v in row):
        return False
    return sum(isinstance(v, str) for v in row) >= 3 and not any(_number(v) for v in row)


def _counts_people(name: Any, header: Sequence[Any]) -> bool:
    """A column of counts: a known header, or any column of a confusion matrix."""
    matrix = bool(header) and isinstance(header[0], str) and "→" in header[0]
    return matrix or name in PEOPLE_HEADERS


def xlsx_records(path: Path) -> Iterator[Record]:
    """Each row of each sheet (cells hold exact values); a label/value sheet whole."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in book.worksheets:
        cells = [list(r) for r in ws.iter_rows()]
        rows = [[cell.value for cell in r] for r in cells]
        pounds = [[("£" in str(getattr(cell, "number_format", ""))) for cell in r] for r in cells]
        header: list[Any] = []
        everything: list[Figure] = []
        for r, row in enumerate(rows):
            if _is_header(row):
                header = row
                continue
            figures = []
            # A row of the PSA's statistics of a count (mean, p5, p50, p95 people taken).
            count_row = bool(row) and row[0] in PSA_COUNT_COLUMNS
            for c, v in enumerate(row):
                name = header[c] if c < len(header) else None
                if not _number(v) or name in LABEL_KEYS or (c == 0 and isinstance(v, int)):
                    continue
                count = count_row or _counts_people(name, header)
                money = pounds[r][c] and not count
                figures.append(Figure(float(v), float(v), count, money=money))
            labels = tuple(
                v
                for c, v in enumerate(row)
                if (c == 0 or isinstance(v, str) or (c < len(header) and header[c] in LABEL_KEYS))
                and v not in ("*", None)
            )
            about = ("xlsx", ws.title, tuple(h for h in header if h is not None), labels)
            yield Record(f"{path.name}!{ws.title} row {r + 1}", tuple(figures), about)
            label = row[0] if row else None
            everything += [
                Figure.exact(float(v), count=label in PEOPLE_HEADERS) for v in row[1:] if _number(v)
            ]
        if ws.max_column is not None and ws.max_column <= 2:
            yield Record(f"{path.name}!{ws.title}", tuple(everything), ("xlsx", ws.title))


#: Not figures: the ends of a band written as a label ("age = 35-64", "65+").
_NUMBER = re.compile(
    r"(?<!cluster )(?<!clusters )(?<![\w.,£])(?<!\d-)"
    r"(?P<sign>[−-])?(?P<pound>£)?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?P<decimals>\.\d+)?(?P<unit>bn|m|k|%)?(?![\w])(?!-\d)(?!\+)"
)
_SCALE = {"k": 1e3, "m": 1e6, "bn": 1e9, "%": 0.01, None: 1.0}
_PEOPLE = re.compile(r"\s*(people|patients|service users)\b")


def shown_numbers(text: str, count: bool = False) -> list[Figure]:
    """The numbers in a piece of HTML text, each to half its last shown digit."""
    figures = []
    for m in _NUMBER.finditer(text):
        places = len(m["decimals"] or ".") - 1
        value = float(m["digits"].replace(",", "") + (m["decimals"] or ""))
        scale = _SCALE[m["unit"]]
        half = 0.5 * 10.0**-places * scale
        value *= scale
        people = count or bool(_PEOPLE.match(text[m.end() :]))
        figures.append(
            Figure(value - half, value + half, people, m["unit"] == "%", bool(m["pound"]))
        )
    return figures


class _Page(HTMLParser):
    """Table rows (with their headers), and the text outside tables, of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[int, list[tuple[str, str]]]] = []
        self.prose: list[str] = []
        self._headers: list[str] = []
        self._row: list[str] = []
        self._cell: list[str] | None = None
        self._span = 1
        self._head = False
        self._depth = 0
        self._count = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "svg", "title"):
            self._skip += 1
        elif tag == "table":
            self._depth += 1
            self._count += 1
            self._headers = []
        elif tag == "thead":
            self._head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
            self._span = int(dict(attrs).get("colspan") or 1)
        elif tag in ("p", "li", "div", "h1", "h2", "h3", "caption", "br", "dt", "dd"):
            self.prose.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "svg", "title"):
            self._skip -= 1
        elif tag == "table":
            self._depth -= 1
        elif tag == "thead":
            self._head = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._row += [""] * (self._span - 1)  # a cell spanning columns
            self._cell = None
        elif tag == "tr":
            if self._head or not self._headers:
                self._headers = self._row
            else:
                padded = self._headers + [""] * (len(self._row) - len(self._headers))
                self.rows.append((self._count, list(zip(padded, self._row, strict=False))))

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif not self._depth:
            self.prose.append(data)


#: HTML column headers that name what a row is about.
ROW_LABELS = frozenset({"Name", "Trait", "Group", "Bidder", "Lot", "Superclass", "Figure", "Check"})


def html_records(path: Path, *, tables: bool = True) -> Iterator[Record]:
    """Each table row (unless not ``tables``); each sentence of the text.

    Numbers are known to their shown precision.
    """
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    for table, row in page.rows if tables else ():
        headers = [h for h, _ in row]
        count_row = bool(row) and row[0][1] in PSA_COUNT_COLUMNS
        figures = [
            f
            for header, text in row
            if header not in LABEL_KEYS
            for f in shown_numbers(text, count=count_row or _counts_people(header, headers))
        ]
        labels = tuple(
            text
            for i, (header, text) in enumerate(row)
            if i == 0 or header in LABEL_KEYS or header in ROW_LABELS
        )
        about = ("html", table, tuple(h for h, _ in row), labels)
        yield Record(f"{path.name} table {table} row {labels}", tuple(figures), about)
    text = " ".join(" ".join(page.prose).split())
    for sentence in re.split(r"(?<=[.;:!?])\s+(?=[A-Z£0-9*])", text):
        about = ("sentence", re.sub(r"[−-]?£?(\*|\d[\d,.]*)(bn|m|k|%)?", "#", sentence))
        yield Record(f"{path.name}: {sentence[:100]!r}", tuple(shown_numbers(sentence)), about)


def csv_records(path: Path) -> Iterator[Record]:
    """Each row of sweep.csv (numbers exact)."""
    with path.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            figures = []
            for key, text in row.items():
                try:
                    value = float(text)
                except (TypeError, ValueError):
                    continue
                if key in LABEL_KEYS or not math.isfinite(value) or key.startswith("vary"):
                    continue
                people = key.startswith(("taken_patients", "residue_patients", "patients"))
                figures.append(Figure.exact(value, people))
            yield Record(f"{path.name} row {i + 1}", tuple(figures), ("csv", i))


def parquet_records(path: Path) -> Iterator[Record]:
    """Each run of psa.parquet (numbers as written; a hidden cell is empty). A column of
    a registered £ figure is marked as £, as report.xlsx's £ cells are: published, it is
    a rounded total a reader knows only to ± half the money base (:func:`as_read`)."""
    table = pd.read_parquet(path)
    for i, row in enumerate(table.to_dict("records")):
        figures = tuple(
            Figure(float(v), float(v), key in PSA_COUNT_COLUMNS, money=_is_pounds(key))
            for key, v in row.items()
            if key not in LABEL_KEYS and _number(v)
        )
        yield Record(f"{path.name} run {i + 1}", figures, ("parquet", i))


@functools.cache
def _is_pounds(key: str) -> bool:
    """Whether a psa.parquet column is a registered £ figure."""
    found = registered().get(key)
    return found is not None and found.unit in (Unit.MONEY, Unit.MONEY_PENCE)


#: The counts of people in psa.parquet.
PSA_COUNT_COLUMNS = frozenset({"taken_patients", "residue_patients"})


def every_record(out: Path, *, html_tables: bool = True) -> Iterator[Record]:
    """Every record of every output in ``out``."""
    yield from json_records(json.loads((out / "summary.json").read_text(encoding="utf-8")))
    if (out / "report.xlsx").exists():
        yield from xlsx_records(out / "report.xlsx")
    yield from html_records(out / "report.html", tables=html_tables)
    if (out / "sweep.csv").exists():
        yield from csv_records(out / "sweep.csv")
    if (out / "psa.parquet").exists():
        yield from parquet_records(out / "psa.parquet")


# ------------------------------------------------------------------- the runs


def find_leaks(plain: Path, published: Path, *, html_tables: bool = True) -> list[str]:
    """Every ratio in ``published`` that gives back a count of the same group in ``plain``.

    A record's targets are the hidden and rounded true counts of the plain run's
    record about the same group; a record with no such twin (a sentence reworded
    because its count is hidden, say) is tried against every hidden count (1-7).
    """
    summary = json.loads((plain / "summary.json").read_text(encoding="utf-8"))
    everywhere = targets(list(true_counts(summary)))
    small = frozenset(t for t in everywhere if t <= THRESHOLD + 0.5)
    truth: dict[Hashable, set[float]] = {}
    for record in every_record(plain, html_tables=html_tables):
        counts = [
            f.low if f.low == f.high else (f.low + f.high) / 2 for f in record.figures if f.count
        ]
        truth.setdefault(record.about, set()).update(counts)
    found = []
    disclosure = json.loads((published / "summary.json").read_text(encoding="utf-8"))
    base = (disclosure.get("disclosure") or {}).get("money_rounding_base") or 0.0
    for record in every_record(published, html_tables=html_tables):
        twin = truth.get(record.about)
        hidden = small if twin is None else targets(sorted(twin))
        found += leaks(as_read(record, base), hidden)
    return found


def as_read(record: Record, base: float) -> Record:
    """``record`` as a reader knows it under a money rounding base (docs/methodology.md §7).

    A £ figure that is a multiple of the base is a rounded total: the true one is that
    ± half the base. A £ figure that is a multiple of the base over a count shown beside
    it is a mean over a rounded total: the true total is that ± half the base, so the
    mean is known to ± half the base over the count (the reader cannot do better
    without the unrounded total, which no output shows).
    """
    if not base:
        return record
    counts = [(f.low + f.high) / 2 for f in record.figures if f.count and f.low > 0]

    def on_grid(value: float, slack: float) -> bool:
        steps = value / base
        return abs(steps - round(steps)) <= slack / base + 1e-9 and round(steps) != 0

    def known(f: Figure) -> Figure:
        middle, shown = (f.low + f.high) / 2, (f.high - f.low) / 2
        if not f.money or not middle:
            return f
        if on_grid(middle, shown):
            half = base / 2
        else:
            over = [n for n in counts if on_grid(middle * n, shown * n)]
            if not over:
                return f
            half = base / (2 * max(over))
        half = max(half, shown)
        return Figure(middle - half, middle + half, f.count, f.share, f.money)

    return Record(record.where, tuple(known(f) for f in record.figures), record.about)


def assert_no_leak(args: Sequence[str], where: Path, *, html_tables: bool = True) -> None:
    """Run ``args`` plainly and with ``--publish``; no published ratio may leak, and no
    index about people may be published exact (:func:`exact_indices`)."""
    plain, published = where / "plain", where / "published"
    for out, extra in ((plain, []), (published, ["--publish"])):
        result = CliRunner().invoke(cli, [*args, *extra, "--out", str(out)])
        assert result.exit_code == 0, result.output
    found = find_leaks(plain, published, html_tables=html_tables)
    found += exact_indices(plain, published)
    assert not found, "\n".join(found[:25])


# ------------------------------------------------- indices about people (fix9a)

#: Indices about a count of people (a casemix index): registered :attr:`Unit.INDEX`
#: figures with ``about``. Exact, beside the published £ totals, such an index gives
#: its count back through R = P × C_R ÷ (C × I) (tests/test_fix9a_casemix_publish.py
#: works it by hand), which is three figures, not the two :func:`leaks` divides; so
#: published it must be hidden or worked out from the published figures, and never
#: equal to the exact index of the plain run at the same place.
INDEX_KEYS = frozenset(k for k, f in registered().items() if f.unit is Unit.INDEX and f.about)
INDEX_LABELS = frozenset(registered()[k].label for k in INDEX_KEYS)


def exact_indices(plain: Path, published: Path) -> list[str]:
    """Every index about people that ``published`` shows exactly as ``plain`` does, in
    summary.json, report.xlsx, sweep.csv and psa.parquet (a whole number, such as the
    index 1 of year 1's prices, is the same either way and no leak)."""
    found: list[str] = []
    readers = {"summary.json": _json_indices, "report.xlsx": _xlsx_indices,
               "sweep.csv": _csv_indices, "psa.parquet": _parquet_indices}  # fmt: skip
    for name, reader in readers.items():
        if not (published / name).exists():
            continue
        exact = reader(plain / name)
        for where, value in reader(published / name).items():
            if where in exact and value == exact[where] and value != round(value):
                found.append(f"{name} {where}: index {value!r} published exact")
    return found


def _json_indices(path: Path) -> dict[Hashable, float]:
    out: dict[Hashable, float] = {}

    def walk(value: Any, at: tuple[str, ...]) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*at, str(k)))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*at, str(i)))
        elif _number(value) and INDEX_KEYS & set(at[-2:]):
            out["/".join(at)] = float(value)

    walk(json.loads(path.read_text(encoding="utf-8")), ())
    return out


def _xlsx_indices(path: Path) -> dict[Hashable, float]:
    """A column headed by an index's label, by sheet, column and the row's first cell."""
    out: dict[Hashable, float] = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in book.worksheets:
        header: list[Any] = []
        for row in ws.iter_rows(values_only=True):
            if _is_header(list(row)):
                header = list(row)
                continue
            for c, v in enumerate(row):
                name = header[c] if c < len(header) else None
                label = row[0] if c else None
                if _number(v) and (name in INDEX_LABELS or label in INDEX_LABELS):
                    out[(ws.title, name, row[0])] = float(v)
    return out


def _csv_indices(path: Path) -> dict[Hashable, float]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        (i, k): float(v)
        for i, row in enumerate(rows)
        for k, v in row.items()
        if k in INDEX_KEYS and v not in ("", "*")
    }


def _parquet_indices(path: Path) -> dict[Hashable, float]:
    runs = pd.read_parquet(path)
    return {
        (i, k): float(v)
        for k in runs.columns
        if k in INDEX_KEYS
        for i, v in enumerate(runs[k])
        if _number(v)
    }


SWEEP = [
    "sweep",
    str(EXAMPLES / "scenarios" / "aqp-fixed-tariff.toml"),
    "--vary",
    "bidders.*.capacity=5,50,500",
    "--draws",
    "3",
    "--workers",
    "1",
]
COMMANDS = {
    "cost": ["cost", str(EXAMPLES / "clusters.xlsx")],
    "cluster": ["cluster", str(EXAMPLES / "ratings.xlsx")],
    "tender": ["tender", str(EXAMPLES / "clusters.xlsx")],
    "tender-draws": ["tender", str(EXAMPLES / "clusters.xlsx"), "--draws", "5"],
    "tender-years": ["tender", str(EXAMPLES / "clusters.xlsx"), "--years", "4"],
    "sweep": SWEEP,
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_ratio_of_published_figures_gives_a_count_back(command: str, tmp_path: Path) -> None:
    assert_no_leak(COMMANDS[command], tmp_path)


def psa_ranges(where: Path) -> Path:
    """Bidders with room for about 1 to 3 people each, so that some PSA runs take 1 to
    7 people in all (and are hidden), and an uncertain fixed cost share."""
    path = where / "ranges.csv"
    path.write_text(
        "parameter,low,high,distribution\n"
        "bidders.*.capacity,1,3,uniform\n"
        "nhs.fixed_cost_share,0.2,0.5,\n",
        encoding="utf-8",
    )
    return path


def psa_commands(workbook: Path, ranges: Path, seed: int = 0) -> dict[str, list[str]]:
    """The PSA's outputs: tender --psa, pbrkit psa, cost --psa (8 samples, 1 worker)."""
    cost_ranges = ranges.with_name("cost-ranges.csv")
    cost_ranges.write_text("parameter,low,high\ntariff.scale,0.9,1.1\n", encoding="utf-8")
    common = ["--uncertainty", str(ranges), "--workers", "1", "--seed", str(seed)]
    return {
        "tender-psa": ["tender", str(workbook), "--psa", "8", *common],
        "psa": ["psa", str(workbook), "--samples", "8", *common],
        "cost-psa": [
            "cost", str(workbook), "--psa", "8", "--uncertainty", str(cost_ranges),
            "--workers", "1",
        ],
    }  # fmt: skip


@pytest.mark.parametrize("command", ["tender-psa", "psa", "cost-psa"])
def test_no_ratio_of_published_psa_figures_gives_a_count_back(command: str, tmp_path: Path) -> None:
    """summary.json's psa object, the Uncertainty, Tornado and Thresholds sheets, the
    HTML lead and psa.parquet, published: no ratio gives a count back."""
    args = psa_commands(EXAMPLES / "clusters.xlsx", psa_ranges(tmp_path))[command]
    assert_no_leak(args, tmp_path)
    if command != "cost-psa":
        # The attack had something to attack: some runs' counts were hidden.
        runs = pd.read_parquet(tmp_path / "published" / "psa.parquet")
        assert runs["taken_patients"].isna().any()


# ------------------------------------------------------- small random inputs

#: Random inputs tried per run (each runs every command twice): a handful by
#: default; more with ``PBRKIT_DISCLOSURE_EXAMPLES``. The examples are drawn from a
#: fixed seed, so every run tries the same ones, unless ``PBRKIT_DISCLOSURE_EXPLORE``
#: is set: the attack tries every ratio of two shown figures, and on fresh random
#: inputs one now and then equals a hidden count by chance (seed 765; seed 6854,
#: 1,406 days ÷ 38 admitted ≈ 37), which is no leak but would fail a user's run of
#: the suite. Explore with the variable set and read each failure before acting on it.
RANDOM_EXAMPLES = int(os.environ.get("PBRKIT_DISCLOSURE_EXAMPLES", "2"))
RANDOM = settings(
    max_examples=RANDOM_EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("PBRKIT_DISCLOSURE_EXPLORE"),
    suppress_health_check=list(HealthCheck),
)


def _sheet(path: Path, name: str) -> pd.DataFrame:
    frame = pd.read_excel(path, sheet_name=name, engine="calamine", dtype={"patient_id": str})
    return frame.drop(columns=["note"], errors="ignore")


def small_trust(seed: int, scale: int, where: Path) -> Path:
    """The example trust shrunk to 0-``scale`` people a team and cluster (same days each).

    Its bidders, lots and NHS costs are the example's, so tender and sweep run on it.
    """
    rng = np.random.default_rng(seed)
    source = EXAMPLES / "clusters.xlsx"
    caseload = _sheet(source, "caseload")
    people = rng.integers(0, scale + 1, size=len(caseload))
    per_person = caseload["cluster_days"] / caseload["service_users"].clip(lower=1)
    admitted = caseload["admitted_days"] / caseload["cluster_days"].clip(lower=1)
    caseload["service_users"] = people
    caseload["cluster_days"] = np.ceil(people * per_person).astype(int)
    caseload["admitted_days"] = np.floor(caseload["cluster_days"] * admitted).astype(int)
    caseload["episodes"] = people
    sheets = {"caseload": caseload.to_dict("records")}
    for name in ("nhs", "bidders", "lots"):
        sheets[name] = _sheet(source, name).to_dict("records")
    return write_xlsx(where / "trust.xlsx", sheets)


def few_patients(seed: int, size: int, where: Path) -> Path:
    """``size`` patients drawn from the example ratings."""
    ratings = _sheet(EXAMPLES / "ratings.xlsx", "ratings")
    sample = ratings.sample(n=size, random_state=seed).replace({np.nan: None})
    return write_xlsx(where / "ratings.xlsx", {"ratings": sample.to_dict("records")})


def sweep_of(workbook: Path, where: Path) -> Path:
    """The AQP example scenario on ``workbook``, with 3 draws."""
    text = (EXAMPLES / "scenarios" / "aqp-fixed-tariff.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^workbook = ".*"$', f"workbook = {json.dumps(str(workbook))}", text)
    text = re.sub(r"(?m)^draws = \d+$", "draws = 3", text)
    path = where / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


@RANDOM
@given(seed=st.integers(0, 2**16), scale=st.sampled_from([6, 12, 30]), size=st.integers(30, 120))
# Cluster 3 had 13 people (shown 15) and 13 episodes, published exactly.
@example(seed=41, scale=12, size=30)
# pbrkit cluster's findings put "£4,400 in all" (one subgroup) beside "£119 a head"
# (another, of 37 people shown as 35): 37. One subgroup a sentence since issue 11.
@example(seed=1600, scale=6, size=70)
def test_no_leak_on_small_random_inputs(
    tmp_path_factory: pytest.TempPathFactory, seed: int, scale: int, size: int
) -> None:
    """Every command, plainly and published, on a small trust and a few patients.

    HTML table cells are the JSON and Excel figures (tried exactly) rounded for
    show; at that precision unrelated ratios match by chance on random inputs
    (mean income ÷ profit per person, £620 ÷ £56 = 11.07, against 11 people), so
    here only the HTML sentences are tried at shown precision.
    """
    where = tmp_path_factory.mktemp("random")
    trust = small_trust(seed, scale, where)
    scenario = sweep_of(trust, where)
    runs = {
        "cost": ["cost", str(trust)],
        "tender": ["tender", str(trust), "--seed", str(seed), "--years", "3"],
        "tender-draws": ["tender", str(trust), "--draws", "3", "--seed", str(seed)],
        "sweep": ["sweep", str(scenario), "--vary", "bidders.*.capacity=5,50", "--workers", "1"],
        "cluster": ["cluster", str(few_patients(seed, size, where))],
        "tender-psa": psa_commands(trust, psa_ranges(where), seed)["tender-psa"],
    }
    for name, args in runs.items():
        assert_no_leak(args, where / name, html_tables=False)


# --------------------------------------------------------- the attack has teeth


def test_the_attack_finds_the_subgroup_leak_of_issue_9() -> None:
    """The figures of issue 9: −£37,260.90 ÷ −£71.932239 = 518.0, the unrounded count."""
    record = Record(
        "row", (Figure.exact(520, True), Figure.exact(-71.932239), Figure.exact(-37260.90))
    )
    assert leaks(record, frozenset({518.0}))
    # Recomputed from the rounded count, the same row gives back only 520.
    fixed = Record(
        "row", (Figure.exact(520, True), Figure.exact(-37260.90 / 520), Figure.exact(-37260.90))
    )
    assert not leaks(fixed, frozenset({518.0}))


def test_the_attack_reads_shown_precision() -> None:
    """'£6,248 a head, £75k in all': 74,500-75,500 ÷ 6,247.5-6,248.5 = 11.92-12.08."""
    figures = shown_numbers("gender = F (10 people) lose £6,248 a head, £75k in all")
    assert [(f.low, f.high, f.count) for f in figures] == [
        (9.5, 10.5, True),
        (6247.5, 6248.5, False),
        (74_500.0, 75_500.0, False),
    ]
    assert leaks(Record("sentence", tuple(figures)), frozenset({12.0}))
    # £75k ÷ £7,500 = 10: only the published count.
    shown = shown_numbers("(10 people) lose £7,500 a head, £75k in all")
    assert not leaks(Record("sentence", tuple(shown)), frozenset({12.0}))


def test_targets_are_hidden_and_rounded_counts_only() -> None:
    assert targets([0, 1, 7, 7.5, 8, 10, 518, 520, 12.5]) == {1, 7, 7.5, 8, 518, 12.5}
