"""The floor rule of ``--publish``: a total one person adds at most m a year to (days,
episodes, £) must not narrow the count of people it is about (docs/methodology.md §7,
"A total's floor under its count").

A total V published to ± h (days exactly, h = 0; episodes rounded to 5, h = 2.5; £ to
the money base B, h = B ÷ 2) beside a count published as p says people ≥ (V − h) ÷ m.
The count says people ≥ f, the fewest p stands for (``DisclosurePolicy.fewest_behind``).
So V is shown only while V − h ≤ m × (f − 1): shown, its floor is at most f − 1, known;
hidden, it says only people ≥ f, known too (:func:`bounds_count`).

A hidden total comes back as a difference along a line (a whole less its parts shown),
to within the rounding of each term; :func:`complement_closure` hides wholes (and parts
of wholes another line gives back) until no line does. m comes from the figure's
registry entry (:meth:`Figure.most_a_person_in_row`): 366 for days, the row's own
field for a costing's episodes, income, cost and surplus.

Where a reader works part K of a total out from other published figures (the admitted
days shown beside a £ total, at public prices), the rest is at most m′ a person, and V
is shown only while V − h − K ≤ m′ × (f − 1) too (:meth:`Figure.checks_in_row`); the
closure takes off the hidden parts' summed K.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from pbrkit.reports.document import Block, Document, Headline, Pairs, Row, Table
from pbrkit.reports.figures import Check, Figure, Unit, figure, registered
from pbrkit.reports.formulas import Formula, SumIf
from pbrkit.reports.suppression import (
    SUPPRESSED,
    DisclosurePolicy,
    Published,
    is_suppressed,
)
from pbrkit.reports.values import Value, is_number

Key = tuple[Hashable, ...]
#: Counts that add up: the whole, then its parts.
Line = list[Hashable]
#: A figure's cell: the figure's key and the key of the count it is about.
Cell = tuple[str, Hashable]
#: A cell's floors (:meth:`Figure.checks_in_row`), in its figure's order.
Bounds = tuple[Check, ...]


def row_key(table: Table, row: Row, column: str) -> Key:
    """The key of the count ``column`` in ``row`` of ``table``."""
    return (table.entity or table.key, *(row.get(i) for i in table.ids), column)


def total_key(table: Table, column: str) -> Key:
    """The key of the count ``column`` in ``table``'s total row."""
    if column in table.total_counts:
        return ("headline", table.total_counts[column])
    return ("headline", column) if table.total_is_everyone else (table.key, "total", column)


def half_width(fig: Figure, policy: DisclosurePolicy) -> float:
    """How far a published value of ``fig`` may be from the truth: half the counts'
    rounding base for a figure published as a count (episodes), half the money base
    for a £ total, 0 for a figure shown exactly (days)."""
    if fig.unit is Unit.PEOPLE or fig.rounded:
        return policy.rounding_base / 2
    return policy.money_base / 2 if fig.is_money_total or _is_money_mean(fig) else 0.0


def _is_money_mean(fig: Figure) -> bool:
    """A £ mean over a count: published as its total, rounded to the money base, over
    the published count, so a reader multiplies it back to that rounded total."""
    return fig.mean_over is not None and fig.unit in (Unit.MONEY, Unit.MONEY_PENCE)


def published(fig: Figure, value: Value, policy: DisclosurePolicy) -> float | None:
    """``value`` of ``fig`` as published (rounded as a count, or to the money base), or
    None where it is no number or hidden on its own."""
    if not is_number(value):
        return None
    if fig.unit is Unit.PEOPLE or fig.rounded:
        shown = policy.publish(float(value))
        return float(shown) if is_number(shown) else None
    rounded = fig.is_money_total or _is_money_mean(fig)
    return policy.round_money(float(value)) if rounded else float(value)


