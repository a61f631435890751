"""``pbrkit compare``: runs side by side, what changed between them, and by how much.

Layout only: the values are the runs' own summary.json figures (already published
when the runs were), the labels, units and meanings the registry's. Each later run is
compared with the first: its difference is later − first (docs/methodology.md §11).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pbrkit.model import RunMetadata
from pbrkit.reports.document import (
    Block,
    Chart,
    Comparison,
    ComparisonRow,
    Document,
    Findings,
    Pairs,
    Section,
    Table,
    Text,
    Value,
)
from pbrkit.reports.figures import Figure, figure, label_of, registered
from pbrkit.reports.format import money_short
from pbrkit.reports.registry import COSTING_MONEY
from pbrkit.reports.registry_psa import PERCENTILES
from pbrkit.reports.suppression import SUPPRESSED
from pbrkit.reports.uncertainty_narrative import COST_LABELS, capital
from pbrkit.reports.values import JsonObject

TITLE = "Runs compared"

#: Where each command's headline figures are in its summary.json.
HEADLINE_KEYS: Mapping[str, tuple[str, ...]] = {
    "pbrkit cost": ("totals",),
    "pbrkit tender": ("residue", "public_sector"),
}
#: Headline figures left out because another row already shows them: the public-sector
#: account's change in public spending is the residue's ``public_spending_change``.
REPEATS: frozenset[str] = frozenset({"public_cost_change"})
#: The figures charted across runs (the money a reader looks at first).
CHARTED: Mapping[str, tuple[str, ...]] = {
    "pbrkit cost": ("surplus",),
    "pbrkit tender": ("nhs_surplus_change", "public_spending_change"),
}
#: Per-cluster figures compared: (summary.json table, figures).
BY_CLUSTER: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "pbrkit cost": ("clusters", ("surplus",)),
    "pbrkit tender": ("residue_by_cluster", ("residue_patients", "residue_cost", "casemix_index")),
}
PSA_STATS = PERCENTILES
#: Runs over several years: which year the headline figures are, and the figure whose
#: last year the findings add (a tender's cumulative NHS surplus is the years' total).
FIRST_YEAR: Mapping[str, str] = {"pbrkit cost": "the input year", "pbrkit tender": "the first year"}
LAST_YEAR: Mapping[str, tuple[str, str]] = {
    "pbrkit cost": ("surplus", "surplus in"),
    "pbrkit tender": ("cumulative_surplus", "NHS surplus summed over the years to"),
}

#: The note of a published comparison (its counts are the runs' published ones).
PUBLISHED_NOTE = (
    "The runs were published with small-number suppression, so their counts of people "
    "are rounded to the nearest 5 or hidden (*). The difference of two rounded counts is "
    "not a count: it can be out by less than 5 either way, and it is not itself rounded "
    "(docs/methodology.md §11)."
)


#: Why a difference need not equal the difference of the values shown beside it: each
#: is the exact figure rounded on its own (docs/methodology.md §11 keeps it exact).
ROUNDED_ON_ITS_OWN = (
    "Each value and each difference is the exact figure rounded on its own for display, "
    "so a difference can be one in its last shown digit away from the difference of the "
    "rounded values beside it (an index of 1.3751 less 1.0249 is 0.3502, shown 0.35 "
    "beside 1.38 and 1.02)."
)
ROUNDING_NOTE = (
    f"{ROUNDED_ON_ITS_OWN} report.xlsx and summary.json hold the exact figures "
    "(docs/methodology.md §11)."
)
#: The same under a ``--markdown`` table, which is pasted alone and writes no files.
MARKDOWN_ROUNDING_NOTE = f"{ROUNDED_ON_ITS_OWN} See docs/methodology.md §11."


@dataclass(frozen=True)
class Run:
    """One run being compared: its name (a column heading) and its summary.json."""

    name: str
    # Read back with json.loads (untyped): every read checks the shape it finds.
    summary: Mapping[str, Any]
    #: The file the run was read from (its summary.json, or the scenario run).
    source: str = ""


def compare_document(
    runs: Sequence[Run],
    changed: Sequence[tuple[str, str]],
    warnings: Sequence[str],
    meta: RunMetadata,
) -> Document:
    """The document every output of ``pbrkit compare`` renders.

    ``changed``: the settings that differ between the runs, (setting, each run's value
    in words); ``warnings``: why the comparison may not be like with like.
    """
    command = runs[0].summary["command"]
    headline = headline_comparison(runs)
    years = _years(runs, command)
    summary: list[Block] = [Text(w, "warning") for w in warnings]
    # A published run's £ totals are rounded to its money base (docs/methodology.md §7).
    bases = tuple(
        float((r.summary.get("disclosure") or {}).get("money_rounding_base") or 0.0) for r in runs
    )
    charted = CHARTED.get(command, ())
    summary.append(Findings(tuple(findings(headline, charted, years, command, bases))))
    summary.append(_what_changed(changed))
    summary.append(headline)
    summary.append(Text(ROUNDING_NOTE))
    if meta.disclosure:
        summary.append(Text(PUBLISHED_NOTE))
    sections = [Section("Summary", tuple(summary)), _chart_section(runs, command)]
    sections += _detail_sections(runs, command, years)
    extras: JsonObject = {"runs": [{"name": r.name, "command": command, "input": r.source}
                                   for r in runs],
                          "changed": [{"setting": s, "values": v} for s, v in changed],
                          "warnings": list(warnings)}  # fmt: skip
    if meta.disclosure:  # the runs' counts are published already: say so, as they do
        # and each run's money base (the terminal's "within £X of", as the findings')
        each = {r.name: base for r, base in zip(runs, bases, strict=True)}
        extras["disclosure"] = {"statement": meta.disclosure, "differences": PUBLISHED_NOTE,
                                "money_rounding_bases": each}  # fmt: skip
    return Document("compare", TITLE, meta, tuple(sections), extras)


def findings(
    headline: Comparison,
    keys: Sequence[str],
    years: Sequence[Comparison] = (),
    command: str = "",
    bases: Sequence[float] = (),
) -> list[str]:
    """One sentence per later run and charted figure: how far it is from the first run.

    Runs over several years (``years``, :func:`_years`): the headline is one year of
    them, which the sentences name, and the last year's :data:`LAST_YEAR` figure
    follows (a setting such as the yearly efficiency acts only after the first year).
    ``bases``: each run's money base (published runs round their £ totals to it).
    """
    rows = {row.figure: row for row in headline.rows}
    key, words = LAST_YEAR.get(command, ("", ""))
    last = next((c for c in years if c.rows and c.rows[0].figure == key), None)
    when = f" in {years[0].rows[0].label} ({FIRST_YEAR[command]})" if last is not None else ""
    sentences = []
    for i in range(1, len(headline.runs)):
        for key in keys:
            if key in rows:
                name = f"{_lower(label_of(key))}{when}"
                sentences += _finding(headline, rows[key], i, name, _slack(bases, i))
        if last is not None:
            row = last.rows[-1]
            sentences += _finding(last, row, i, f"{words} {row.label}", _slack(bases, i))
    return sentences


def _slack(bases: Sequence[float], i: int) -> float:
    """How far apart run i's and the first run's £ can be when both are shown alike:
    half of each one's money base (0 for unpublished runs, whose £ are exact)."""
    return (bases[0] + bases[i]) / 2 if len(bases) > i else 0.0


