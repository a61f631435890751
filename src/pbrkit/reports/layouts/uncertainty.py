"""``pbrkit psa``: which sections, tables, charts and findings its reports show.

Layout only. The values are the PSA's (``pbrkit.uncertainty``: percentiles over the
runs, the tornado, the variance shares, the break-even), the figures the registry's
(``reports/registry_psa.py``), and summary.json's ``psa`` object is read back from the
finished — published, under ``--publish`` — document (:func:`psa_object`), so the JSON,
the workbook, the page and the sentences show the same figures.

Every statistic over the runs is a block ``over`` the runs table: under ``--publish``
a figure about a count of people hidden in any run is hidden in all of them
(docs/uncertainty.md, "Publishing").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Final

from pbrkit.model import RunMetadata
from pbrkit.reports.document import (
    Chart,
    Document,
    Findings,
    Headline,
    Row,
    Section,
    Table,
    Text,
)
from pbrkit.reports.figures import label_of
from pbrkit.reports.layouts.break_even import (
    break_even_tables,
    counts_people,
    ranges_table,
    searches_of,
    thresholds_of,
)
from pbrkit.reports.layouts.tender_psa import tornado_chart
from pbrkit.reports.registry import EVERYONE_LINE
from pbrkit.reports.registry_psa import LEADS, ONE_RUN, PERCENTILES, statistic_key, statistics_over
from pbrkit.reports.registry_psa import STATISTICS as PSA_STATISTICS
from pbrkit.reports.uncertainty_narrative import (
    NINE_IN_TEN_RUNS,
    NO_THRESHOLD,
    headline,
    runs_of,
)
from pbrkit.reports.values import (
    JsonObject,
    PsaObject,
    Search,
    Sensitivity,
    Stats,
    ThresholdObject,
    Tornado,
    TornadoBar,
    Value,
    amount,
    json_value,
    stats_row,
)
from pbrkit.uncertainty.summaries import ExactPsa, RangeSummary

RUNS: Final = "psa_runs"  # the per-run table (psa.parquet), key of every ``over``

#: The statistics over the runs, by summary.json key, as a row of the tables names them.
STATISTICS: Final = {
    **{s: label_of(s) for s in (*PSA_STATISTICS, ONE_RUN)},  # the registry's words
    "base": "Every parameter at its median",
}
SHARE_ROW: Final = "Share of variance from the parameters"

#: Where the sentences send the reader for the ranges. The same findings open
#: summary.pdf, which has no room for the ranges table, so not "listed below": the
#: workbook's Uncertainty sheet has them whichever output the sentence is read in.
RANGES_WHERE: Final = "on the Uncertainty sheet of report.xlsx"

#: The tender's figures in groups of a table each (docs/methodology.md §6).
GROUPS: Final = (
    ("psa_nhs", "The NHS surplus and public spending",
     ("nhs_surplus_before", "nhs_surplus_after", "nhs_surplus_change",
      "commissioner_cost_change", "public_spending_change")),
    ("psa_taken", "What leaves with the people taken",
     ("lost_contribution", "stranded_fixed_cost", "cost_retained_for_taken",
      "nhs_income_retained", "payments_to_bidders", "bidder_profit", "differential_payment")),
    ("psa_left", "The people left with the NHS",
     ("residue_cost_gap", "casemix_index", "casemix_between", "casemix_within",
      "residue_cost_to_payment", "cost_to_payment_before")),
    ("psa_people", "People", ("taken_patients", "residue_patients")),
)  # fmt: skip

#: What summary.json's ``psa.disclosure`` says of the rule under ``--publish``.
PSA_RULE: Final = (
    "each run's people taken and left are published as counts (hidden if 1 to 7, else "
    "rounded to 5) in psa.parquet, with the £ figures about a hidden count hidden in that "
    "run; a statistic over runs (mean, percentiles, probability, tornado, variance "
    "shares, break-even) of a figure about people taken or left is hidden when any "
    "run's count of them is hidden (small, or hidden because it would give a small one "
    "back: everyone = taken + left), and so is that statistic of the other counts of "
    "the same line; casemix indices are hidden in every run and "
    "statistic, since no run's published figures work them out again"
)


@dataclass(frozen=True)
class PsaContext:
    """What summary.json's ``psa`` object holds that is no figure: run sizes, order,
    and each break-even's search (bounds, tolerance, method)."""

    samples: int
    inner: int
    seed: int
    figures: tuple[str, ...]
    methods: Mapping[str, str]
    searches: tuple[Search, ...]