def bounds_count(
    fig: Figure,
    value: Value,
    row: Mapping[str, Value],
    counts: Mapping[str, Value],
    policy: DisclosurePolicy,
) -> bool:
    """Whether ``value`` of ``fig`` in ``row``, published, would narrow a published
    count it is about (``counts``) by any of its floors (:meth:`Figure.checks_in_row`):
    V − h − K > m × (f − 1), or below zero −V − h − K > m × (f − 1), K the part a
    reader works out otherwise (0 for the first floors)
    (:meth:`~pbrkit.reports.suppression.DisclosurePolicy.total_bounds_count`)."""
    if _is_money_mean(fig) and fig.mean_over is not None:
        # The mean × its published count is its total rounded: that is the total read.
        people = row.get(fig.mean_over)
        value = float(value) * float(people) if is_number(value) and is_number(people) else None
    shown = published(fig, value, policy)
    if shown is None:
        return False
    half = half_width(fig, policy)
    return any(
        is_number(p)
        and policy.total_bounds_count(_beyond(check, shown, half), check.most, float(p))
        for check in fig.checks_in_row(row)
        if check.most is not None and not _unknown_part(check, counts)
        for p in (counts.get(count) for count in fig.about)
    )


def _unknown_part(check: Check, published: Mapping[str, Value]) -> bool:
    """Whether ``check`` takes off a part K worked out from a figure the published row
    hides: its reader does not know K, and the row's plain floor (K = 0) is the one
    that reader has (it is checked too)."""
    return check.known_from is not None and is_suppressed(published.get(check.known_from))


def _beyond(check: Check, shown: float, half: float) -> float:
    """The least a value published as ``shown`` (± ``half``) can be on the check's side
    of zero, less the part a reader knows: the amount the people's own days must make."""
    return (-shown if check.below else shown) - half - check.known


@dataclass(frozen=True)
class Floors:
    """What the closure reads for one figure: each count's floors (``bounds``:
    :data:`Bounds`) and fewest people f (``fewest``: 1 for a hidden count), and the
    figure's half width ``half``. With ``half`` 0 (exact days) every difference is
    exact, and the closure keeps its strict form: a hidden part always hides its whole."""

    bounds: Mapping[Hashable, Bounds]
    fewest: Mapping[Hashable, int]
    half: float

    @property
    def strict(self) -> bool:
        return self.half <= 0

    def narrows(self, lower: float, upper: float, cells: Iterable[Hashable]) -> bool:
        """Whether the sum of ``cells``, known to lie in [lower, upper], narrows the
        people of any of them, or of any set of them, by any floor, each cell's people
        at their own m: lower − Σ K > Σ m × f − max m (one person fewer than the counts
        say, in the dearest cell), or below zero −upper − Σ K the same, the cells'
        known parts K summed. A floor that any cell lacks (None, infinite) sets none.

        Each cell's own m, not the largest for all (disc28): a cell can carry at most
        its m × its people of the sum, so with m of £10,000 for a hidden count (f = 1)
        beside £100 for 40 people (38 to 42), a sum of £62,000 passed 62,000 ≤ 10,000 ×
        (1 + 38 − 1), yet the 40 carry at most £4,200 and the hidden count is at least
        (62,000 − 4,200) ÷ 10,000 = 5.78: 6 or 7. Within Σ m × f − max m, a cell j's
        floor, the sum less the least the others can carry (Σ of their m × f), over
        m_j, is at most (m_j × f_j − max m) ÷ m_j ≤ f_j − 1, and any set's likewise. A
        cell whose people add £0 (a disagreement between two clusters of one price)
        adds no room, so the closure does not close a line by hiding it."""
        cells = list(cells)
        checks = [self.bounds.get(c, ()) for c in cells]
        for i in range(min((len(x) for x in checks), default=0)):
            column = [x[i] for x in checks]
            most = [check.most for check in column]
            if any(m is None or not math.isfinite(m) for m in most):
                continue
            amount = (-upper if column[0].below else lower) - math.fsum(c.known for c in column)
            sizes = [float(m) for m in most if m is not None]
            room = math.fsum(m * self.fewest.get(c, 1) for m, c in zip(sizes, cells, strict=True))
            # Never below 0: hidden parts whose counts are all 0 hold nobody to narrow.
            if amount > max(room - max(sizes), 0.0):
                return True
        return False


