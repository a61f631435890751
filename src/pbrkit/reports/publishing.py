"""``--publish`` for any document: one function, driven by the figure registry.

:func:`publish` takes a finished document and returns the one to release:

1. Every count of people in it (a :attr:`Unit.PEOPLE` figure: a table's people column,
   a headline count, a data-quality note's people) is published by
   :func:`~pbrkit.reports.suppression.suppress_counts` — 1 to 7 hidden, the rest rounded
   to 5, and a second count hidden in any line with exactly one hidden. The lines (sets
   of counts that add up) come from the document's structure: a table's rows with the
   run's total, a breakdown's rows with the row they break down (``Table.parts_of``),
   counts of a row or of the headline that add up (``Table.row_lines``,
   ``Headline.lines``), groups of rows with the count they add up to (``Table.sums_to``).
2. Every figure registered as being *about* a count (its £, days, shares) is hidden
   wherever that count is hidden, and a figure published as a count (``rounded``) is
   rounded like one.
3. Every figure with a formula over a count (a per-person figure) is worked out again
   from the published count (NHS Digital: derived figures come from rounded counts).
4. A headline count of a table's flags (:class:`~pbrkit.reports.formulas.CountIf`) is
   counted again over the published table.
5. summary.json's objects of figures that are not blocks (``Document.json_figures``:
   a tender's ``totals``) are published by their figures' units, as a label/value
   line is.
6. The findings are written again from the published document, so the sentences
   carry the published numbers; nothing is searched for inside text.

The rule is documented in docs/methodology.md §7.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import Final, TypeVar

from pbrkit.model import QualityNote
from pbrkit.reports.document import (
    Block,
    Document,
    Grid,
    Headline,
    Notes,
    Pairs,
    Row,
    Section,
    Table,
    Text,
    Value,
)
from pbrkit.reports.figures import Figure, Unit, figure
from pbrkit.reports.floors import Line, cell_bounds, hide_complements, hide_floors
from pbrkit.reports.floors import row_key as _row_key
from pbrkit.reports.floors import total_key as _total_key
from pbrkit.reports.formulas import Compound, CountIf, Formula, TotalOf, TotalsRatio
from pbrkit.reports.suppression import (
    SUPPRESSED,
    Disclosed,
    DisclosurePolicy,
    Published,
    is_suppressed,
    ratio,
    suppress_counts,
)
from pbrkit.reports.values import is_finite, is_number

Key = tuple[Hashable, ...]
K = TypeVar("K", bound=Hashable)
#: Units of £ figures: a mean of one is worked out again from its rounded total.
MONEY_UNITS = frozenset({Unit.MONEY, Unit.MONEY_PENCE})


def publish(document: Document, policy: DisclosurePolicy) -> Document:
    """``document`` with small-number suppression applied to every figure."""
    policy = replace(policy, command=document.command)  # its rule in its own words
    counts, lines = _counts_and_lines(document)
    disclosed = suppress_counts(counts, lines, policy)
    bounds = cell_bounds(document)  # read before publishing drops the rows' bound fields
    published = document.map_blocks(lambda block: _publish_block(block, disclosed, policy))
    closing = [*lines, *grid_total_lines(document)]
    published = hide_complements(published, closing, bounds, disclosed.values, policy)
    published = recount(hide_statistics(project(published, policy), disclosed.secondary))
    published = follow_totals(published, policy.money_base / 2)
    published = hide_money_lines(hide_with_totals(published))
    published = _say_why_later_years(published)
    published = _ranked_as_published(published)
    published = replace(published, json_figures={
        name: floored_figures(published_figures(values, policy), published, policy)
        for name, values in document.json_figures.items()
    })  # fmt: skip
    meta = document.meta.model_copy(update={"disclosure": policy.statement})
    return replace(published, meta=meta, policy=policy).with_findings()


#: Lists in a document's extras that rank rows of a table by one of its figures:
#: summary.json's ``loss_making`` (the findings name its first three) ranks the
#: clusters by surplus, largest loss first.
RANKED_EXTRAS: Final = {"loss_making": ("clusters", "cluster", "surplus")}


def _ranked_as_published(document: Document) -> Document:
    """Each :data:`RANKED_EXTRAS` list ranked by its figure as published: the shown
    rows by their published value (ties in code order: the exact order of two equal
    rounded losses is not published either), then the rows whose figure is hidden, in
    code order. Ranked by the exact figure, a hidden loss kept its place, a little of
    the hidden figure ("the largest losses are in cluster 13 (…, *)": left by the
    reviews)."""
    extras = dict(document.extras)
    for name, (table, key, column) in RANKED_EXTRAS.items():
        listed = extras.get(name)
        if not isinstance(listed, list) or not any(t.key == table for t in document.tables()):
            continue
        value = {row[key]: row.get(column) for row in document.table(table).rows}
        hidden = [code for code in listed if not is_number(value.get(code))]
        shown = [code for code in listed if is_number(value.get(code))]
        shown.sort(key=lambda code: (_float(value[code]), _code_order(code)))
        extras[name] = [*shown, *sorted(hidden, key=_code_order)]
    return replace(document, extras=extras)


def _code_order(code: object) -> tuple[int, float, str]:
    """Codes in their order: numbers by value, then text (a set's own codes)."""
    if isinstance(code, int | float) and not isinstance(code, bool):
        return (0, float(code), "")
    return (1, 0.0, str(code))


def project(document: Document, policy: DisclosurePolicy) -> Document:
    """Projections (:class:`Compound`) worked out again from their published base, and
    published by their figure's unit (a £ total to the money base, a count as a count).

    Year t of a cost projection is year 0 times a known factor: rounded on its own,
    each year would be one more interval around the exact year-0 total, and together
    they would narrow it (review 9b: five years at a 1.8% deflator narrowed ±£25k to
    a £13k window). Worked out from the rounded year 0 and rounded again, the years
    add nothing a reader could not work out from year 0; a figure of the row with a
    formula over them (the surplus) is year 0's as published, moved by what the
    projection changes in its operands (:func:`_followed`).
    """
    named = {name: pairs.lines[index][1] for pairs in document.blocks(Pairs)
             for index, name in pairs.names.items()}  # fmt: skip

    def projected(block: Block) -> Block:
        if not isinstance(block, Table):
            return block
        compounds = {k: f for k, f in block.formulas.items() if isinstance(f, Compound)}
        if not compounds:
            return block
        rows: list[Row] = []
        for row in block.rows:  # year 0 first: later years follow it as published
            rows.append(_projected_row(row, block, compounds, named, policy, rows[:1]))
        note = _projected_note(block.note, policy) if len(rows) > 1 else block.note
        return replace(block, rows=tuple(rows), note=note)

    return document.map_blocks(projected)


def _projected_note(note: str | None, policy: DisclosurePolicy) -> str | None:
    """Says that the later years carry year 0's rounding, grown (rev9: on the shipped
    example at 100% cost inflation for ten years the 2033/34 deficit is published as
    £23,737,500,000 where the exact one is £23,738,563,649: year 0's surplus rounded by
    £8,807 and its cost by £2,064, grown 2⁹-fold: 8,807 + 2,064 × 511 = 1,063,511)."""
    if policy.money_base <= 0:
        return note
    half = f"£{policy.money_base / 2:,.0f}"
    words = (
        "Published, each year after the first is worked out from year 0's rounded income "
        "and cost, then rounded: it carries year 0's rounding (up to "
        f"{half} on each), grown by the year's rates, so it can be further from the exact "
        "projection than the rounding alone."
    )
    return f"{note} {words}" if note else words


def _projected_row(
    row: Row,
    table: Table,
    compounds: Mapping[str, Compound],
    named: Mapping[str, Value],
    policy: DisclosurePolicy,
    first: Sequence[Row] = (),
) -> Row:
    out = dict(row)
    exact = {key: compound.project(named, row) for key, compound in compounds.items()}
    for key, value in exact.items():
        out[key] = _published_as(key, value, policy)
    # Year 0 is the input year: its surplus is the one the headline publishes (the exact
    # surplus rounded), which need not be the rounded income less the rounded cost
    # (£400,000 − £350,000 beside a surplus of £88,855 published as £100,000: rev7a).
    base_year = all(row.get(compound.year) == 0 for compound in compounds.values())
    for key in table.columns:
        formula = _formula(figure(key), table)
        if formula is not None and any(is_suppressed(out.get(k)) for k in formula.row_operands):
            out[key] = SUPPRESSED  # over a hidden base (the floor rule hid the total)
        elif (
            not base_year
            and key not in compounds
            and formula is not None
            and set(formula.row_operands) & set(compounds)
        ):
            out[key] = _followed(key, formula, out, exact, first, policy)
    return out


def _followed(
    key: str,
    formula: Formula,
    out: Row,
    exact: Mapping[str, Value],
    first: Sequence[Row],
    policy: DisclosurePolicy,
) -> Value:
    """A later year's figure over projected operands (the surplus): year 0's as
    published, plus what the projection changes, worked out from the published year-0
    operands and the rates, then rounded: S_t = S_0 + (I_t − I_0) − (C_t − C_0).

    The rounded income less the rounded cost would be a second rounding of the same
    year-0 totals, and need not be year 0's published surplus: a surplus of −£3,000 in
    every year, with £ rounded to £2,000, was published as −£4,000 in year 0 and
    −£2,000 after (6,000 − 8,000), "becomes a deficit of £2,000" with nothing changed
    (rev8). Every operand here is published, so the year adds nothing to year 0.
    """
    start = first[0].get(key) if first else None
    now = formula.value({**out, **exact})
    then = formula.value(first[0]) if first else None
    if not (is_number(start) and is_number(now) and is_number(then)):
        return formula.value(out)
    return _published_as(key, _float(start) + _float(now) - _float(then), policy)


def _published_as(key: str, value: Value, policy: DisclosurePolicy) -> Value:
    """``value`` published by the registered unit of figure ``key``: a count as a count,
    a £ total to the money base, a figure with published places to them, anything else
    (a public rate such as a price) as it is."""
    fig = figure(key)
    if is_number(value) and fig.published_places is not None and not _count_or_total(fig):
        return round(float(value), fig.published_places)
    return _published_by_unit(fig, value, policy)


def published_figures(values: Row, policy: DisclosurePolicy) -> dict[str, Value]:
    """Figures by registered key, each published by its unit as a label/value line is
    (a count as a count, a £ total to the money base, anything else as it is)."""
    return {key: published_value(key, v, policy) for key, v in values.items()}


def floored_figures(
    values: Mapping[str, Value], document: Document, policy: DisclosurePolicy
) -> dict[str, Value]:
    """``values`` (a published object of figures that is not a block: a tender's
    ``totals``) with each figure one person adds at most so much to (days) hidden as
    :func:`hide_complements` hides one in a table's total (rev13: a tender's totals gave
    12 people's 4,380 days beside their published 10, so exactly 12).

    Hidden where its count, as the headline publishes it (else as ``values`` does), is
    hidden or would be narrowed by it (the floor rule), and where any table hides a
    cell of the figure: a total is the whole of its rows, so less the rows shown it
    would give the hidden ones back.
    """
    shown = document.headline().values if document.blocks(Headline) else {}
    out = dict(values)
    for key, value in values.items():
        fig = figure(key)
        if not fig.is_bounded or not is_number(value):
            continue
        counts = [shown.get(count, values.get(count)) for count in fig.about]
        if fig.most_a_person is None:
            # A bound from the row (a tender's income) is not carried here: the tables'
            # total rows carry it and are floored and closed; this follows them.
            if _hidden_in_a_total(document, key):
                out[key] = SUPPRESSED
            continue
        floored = any(
            not is_number(p) or policy.total_bounds_count(_float(value), fig.most_a_person, p)
            for p in map(_float_or_none, counts)
        )
        if floored or _hidden_anywhere(document, key):
            out[key] = SUPPRESSED
    for key in values:  # a surplus over a hidden income (income = cost + surplus)
        formula = figure(key).formula
        if formula is not None and any(is_suppressed(out.get(k)) for k in formula.row_operands):
            out[key] = SUPPRESSED
    for key, column in SIGNED_SUMS.items():
        if key in out and column in values and is_suppressed(out[column]):
            out[key] = SUPPRESSED
    return out


#: Headline figures worked out from others (tender/metrics.py, §6.5), hidden with any of
#: them whatever the headline's formulas (a run of several draws has none: its figures
#: are medians): the commissioner's cost change is the payments to bidders less v × the
#: taken income, its saving minus that, and the change in public spending the cost
#: change less the NHS surplus change (shown beside a shown surplus change, it gave a
#: hidden cost change back, and so the payments).
HEADLINE_RELATIONS: Final = {
    "commissioner_cost_change": ("payments_to_bidders", "commissioner_saving"),
    "commissioner_saving": ("payments_to_bidders", "commissioner_cost_change"),
    "public_spending_change": ("commissioner_cost_change", "nhs_surplus_change"),
    "public_cost_change": ("commissioner_saving", "nhs_surplus_change"),
}


def hide_with_totals(document: Document) -> Document:
    """Each headline's bounded figure hidden where a table's total row hides it (a
    headline figure is the whole of that table's rows: less the rows shown it would give
    the hidden ones back; with several draws it is a median of the draws' totals, not
    the table's sum of medians, and no formula ties it there), then each
    :data:`HEADLINE_RELATIONS` figure with a hidden operand, until none changes; and
    each figure the headline hides in the :data:`HEADLINE_COPIES` tables."""

    def hide(block: Block) -> Block:
        if not isinstance(block, Headline):
            return block
        values = dict(block.values)
        for key in values:
            if figure(key).is_bounded and _hidden_in_a_total(document, key, wholes_only=True):
                values[key] = SUPPRESSED
        changed = True
        while changed:
            changed = False
            for key, operands in HEADLINE_RELATIONS.items():
                if (
                    key in values
                    and not is_suppressed(values[key])
                    and any(is_suppressed(values.get(k)) for k in operands)
                ):
                    values[key], changed = SUPPRESSED, True
        return replace(block, values=values)

    document = document.map_blocks(hide)
    gone = {k for h in document.blocks(Headline) for k, v in h.values.items() if is_suppressed(v)}

    def hide_copies(block: Block) -> Block:
        if not isinstance(block, Table) or block.key not in HEADLINE_COPIES:
            return block
        aliases = HEADLINE_COPIES[block.key]
        shut = dict.fromkeys((k for k in block.columns if aliases.get(k, k) in gone), SUPPRESSED)
        total = None if block.total is None else {**block.total, **shut}
        return replace(block, rows=tuple({**row, **shut} for row in block.rows), total=total)

    return hide_about_hidden(hide_first_year_heads(document.map_blocks(hide_copies)))


#: Year 1's per-head figures (the tender's own year: :data:`HEADLINE_COPIES`) and the
#: figures their totals give back: each × the published count of the people left is
#: its total rounded, so shown beside a hidden one it gives that back (disc28). The
#: residue's cost is the cost less the cost of the people taken; their payment, the
#: income less the tariff income of the people taken; the cut, −the surplus after
#: (where it is a deficit below the residue's cost) or the residue's cost.
FIRST_YEAR_DIVIDES: Final[Mapping[str, tuple[str, ...]]] = {
    "residue_cost_per_head": ("residue_cost", "cost", "taken_cost"),
    "residue_payment_per_head": ("income", "taken_income"),
    "cut_per_head": ("nhs_surplus_after", "nhs_surplus", "residue_cost", "cost", "taken_cost"),
}


def hide_first_year_heads(document: Document) -> Document:
    """Year 1's per-head figures (:data:`FIRST_YEAR_DIVIDES`) hidden where a figure their
    totals give back is hidden: in the headline, in a table's total row, or in year 1's
    own row (its surplus, hidden by its floor)."""
    headline = {k for h in document.blocks(Headline) for k, v in h.values.items()
                if is_suppressed(v)}  # fmt: skip

    def hidden(key: str, row: Row) -> bool:
        return (
            key in headline
            or is_suppressed(row.get(key))
            or _hidden_in_a_total(document, key, wholes_only=True)
        )

    def hide(block: Block) -> Block:
        if not isinstance(block, Table) or block.key != "years" or not block.rows:
            return block
        first = block.rows[0]
        gone = {k for k, gives in FIRST_YEAR_DIVIDES.items()
                if k in first and any(hidden(g, first) for g in gives)}  # fmt: skip
        if not gone:
            return block
        # And what is worked out from them (the cut as a share of need: cut ÷ cost).
        gone |= {k for k in block.columns if gone & set(_operands_of(figure(k), block))}
        rows = ({**first, **dict.fromkeys(gone, SUPPRESSED)}, *block.rows[1:])
        return replace(block, rows=rows)

    return document.map_blocks(hide)


def hide_about_hidden(document: Document) -> Document:
    """Every table row (and total) with each figure about a count hidden in it hidden,
    by the registry's link (:attr:`Figure.about`), as :func:`_publish_row` hides them:
    run again after a rule that hides a count on its own (a year table's copy of a count
    the headline hides: a residue cost a head over the hidden count of the people left
    gave that count back, £50,000 ÷ £3,333.33 = 15). A figure about no count (a year's
    price index, public prices ÷ public prices) stays."""

    def hidden(row: Row, columns: Sequence[str]) -> Row:
        gone = {k for k in columns if figure(k).unit is Unit.PEOPLE and is_suppressed(row.get(k))}
        about = [k for k in columns if k in row and gone & set(figure(k).about)]
        return {**row, **dict.fromkeys(about, SUPPRESSED)} if about else row

    def hide(block: Block) -> Block:
        if not isinstance(block, Table):
            return block
        rows = tuple(hidden(row, block.columns) for row in block.rows)
        total = None if block.total is None else hidden(block.total, block.columns)
        return replace(block, rows=rows, total=total)

    return document.map_blocks(hide)


#: Tables whose rows restate the headline's figures (by key, or under the key given):
#: a tender's 5th, 50th and 95th percentiles over draws (the median is the headline's)
#: and its year table, whose first year is the tender's own (its NHS surplus and
#: cumulative surplus the surplus after, to the penny; later years are hidden anyway).
#: A figure the headline hides is hidden in every row and the total.
HEADLINE_COPIES: Final[Mapping[str, Mapping[str, str]]] = {
    "ranges": {},
    "years": {"nhs_surplus": "nhs_surplus_after", "cumulative_surplus": "nhs_surplus_after"},
}


def _hidden_in_a_total(document: Document, key: str, *, wholes_only: bool = False) -> bool:
    """Whether any table's total row hides figure ``key`` (``wholes_only``: of a table
    whose total is the whole of the headline's figure, not a projection's sum over its
    years or a table restating the headline, :data:`HEADLINE_COPIES`)."""
    return any(
        is_suppressed(table.total.get(key))
        for table in document.tables()
        if key in table.columns
        and table.total is not None
        and not (wholes_only and (table.series or table.key in HEADLINE_COPIES))
    )


#: Figures of a published object that sum one bounded column's values of one sign (the
#: profitable clusters' surpluses, the losses): hidden with that column's total, since
#: less the rows shown each gives the hidden rows' surpluses back (cross-subsidy −
#: losses = the total surplus).
SIGNED_SUMS: Final = {"cross_subsidy": "surplus", "loss": "surplus"}


def _float_or_none(value: Value) -> float | None:
    return _float(value) if is_number(value) else None


def _hidden_anywhere(document: Document, key: str) -> bool:
    """Whether any table row or total hides figure ``key``."""
    return any(
        is_suppressed(row.get(key))
        for table in document.tables()
        if key in table.columns
        for row in (*table.rows, *([table.total] if table.total is not None else []))
    )


def published_value(key: str, value: Value, policy: DisclosurePolicy) -> Value:
    """One value of the registered figure ``key`` published as a count (a count of
    people, or a figure registered ``rounded``) or a £ total (to the money base); any
    other value as it is."""
    return _published_by_unit(figure(key), value, policy)


def _published_by_unit(fig: Figure, value: Value, policy: DisclosurePolicy) -> Value:
    """:func:`published_value` of a figure already looked up."""
    if not is_number(value):
        return value
    if fig.unit is Unit.PEOPLE or fig.rounded:
        return policy.publish(float(value))
    if fig.is_money_total:
        return policy.round_money(float(value))
    return value


def _count_or_total(fig: Figure) -> bool:
    return fig.unit is Unit.PEOPLE or fig.rounded or fig.is_money_total


def hide_statistics(document: Document, by_line: AbstractSet[Hashable] = frozenset()) -> Document:
    """Statistics over the rows of another table (a block's ``over``) with every figure
    about a count hidden in any of those rows hidden, and the counts' own statistics
    hidden where they would give a count hidden by the line rule back.

    A percentile or mean over a PSA's runs mixes every run, so it is published only
    when every run it summarises is (docs/uncertainty.md, "Publishing"). A count's own
    statistics are published as counts, hidden when 1 to 7, which protects a count
    hidden for being small; but a count hidden by the line rule (``by_line``: the 10
    people left beside 4 taken, of 14 shown) is not small, and every run that leaves
    the same 10 has a mean, percentiles and median run of exactly 10, rounded to 10:
    published, they give the hidden count back (pub9). So a count's statistics are
    hidden when any run hides it by the line rule, and, since the statistics of counts
    that add up in every run add up too (mean taken + mean left = everyone; the run at
    the medians is a run), when any of its line's statistics is hidden
    (:func:`_line_statistics_hidden`).
    """
    tables = {table.key: table for table in document.tables()}

    def hide(row: Row, gone: AbstractSet[str], counts: AbstractSet[str]) -> dict[str, Value]:
        return {k: SUPPRESSED if k in counts or gone & set(figure(k).about) else v
                for k, v in row.items()}  # fmt: skip

    def block_hidden(block: Block) -> Block:
        runs = tables.get(block.over or "") if isinstance(block, Headline | Table) else None
        if runs is None or not isinstance(block, Headline | Table):
            return block
        people = people_columns(runs)
        gone = {c for c in people if any(map(is_suppressed, runs.column_values(c)))}
        lined = {c for c in people if any(_row_key(runs, r, c) in by_line for r in runs.rows)}
        counts = lined | _line_statistics_hidden(block, runs)
        if isinstance(block, Headline):
            return replace(block, values=hide(block.values, gone, counts))
        total = None if block.total is None else hide(block.total, gone, counts)
        rows = tuple(hide(r, gone, counts) for r in block.rows)
        return replace(block, rows=rows, total=total)

    return document.map_blocks(block_hidden)


def _line_statistics_hidden(block: Headline | Table, runs: Table) -> frozenset[str]:
    """The other counts of each line of the runs (:attr:`Table.row_lines`: everyone =
    taken + left) in which ``block``, a block of statistics over them, hides a
    statistic of one count.

    The means of counts that add up in every run add up, and the run at the medians is
    a run, so with one of them hidden (3 taken at the medians) the others (97 left, of
    100 shown) would give it back; a percentile of one is the whole less the mirror
    percentile of the other (5th taken = everyone − 95th left). So the others are
    hidden in whole columns, not cell by cell (which statistic pairs with which is the
    layout's, not this rule's); the hidden count's other statistics stay counts.
    """
    rows = (block.values,) if isinstance(block, Headline) else block.rows
    shown = {k for row in rows for k in row if figure(k).unit is Unit.PEOPLE}
    small = {k for k in shown if any(is_suppressed(row.get(k)) for row in rows if k in row)}
    return frozenset(
        k for line in runs.row_lines for h in small & set(line) for k in line
        if k != h and k in shown
    )  # fmt: skip


def follow_totals(document: Document, half: float = 0.0) -> Document:
    """A headline figure that is a table's total (:class:`TotalOf` in any of the
    document's headlines) shows that total as published, and a headline figure worked
    out from it follows it.

    One figure has one published value: a total such as the residue's casemix index is
    worked out again from the table's rounded counts (step 3), and a headline, which
    otherwise keeps the exact figure, would show a second value beside it. A ratio of
    tables' totals (:class:`TotalsRatio`, cost ÷ payment) is worked out from their
    published totals, each known to ± ``half`` (half the money base), and hidden where
    that could move it further than :data:`ROUNDING_SPREAD` (exact, beside the rounded
    totals, it would narrow them).
    """
    tables = {table.key: table for table in document.tables()}
    headlines = document.blocks(Headline)
    pointers = {key: f for h in headlines for key, f in h.formulas.items()
                if isinstance(f, TotalOf)}  # fmt: skip
    formulas = {key: f for h in headlines for key, f in h.formulas.items()
                if not isinstance(f, TotalOf)}  # fmt: skip
    ratios = {key: f for key, f in formulas.items() if isinstance(f, TotalsRatio)}

    def followed(block: Block) -> Block:
        if not isinstance(block, Headline):
            return block
        values, changed = dict(block.values), set[str]()
        for key, of_totals in ratios.items():
            if key in values:
                values[key], changed = _totals_ratio(of_totals, tables, half), changed | {key}
        for key, pointer in pointers.items():
            total = tables[pointer.table].total or {}
            if key in values and pointer.key in total and total[pointer.key] != values[key]:
                values[key], changed = total[pointer.key], changed | {key}
        for key, formula in formulas.items():
            if key in values and set(formula.row_operands) & changed:
                # Worked out from a hidden figure, it is hidden (`*`), not missing: a
                # formula's value over a hidden operand is blank, read as "no such figure".
                hidden = any(is_suppressed(values.get(k)) for k in formula.row_operands)
                values[key] = SUPPRESSED if hidden else formula.value(values)
                changed |= {key}
        return replace(block, values=values) if changed else block

    return document.map_blocks(followed)


def hide_money_lines(document: Document) -> Document:
    """Each headline's £ figures that add up (:attr:`Headline.money_lines`) all hidden
    where one is (hidden on its floor, or following a hidden total): the others would
    give it back (the £ at stake less the £ paid above is the £ paid below)."""

    def hidden(block: Block) -> Block:
        if not isinstance(block, Headline):
            return block
        gone = {key for line in block.money_lines
                if any(is_suppressed(block.values.get(k)) for k in line)
                for key in line if key in block.values}  # fmt: skip
        return replace(block, values={**block.values, **dict.fromkeys(gone, SUPPRESSED)})

    return document.map_blocks(hidden)


def _totals_ratio(formula: TotalsRatio, tables: Mapping[str, Table], half: float) -> Value:
    """``formula`` over the published totals of ``tables``; hidden when one of them is,
    or when the rounding of its £ totals (± ``half`` each) could move it over a range
    wider than :data:`ROUNDING_SPREAD` (a denominator that could reach 0: any range)."""
    totals = {(t, k): (tables[t].total or {}).get(k) if t in tables else None
              for t, k in formula.operands}  # fmt: skip
    if any(is_suppressed(v) for v in totals.values()):
        return SUPPRESSED
    if not all(is_number(v) for v in totals.values()):
        return None
    shown = {where: _float(v) for where, v in totals.items()}
    money = {w: half for w in shown if figure(w[1]).is_money_total and half > 0}
    return SUPPRESSED if _too_wide(shown, money, formula.over) else formula.over(shown)


def recount(document: Document) -> Document:
    """Headline counts of a table's flags (:class:`CountIf`) counted again over the
    published table: the headline says what a reader can count in the table (a CV
    flag follows the published CV). A hidden flag may be a "yes", so while the table
    hides any flag the count is hidden too (rev11: a cluster of 3 patients with a CV
    of 1.72, hidden, left the Summary saying 1 cluster above the threshold, not 2)."""

    def recounted(block: Block) -> Block:
        if not isinstance(block, Headline):
            return block
        counts = {key: _flag_count(formula, document.table(formula.table).rows)
                  for key, formula in block.formulas.items()
                  if isinstance(formula, CountIf) and key in block.values}  # fmt: skip
        return replace(block, values={**block.values, **counts}) if counts else block

    return document.map_blocks(recounted)


def _flag_count(formula: CountIf, rows: Sequence[Row]) -> Value:
    """The flags shown, counted; hidden when any of the rows' flags is hidden."""
    if any(is_suppressed(row.get(formula.key)) for row in rows):
        return SUPPRESSED
    return formula.count(rows)


# ------------------------------------------------------------- counts and lines


def people_columns(table: Table) -> tuple[str, ...]:
    """The table's counts of people: its columns registered as :attr:`Unit.PEOPLE`."""
    return tuple(k for k in table.columns if figure(k).unit is Unit.PEOPLE)


def _counts_and_lines(document: Document) -> tuple[dict[Hashable, float], list[Line]]:
    counts: dict[Hashable, float] = {}
    for key, value in _headline(document).values.items():
        if figure(key).unit is Unit.PEOPLE and is_number(value):
            counts[("headline", key)] = float(value)
    lines: list[Line] = [[("headline", key) for key in line] for line in _headline(document).lines]
    for table in document.tables():
        for column in people_columns(table):
            _register_column(table, column, counts)
    lines += grid_counts_and_lines(document, counts)
    for table in document.tables():
        for column in people_columns(table):
            lines += _column_lines(table, column, counts)
        for whole, *parts in table.row_lines:
            # The whole may be a headline count every row shares (a sweep's population).
            lines += [
                [_row_key(table, row, c) if c in table.columns else ("headline", c)
                 for c in (whole, *parts)]
                for row in table.rows
            ]  # fmt: skip
        lines += _total_row_lines(table)
        lines += sums_lines(table, counts)
    return counts, lines


def _total_row_lines(table: Table) -> list[Line]:
    """The lines of a table's total row: its counts add up as each row's do (14 people =
    12 taken + 2 left in all, as in each cluster), so with the 2 hidden, 15 and 10 shown
    would give them back (pub9: the tender's headline did). A total the row leaves
    blank is no count (:func:`_register_column`), and a key not counted is ignored."""
    if table.total is None:
        return []
    return [[_total_key(table, c) if c in table.columns else ("headline", c) for c in line]
            for line in table.row_lines]  # fmt: skip


def sums_lines(table: Table, counts: dict[Hashable, float]) -> list[Line]:
    """The lines of a table's groups of rows (:class:`SumsTo`): each group with the
    count it adds up to; when that count is not their sum (a group with unknowns
    left out), with their own subtotal, registered as a count of its own; or, for
    a :attr:`SumsTo.rest` group adding up to less, with the rest (the count less
    their sum) registered as a count of its own in the line."""
    lines: list[Line] = []
    for sums in table.sums_to:
        groups: dict[Key, list[Row]] = {}
        for row in table.rows:
            groups.setdefault(tuple(row.get(k) for k in sums.by), []).append(row)
        for values, rows in groups.items():
            parts = [_row_key(table, row, sums.part) for row in rows]
            subtotal = sum(counts[k] for k in parts)
            whole: Key = (
                ("headline", sums.column) if sums.entity == "headline"
                else (sums.entity, *(rows[0].get(i) for i in sums.ids), sums.column)
            )  # fmt: skip
            if sums.rest and counts.get(whole, 0.0) > subtotal:
                rest = (table.key, "rest", *values, sums.part)
                counts[rest] = counts[whole] - subtotal
                parts.append(rest)
            elif counts.get(whole) != subtotal:
                whole = (table.key, "sum", *values, sums.part)
                counts[whole] = subtotal
            lines.append([whole, *parts])
    return lines


def _register_column(table: Table, column: str, counts: dict[Hashable, float]) -> None:
    for row in table.rows:
        counts[_row_key(table, row, column)] = _float(row.get(column))
    if (
        table.total is not None
        and not table.total_is_everyone
        and column not in table.total_counts
        and not _unsummed(table, column)
    ):
        counts[_total_key(table, column)] = _float(table.total.get(column))


def _column_lines(table: Table, column: str, counts: Mapping[Hashable, float]) -> list[Line]:
    """The column's rows with its total, and with each row they break down."""
    keys = [_row_key(table, row, column) for row in table.rows]
    lines: list[Line] = []
    if _total_key(table, column) in counts and keys:
        lines.append([_total_key(table, column), *keys])
    for entity, by in table.parts_of:
        for value in dict.fromkeys(row.get(by) for row in table.rows):
            whole: Key = (entity, value, column)
            parts = [k for k, row in zip(keys, table.rows, strict=True) if row.get(by) == value]
            if whole in counts:
                lines.append([whole, *parts])
    return lines


def _float(value: Value) -> float:
    return float(value) if is_number(value) else 0.0


def _headline(document: Document) -> Headline:
    return next(iter(document.blocks(Headline)), Headline({}, ()))


# ------------------------------------------------------------- applying them


def _publish_block(block: Block, disclosed: Disclosed[Hashable], policy: DisclosurePolicy) -> Block:
    if isinstance(block, Headline):
        people = {k: disclosed[("headline", k)] for k in block.values
                  if ("headline", k) in disclosed.values}  # fmt: skip
        row = {**block.bounds, **block.values}  # the bound fields are read, never shown
        values = _publish_row(row, people, tuple(block.values), None, policy)
        return replace(block, values=values)
    if isinstance(block, Table):  # a table of £ alone has its totals rounded too
        columns = people_columns(block)
        rows = tuple(
            _publish_row(
                row, {c: disclosed[_row_key(block, row, c)] for c in columns}, block.columns,
                block, policy,
            )
            for row in block.rows
        )  # fmt: skip
        rows = _later_years_hidden(block, rows)
        total = block.total
        if total is not None:
            shown = {c: disclosed[_total_key(block, c)] for c in columns
                     if not _unsummed(block, c)}  # fmt: skip
            total = _publish_row(total, shown, block.columns, block, policy)
            total = _summed_over(block, rows, total)
        return replace(block, rows=_running_totals(block, rows), total=total)
    if isinstance(block, Pairs):
        return _publish_pairs(block, policy)
    if isinstance(block, Notes):
        return replace(block, notes=tuple(_publish_note(n, policy) for n in block.notes))
    if isinstance(block, Grid) and block.counts is not None:
        return publish_grid(block, disclosed)
    return block


def _publish_pairs(pairs: Pairs, policy: DisclosurePolicy) -> Pairs:
    """Label/value lines published as the figure each takes its format from: a £ total
    rounded (a cost run's year-0 income and cost, the operands of its projection), a
    count of people published as one. Other lines (rates, settings) are inputs."""
    lines = list(pairs.lines)
    for index, key in pairs.units.items():
        label, value = lines[index]
        lines[index] = (label, published_value(key, value, policy))
    return replace(pairs, lines=tuple(lines))


def _later_years_hidden(
    table: Table, rows: tuple[dict[str, Value], ...]
) -> tuple[dict[str, Value], ...]:
    """A projection's rows after the first (:attr:`Table.series`) with every £ figure
    or ratio about people hidden unless it is worked out from published figures.

    Without a re-let a later year's stranded cost is year 1's × ((1 − s)·g)^(t − 1),
    its residue's cost year 1's × g^(t − 1), and its surplus a sum of such series:
    each rounded year is one more interval around the same exact year-1 totals, and
    together they narrow them (fixleft: four years at a shed rate of 0.1 left a
    window of £24,006 of a £50,000 base). Counts stay: each is published in its line.
    """
    if not table.series:
        return rows
    kept = {k for k, f in table.formulas.items() if isinstance(f, Compound)}
    # An index too, about people or not: a later year's price index follows the
    # residue's cost under nhs_only re-basing (docs/methodology.md §6.7).
    hidden = {
        k for k in table.columns
        if k not in kept and figure(k).unit in MONEY_UNITS | RATIO_UNITS
        and (figure(k).about or figure(k).unit is Unit.INDEX)
    }  # fmt: skip
    later = tuple({k: SUPPRESSED if k in hidden else v for k, v in row.items()}
                  for row in rows[1:])  # fmt: skip
    return rows[:1] + later


#: Said in a published section whose projection shows its later years as counts only
#: (:func:`_later_years_hidden`), so the report's reader sees why, not only
#: methodology's.
SERIES_NOTE: Final = (
    "Published: after the first year only the counts of people are shown. Each later "
    "year's £ figures, rounded on their own, would narrow the first year's exact ones "
    "(docs/methodology.md §7); the report made without --publish has them."
)


def _say_why_later_years(document: Document) -> Document:
    """Each section holding a projection of two or more years gains :data:`SERIES_NOTE`,
    after the paragraph that follows the table (or at the section's end)."""

    def said(section: Section) -> Section:
        blocks = list(section.blocks)
        at = next((i for i, b in enumerate(blocks)
                   if isinstance(b, Table) and b.series and len(b.rows) > 1), None)  # fmt: skip
        if at is None:
            return section
        after = next((i for i in range(at + 1, len(blocks)) if isinstance(blocks[i], Text)), at)
        blocks.insert(after + 1, Text(SERIES_NOTE))
        return replace(section, blocks=tuple(blocks))

    return replace(document, sections=tuple(said(s) for s in document.sections))


def _unsummed(table: Table, column: str) -> bool:
    """A count the table's total row leaves blank (:attr:`Table.sums` names the others)."""
    return table.sums is not None and column not in table.sums


def _summed_over(table: Table, rows: tuple[Row, ...], total: dict[str, Value]) -> dict[str, Value]:
    """The total row of a table that names its sums (:attr:`Table.sums`): each the sum
    of the published rows, hidden when one is (it would give the hidden row back)."""
    if table.sums is None:
        return total
    for key in table.sums:
        values = [row.get(key) for row in rows]
        hidden = any(is_suppressed(v) for v in values)
        total[key] = SUPPRESSED if hidden else sum(v for v in values if is_number(v))
    return total


def _running_totals(table: Table, rows: tuple[dict[str, Value], ...]) -> tuple[Row, ...]:
    """The published rows with each running total hidden from the first row where it is
    hidden on (two shown would give the hidden one between them back)."""
    out = [dict(row) for row in rows]
    for key in table.running:
        hidden = False
        for row in out:
            hidden = hidden or is_suppressed(row.get(key))
            row[key] = SUPPRESSED if hidden else row.get(key)
    return tuple(out)


# ------------------------------------------------------------- grids of counts


def _grid_keys(grid: Grid) -> tuple[list[list[Key]], list[Key], list[Key], Key]:
    """The keys of a grid's cells, row totals, column totals and grand total."""
    c = grid.counts
    assert c is not None
    cells: list[list[Key]] = [
        [(c.entity, r, k, grid.figure) for k in grid.column_values] for r in grid.row_values
    ]
    rows: list[Key] = [(c.row_entity, r, c.row_figure) for r in grid.row_values]
    columns: list[Key] = [(c.column_entity, k, c.column_figure) for k in grid.column_values]
    return cells, rows, columns, ("headline", c.total)


def grid_counts_and_lines(document: Document, counts: dict[Hashable, float]) -> list[Line]:
    """Register every grid of counts (a confusion matrix): cells and margins, and the
    lines they make (each row and column with its total, the totals with the grand
    total, a coarser grid's cells with the cells of this one they sum)."""
    grids = [grid for grid in document.blocks(Grid) if grid.counts is not None]
    lines: list[Line] = []
    for grid in grids:
        cells, rows, columns, total = _grid_keys(grid)
        for i, row in enumerate(grid.cells):
            counts.update({k: _float(v) for k, v in zip(cells[i], row, strict=True)})
        counts.update({k: _float(v) for k, v in zip(rows, grid.row_totals(), strict=True)})
        counts.update({k: _float(v) for k, v in zip(columns, grid.column_totals(), strict=True)})
        lines += [[rows[i], *cells[i]] for i in range(len(rows))]
        lines += [[columns[j], *(r[j] for r in cells)] for j in range(len(columns))]
        lines += [[total, *rows], [total, *columns]]
        agreeing = grid.counts.diagonal_total if grid.counts is not None else None
        if agreeing is not None:
            where = {label: j for j, label in enumerate(grid.column_values)}
            diagonal = [cells[i][where[r]] for i, r in enumerate(grid.row_values) if r in where]
            lines.append([("headline", agreeing), *diagonal])
    for grid in grids:
        lines += _part_lines(grid, grids)
    return lines


def grid_total_lines(document: Document) -> list[Line]:
    """Each grid's grand total with all its cells: a line of the £ they carry (the £
    at stake is the sum of every disagreement's, the diagonal moving nothing), which
    the floors' closure reads beside the rows' and columns' lines. Not a line of the
    counts: the rows and columns already tie every cell to the total."""
    lines: list[Line] = []
    for grid in document.blocks(Grid):
        if grid.counts is not None:
            cells, _, _, total = _grid_keys(grid)
            lines.append([total, *(cell for row in cells for cell in row)])
    return lines


def _part_lines(grid: Grid, grids: list[Grid]) -> list[Line]:
    """A coarse grid's cells, rows and columns with the finer grid's ones they sum."""
    c = grid.counts
    if c is None or c.part_of is None:
        return []
    entity, group = c.part_of
    fine = next(g for g in grids if g.counts is not None and g.counts.entity == entity)
    f_cells, f_rows, f_columns, _ = _grid_keys(fine)
    cells, rows, columns, _ = _grid_keys(grid)
    lines: list[Line] = []
    for i, big_r in enumerate(grid.row_values):
        mine = [a for a, r in enumerate(fine.row_values) if group.get(r) == big_r]
        lines.append([rows[i], *(f_rows[a] for a in mine)])
        for j, big_c in enumerate(grid.column_values):
            theirs = [b for b, k in enumerate(fine.column_values) if group.get(k) == big_c]
            lines.append([cells[i][j], *(f_cells[a][b] for a in mine for b in theirs)])
    for j, big_c in enumerate(grid.column_values):
        theirs = [b for b, k in enumerate(fine.column_values) if group.get(k) == big_c]
        lines.append([columns[j], *(f_columns[b] for b in theirs)])
    return lines


def publish_grid(grid: Grid, disclosed: Disclosed[Hashable]) -> Grid:
    """A grid of counts as published: cells and margins (a rounded cell need not add
    up to its published margin)."""
    assert grid.counts is not None
    cells, rows, columns, total = _grid_keys(grid)
    published = tuple(tuple(disclosed[k] for k in row) for row in cells)
    counts = replace(grid.counts, row_totals=tuple(disclosed[k] for k in rows),
                     column_totals=tuple(disclosed[k] for k in columns),
                     grand_total=disclosed[total])  # fmt: skip
    return replace(grid, cells=published, counts=counts)


def _publish_row(
    row: Row,
    people: Mapping[str, Published],
    keys: tuple[str, ...],
    table: Table | None,
    policy: DisclosurePolicy,
) -> dict[str, Value]:
    """One row (or the headline) with its counts published and what they hide hidden.

    Only the figures the row shows (``keys``) are kept: nothing else can leak.
    """
    out = {key: row.get(key) for key in keys}
    out.update(people)
    changed = set(people)
    money: set[str] = set()  # published on their own: not worked out again below
    halves: dict[str, float] = {}  # how far each rounded £ total may be from the truth
    mean_halves: dict[str, float] = {}  # and each mean of one (its total's ÷ the count)
    for key in keys:
        value = row.get(key)
        # As the table shows it: a capacity's range ends are counts (Table.count_rows).
        fig = figure(key) if table is None else table.figure_at(row, key)
        if any(is_suppressed(out.get(count)) for count in fig.about):
            out[key] = SUPPRESSED  # a count about another (its percentile) hides with it
        elif key in people:
            continue
        elif fig.from_published and not _worked_out_here(fig, table, keys):
            out[key] = SUPPRESSED  # exact, it would give its count back (figures.py)
        elif fig.unit is Unit.PEOPLE or fig.rounded:
            out[key] = policy.publish(float(value)) if is_number(value) else value
        elif fig.mean_over is not None and fig.mean_over in people and is_number(value):
            over = fig.mean_over  # the mean's total, rounded, over the published count
            total = _float(value) * _float(row.get(over))
            if fig.unit in MONEY_UNITS:
                total = policy.round_money(total)
                if is_number(people[over]) and _float(people[over]) > 0:
                    mean_halves[key] = policy.money_base / 2 / _float(people[over])
            out[key] = ratio(total, people[over])
            changed.add(key)
            # A profit per person is its rounded total over the published count, not the
            # difference of two means each rounded on its own (review 9a: "lose £5,000 a
            # head, £0 in all", from a £0 mean income less a £5,000 mean cost).
            money.add(key)
        elif fig.is_money_total and is_number(value):
            # Rounded on its own, never worked out again from other rounded totals (a
            # formula may reach into another table), so a row's £ need not add up.
            out[key] = policy.round_money(_float(value))
            changed.add(key)
            money.add(key)
            halves[key] = policy.money_base / 2
        elif fig.published_places is not None and is_number(value) and value == value:
            out[key] = round(_float(value), fig.published_places)
    hide_floors(out, row, keys, lambda k: _formula(figure(k), table), policy)
    _follow_formulas(out, keys, table, changed, money, halves, mean_halves)
    return out


def _follow_formulas(
    out: dict[str, Value],
    keys: tuple[str, ...],
    table: Table | None,
    changed: set[str],
    money: set[str],
    halves: Mapping[str, float],
    mean_halves: Mapping[str, float],
) -> None:
    """Each figure of the row with a formula over a published one worked out again from
    the published values (in place); a ratio that the £ rounding could move too far is
    hidden. ``money`` figures were published on their own and are left.

    A formula over means of rounded £ totals only (``mean_halves``; a cluster's income ÷
    cost) is a ratio of those totals, the counts cancelling, so it is worked at their
    corners too (review 7b: income ÷ cost 1.00 published where it is 1.24). A figure
    over a mean and something else (a cost's CV, SD ÷ mean) is not (methodology §7)."""
    for key in keys:
        fig = figure(key)
        formula = _formula(fig, table)
        if (
            formula is not None
            and key not in money
            and not is_suppressed(out.get(key))
            and set(formula.row_operands) & changed
        ):
            value = formula.value(out)
            loose = is_number(value) and fig.unit in RATIO_UNITS
            over_means = set(formula.row_operands) <= set(mean_halves)
            spread = {**halves, **mean_halves} if over_means else halves
            out[key] = SUPPRESSED if loose and _rounding_spread(formula, out, spread) else value
            changed.add(key)  # a figure worked out from this one follows it


#: An index, ratio or share worked out again from £ totals rounded to the money base is
#: hidden when that rounding alone could move it over a wider range than this (0.1: ten
#: percentage points of a share). Found in review 7: a residue whose people cost 32%
#: more than average (index 1.32) was published as 0.67, "33% less", its £72,000 cost
#: rounded to £50,000.
ROUNDING_SPREAD: Final = 0.1
RATIO_UNITS: Final = frozenset({Unit.INDEX, Unit.RATIO, Unit.SHARE})
#: Rounded £ operands tried at both ends of their range (2**n corners): formulas read few.
_MAX_CORNERS: Final = 6


def _rounding_spread(
    formula: Formula, row: Mapping[str, Value], halves: Mapping[str, float]
) -> bool:
    """Whether ``formula`` over ``row`` is :func:`_too_wide` as its rounded £ totals
    range over ± half the base (``halves``); a corner where it is no finite number (a
    denominator that could reach 0) gives an infinite spread. Means are not widened
    here: a figure over a mean (a cost's CV) is read as methodology §7 says of means
    over rounded totals."""
    keys = {k: halves[k] for k in formula.row_operands if k in halves and is_number(row.get(k))}

    def finite(ends: Mapping[str, float]) -> float | None:
        value = formula.value({**row, **ends})
        return _float(value) if is_finite(value) else None

    return bool(keys) and _too_wide({k: _float(row.get(k)) for k in keys}, keys, finite)


def _too_wide(
    at: Mapping[K, float],
    halves: Mapping[K, float],
    value: Callable[[dict[K, float]], float | None],
) -> bool:
    """Whether ``value`` could lie anywhere in a range wider than :data:`ROUNDING_SPREAD`
    as each operand of ``halves`` moves ± its half from ``at``: worked at the corners of
    that box (a ratio or product of totals is monotonic in each); a corner with no value
    (None) gives an infinite spread, as do more operands than :data:`_MAX_CORNERS`."""
    if len(halves) > _MAX_CORNERS:
        return True
    ends = []
    for signs in itertools.product((-1.0, 1.0), repeat=len(halves)):
        moved = {k: at[k] + sign * h for (k, h), sign in zip(halves.items(), signs, strict=True)}
        end = value({**at, **moved})
        if end is None:
            return True
        ends.append(end)
    return max(ends) - min(ends) > ROUNDING_SPREAD


def _operands_of(fig: Figure, table: Table | None) -> tuple[str, ...]:
    """The row figures ``fig`` is worked out from in ``table`` (none without a formula)."""
    formula = _formula(fig, table)
    return () if formula is None else tuple(formula.row_operands)


def _worked_out_here(fig: Figure, table: Table | None, keys: tuple[str, ...]) -> bool:
    """Whether the row (``keys``) holds every figure ``fig``'s formula is worked out
    from, so that published it is worked out again from their published values."""
    formula = _formula(fig, table)
    return formula is not None and set(formula.row_operands) <= set(keys)


def _formula(fig: Figure, table: Table | None) -> Formula | None:
    if table is not None and fig.key in table.formulas:
        return table.formulas[fig.key]
    return fig.formula


def _publish_note(note: QualityNote, policy: DisclosurePolicy) -> QualityNote:
    """A data-quality note with its count of people (and its total) published."""
    if note.people is None:
        return note
    people = policy.publish(float(note.people)) if is_number(note.people) else note.people
    share_of = policy.publish(float(note.share_of)) if is_number(note.share_of) else None
    rows = people if note.rows_are_people else note.rows
    return replace(note, people=people, share_of=share_of, rows=rows)
