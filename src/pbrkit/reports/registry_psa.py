"""The figures only ``pbrkit psa`` and ``pbrkit threshold`` show (see ``reports/registry.py``).

Each statistic over a PSA's runs of a tender figure (docs/uncertainty.md) is about the
same people as the figure itself, so ``--publish`` hides it with them; the
``over`` of the document's blocks (reports/publishing.py) hides it too when the count
is hidden in any single run.
"""

from __future__ import annotations

from typing import Final

from pbrkit.reports.figures import Figure, Unit, figure, register
from pbrkit.tender.metrics import FIGURES as TENDER_FIGURES

#: The figures the headline, the tornado and the variance shares are given for.
LEADS: Final = ("nhs_surplus_change", "public_spending_change")

#: The percentiles every PSA and every tender's draws give (registered in registry.py),
#: and with the mean, the statistics over the runs, in the order every output lists them.
PERCENTILES: Final = ("p5", "p50", "p95")
STATISTICS: Final = ("mean", *PERCENTILES)
#: What a PSA of one run gives in place of :data:`STATISTICS`: its value, once (its
#: mean and every percentile are that value, and four equal numbers would read as a
#: range: docs/uncertainty.md), as the headline gives it (``psa_<figure>_one_run``).
ONE_RUN: Final = "one_run"


def statistics_over(runs: int) -> tuple[str, ...]:
    """The statistics a PSA's tables list over ``runs`` runs: :data:`STATISTICS`, or
    over one run :data:`ONE_RUN` alone (read from the median, which is that run)."""
    return (ONE_RUN,) if runs == 1 else STATISTICS


def statistic_key(statistic: str) -> str:
    """The key of summary.json's statistics a table's ``statistic`` reads."""
    return "p50" if statistic == ONE_RUN else statistic


#: An uncertain parameter's range as summary.json's ``psa.parameters`` gives it
#: (values.Range) and the "Ranges assumed" tables show it, in order.
RANGE_COLUMNS: Final = ("parameter", "low", "high", "distribution", "mode", "median", "source")

#: A lead figure's percentiles in the headline: suffix and words (the statistics'
#: registered labels, reports/registry.py, as they read inside a phrase).
PERCENTILE_WORDS: Final = tuple((s, figure(s).label.lower()) for s in PERCENTILES)

register(
    Figure(ONE_RUN, "Its only run", Unit.MONEY,
           "the figure in the PSA's only run (one run gives no range)"),
    Figure("sample", "Sample", Unit.COUNT,
           "the Latin-hypercube sample of the uncertain parameters (0 is the first)"),
    Figure("inner", "Selection draw", Unit.COUNT,
           "the draw of the bidders' selection noise within the sample (0 is the first)"),
    Figure("statistic", "Over the runs", Unit.TEXT,
           "the statistic over every run the row gives, or the run with every parameter "
           "at its median (the tornado's base)"),
    Figure("range_words", "What varies", Unit.TEXT,
           "the range in words: what is sampled, from which distribution, between what"),
    Figure("break_even_figure", "Figure", Unit.TEXT, "the figure whose crossing is found"),
    Figure("break_even_count", "Break-even", Unit.COUNT,
           "a break-even of a parameter that counts people (a bidder's capacity): the "
           "first whole number of people at which the figure has crossed"),
    Figure("psa_samples", "PSA samples searched", Unit.COUNT,
           "PSA samples of the other parameters at which the break-even was found again"),
    Figure("no_crossing", "PSA samples with no crossing", Unit.COUNT,
           "of those, samples at which the figure does not cross the target in the bounds"),
    Figure("prob_nhs_surplus_falls", "Chance the NHS surplus falls", Unit.SHARE,
           "the share of runs in which the change in NHS surplus is below zero",
           about=figure("nhs_surplus_change").about),
    Figure("prob_public_spending_rises", "Chance public spending rises", Unit.SHARE,
           "the share of runs in which the change in public spending is above zero",
           about=figure("public_spending_change").about),
    # Below 20 runs the headline shows these counts in place of the shares above.
    Figure("prob_nhs_surplus_falls_runs", "Chance the NHS surplus falls", Unit.TEXT,
           "the runs in which the change in NHS surplus is below zero, of every run "
           "(a count: too few runs for a share)",
           about=figure("nhs_surplus_change").about),
    Figure("prob_public_spending_rises_runs", "Chance public spending rises", Unit.TEXT,
           "the runs in which the change in public spending is above zero, of every run "
           "(a count: too few runs for a share)",
           about=figure("public_spending_change").about),
)  # fmt: skip