def psa_document(
    psa: ExactPsa,
    runs: Sequence[Row],
    *,
    meta: RunMetadata,
    population: float | None,
    percentiles: Sequence[Row],
) -> Document:
    """The document of a PSA from its exact ``psa`` object (summary.json's, unpublished),
    its runs (one row per sample × draw) and each lead figure at every 5th percentile."""
    context = psa_context(psa)
    sections = (
        _summary(psa, runs, population, percentiles),
        # The workbook charts each parameter's swing; report.html draws the tornado.
        Section("Tornado", _tornado(psa["tornado"]), html=False),
        Section("Tornado", _tornado(psa["tornado"], page=True), excel=False),
        Section("Sensitivity", _sensitivity(psa["sensitivity"])),
        Section("Break-even points", _break_even(psa["thresholds"]), sheet="Thresholds"),
    )
    derived = partial(psa_object, context)
    document = Document(
        "psa", "How sure is the answer?", meta, sections, derived=derived,
        findings=lambda doc: headline({"psa": psa_of(context, doc)}, ranges=RANGES_WHERE),
    )  # fmt: skip
    return document.with_findings()


def psa_context(psa: ExactPsa) -> PsaContext:
    """What of ``psa`` its document holds no figure of (:func:`psa_of` reads it back)."""
    return PsaContext(
        psa["samples"], psa["inner"], psa["seed"], tuple(psa["figures"]),
        {f: s["method"] for f, s in psa["sensitivity"].items()},
        searches_of(psa["thresholds"]),
    )  # fmt: skip


def _chances(psa: ExactPsa, values: dict[str, Value]) -> tuple[str, str]:
    """Put the two chances in ``values`` and return the keys the headline shows: the
    shares, or below 20 runs the counts ("1 of 1 runs"), since a share of so few runs
    ("100.0%") reads as measured (uncertainty_narrative.NINE_IN_TEN_RUNS)."""
    keys = ("prob_nhs_surplus_falls", "prob_public_spending_rises")
    chances = (psa["prob_nhs_surplus_falls"], psa["prob_public_spending_rises"])
    values.update(zip(keys, chances, strict=True))  # summary.json reads the shares back
    runs = psa["samples"] * psa["inner"]
    if runs >= NINE_IN_TEN_RUNS:
        return keys
    counts = (runs_of(amount(c), runs) for c in chances)
    values.update(zip((f"{k}_runs" for k in keys), counts, strict=True))
    return (f"{keys[0]}_runs", f"{keys[1]}_runs")


def _lead_tiles(runs: int) -> tuple[tuple[str, ...], ...]:
    """Each lead figure's headline tiles: its 5th percentile, median and 95th
    percentile; over one run its one value, since three equal percentiles would read as
    a range (docs/uncertainty.md §3)."""
    if runs == 1:
        return tuple((f"psa_{key}_one_run",) for key in LEADS)
    return tuple(tuple(f"psa_{key}_{s}" for s in PERCENTILES) for key in LEADS)