def complement_closure(
    column: Mapping[Hashable, Value], lines: Sequence[Line], floors: Floors | None = None
) -> set[Hashable]:
    """The counts whose cell of one figure (``column``: count key → its published
    value) must be hidden so that no line gives a hidden cell back by difference.

    A shown whole W with hidden parts H gives their sum to within the rounding of each
    term: T_H ≥ L_H = W − Σ shown parts − (1 + shown parts) × h (and ≤ the same with
    + h). Where that narrows H's people (:meth:`Floors.narrows`), the line's smallest
    shown parts are hidden with H, one more at a time, until it no longer does; W, a
    total the reader wants (a table's total row, the headline), is hidden only where
    no choice of its parts will do (:func:`_parts_instead`), and always with no
    ``floors`` or h = 0 (exact days: any hidden part gives itself back less the
    others). A hidden whole that a line gives back from shown parts (Σ parts ± k × h)
    hides that line's smallest part where that narrows its own count or, less the
    shown parts of another of its lines, that line's hidden parts. Shown wholes are
    closed first, to the end, so that a part is hidden only when no hidden part of that
    line already keeps it (the smallest part, one at a time)."""
    floors = floors or Floors({}, {}, 0.0)
    hidden = {count for count, value in column.items() if is_suppressed(value)}
    known = [(line[0], [k for k in line[1:] if k in column]) for line in lines
             if line and line[0] in column]  # fmt: skip
    known = [(whole, parts) for whole, parts in known if parts]
    while True:
        _hide_wholes(known, column, hidden, floors)
        part = _part_to_hide(known, column, hidden, floors)
        if part is None:
            return hidden
        hidden.add(part)


def _hide_wholes(
    known: Sequence[tuple[Hashable, list[Hashable]]],
    column: Mapping[Hashable, Value],
    hidden: set[Hashable],
    floors: Floors,
) -> None:
    """Each shown whole whose line gives back a narrowing sum of hidden parts closed,
    until none is left (in place): by hiding more of its parts where that will do,
    else the whole."""
    wholes = {whole for whole, _ in known}
    changed = True
    while changed:
        changed = False
        for whole, parts in known:
            if whole in hidden or not hidden & set(parts):
                continue
            at, half = _float(column[whole]), floors.half
            if floors.strict or _line_narrows(at - half, at + half, parts, column, hidden, floors):
                more = (
                    None
                    if floors.strict
                    else _parts_instead(whole, parts, column, hidden, floors, wholes)
                )
                hidden.update(more or [whole])
                changed = True


def _parts_instead(
    whole: Hashable,
    parts: Sequence[Hashable],
    column: Mapping[Hashable, Value],
    hidden: AbstractSet[Hashable],
    floors: Floors,
    wholes: AbstractSet[Hashable],
) -> list[Hashable] | None:
    """The fewest shown parts of a line, smallest (in size) first, whose hiding with
    its hidden ones keeps the shown ``whole`` from narrowing their people, or None
    where even all of them would not. A part that is itself a whole (a superclass, a
    headline figure) is never taken, nor a blank, nor one whose count is 0 (its £ is
    known: 0 people add nothing). Hiding one more small cell of the line reveals less than
    hiding its total, which a reader wants and which would take the headline figures
    worked out from it with it (the closure hid a tender's whole residue income for
    two clusters hidden with their counts: docs/methodology.md §7)."""
    at, half = _float(column[whole]), floors.half
    candidates = sorted(
        (
            p
            for p in parts
            if p not in hidden
            and p not in wholes
            and is_number(column[p])
            and floors.fewest.get(p, 1)
        ),
        key=lambda p: abs(_float(column[p])),
    )
    chosen: list[Hashable] = []
    for part in candidates:
        chosen.append(part)
        shut = {*hidden, *chosen}
        shown = [_float(column[p]) for p in parts if p not in shut]
        low = at - half - sum(shown) - len(shown) * half
        high = at + half - sum(shown) + len(shown) * half
        if not floors.narrows(low, high, [p for p in parts if p in shut]):
            return chosen
    return None


def _line_narrows(
    lower: float,
    upper: float,
    parts: Sequence[Hashable],
    column: Mapping[Hashable, Value],
    hidden: AbstractSet[Hashable],
    floors: Floors,
) -> bool:
    """Whether a whole known to lie in [lower, upper], less its shown parts (each ± h),
    bounds its hidden parts' people beyond what their counts say."""
    shown = [_float(column[p]) for p in parts if p not in hidden]
    rest_low = lower - sum(shown) - len(shown) * floors.half
    rest_high = upper - sum(shown) + len(shown) * floors.half
    return floors.narrows(rest_low, rest_high, [p for p in parts if p in hidden])