def _per_figure() -> None:
    """Each tender figure's variance share, break-even and target, with its people."""
    for key in TENDER_FIGURES:
        base = figure(key)
        register(
            Figure(f"{key}_share_parameters", f"{base.label}: share of variance from "
                   "parameters", Unit.SHARE,
                   f"the share of the variance over runs from the parameters, not the "
                   f"selection noise (2+ draws a sample): {base.meaning}", about=base.about),
            Figure(f"{key}_target", f"Target: {base.label}", base.unit,
                   f"the level of the figure whose crossing is found: {base.meaning}",
                   signed=base.signed, fall_is_good=base.fall_is_good),
            Figure(f"{key}_break_even", "Break-even", Unit.PARAMETER,
                   f"the parameter's value at which the figure crosses the target, the other "
                   f"parameters at their medians: {base.meaning}", about=base.about),
        )  # fmt: skip
        for suffix, words in PERCENTILE_WORDS:
            register(Figure(
                f"{key}_break_even_{suffix}", f"Break-even, PSA {suffix}", Unit.PARAMETER,
                f"{words} of the break-even over the PSA samples that cross", about=base.about,
            ))  # fmt: skip


def _per_lead() -> None:
    """The headline percentiles, tornado arms and variance shares of the lead figures."""
    for key in LEADS:
        base = figure(key)
        for suffix, words in PERCENTILE_WORDS:
            register(Figure(
                f"psa_{key}_{suffix}", f"{base.label}, {words}", base.unit,
                f"{words} over every run of the PSA: {base.meaning}", about=base.about,
                signed=base.signed, fall_is_good=base.fall_is_good,
            ))  # fmt: skip
        # A PSA of one run: its value, in place of three equal percentiles (fix11).
        register(Figure(
            f"psa_{key}_one_run", f"{base.label}, its only run", base.unit,
            f"the figure in the PSA's only run (one run gives no range): {base.meaning}",
            about=base.about, signed=base.signed, fall_is_good=base.fall_is_good,
        ))  # fmt: skip
        register(
            Figure(f"{key}_at_low", f"{base.label}: at the low end", base.unit,
                   f"the figure with the parameter at its low end, the others at their "
                   f"medians: {base.meaning}", about=base.about, signed=base.signed,
                   fall_is_good=base.fall_is_good),
            Figure(f"{key}_at_high", f"{base.label}: at the high end", base.unit,
                   f"the figure with the parameter at its high end, the others at their "
                   f"medians: {base.meaning}", about=base.about, signed=base.signed,
                   fall_is_good=base.fall_is_good),
            Figure(f"{key}_swing", f"{base.label}: swing", base.unit,
                   "how far the figure moves between the parameter's low and high ends",
                   about=base.about),
            Figure(f"{key}_variance_share", f"{base.label}: share of variance", Unit.SHARE,
                   "the share of the figure's variance over the runs the parameter explains "
                   "(squared standardised regression coefficient, linear metamodel)",
                   about=base.about),
            Figure(f"{key}_r_squared", f"R² of the metamodel: {base.label}", Unit.RATIO,
                   "how much of the variance the linear metamodel explains (1: all)",
                   about=base.about),
            Figure(f"{key}_most_important", f"Most important parameter: {base.label}",
                   Unit.TEXT, "the parameter that explains the largest share of the "
                   "figure's variance over the runs", about=base.about),
        )  # fmt: skip


_per_figure()
_per_lead()
