"""``pbrkit threshold``, and the break-even points and ranges a PSA shows: layout only.

A break-even is the value of a parameter at which a figure crosses a target
(``pbrkit.uncertainty.threshold``); summary.json's ``thresholds`` entries are read
back from the finished document (:func:`thresholds_of`), so every format agrees.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from functools import partial
from typing import Final, TypedDict, TypeVar, cast

from pbrkit.model import RunMetadata
from pbrkit.reports.document import Document, Findings, Headline, Section, Table, Text, Value
from pbrkit.reports.figures import label_of
from pbrkit.reports.format import plain
from pbrkit.reports.registry_psa import PERCENTILES, RANGE_COLUMNS
from pbrkit.reports.uncertainty_narrative import counts_people_path, threshold_sentence
from pbrkit.reports.values import (
    JsonObject,
    Range,
    Row,
    Search,
    ThresholdObject,
    json_value,
    percentiles,
    range_row,
)
from pbrkit.uncertainty.summaries import RangeSummary, ThresholdSpread

PARAMETERS: Final = "psa_parameters"  # the ranges table's key

#: How a parameter's group is named in words (docs/uncertainty.md, "Parameters").
GROUP_WORDS: Final = {
    "nhs": "the NHS provider's",
    "tariff": "the tariff's",
    "costs": "unit costs'",
    "caseload": "the caseload's",
    "years": "the projection's",
}
#: How far (a share of the interval's width) the valid range's cut must move a drawn
#: 10th or 90th percentile off the interval given before the ranges say so.
CUT_OFF: Final = 0.05
#: The groups whose paths name an item, and what ``*`` means in them.
EVERY: Final = {"bidders": "every bidder", "lots": "every lot", "pools": "every cost pool"}


#: A parameter's name: a path, or a frame's column.
Name = TypeVar("Name", bound=Hashable)


def counts_people(names: Sequence[Name]) -> frozenset[Name]:
    """Of parameter paths ``names``, those that count people (a bidder's capacity): their
    values are run, and shown, as whole numbers."""
    return frozenset(n for n in names if counts_people_path(str(n)))


def what_varies(name: str) -> str:
    """A parameter path in words: ``bidders.*.capacity`` → "capacity of every bidder"."""
    parts = name.split(".")
    column = parts[-1].replace("_", " ")
    if parts[0] in EVERY and len(parts) == 3:
        item = EVERY[parts[0]] if parts[1] == "*" else parts[1]
        return f"the {column} of {item}"
    return f"{GROUP_WORDS.get(parts[0], parts[0])} {column}"


def range_words(p: Range) -> str:
    """What varies in a range, and how, in one sentence. Where the valid range cuts
    the distribution off (a share from 0), its 10th and 90th percentiles move off the
    interval given: the sentence gives the drawn ones and says so. A count of people (a
    capacity) is not restated: its columns are published as counts, and words beside a
    hidden one gave it back (rev8: "below 3, above 5, median 4" beside "*")."""
    if counts_people_path(p["parameter"]):
        return (
            f"{what_varies(p['parameter'])}, drawn from a {p['distribution']} distribution: "
            "its ends and median are in the columns beside it, as whole numbers of people; "
            "every other input as given"
        )
    given = p.get("mode")
    mode = f" (mode {plain(given)})" if given is not None else ""
    low, high = p["low"], p["high"]
    p10, p90 = p.get("p10", low), p.get("p90", high)
    moved = max(abs(p10 - low), abs(p90 - high)) > CUT_OFF * (high - low)
    # The drawn percentiles to 4 figures, as the median; the interval as it was given.
    shown = (plain(p10, 4), plain(p90, 4)) if moved else (plain(low), plain(high))
    cut = (
        f"; the 80% interval given, {plain(low)} to {plain(high)}, is cut off by the valid range"
        if moved
        else ""
    )
    return (
        f"{what_varies(p['parameter'])}, drawn from a {p['distribution']} distribution"
        f"{mode}: 1 run in 10 below {shown[0]}, 1 in 10 above {shown[1]}, median "
        f"{plain(p['median'], 4)}{cut}; every other input as given"
    )


def input_ranges(parameters: Sequence[RangeSummary[Value]]) -> Sequence[Range]:
    """A PSA object's ranges (typed as figures --publish could hide) as the numbers
    they are: a range is an input and always published (docs/uncertainty.md, "Always
    published"), so a value that is not a number is a bug, refused here; a count of
    people (a capacity) is published as one and may be hidden."""
    for p in parameters:
        if counts_people_path(p["parameter"]):
            continue
        values = (p["low"], p["high"], p["median"], p.get("p10", 0.0), p.get("p90", 0.0))
        if not all(isinstance(v, int | float) for v in values):
            raise TypeError(f"a range is an input, never hidden: {p['parameter']}")
    return cast("Sequence[Range]", parameters)


def ranges_table(parameters: Sequence[Range]) -> Table:
    """The ranges assumed, each said in words too."""
    # The registry's range columns, each range said in words after its parameter.
    columns = (RANGE_COLUMNS[0], "range_words", *RANGE_COLUMNS[1:])
    rows = tuple({"parameter": p["parameter"], "range_words": range_words(p), **range_row(p)}
                 for p in parameters)  # fmt: skip
    return Table(PARAMETERS, "The ranges assumed (80% intervals)", columns, rows,
                 ids=("parameter",),
                 count_rows=counts_people([p["parameter"] for p in parameters]))  # fmt: skip


def break_even_tables(thresholds: Sequence[ThresholdObject]) -> list[Table]:
    """A table per break-even (its columns are its figure's), with how it was found."""
    tables = []
    for i, t in enumerate(thresholds):
        fig = t["figure"]
        row: dict[str, Value] = {
            "parameter": t["parameter"], "break_even_figure": label_of(fig),
            f"{fig}_target": t["target"], f"{fig}_break_even": t["value"],
        }  # fmt: skip
        spread = t.get("psa")
        if spread:
            ends = percentiles(spread)
            row |= {f"{fig}_break_even_{s}": v for s, v in zip(PERCENTILES, ends, strict=True)}
            row |= {"psa_samples": spread["samples"], "no_crossing": spread["no_crossing"]}
        lo, hi = t["bounds"]
        note = (f"Searched between {lo:g} and {hi:g} to within {t['tolerance']:g}: "
                f"{t['method']}.")  # fmt: skip
        if "at_bound" in t:  # not a crossing found: the search stops at the bound
            note += f" The figure meets the target at the {t['at_bound']} bound."
        tables.append(Table(f"break_even_{i}", None, tuple(row), (row,),
                            ids=("parameter",), note=note,
                            count_rows=counts_people([t["parameter"]])))  # fmt: skip
    return tables


class _How(TypedDict, total=False):
    """What a search says only sometimes: whether the figure steps, is at the target
    throughout or meets it at a bound of the search."""

    steps: bool
    at_target: bool
    at_bound: str


class _Psa(TypedDict, total=False):
    psa: ThresholdSpread[Value]  # a break-even's PSA spread, when it has one


def thresholds_of(document: Document, searches: Sequence[Search]) -> list[ThresholdObject]:
    """summary.json's ``thresholds``, read from the (published) document; ``searches``:
    each break-even's parameter-free facts (figure, bounds, tolerance, method)."""
    out = []
    for i, search in enumerate(searches):
        row = document.table(f"break_even_{i}").rows[0]
        fig = search["figure"]
        spread: _Psa = {"psa": _spread(row, fig)} if "psa_samples" in row else {}
        entry: ThresholdObject = {
            "parameter": str(row["parameter"]), "figure": fig, "target": row[f"{fig}_target"],
            "bounds": list(search["bounds"]), "tolerance": search["tolerance"],
            "method": search["method"], "value": row[f"{fig}_break_even"],
            **_how_found(search), **spread,
        }  # fmt: skip
        out.append(entry)
    return out


def _spread(row: Row, fig: str) -> ThresholdSpread[Value]:
    """A break-even's spread over the PSA samples, as its table's row holds it."""
    p5, p50, p95 = (row[f"{fig}_break_even_{s}"] for s in PERCENTILES)
    return {"samples": _count(row["psa_samples"]), "no_crossing": _count(row["no_crossing"]),
            "p5": p5, "p50": p50, "p95": p95}  # fmt: skip


def _count(value: Value) -> int:
    """A count of PSA samples as the document holds it (never about people: never
    hidden)."""
    if not isinstance(value, int):
        raise TypeError(f"not a count of samples: {value!r}")
    return value


def searches_of(thresholds: Sequence[ThresholdObject]) -> tuple[Search, ...]:
    """Each break-even's figure and search, as :func:`thresholds_of` needs them."""
    return tuple(
        Search(figure=t["figure"], bounds=t["bounds"], tolerance=t["tolerance"],
               method=t["method"], **_how_found(t))
        for t in thresholds
    )  # fmt: skip


def _how_found(search: Search | ThresholdObject) -> _How:
    """What a search says only sometimes (``at_target`` only when true), as it says it."""
    found: _How = {}
    if "steps" in search:
        found["steps"] = search["steps"]
    if search.get("at_target"):
        found["at_target"] = True
    if "at_bound" in search:
        found["at_bound"] = search["at_bound"]
    return found


def break_even_document(
    threshold: ThresholdObject, parameters: Sequence[Range], meta: RunMetadata
) -> Document:
    """The document of ``pbrkit threshold``: the break-even, its sentence and the ranges
    the other parameters were held at (or sampled from)."""
    (table,) = break_even_tables([threshold])
    fig = threshold["figure"]
    shown = tuple(k for k in table.columns if k.startswith(f"{fig}_break_even"))
    blocks = (
        Text(f"Break-even of {threshold['parameter']}: {label_of(fig)}", "title"),
        Headline(
            dict(table.rows[0]),
            shown,
            json_key=None,
            counts=frozenset(shown) if table.count_rows else frozenset(),
        ),
        Findings(()),
        table,
        *((ranges_table(parameters),) if parameters else ()),
    )
    searches = searches_of([threshold])
    derived = partial(_thresholds, searches)
    document = Document(
        "threshold", "Break-even point", meta,
        (Section("Break-even point", blocks, sheet="Thresholds"),), derived=derived,
        findings=lambda doc: [s for s in map(threshold_sentence, thresholds_of(doc, searches))
                              if s],
    )  # fmt: skip
    return document.with_findings()


def _thresholds(searches: Sequence[Search], document: Document) -> JsonObject:
    return {"thresholds": json_value(thresholds_of(document, searches))}
