"""The uncertainty section of ``pbrkit tender --psa`` and a scenario's break-even
(docs/uncertainty.md): the sentences first, then each figure's interval, the ranges
assumed, each parameter's swing (the tornado) and the break-evens."""

from __future__ import annotations

from collections.abc import Sequence

from pbrkit.reports.document import Chart, Pairs, Section, Table, Text, Value
from pbrkit.reports.figures import label_of, registered
from pbrkit.reports.format import plain
from pbrkit.reports.layouts.break_even import counts_people, input_ranges, ranges_table
from pbrkit.reports.registry_psa import STATISTICS as PSA_STATISTICS
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.uncertainty_narrative import (
    HIDDEN_BECAUSE,
    LABELS,
    NO_THRESHOLD,
    capital,
    headline,
    threshold_sentence,
)
from pbrkit.reports.values import (
    PsaObject,
    ThresholdObject,
    Tornado,
    TornadoBar,
    amount,
    stats_row,
)

#: What report.html's tornado shows (docs/uncertainty.md, "Tornado").
TORNADO_TEXT = (
    "Each bar is one parameter moved alone from the low end of its range (10th "
    "percentile) to the high end (90th), every other parameter at its median and the "
    "same selection draw; its label names the parameter and the values it moves between. "
    "The dashed line is the figure with every parameter at its median. The bars do not "
    "add up: each moves one parameter, and together they are not the range of the answer "
    "(that is the interval above, from every parameter varying at once)."
)
#: An interval's statistics, in order, and the figure whose unit each takes (None: the
#: figure's own).
STATISTICS: tuple[tuple[str, str, str | None], ...] = (
    *((s, label_of(s).lower(), None) for s in PSA_STATISTICS),  # registry's
    ("share_parameters", "share of variance from parameters", "margin"),
)
#: A line of a :class:`Pairs`: its words, its value and the figure whose format it takes.
Line = tuple[str, Value, str]


def break_even_lines(thresholds: Sequence[ThresholdObject]) -> list[str]:
    """The break-even sentences (or why there is none)."""
    return [s for s in (threshold_sentence(t) for t in thresholds) if s] or [NO_THRESHOLD]


def psa_findings(psa: PsaObject, draws: int) -> list[str]:
    """The first findings of a tender with ``--psa``: the interval, the probability, what
    matters most and the break-even (a reader meets no single number before its range),
    then that the rest is one run. Findings, not paragraphs of report.html alone: the
    workbook and summary.pdf show the same findings."""
    lines = headline({"psa": psa}, ranges="on the Uncertainty sheet of report.xlsx")
    if not psa["thresholds"]:
        lines.append(NO_THRESHOLD)
    medians = f" (medians over {draws:,} draws of the bidders' noise)" if draws > 1 else ""
    lines.append(
        f"The other findings and the key figures are one run at the inputs as given{medians}."
    )
    return lines


def psa_sections(
    psa: PsaObject | None, thresholds: Sequence[ThresholdObject] | None
) -> tuple[Section, ...]:
    """The Uncertainty, Tornado and Thresholds sheets (with ``--psa``), or a Thresholds
    sheet alone (a scenario's break-even); none without either. report.html leads with
    their sentences (:func:`psa_lead`) and the tornado (:func:`tornado_charts`)."""
    if psa is None:
        if thresholds is None:
            return ()
        return (_thresholds(thresholds),)
    uncertainty = Section("Uncertainty", (
        Text("Uncertainty: what the answer is, given the ranges", "title"),
        *(Text(line) for line in headline({"psa": psa}, ranges="in the table below")),
        _intervals(psa),
        ranges_table(input_ranges(psa["parameters"])),  # each range in words too (rev8)
    ), html=False)  # fmt: skip
    tornado = Section("Tornado", (
        Text("Tornado: each parameter at its low and high, others at medians", "title"),
        *_tornado(psa["tornado"]),
    ), html=False)  # fmt: skip
    return uncertainty, tornado, _thresholds(psa["thresholds"])


