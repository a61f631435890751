"""The uncertainty section of ``pbrkit cost --psa`` (docs/uncertainty.md)."""

from __future__ import annotations

from pbrkit.reports.document import Section, Table, Text
from pbrkit.reports.registry_psa import RANGE_COLUMNS, STATISTICS
from pbrkit.reports.uncertainty_narrative import COST_LABELS, cost_headline
from pbrkit.reports.values import CostPsaObject, range_row, stats_row

FIGURE_COLUMNS = ("psa_figure", *STATISTICS, "prob_deficit")


def cost_psa_section(psa: CostPsaObject) -> Section:
    """The sentences, each surplus's mean, percentiles and probability of a deficit,
    then the ranges assumed."""
    lines = cost_headline(psa, ranges="in the table below")
    figures = tuple(
        {"psa_figure": COST_LABELS.get(name, name), **stats_row(stats),
         "prob_deficit": psa["prob_deficit"][name]}
        for name, stats in psa["figures"].items()
    )  # fmt: skip
    parameters = tuple(range_row(p) for p in psa["parameters"])
    return Section(
        "Uncertainty",
        (
            Text("Uncertainty: the surplus, given the ranges", "title"),
            *(Text(line) for line in lines),
            Table("psa_figures", None, FIGURE_COLUMNS, figures),
            Table("psa_parameters", "Ranges assumed", RANGE_COLUMNS, parameters),
            Text("The other sections are the costing at the inputs as given."),
        ),
    )