def _part_to_hide(
    known: Sequence[tuple[Hashable, list[Hashable]]],
    column: Mapping[Hashable, Value],
    hidden: AbstractSet[Hashable],
    floors: Floors,
) -> Hashable | None:
    """The smallest part of the first line that gives a hidden whole back where that
    narrows a count (:func:`complement_closure`), or None."""
    for whole, parts in known:
        if whole not in hidden or hidden & set(parts):
            continue
        total, slack = sum(_float(column[p]) for p in parts), len(parts) * floors.half
        low, high = total - slack, total + slack
        through = [others for w, others in known if w == whole and hidden & set(others)]
        if (
            floors.strict
            or floors.narrows(low, high, [whole])
            or any(_line_narrows(low, high, o, column, hidden, floors) for o in through)
        ):
            return min(parts, key=lambda k: _float(column[k]))
    return None


def cell_bounds(document: Document) -> dict[Cell, Bounds]:
    """Each table cell's bounds (:data:`Bounds`) of every bounded figure
    (:attr:`Figure.is_bounded`) with one count, by the figure and the key of that
    count (a row's or the total's), read from the document before publishing (the
    rows' bound fields are not published)."""
    bounds: dict[Cell, Bounds] = {}
    for table in document.tables():
        for key in _bounded_columns(table):
            fig = figure(key)
            rows = [(row_key(table, r, fig.about[0]), r) for r in table.rows]
            if table.total is not None and key in table.total:
                rows.append((total_key(table, fig.about[0]), table.total))
            for count, row in rows:
                bounds[(key, count)] = fig.checks_in_row(row)
    return bounds


def hide_complements(
    document: Document,
    lines: Sequence[Line],
    bounds: Mapping[Cell, Bounds],
    counts: Mapping[Hashable, Published],
    policy: DisclosurePolicy,
) -> Document:
    """Every bounded figure hidden wherever a line of its counts could give a hidden
    cell back (:func:`complement_closure`), with the figures of its row worked out from
    it (a surplus, a margin), until nothing changes: a surplus hidden with its income
    would otherwise give it back as the cost plus the surplus, and a difference of
    surpluses a hidden one."""
    fewest = {k: _fewest(p, policy) for k, p in counts.items()}
    while True:
        before = _hidden_cells(document)
        cells = _published_cells(document)
        for keys in _closed_together({k for k, _ in cells}):
            mine = {(k, count): value for (k, count), value in cells.items() if k in keys}
            column = {count: value for (_, count), value in mine.items()}
            own = {cell[1]: _as_read(bounds.get(cell, ()), cell[1], cells) for cell in mine}
            floors = Floors(own, fewest, half_width(figure(keys[0]), policy))
            shut = {count for count, value in column.items() if is_suppressed(value)}
            hidden = complement_closure(column, lines, floors) - shut
            for key in keys:
                document = _hide_cells(document, key, hidden)
        if _hidden_cells(document) == before:
            return _hide_shown_totals(hide_signed_sums(document, bounds, counts, policy))


def _closed_together(keys: AbstractSet[str]) -> list[tuple[str, ...]]:
    """The bounded figures ``keys`` in the groups the closure reads as one column: a
    figure with the figure whose parts it is (:attr:`Figure.closed_with`), their cells
    being keyed by different counts of the same lines; every other figure alone."""
    groups: dict[str, list[str]] = {}
    for key in sorted(keys):
        whole = figure(key).closed_with
        groups.setdefault(whole if whole is not None and whole in keys else key, []).append(key)
    return [tuple(sorted(group, key=lambda k: k != whole)) for whole, group in groups.items()]


def _as_read(checks: Bounds, count: Hashable, cells: Mapping[Cell, Value]) -> Bounds:
    """A cell's floors as a reader of the published document has them: a floor taking
    off a part K worked out from a figure hidden in that row (its admitted days) is the
    cell's plain floor on the same side (m, K = 0), so that along a line the hidden
    parts whose K is known are taken off and the others are not (Σ K of the known ones,
    the largest of their m′ and the others' m)."""
    plain = {check.below: check for check in checks if check.known_from is None}
    return tuple(
        plain.get(check.below, replace(check, most=None))
        if check.known_from is not None and is_suppressed(cells.get((check.known_from, count)))
        else check
        for check in checks
    )