def tornado_charts(tornado: Tornado) -> Section:
    """report.html's tornado: for each figure, one bar a parameter from the figure at
    the low end of its range to the figure at its high end, every other parameter at
    its median; each bar says what varies and between what values (the workbook's
    Tornado sheet has the same figures)."""
    blocks: list[Text | Table | Chart] = [Text(TORNADO_TEXT)]
    for name, bars in tornado["figures"].items():
        base = tornado["base"].get(name)
        if f"{name}_at_low" not in registered():  # a figure with no tornado arms registered
            continue
        if is_suppressed(base) or any(
            is_suppressed(b[k]) for b in bars for k in ("at_low", "at_high")
        ):
            blocks.append(Text(f"The tornado of {label_of(name).lower()} is not published: "
                               f"{HIDDEN_BECAUSE}."))  # fmt: skip
            continue
        blocks += tornado_chart(name, bars, base)
    return Section("What moves the answer most", tuple(blocks), excel=False)


def tornado_chart(
    name: str, bars: Sequence[TornadoBar], base: Value, over: str | None = None
) -> tuple[Table, Chart]:
    """Figure ``name``'s tornado: a bar per parameter, labelled with what varies and
    between what values, from the figure at its low end to its high end; ``base`` the
    figure with every parameter at its median. The bars' table is the chart's alone
    (``over``: the runs they are statistics of, so ``--publish`` hides them)."""
    low, high = f"{name}_at_low", f"{name}_at_high"
    rows = tuple({"range_words": _moves(b),
                  low: b["at_low"], high: b["at_high"]} for b in bars)  # fmt: skip
    key = f"tornado_{name}_bars"
    table = Table(key, None, ("range_words", low, high), rows, ids=("range_words",),
                  html=False, excel=False, over=over)  # fmt: skip
    title = f"{label_of(name)}: each parameter alone from its low to its high end"
    chart = Chart(key, "range_words", (low, high), title, kind="tornado",
                  xlabel=f"{label_of(name)} £", base=base)  # fmt: skip
    return table, chart


def _thresholds(thresholds: Sequence[ThresholdObject]) -> Section:
    """The break-even sentences, then each break-even's value and the target crossed."""
    lines = tuple(Text(line) for line in break_even_lines(thresholds))
    values: list[Line] = []
    for threshold in thresholds:
        name = threshold["parameter"]
        what = LABELS.get(threshold["figure"], threshold["figure"])
        at = "break_even_count" if counts_people([name]) else "median"
        values += [(f"{name} at which {what} crosses the target", threshold["value"], at),
                   (f"The target for {what}", threshold["target"], "income")]  # fmt: skip
    pairs = (_pairs("Break-even values", values),) if values else ()
    return Section("Thresholds", (Text("Break-even", "title"), *lines, *pairs), html=False)


def _intervals(psa: PsaObject) -> Pairs:
    lines: list[Line] = []
    for name, figure_stats in psa["figures"].items():
        label = LABELS.get(name, name.replace("_", " "))
        stats = stats_row(figure_stats)
        lines += [(f"{capital(label)}: {words}", stats[key], unit or _unit(name))
                  for key, words, unit in STATISTICS if key in stats]  # fmt: skip
    return _pairs("Each figure over the samples", lines)


def _tornado(tornado: Tornado) -> list[Pairs]:
    """Each figure's parameters at their low and high, the others at their medians."""
    out = []
    for name, bars in tornado["figures"].items():
        lines = [(f"{_moves(bar)}: {words}", value, _unit(name)) for bar in bars
                 for value, words in ((bar["at_low"], "at low"), (bar["at_high"], "at high"),
                                      (bar["swing"], "swing"))]  # fmt: skip
        label = LABELS.get(name, name)
        out.append(_pairs(f"Tornado: {label}, each parameter at its low and high", lines))
    return out


def _pairs(title: str, lines: Sequence[Line]) -> Pairs:
    """Label/value lines, each formatted as its figure."""
    return Pairs(title, tuple((words, value) for words, value, _ in lines),
                 units={i: unit for i, (_, _, unit) in enumerate(lines)})  # fmt: skip


def _moves(bar: TornadoBar) -> str:
    """What a tornado bar moves, and between what values: "tariff.scale (0.9 to 1.1)"."""
    return f"{bar['parameter']} ({plain(amount(bar['low']))} to {plain(amount(bar['high']))})"


def _unit(name: str) -> str:
    """The figure whose format a PSA figure's values take: its own, else money."""
    return name if name in registered() else "income"