def _finding(
    block: Comparison, row: ComparisonRow, i: int, name: str, slack: float = 0.0
) -> list[str]:
    """Run i's value of ``row`` against the first run's, in a sentence (none without a
    difference). Two published £ shown alike are within ``slack`` of each other, not
    the same (review 9b: -£127k and -£170k both read -£150k, "the same as")."""
    difference = block.difference(row, i)
    if difference is None:
        return []
    same = f"within {money_short(slack)} of" if slack else "the same as"
    way = same if difference == 0 else "higher than" if difference > 0 else "lower than"
    amount = "" if difference == 0 else f"{money_short(abs(difference))} "
    return [
        f"{block.runs[i]}: {name} {money_short(row.values[i])}, {amount}{way} "
        f"{block.runs[0]}'s {money_short(row.values[0])}."
    ]


def _lower(label: str) -> str:
    return label[0].lower() + label[1:]


def _what_changed(changed: Sequence[tuple[str, str]]) -> Pairs:
    if not changed:
        return Pairs("What changed", (("Settings", "none: the runs had the same settings"),))
    return Pairs("What changed", tuple(changed))


def headline_comparison(runs: Sequence[Run]) -> Comparison:
    """Every headline figure: one row per figure, one column per run."""
    command = runs[0].summary["command"]
    keys: dict[str, None] = {}
    for run in runs:
        for block in HEADLINE_KEYS.get(command, ()):
            keys.update(dict.fromkeys(k for k in run.summary.get(block, {}) if _shown(k)))
    rows = tuple(
        ComparisonRow(key, label_of(key), tuple(_headline_value(r, command, key) for r in runs))
        for key in keys
    )
    return Comparison("headline", "Headline figures", tuple(r.name for r in runs), rows)


def _shown(key: str) -> bool:
    return key in registered() and key not in REPEATS


def _headline_value(run: Run, command: str, key: str) -> Value:
    for block in HEADLINE_KEYS.get(command, ()):
        values = run.summary.get(block, {})
        if key in values:
            return _hidden(run, values[key])
    return None


def _hidden(run: Run, value: Value) -> Value:
    """A published run's ``null`` is a hidden figure (shown ``*``), not a missing one."""
    return SUPPRESSED if value is None and "disclosure" in run.summary else value


def _chart_section(runs: Sequence[Run], command: str) -> Section:
    charted = CHARTED.get(command, ())
    rows = tuple(
        {"run": run.name, **{k: _headline_value(run, command, k) for k in charted}} for run in runs
    )
    table = Table("runs", "Charted figures by run", ("run", *charted), rows, frozen=False)
    charts = tuple(
        Chart("runs", "run", key, f"{figure(key).label} by run", xlabel="Run",
              anchor=f"E{2 + 20 * i}")
        for i, key in enumerate(charted)
    )  # fmt: skip
    return Section("Chart", (table, *charts))