def _fewest(published: Published, policy: DisclosurePolicy) -> int:
    """The fewest people a published count stands for: 1 hidden, 0 for 0."""
    if not is_number(published):
        return 1
    value = float(published)
    return 0 if value == 0 else policy.fewest_behind(value)


def _bounded_columns(table: Table) -> list[str]:
    return [k for k in table.columns if figure(k).is_bounded and len(figure(k).about) == 1]


def _published_cells(document: Document) -> dict[Cell, Value]:
    """Each published value of a bounded figure, keyed as :func:`cell_bounds` keys it."""
    cells: dict[Cell, Value] = {}
    for table in document.tables():
        for key in _bounded_columns(table):
            about = figure(key).about[0]
            for row in table.rows:
                cells[(key, row_key(table, row, about))] = _as_total(figure(key), row)
            if table.total is not None and key in table.total:
                cells[(key, total_key(table, about))] = table.total.get(key)
    return cells


def _as_total(fig: Figure, row: Row) -> Value:
    """A published row's value of ``fig`` as a total: a £ mean times its published
    count (its total rounded, as a reader works it out: means do not add up along a
    line, totals do); any other figure as it is."""
    value = row.get(fig.key)
    if not _is_money_mean(fig) or not is_number(value) or fig.mean_over is None:
        return value
    people = row.get(fig.mean_over)
    return float(value) * float(people) if is_number(people) else SUPPRESSED


def _hidden_cells(document: Document) -> int:
    return sum(is_suppressed(v) for v in _published_cells(document).values())


def _hide_cells(document: Document, key: str, hidden: AbstractSet[Hashable]) -> Document:
    """``document`` with figure ``key`` hidden in every table row or total whose count
    (the figure's one ``about``) is keyed in ``hidden``, and with it every figure of
    that row worked out from it (:func:`_worked_from`)."""

    def hide(block: Block) -> Block:
        if not isinstance(block, Table) or key not in block.columns:
            return block
        count = figure(key).about[0]
        gone = _worked_from(block, key)
        rows = tuple(
            {**row, **dict.fromkeys(gone, SUPPRESSED)}
            if row_key(block, row, count) in hidden
            else row
            for row in block.rows
        )
        total = block.total
        if total is not None and key in total and total_key(block, count) in hidden:
            total = {**total, **dict.fromkeys(gone & set(total), SUPPRESSED)}
        return replace(block, rows=rows, total=total)

    return document.map_blocks(hide)


def _worked_from(table: Table, key: str) -> set[str]:
    """``key`` and every column of ``table`` whose formula reads it, or reads one that
    does (a surplus from its income, its margin and surplus per person from that), and
    every column tied to one of them (:func:`tied`: a public share of it, or it
    of them)."""
    gone = {key}
    changed = True
    while changed:
        changed = False
        for column in table.columns:
            read = _operands(figure(column), table.formulas.get(column)) | tied(column)
            if column not in gone and gone & read:
                gone.add(column)
                changed = True
    return gone


def _float(value: Value) -> float:
    return float(value) if is_number(value) else 0.0


def hide_floors(
    out: dict[str, Value],
    row: Mapping[str, Value],
    keys: Sequence[str],
    formula_of: Callable[[str], Formula | None],
    policy: DisclosurePolicy,
) -> None:
    """Each bounded figure of a published row (``out``; ``row`` as computed, with its
    bound fields) hidden where it would narrow its count (:func:`bounds_count`), and
    every figure worked out from a hidden one (in place, in the row's order): a surplus
    shown beside its cost would give a hidden income back (I = S + C); and a figure tied
    to a hidden one (:func:`tied`: a public share of it, or it of them), either way."""
    floored = {
        k for k in keys
        if not is_suppressed(out.get(k)) and bounds_count(figure(k), row.get(k), row, out, policy)
    }  # fmt: skip
    for key in keys:
        if key in floored or floored & (_operands(figure(key), formula_of(key)) | tied(key)):
            out[key] = SUPPRESSED
            floored.add(key)


