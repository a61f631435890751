"""The plain-English sentences that lead the uncertainty reports (HTML and Excel alike).

The interval comes first, then the probability, then which assumption matters most:
a reader should not meet a single number before its range.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from pbrkit.reports.figures import Unit
from pbrkit.reports.figures import figure as registered_figure
from pbrkit.reports.format import decimal, money_short, percent, plain, plural
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.values import (
    Amount,
    CostPsaObject,
    PsaObject,
    Stats,
    ThresholdObject,
    Value,
    amount,
    percentiles,
)
from pbrkit.uncertainty.params import parse_path
from pbrkit.uncertainty.summaries import ThresholdSpread

#: Fewest runs for "in 9 runs out of 10" between the 5th and 95th percentiles. They are
#: numpy's linear interpolation at positions 0.05·(n − 1) and 0.95·(n − 1) of the sorted
#: runs, so below 20 runs the lowest and highest run always fall outside and at most
#: n − 2 of n lie between (3 of 5, 8 of 10); at 20, exactly 18 of 20 do.
NINE_IN_TEN_RUNS: Final = 20

#: Places a break-even is given to, in sentences as in the tables (Unit.PARAMETER).
BREAK_EVEN_PLACES: Final = 4

#: How each lead figure is named in a sentence.
LABELS: Final = {
    "nhs_surplus_change": "the change in the NHS provider's surplus",
    "public_spending_change": "the change in public spending (commissioner and NHS together)",
}


#: Why a PSA figure is hidden under ``--publish``
#: (:func:`pbrkit.reports.publishing.hide_statistics`). It said "in some runs it is
#: about 1 to 7 people", which reads as the £ figure being about 1 to 7 (qa22), and a
#: count can be hidden by the line rule too, not only for being 1 to 7.
HIDDEN_BECAUSE: Final = (
    "in some runs a count of the people it concerns is hidden (1 to 7 people, or a count "
    "that would give such a one away), and a figure over every run is published only "
    "when every run is (small-number suppression)"
)

#: Said when no break-even was searched for (the cost pools are varied, so the fixed
#: cost share is derived from them rather than set).
NO_THRESHOLD: Final = (
    "No break-even of the fixed cost share is given: the cost pools are uncertain, so "
    "the fixed cost share follows from them rather than being set on its own."
)


def headline(
    summary: Mapping[str, PsaObject], *, ranges: str = "in the uncertainty table"
) -> list[str]:
    """The report's opening sentences, from summary.json's ``psa`` object; ``ranges``
    says where the reader finds the ranges assumed ("on the Uncertainty sheet")."""
    psa = summary["psa"]
    lines = []
    for figure, label in LABELS.items():
        stats = psa["figures"][figure]
        if is_suppressed(stats["p50"]):
            lines.append(f"{capital(label)} is not published: {HIDDEN_BECAUSE}.")
            continue
        runs = psa["samples"] * psa["inner"]
        lines.append(interval_sentence(runs, label, stats, ranges) + _noise_part(stats) + ".")
    chances = [
        f"{what} {in_share_of_runs(amount(chance), psa['samples'] * psa['inner'])}"
        for chance, what in (
            (psa["prob_nhs_surplus_falls"], "the NHS surplus falls"),
            (psa["prob_public_spending_rises"], "public spending rises"),
        )
        if not is_suppressed(chance)
    ]
    if chances:
        sentence = "; ".join(chances)
        lines.append(f"{capital(sentence)}.")
    lines += [s for s in (_matters(psa, f) for f in LABELS) if s]
    lines += [s for s in (threshold_sentence(t) for t in psa["thresholds"]) if s]
    return lines


def _noise_part(stats: Stats) -> str:
    """With 2+ selection draws a sample, how much of the interval the ranges make (the
    one-way analysis of variance's share): an interval that is mostly the bidders'
    luck is not the uncertainty of the assumptions (rev8: "between -£1,806 and -£1,597
    ... given the ranges", 0% of it from the ranges)."""
    share = stats.get("share_parameters")
    if share is None or is_suppressed(share) or isinstance(share, str):
        return ""
    return (
        f"; the ranges account for {percent(share, 0)} of its variance over the runs and "
        "the bidders' selection noise for the rest"
    )


def interval_sentence(runs: int, label: str, stats: Stats, ranges: str) -> str:
    """ "Over N runs, <label> is between £A and £B in 9 runs out of 10 (median £M), given
    the ranges <ranges>" ("is £A in at least 9 runs out of 10" when both ends show
    alike), without its full stop; with fewer than
    :data:`NINE_IN_TEN_RUNS` runs the percentiles as what they are, and why no more; with
    one run its value, which is no range (docs/uncertainty.md §3)."""
    p5, p50, p95 = (money_short(v) for v in percentiles(stats))
    if runs == 1:  # every percentile of one run is that run: not a range (fix11)
        return (
            f"In its only run, {label} is {p50}, given the ranges {ranges}; one run gives no "
            f"range (that needs 2 runs or more, and {NINE_IN_TEN_RUNS} or more to say where "
            "9 runs in 10 fall)"
        )
    if runs >= NINE_IN_TEN_RUNS and p5 == p95:  # not "between £0 and £0" (review 8)
        return (
            f"Over {runs:,} runs, {label} is {p5} in at least 9 runs out of 10, given the "
            f"ranges {ranges}"
        )
    if runs >= NINE_IN_TEN_RUNS:
        return (
            f"Over {runs:,} runs, {label} is between {p5} and {p95} in 9 runs out of 10 "
            f"(median {p50}), given the ranges {ranges}"
        )
    return (
        f"Over only {plural(runs, 'run')}, {label} has a median of {p50} (5th percentile "
        f"{p5}, 95th {p95}), given the ranges {ranges}; that is too few runs to say where "
        f"9 runs in 10 fall (that needs {NINE_IN_TEN_RUNS} or more)"
    )


def in_share_of_runs(share: Amount, runs: int) -> str:
    """ "in 81.0% of runs", or "in every run" and "in no run" where that is exact (not
    "in 100.0% of runs" of 10 runs, which reads as a measured share; review 8); over
    fewer than :data:`NINE_IN_TEN_RUNS` runs the count, "in 2 of 3 runs"."""
    if runs < NINE_IN_TEN_RUNS:
        return f"in {runs_of(share, runs)}"
    if share == 1:
        return "in every run"
    if share == 0:
        return "in no run"
    return f"in {percent(share)} of runs"


def runs_of(share: Amount, runs: int) -> str:
    """ "2 of 3 runs": a share of ``runs`` runs as the count it is, for a chance over
    too few runs for a percentage to mean anything (the share × runs is a whole number
    of runs; rounded only against float error)."""
    return f"{round(share * runs):,} of {runs:,} runs"


def _matters(psa: PsaObject, figure: str) -> str | None:
    sensitivity = psa["sensitivity"][figure]
    name = sensitivity["most_important"]
    if not isinstance(name, str):  # None: no shares; or hidden under --publish
        return None
    share = sensitivity["shares"][name]
    return (
        f"The uncertainty that matters most for {LABELS[figure]} is {name}: it explains "
        f"{percent(share, 0)} of its variance (linear metamodel, R² "
        f"{sensitivity['r_squared']:.2f})."
    )


def threshold_sentence(threshold: ThresholdObject) -> str | None:
    """ "Public spending rises when nhs.fixed_cost_share exceeds 28.5%." and the like."""
    name, key = threshold["parameter"], threshold["figure"]
    what, target = _figure_words(key, threshold["target"])
    shown = _shown_as(name)
    spread, low, high = _spread(threshold.get("psa"), shown), *threshold["bounds"]
    if is_suppressed(threshold["value"]):
        return f"The break-even of {name} for {what} is not published: {HIDDEN_BECAUSE}."
    if threshold["value"] is None and threshold.get("at_target"):
        return (
            f"{capital(what)} is {target} at every value of {name} between {plain(low)} and "
            f"{plain(high)} that was tried, so no single value of it breaks even{spread}."
        )
    if threshold["value"] is None:
        return (
            # "the other parameters at their medians" said nothing when there were none
            f"With every other input as given (an uncertain one at its median), {what} "
            f"does not cross {target} anywhere between {name} = {plain(low)} and "
            f"{plain(high)}{spread}."
        )
    at = f"{target} at {name} = {shown(threshold['value'])}"
    if "at_bound" in threshold:
        # The search does not look past the bound, so the figure is not said to cross
        # (docs/uncertainty.md §5).
        return (
            f"{capital(what)} meets {target} at the {threshold['at_bound']} bound of the "
            f"range searched, {name} = {shown(threshold['value'])}: it is {target} there and "
            f"not at the next value tried, so whether it crosses {target} there cannot be "
            f"told from inside the range ({plain(low)} to {plain(high)}){spread}."
        )
    if threshold.get("steps"):
        # Plugged back in, a step's point does not break even: say so (review 10).
        return (
            f"{capital(what)} jumps past {at}: it steps there (patients change hands), so "
            f"it is never {target} itself{spread}."
        )
    return f"{capital(what)} crosses {at}{spread}."


def capital(words: str) -> str:
    """``words`` with its first letter a capital, the rest as written."""
    return words[0].upper() + words[1:]


def _figure_words(key: str, target: Value) -> tuple[str, str]:
    """A threshold's figure as a sentence names it, and its target as the figure is
    written: a £ figure in pounds, a count, index or ratio in its own unit (not "£1"
    for a ratio of 0.97)."""
    fig = registered_figure(key)
    label = LABELS.get(key, fig.label[0].lower() + fig.label[1:])
    return label, money_short(target) if fig.unit is Unit.MONEY else fig.html(target)


def break_even(value: Value) -> str:
    """A break-even as its tables show it: four decimal places, thousands grouped (not
    four significant figures, which wrote a £ amount as 3.429e+07)."""
    return decimal(value, BREAK_EVEN_PLACES)


def _shown_as(name: str) -> Callable[[Value], str]:
    """How a break-even of parameter ``name`` is written: a count of people (a bidder's
    capacity, run as a whole number) to the nearest one, as its tables show it ("11",
    not "11.0000": rev8); any other parameter to :data:`BREAK_EVEN_PLACES` places."""
    return _whole_people if counts_people_path(name) else break_even


def counts_people_path(name: str) -> bool:
    """Whether parameter path ``name`` counts people (a bidder's capacity)."""
    try:
        return parse_path(name).whole
    except ValueError:  # a model of the library's own, with its own names: no count
        return False


def _whole_people(value: Value) -> str:
    return f"{round(amount(value)):,}"


def _spread(spread: ThresholdSpread[Value] | None, shown: Callable[[Value], str]) -> str:
    """The PSA range of a break-even; percentiles are over the samples that cross."""
    if not spread:
        return ""
    crossing = spread["samples"] - spread["no_crossing"]
    if crossing == 0:
        return f"; it crosses at none of {spread['samples']} PSA samples"
    if spread["no_crossing"]:
        where = shown(spread["p5"]) + (
            "" if shown(spread["p5"]) == shown(spread["p95"]) else f" to {shown(spread['p95'])}"
        )
        return f"; it crosses at only {crossing} of {spread['samples']} PSA samples (at {where})"
    return (
        f" (5th to 95th percentile over {plural(spread['samples'], 'PSA sample')}: "
        f"{shown(spread['p5'])} to {shown(spread['p95'])})"
    )


#: How each figure of a costing's PSA is named in a sentence.
COST_LABELS: Final = {
    "surplus": "the surplus in the input year",
    "surplus_last_year": "the surplus in the last year of the projection",
    "surplus_all_years": "the surplus over all the years together",
}


def cost_headline(psa: CostPsaObject, *, ranges: str) -> list[str]:
    """The opening sentences of ``pbrkit cost --psa``: each surplus's interval, then
    the probability of a deficit."""
    lines = []
    for figure, stats in psa["figures"].items():
        label = COST_LABELS.get(figure, figure)
        lines.append(
            f"{interval_sentence(psa['samples'], label, stats, ranges)}; it is a deficit "
            f"{in_share_of_runs(amount(psa['prob_deficit'][figure]), psa['samples'])}."
        )
    return lines