def _detail_sections(
    runs: Sequence[Run], command: str, years: Sequence[Comparison]
) -> list[Section]:
    sections: list[Section] = []
    table, keys = BY_CLUSTER.get(command, ("", ()))
    if keys and all(run.summary.get(table) for run in runs):
        blocks = tuple(_by_row(runs, table, "cluster", key, "Cluster {}") for key in keys)
        sections.append(Section("By cluster", blocks))
    if years:
        sections.append(Section("Over the years", tuple(years), sheet="Years"))
    psa = psa_comparison(runs)
    if psa is not None:
        sections.append(Section("Uncertainty", (psa,)))
    return sections


def _by_row(runs: Sequence[Run], table: str, key: str, value: str, label: str) -> Comparison:
    """One figure of a summary.json table, row by row (the union of the runs' rows)."""
    by_run = [
        {row.get(key): _hidden(run, row.get(value)) for row in _rows(run.summary.get(table))}
        for run in runs
    ]
    ids: dict[Value, None] = {}
    for values in by_run:
        ids.update(dict.fromkeys(values))
    rows = tuple(
        ComparisonRow(value, label.format(i), tuple(values.get(i) for values in by_run))
        for i in ids
    )
    return Comparison(f"{table}_{value}", figure(value).label, tuple(r.name for r in runs), rows)


def _years(runs: Sequence[Run], command: str) -> tuple[Comparison, ...]:
    """The year-by-year figures, when every run has more than one year."""
    if command == "pbrkit cost":
        tables = [_rows(run.summary.get("projection")) for run in runs]
        keys: tuple[str, ...] = COSTING_MONEY
    else:
        tables = [_rows((run.summary.get("years") or {}).get("rows")) for run in runs]
        keys = ("nhs_surplus", "cumulative_surplus", "stranded_fixed_cost",
                "public_spending_change")  # fmt: skip
    if not all(len(t) > 1 for t in tables):
        return ()
    year = "financial_year" if "financial_year" in tables[0][0] else "year"
    # The run's disclosure goes along: a published run's null year is hidden (*).
    shaped = [
        Run(run.name, {**_disclosure(run), "years": t}) for run, t in zip(runs, tables, strict=True)
    ]
    present = [k for k in keys if all(k in t[0] for t in tables)]
    return tuple(_by_row(shaped, "years", year, key, "{}") for key in present)


def _disclosure(run: Run) -> dict[str, object]:
    return {"disclosure": run.summary["disclosure"]} if "disclosure" in run.summary else {}


def _rows(table: object) -> list[Mapping[str, Value]]:
    """A summary.json table's records (anything else: none)."""
    return [r for r in table if isinstance(r, Mapping)] if isinstance(table, list) else []


def psa_comparison(runs: Sequence[Run]) -> Comparison | None:
    """Each PSA figure's p5, median and p95, when every run has a PSA."""
    psas = [run.summary.get("psa") for run in runs]
    if not all(isinstance(p, Mapping) and _stats(p.get("figures")) for p in psas):
        return None
    names: dict[str, None] = {}
    for psa in psas:
        assert isinstance(psa, Mapping)
        names.update(dict.fromkeys(psa["figures"]))
    rows = tuple(
        ComparisonRow(stat, f"{_psa_label(name)}: {figure(stat).label}",
                      tuple(_psa_value(run, psa, name, stat)
                            for run, psa in zip(runs, psas, strict=True)))
        for name in names
        for stat in PSA_STATS
    )  # fmt: skip
    return Comparison("psa", "Uncertainty intervals", tuple(r.name for r in runs), rows)


def _stats(figures: object) -> bool:
    """A PSA's ``figures``: each figure's statistics by name (p5, p50, p95)."""
    return (
        isinstance(figures, Mapping)
        and bool(figures)
        and all(isinstance(stats, Mapping) for stats in figures.values())
    )


def _psa_label(name: str) -> str:
    return capital(COST_LABELS.get(name, label_of(name)))


def _psa_value(run: Run, psa: Any, name: str, stat: str) -> Value:  # a run's psa, as read back
    """A statistic of the run's PSA (a number, or null: hidden when the run is published);
    None for a figure the run's PSA does not have."""
    stats = psa["figures"].get(name)
    if not isinstance(stats, Mapping) or stat not in stats:
        return None
    value: Value = stats[stat]
    return _hidden(run, value)


def markdown(block: Comparison) -> str:
    """A comparison as a Markdown table (the README's scenario table)."""
    first = block.runs[0]
    headings = [*block.runs, *(f"{run} − {first}" for run in block.runs[1:])]
    lines = ["| | " + " | ".join(map(_cell, headings)) + " |", "|---" * (len(headings) + 1) + "|"]
    for row in block.rows:
        fig = figure(row.figure)
        cells = [fig.html(v) for v in row.values]
        cells += [_text(fig, block.difference(row, i)) for i in range(1, len(block.runs))]
        lines.append(f"| {_cell(row.label)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: a ``|`` in a name would end the cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _text(fig: Figure, value: Value) -> str:
    return "" if value is None else str(fig.html(value))
