"""The uncertainty section of ``pbrkit cost --psa`` (docs/uncertainty.md)."""

from __future__ import annotations

from collections.abc import Callable

from pbrkit.reports.document import Section, Table, Text
from pbrkit.reports.layouts.break_even import input_ranges, ranges_table
from pbrkit.reports.registry_psa import statistic_key, statistics_over
from pbrkit.reports.uncertainty_narrative import (
    COST_LABELS,
    NINE_IN_TEN_RUNS,
    cost_headline,
    runs_of,
)
from pbrkit.reports.values import CostPsaObject, Value, is_number, stats_row


def cost_psa_section(psa: CostPsaObject) -> Section:
    """The sentences, each surplus's mean, percentiles and probability of a deficit,
    then the ranges assumed."""
    lines = cost_headline(psa, ranges="in the table below")
    chance, of_run = _chance(psa)
    # One run: its value once, not four equal statistics (docs/uncertainty.md).
    statistics = statistics_over(psa["samples"])
    figures = tuple(
        {"psa_figure": COST_LABELS.get(name, name),
         **{s: stats_row(stats)[statistic_key(s)] for s in statistics},
         chance: of_run(psa["prob_deficit"][name])}
        for name, stats in psa["figures"].items()
    )  # fmt: skip
    return Section(
        "Uncertainty",
        (
            Text("Uncertainty: the surplus, given the ranges", "title"),
            *(Text(line) for line in lines),
            Table("psa_figures", None, ("psa_figure", *statistics, chance), figures),
            # Each range in words too: a valid range's cut moves its percentiles (rev8).
            ranges_table(input_ranges(psa["parameters"])),
            Text("The other sections are the costing at the inputs as given."),
        ),
    )


def _chance(psa: CostPsaObject) -> tuple[str, Callable[[Value], Value]]:
    """The chance-of-a-deficit column and how a share shows in it: the share, or below
    20 runs the count ("1 of 1 runs"), as the sentences above it give it, since a share
    of so few runs ("100.0%") reads as measured (docs/uncertainty.md)."""
    runs = psa["samples"]
    if runs >= NINE_IN_TEN_RUNS:
        return "prob_deficit", lambda share: share
    # A chance hidden under --publish (or none) stays as it is.
    return (
        "prob_deficit_runs",
        lambda share: runs_of(float(share), runs) if is_number(share) else share,
    )