def hide_signed_sums(
    document: Document,
    bounds: Mapping[Cell, Bounds],
    counts: Mapping[Hashable, Published],
    policy: DisclosurePolicy,
) -> Document:
    """A headline's sums of a bounded column's positive or negative values (the
    cross-subsidy, the losses: :class:`SumIf`) hidden where, less the rows shown, they
    would bound the hidden rows' people as their hidden cells would (the profitable
    clusters' £122,000 beside one profitable cluster hidden is that cluster's surplus).
    The sums of one column hide together: cross-subsidy − losses = the total surplus."""
    fewest = {k: _fewest(p, policy) for k, p in counts.items()}
    tables = {table.key: table for table in document.tables()}

    def hide(block: Block) -> Block:
        if not isinstance(block, Headline):
            return block
        sums = {k: f for k, f in block.formulas.items()
                if isinstance(f, SumIf) and not f.count and f.table in tables
                and figure(f.key).is_bounded and k in block.values}  # fmt: skip
        if not any(
            _sum_narrows(block.values[k], f, tables[f.table], floors_of(f)) for k, f in sums.items()
        ):
            return block
        return replace(block, values={**block.values, **dict.fromkeys(sums, SUPPRESSED)})

    def floors_of(formula: SumIf) -> Floors:
        below = formula.sign != ">0"  # a sum of deficits: the floors below zero, as sizes
        own = {count: _side(b, below) for (k, count), b in bounds.items() if k == formula.key}
        return Floors(own, fewest, half_width(figure(formula.key), policy))

    return document.map_blocks(hide)


def _side(bounds: Bounds, below: bool) -> Bounds:
    """The floors of one side of zero, read as floors above it (a sum of deficits is a
    size). A known part is taken off only where below zero: a hidden row whose value
    is on the other side is not in the sum, and taking its part off would hide less."""
    return tuple(
        replace(check, below=False, known=min(check.known, 0.0))
        for check in bounds
        if check.below == below
    )


def _sum_narrows(value: Value, formula: SumIf, table: Table, floors: Floors) -> bool:
    """Whether a published sum of ``table``'s positive (or negative) ``formula.key``
    values, less what the shown rows can add to it, bounds the hidden rows' people."""
    if not is_number(value):
        return False
    fig = figure(formula.key)
    half, sign = floors.half, 1.0 if formula.sign == ">0" else -1.0
    cells = [(row_key(table, row, fig.about[0]), row.get(formula.key)) for row in table.rows]
    hidden = [count for count, v in cells if is_suppressed(v)]
    shown = [sign * _float(v) for _, v in cells if not is_suppressed(v)]
    lower = abs(_float(value)) - half - sum(max(s + half, 0.0) for s in shown)
    return floors.narrows(lower, math.inf, hidden)


def _hide_shown_totals(document: Document) -> Document:
    """Each label/value line showing a table's total (:attr:`Pairs.totals`: a cost
    run's year-0 income and cost, above its projection) hidden where that total is:
    shown, it would give the hidden total back, and the projection with it."""
    tables = {table.key: table for table in document.tables()}

    def hidden(where: tuple[str, str]) -> bool:
        table = tables.get(where[0])
        return table is not None and is_suppressed((table.total or {}).get(where[1]))

    def hide(block: Block) -> Block:
        if not isinstance(block, Pairs) or not any(map(hidden, block.totals.values())):
            return block
        lines = tuple(
            (label, SUPPRESSED if i in block.totals and hidden(block.totals[i]) else value)
            for i, (label, value) in enumerate(block.lines)
        )
        return replace(block, lines=lines)

    return document.map_blocks(hide)


def _operands(fig: Figure, formula: Formula | None) -> set[str]:
    """The row figures ``fig`` is worked out from: its registered formula's (a surplus is
    income − cost) and the table's own (an Excel formula pointing elsewhere, such as a
    superclass's sum of its clusters, does not undo that relation)."""
    formulas = [f for f in (fig.formula, formula) if f is not None]
    return {k for f in formulas for k in f.row_operands}


def tied(key: str) -> set[str]:
    """The figures a row's ``key`` gives back or is given back by
    (:attr:`Figure.gives_back`): shown beside a hidden one, either gives it back (a
    stranded fixed cost published as £300,000 (± £25,000) at f(1 − s)(1 − r) = 0.15 is
    a taken cost of £2,000,000 ± £166,667 where the closure hid it: the methodology's
    "Still open", closed in disc27)."""
    own = figure(key).gives_back
    return {k for k, fig in registered().items() if fig.gives_back == key} | (
        {own} if own is not None else set()
    )
