"""``pbrkit tender --years``: the residue over the years (docs/methodology.md §6.7)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd

from pbrkit.reports.document import Chart, Section, Table, Text, Value
from pbrkit.tender.accounts import TenderAccounts

P, T, R, S = "service_users", "taken_patients", "residue_patients", "stranded_fixed_cost"
#: The year table's columns: the year's number last (summary.json puts it first).
YEARS: Final = ("financial_year", "price_index", T, R, "residue_cost_per_head",
                "residue_payment_per_head", "nhs_surplus", "cumulative_surplus", S,
                "cut_per_head", "cut_share", "bidder_profit", "public_spending_change",
                "year")  # fmt: skip
#: The year table's totals: money that adds up over the years. Not the counts (the
#: same people are counted in every year), the per-head figures, the indices or the
#: running cumulative surplus (its last year is its total).
YEAR_TOTALS: Final = ("nhs_surplus", S, "bidder_profit", "public_spending_change")


def years_table(years: pd.DataFrame, bounds: Mapping[str, Value] | None = None) -> Table:
    """The year-by-year table (docs/methodology.md §6.7): each year's people taken and
    left add up to everyone; per-head figures are means over the people left; the
    total row sums the money that adds up over the years (:data:`YEAR_TOTALS`).

    ``bounds``: the tender's total row's bound fields (the largest over its clusters of
    what one person adds to each £ total in a year), carried by year 1 alone, so that
    ``--publish`` floors its £ and per-head figures against its own counts
    (docs/methodology.md §7). They are year 1's prices and costs: a later year's move
    with the deflator, re-basing and inflation, and its £ figures are hidden anyway."""
    rows: tuple[dict[str, Value], ...] = tuple(
        {str(k): v for k, v in row.items()} for row in years[list(YEARS)].to_dict("records")
    )
    if rows and bounds:
        rows = ({**rows[0], **bounds}, *rows[1:])
    return Table("years", None, YEARS, rows, total={}, entity="year",
                 ids=("year",), row_lines=((P, T, R),), total_is_everyone=False, frozen=True,
                 running=("cumulative_surplus",), sums=YEAR_TOTALS, series=True)  # fmt: skip


def years_section(
    accounts: TenderAccounts, bounds: Mapping[str, Value] | None = None
) -> Section | None:
    """The year table, what it assumes and the residue's cost and payment a head
    (``bounds``: :func:`years_table`'s)."""
    if accounts.years is None:
        return None
    text = (
        "Each year prices follow the re-basing rule, costs inflate, unshed fixed cost "
        "shrinks and contracts are re-let as the run settings say (methodology §6.7). "
        + _cut_words(accounts.meta.options.get("nhs_response"))
    )
    if accounts.result.spec.nhs.payment != "activity":
        text += (
            " The NHS keeps the income its block or blended payment leaves it for the people "
            "taken in year 1, the contract year, only: from year 2 it loses their income as "
            "under activity payment."
        )
    if accounts.draws > 1:
        # The years run one tender (pbrkit.tender.years), not one per draw: say which, so
        # that year 1 is not read as the medians above.
        text += (
            f" Of the {accounts.draws:,} draws of the bidders' noise, the year table follows "
            "one of them, draw 0, not their medians, so its year 1 need not equal the "
            "figures above."
        )
    table = years_table(accounts.years, bounds)
    chart = Chart("years", "financial_year", ("residue_cost_per_head", "residue_payment_per_head"),
                  "The residue's cost and payment per head over the years", "lines")  # fmt: skip
    return Section("The residue over the years", (table, Text(text), chart), sheet="Years")


def _cut_words(response: object) -> str:
    """What the cut columns mean under the run's ``nhs_response``: with ``cut`` the NHS
    does cut (review 10: the note said "would have to", and nothing said that the
    surplus columns are before the cut)."""
    if response == "cut":
        return (
            "The NHS responds by cutting its spending on the residue to break even: the cut "
            "is what it takes from the residue's care that year, at most all of that care. "
            "The NHS surplus, cumulative surplus and change in public spending are before "
            "that cut: they count the deficit the cut closes as if it were funded. A deficit "
            "larger than the residue's whole cost stays a deficit."
        )
    return (
        "The cut is what the NHS would have to take from the residue's care to break even "
        "that year, and at most all of that care: a deficit larger than the residue's whole "
        "cost stays a deficit."
    )