def _summary(
    psa: ExactPsa,
    runs: Sequence[Row],
    population: float | None,
    percentiles: Sequence[Row],
) -> Section:
    values: dict[str, Value] = {"patients": population}
    for key in LEADS:
        stats = stats_row(psa["figures"][key])
        values.update({f"psa_{key}_{s}": stats[s] for s in PERCENTILES})
        values[f"psa_{key}_one_run"] = stats["p50"]
        values[f"{key}_r_squared"] = psa["sensitivity"][key]["r_squared"]
        # Not shown: summary.json's sensitivity reads it back, published.
        values[f"{key}_most_important"] = psa["sensitivity"][key]["most_important"]
    chances = _chances(psa, values)
    leads = _lead_tiles(psa["samples"] * psa["inner"])
    shown = (*(tile for tiles in leads for tile in tiles), *chances)
    # The median tile of each lead (its one tile over one run), then the chances.
    key_figures = (*(tiles[len(tiles) // 2] for tiles in leads), *chances)
    columns = ("sample", "inner", *psa["figures"])
    runs_table = Table(RUNS, None, columns, tuple(runs), entity="run",
                       ids=("sample", "inner"), html=False, excel=False,
                       row_lines=(EVERYONE_LINE,))  # fmt: skip
    return Section(
        "Uncertainty",
        (
            Text("Uncertainty: what the answer is, given the ranges", "title"),
            Headline(values, shown, json_key=None, key_figures=key_figures, over=RUNS),
            Findings(()),
            *_statistics(psa),
            *_distribution(percentiles, psa["samples"] * psa["inner"]),
            ranges_table(psa["parameters"]),
            runs_table,
        ),
    )


def _statistics(psa: ExactPsa) -> list[Table]:
    """A table per group of figures: a column per figure, a row per statistic; with 2+
    selection draws a sample, each group's shares of variance from the parameters."""
    base = psa["tornado"]["base"]
    tables = []
    for key, title, group in GROUPS:
        figures = tuple(f for f in group if f in psa["figures"])  # a model may give fewer
        if not figures:
            continue
        stats = {f: stats_row(psa["figures"][f]) for f in figures}
        # One run: its value once, not four equal statistics (docs/uncertainty.md).
        rows = [{"statistic": STATISTICS[s], **{f: stats[f][statistic_key(s)] for f in figures}}
                for s in statistics_over(psa["samples"] * psa["inner"])]  # fmt: skip
        rows.append({"statistic": STATISTICS["base"], **{f: base.get(f) for f in figures}})
        tables.append(Table(key, title, ("statistic", *figures), tuple(rows),
                            ids=("statistic",), over=RUNS))  # fmt: skip
        if psa["inner"] > 1:
            shares = tuple(f"{f}_share_parameters" for f in figures)
            row = {"statistic": SHARE_ROW,
                   **{f"{f}_share_parameters": stats[f].get("share_parameters")
                      for f in figures}}  # fmt: skip
            tables.append(Table(f"{key}_share", None, ("statistic", *shares), (row,),
                                ids=("statistic",), over=RUNS))  # fmt: skip
    return tables


def _distribution(percentiles: Sequence[Row], runs: int) -> tuple[Table | Chart, ...]:
    """The lead figures at every 5th percentile, table and chart; none over one run,
    whose every percentile is that run (docs/uncertainty.md: one run gives no range)."""
    if runs == 1:
        return ()
    table = Table("psa_percentiles", "Every 5th percentile over the runs",
                  ("percentile", *LEADS), tuple(percentiles), ids=("percentile",), over=RUNS,
                  note="Read across: in that share of runs the figure is at or below the "
                  "value (a cumulative distribution).")  # fmt: skip
    chart = Chart("psa_percentiles", "percentile", LEADS,
                  "The lead figures at every 5th percentile of the runs", kind="lines")  # fmt: skip
    return table, chart


def _tornado(tornado: Tornado, page: bool = False) -> tuple[Text | Table | Chart, ...]:
    blocks: list[Text | Table | Chart] = [Text(
        "Tornado: each parameter at the low and high end of its range as given (its 10th "
        "and 90th percentiles, unless its valid range cuts the distribution off: see the "
        "ranges assumed), the others at their medians, with the same selection draw.",
        "title")]  # fmt: skip
    for lead in LEADS:
        rows = tuple(
            {"parameter": b["parameter"], "low": b["low"], "high": b["high"],
             f"{lead}_at_low": b["at_low"], f"{lead}_at_high": b["at_high"],
             f"{lead}_swing": b["swing"]}
            for b in tornado["figures"].get(lead, ())
        )  # fmt: skip
        key = f"tornado_{lead}"
        columns = ("parameter", "low", "high", f"{lead}_at_low", f"{lead}_at_high",
                   f"{lead}_swing")  # fmt: skip
        counted = counts_people([r["parameter"] for r in rows])  # a capacity's ends
        table = Table(key, f"Tornado: {label_of(lead)}", columns, rows, ids=("parameter",),
                      over=RUNS, count_rows=counted)  # fmt: skip
        if page:  # each bar from the figure at the low end to the high end, named
            bars = tornado["figures"].get(lead, ())
            blocks += [table, *tornado_chart(lead, bars, tornado["base"].get(lead), RUNS)]
            continue
        blocks += [
            table,
            Chart(key, "parameter", f"{lead}_swing",
                  f"Swing from each range's low to high end: {label_of(lead)}",
                  kind="signed_hbars"),
        ]  # fmt: skip
    return tuple(blocks)


def _sensitivity(sensitivity: Mapping[str, Sensitivity]) -> tuple[Text | Table, ...]:
    blocks: list[Text | Table] = [
        Text("Share of each figure's variance explained by each parameter", "title")
    ]
    for lead, result in sensitivity.items():
        rows = tuple({"parameter": name, f"{lead}_variance_share": share}
                     for name, share in result["shares"].items())  # fmt: skip
        blocks.append(Table(
            f"sensitivity_{lead}", f"{label_of(lead)}: {result['method']}",
            ("parameter", f"{lead}_variance_share"), rows, ids=("parameter",), over=RUNS,
        ))  # fmt: skip
    return tuple(blocks)


def _break_even(thresholds: Sequence[ThresholdObject]) -> tuple[Text | Table, ...]:
    title = Text("Break-even: the value of a parameter at which a figure crosses a target, "
                 "the other parameters at their medians", "title")  # fmt: skip
    if not thresholds:
        return (title, Text(NO_THRESHOLD))
    return (title, *(replace_over(t) for t in break_even_tables(thresholds)))


def replace_over(table: Table) -> Table:
    """A break-even table of a PSA: its search is a statistic over the runs too."""
    return replace(table, over=RUNS)


# ------------------------------------------------- summary.json, from the document


def psa_object(context: PsaContext, document: Document) -> JsonObject:
    """summary.json's ``psa`` object, read from the (published) document."""
    return {"psa": json_value(psa_of(context, document))}


def psa_of(context: PsaContext, document: Document) -> PsaObject:
    """The ``psa`` object the (published) document shows: what summary.json gives, what
    the sentences say and what ``pbrkit tender --psa`` reports."""
    stats = _rows_by_statistic(document)
    headline_values = document.headline().values
    psa: PsaObject = {
        "samples": context.samples,
        "inner": context.inner,
        "seed": context.seed,
        "parameters": _parameters(document),
        "figures": {name: _stats(stats, name) for name in context.figures},
        "prob_nhs_surplus_falls": headline_values["prob_nhs_surplus_falls"],
        "prob_public_spending_rises": headline_values["prob_public_spending_rises"],
        "tornado": {"base": {n: stats["base"].get(n) for n in context.figures},
                    "figures": _tornado_bars(document)},
        "sensitivity": _shares(context, document),
        "thresholds": thresholds_of(document, context.searches),
    }  # fmt: skip
    return psa if document.policy is None else {**psa, "disclosure": PSA_RULE}


def _stats(stats: Mapping[str, Mapping[str, Value]], name: str) -> Stats:
    """Figure ``name``'s statistics over the runs, as its group's tables hold them."""
    # One run's table gives its value once; summary.json keeps the four (all equal).
    mean, p5, p50, p95 = (stats.get(s, stats.get(ONE_RUN, {})).get(name) for s in PSA_STATISTICS)
    share = stats.get("share", {}).get(f"{name}_share_parameters")
    return {"mean": mean, "p5": p5, "p50": p50, "p95": p95, "share_parameters": share}


def _rows_by_statistic(document: Document) -> dict[str, dict[str, Value]]:
    keys = {label: key for key, label in STATISTICS.items()} | {SHARE_ROW: "share"}
    out: dict[str, dict[str, Value]] = {}
    groups = {g[0] for g in GROUPS} | {f"{g[0]}_share" for g in GROUPS}
    for table in document.tables():
        if table.key in groups:  # a group the model gives no figure of has no table
            for row in table.rows:
                out.setdefault(keys[str(row["statistic"])], {}).update(row)
    return out


def _parameters(document: Document) -> list[RangeSummary[Value]]:
    return [_range(row) for row in document.table("psa_parameters").rows]


def _range(row: Row) -> RangeSummary[Value]:
    """A row of the ranges table as summary.json gives it (RANGE_COLUMNS' keys)."""
    source = row.get("source")
    return {"parameter": str(row["parameter"]), "low": row.get("low"), "high": row.get("high"),
            "distribution": str(row.get("distribution")), "mode": row.get("mode"),
            "median": row.get("median"),
            "source": source if isinstance(source, str) else None}  # fmt: skip


def _tornado_bars(document: Document) -> dict[str, list[TornadoBar]]:
    return {
        lead: [
            {"parameter": str(r["parameter"]), "low": r["low"], "high": r["high"],
             "at_low": r[f"{lead}_at_low"], "at_high": r[f"{lead}_at_high"],
             "swing": r[f"{lead}_swing"]}
            for r in document.table(f"tornado_{lead}").rows
        ]
        for lead in LEADS
    }  # fmt: skip


def _shares(context: PsaContext, document: Document) -> dict[str, Sensitivity]:
    """Each lead figure's variance shares, R² and most important parameter, as the
    (published) document holds them."""
    out: dict[str, Sensitivity] = {}
    headline_values = document.headline().values
    for lead, method in context.methods.items():
        shares = {str(r["parameter"]): r[f"{lead}_variance_share"]
                  for r in document.table(f"sensitivity_{lead}").rows}  # fmt: skip
        out[lead] = {"method": method, "r_squared": headline_values[f"{lead}_r_squared"],
                     "shares": shares,
                     "most_important": headline_values[f"{lead}_most_important"]}  # fmt: skip
    return out
