"""One format-neutral document per run: what every output of a command shows.

A command's layout (``reports/layouts/``) turns its result into a :class:`Document`:
sections of blocks (headline figures, tables, charts, findings, notes), each value
tagged with its registered figure. The renderers (``reports/render/``) write the
document as summary.json, report.xlsx and report.html without knowing the command,
and ``--publish`` (``reports/publishing.py``) turns a document into its published
form, so every format shows the same, published, figures.

A section is a sheet of the workbook and a ``<section>`` of the HTML page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, TypeVar

from pbrkit.model import QualityNote, RunMetadata
from pbrkit.reports.figures import Figure, Unit, figure
from pbrkit.reports.formulas import Formula
from pbrkit.reports.suppression import DisclosurePolicy, is_suppressed
from pbrkit.reports.values import JsonObject, is_number
from pbrkit.reports.values import Row as Row
from pbrkit.reports.values import Value as Value

#: Units of a parameter's value (a range's ends, a break-even): a count of people among
#: them is shown as a count (:meth:`Table.figure_at`).
PARAMETER_UNITS: Final = frozenset({Unit.DECIMAL, Unit.PARAMETER})


def as_count(fig: Figure) -> Figure:
    """A parameter's value figure shown as a count (a capacity is a number of people),
    and published as one (``rounded``: a full bidder took exactly its capacity); any
    other figure as it is."""
    return replace(fig, unit=Unit.COUNT, rounded=True) if fig.unit in PARAMETER_UNITS else fig


@dataclass(frozen=True)
class Headline:
    """Key figures of the run, in a figure/value list (summary.json's ``totals``)."""

    values: Mapping[str, Value]
    #: The figures shown, in order (the others are written to summary.json only).
    shown: tuple[str, ...]
    #: Excel formulas for shown figures that point at their tables.
    formulas: Mapping[str, Formula] = field(default_factory=dict)
    json_key: str | None = "totals"
    #: The 3-5 figures summary.pdf shows (default: the first five shown).
    key_figures: tuple[str, ...] = ()
    #: Statistics over the rows of this table (a PSA's runs): under ``--publish`` a
    #: figure about a count hidden in any of its rows is hidden here too.
    over: str | None = None
    #: Counts of the headline that add up: (whole, part, part, …), e.g. patients =
    #: those with a cost + those without (a line for ``--publish``; a part need not
    #: be shown to be a count a reader could work out).
    lines: tuple[tuple[str, ...], ...] = ()
    #: Shown parameter values that count people (a break-even capacity): shown as
    #: whole numbers, as counts are.
    counts: frozenset[str] = frozenset()
    #: Row fields the floor rule reads for the headline's figures (``pbrkit.model``:
    #: the most one person adds, the known parts), as a table row carries them; never
    #: written.
    bounds: Mapping[str, Value] = field(default_factory=dict)
    #: £ figures that add up (whole, part, part: the £ at stake = above + below):
    #: under ``--publish`` one hidden hides them all, since the others give it back.
    money_lines: tuple[tuple[str, ...], ...] = ()

    def figure_of(self, key: str) -> Figure:
        """The figure ``key`` is shown as: its own, or a parameter's value that counts
        people (:attr:`counts`) shown as a count."""
        return as_count(figure(key)) if key in self.counts else figure(key)


@dataclass(frozen=True)
class Table:
    """Rows of figures: a cluster table, a team table, a projection."""

    key: str  # summary.json key, HTML id and the name formulas use for it
    title: str | None
    columns: tuple[str, ...]  # registered figure keys, in order
    rows: tuple[Row, ...]
    #: The total row's values (None: no total row); sums and formulas per the registry.
    total: Row | None = None
    #: What a row is (``cluster``, ``team``): rows of the same entity in two tables
    #: are the same people.
    entity: str | None = None
    #: The columns that name a row (its identity for --publish lines).
    ids: tuple[str, ...] = ()
    #: Breakdowns: (entity, column) — the rows with one value of ``column`` add up to
    #: that entity's row elsewhere (clusters add up to their superclass), count by count.
    parts_of: tuple[tuple[str, str], ...] = ()
    #: Counts within a row that add up: (whole, part, part, …), e.g. the people of a
    #: cluster = those taken + those left. A whole that is not a column is the
    #: headline's count of that name, shared by every row (a sweep's population).
    row_lines: tuple[tuple[str, ...], ...] = ()
    #: True when the column totals of the table's counts are the headline's counts of
    #: the same name (the run's total of people), shown or not.
    total_is_everyone: bool = True
    #: Columns whose total is a headline count of another name (the money table's
    #: audited patients are the headline's): one count, published once.
    total_counts: Mapping[str, str] = field(default_factory=dict)
    #: Formulas for columns of this table that differ from the registry's.
    formulas: Mapping[str, Formula] = field(default_factory=dict)
    #: Running totals down the rows: published hidden from the first row where one is
    #: hidden on (two shown would give the hidden one between them back).
    running: tuple[str, ...] = ()
    #: The rows are the years of one projection of the same people. Published, a row
    #: after the first shows a £ figure or ratio about people only where it is worked
    #: out from published figures (a :class:`Compound`): rounded on its own, each year
    #: would be one more interval around the same exact year-1 totals (methodology §7).
    series: bool = False
    #: Groups of rows whose counts add up to a count elsewhere (subgroups of a trait).
    sums_to: tuple[SumsTo, ...] = ()
    note: str | None = None
    empty_note: str | None = None
    json_key: str | None = None
    html: bool = True
    #: The columns report.html leaves out of a table too wide for a screen; the
    #: workbook and summary.json keep every column (a new column shows everywhere).
    html_omits: tuple[str, ...] = ()
    #: report.html tags a count of people below this as too few to trust a mean over
    #: (none: no tag).
    caution_below: int | None = None
    excel: bool = True
    #: Excel: freeze the header and add filters (the first table on a sheet).
    frozen: bool = False
    #: Statistics over the rows of this table (a PSA's runs): under ``--publish`` a
    #: figure about a count hidden in any of its rows is hidden here too.
    over: str | None = None
    #: The columns the total row sums, where not every registered sum means something
    #: (the same people counted in each year's row add up to no one): the others are
    #: blank. Published, each is the sum of the published rows, hidden when one is.
    #: None: every column the registry sums.
    sums: tuple[str, ...] | None = None
    #: Rows (by the value of their first id) whose parameter values count people (a
    #: bidder's capacity in the ranges assumed): shown as whole numbers, as counts are.
    count_rows: frozenset[Value] = frozenset()

    def figure_at(self, row: Row, key: str) -> Figure:
        """The figure a cell is shown as: its column's, or in a row of counts
        (:attr:`count_rows`) a parameter's value shown as a count."""
        counted = bool(self.ids) and row.get(self.ids[0]) in self.count_rows
        return as_count(figure(key)) if counted else figure(key)

    @property
    def shown_columns(self) -> tuple[str, ...]:
        """The columns report.html shows."""
        return tuple(c for c in self.columns if c not in self.html_omits)

    def __post_init__(self) -> None:
        if not set(self.html_omits) <= set(self.columns):
            raise ValueError(f"{self.key}: report.html can leave out only the table's columns")
        object.__setattr__(self, "rows", complete_rows(self))
        if self.total is not None:
            object.__setattr__(self, "total", complete_total(self))

    def column_values(self, key: str) -> list[Value]:
        return [row.get(key) for row in self.rows]

    def has_total(self, key: str) -> bool:
        """Whether the total row shows column ``key`` (a sum, or a formula over it)."""
        total = figure(key).total
        return total is not None and (total != "sum" or self.sums is None or key in self.sums)


@dataclass(frozen=True)
class SumsTo:
    """Rows with the same values of ``by`` add up, by their count ``part``, to the
    count ``(entity, *their values of ids, column)`` of another table, or to the
    headline's ``column`` when ``entity`` is ``"headline"`` (a line for ``--publish``;
    a group of one row is a copy of that count, hidden with it)."""

    by: tuple[str, ...]
    entity: str
    ids: tuple[str, ...]
    column: str
    part: str
    #: The rows may add up to less than the count (a cluster's patients with a cost,
    #: of those it is paid for): the difference is then a count of its own, the
    #: rows + it = the count (shown side by side, the two would give it back).
    rest: bool = False


def complete_rows(table: Table) -> tuple[Row, ...]:
    """The rows with each formula figure the table shows worked out where not given
    (a figure with a formula needs only its registry entry and its column)."""
    missing = [
        (key, table.formulas.get(key, figure(key).formula))
        for key in table.columns
        if table.formulas.get(key, figure(key).formula) is not None
        and any(key not in row for row in table.rows)
    ]
    if not missing:
        return table.rows
    rows = []
    for row in table.rows:
        filled = dict(row)
        for key, formula in missing:
            if key not in filled and formula is not None:
                filled[key] = formula.value(filled)
        rows.append(filled)
    return tuple(rows)


def complete_total(table: Table) -> dict[str, Value]:
    """The total row with every registered total filled in: a column's sum where not
    given, and each formula total worked out over the total row (computed once, here)."""
    total = dict(table.total or {})
    for key in table.columns:
        fig = figure(key)
        if fig.total == "sum" and total.get(key) is None and table.has_total(key):
            total[key] = sum(v for v in table.column_values(key) if isinstance(v, int | float))
    for key in table.columns:
        fig = figure(key)
        formula = table.formulas.get(key, fig.formula)
        # A total already hidden (--publish: too coarse once its £ are rounded) stays
        # hidden: worked out again from the shown operands, it would come back.
        if fig.total == "formula" and formula is not None and not is_suppressed(total.get(key)):
            total[key] = formula.value(total)
    return total


@dataclass(frozen=True)
class Chart:
    """A chart of one table column by its row labels."""

    table: str
    category: str
    value: str | tuple[str, ...]
    title: str
    kind: str = "signed_bars"  # or "lines"
    xlabel: str | None = None
    #: Excel: the cell the chart is anchored at (else beside the section's first table).
    anchor: str | None = None
    #: A tornado's figure with every parameter at its median: the line its bars (the
    #: figure at each parameter's low and high end, ``value``) spread from. Given
    #: already published: a hidden one draws no chart.
    base: Value = None


@dataclass(frozen=True)
class Findings:
    """Plain-English sentences, built from the (published) document's values."""

    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Text:
    """A paragraph (Excel: one line under the block above)."""

    text: str
    style: str = "note"  # "note", "warning", "banner" or "title"
    #: A banner's label, shown before the text ("What-if").
    label: str | None = None


@dataclass(frozen=True)
class Pairs:
    """Label/value lines (assumptions); a ``name`` makes a value a formula operand."""

    title: str | None
    lines: tuple[tuple[str, Value], ...]
    units: Mapping[int, str] = field(default_factory=dict)  # line → figure whose format it takes
    names: Mapping[int, str] = field(default_factory=dict)  # line index → formula name
    #: Lines that show a table's total (line → (table key, column)): published, each is
    #: hidden where that total is (a cost run's year-0 income is the clusters' total).
    totals: Mapping[int, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Notes:
    """Data-quality notes (check, detail, rows); counts of people published with them."""

    notes: tuple[QualityNote, ...]
    title: str | None = None
    json_key: str | None = "notes"


#: Places a comparison's differences are rounded to (Excel: ``=ROUND(C5-B5,6)``). The
#: same figure worked out by two runs can differ in its last binary digits (about 1e-9
#: on £ millions); unrounded, Excel showed that noise as "-£0" (its number formats
#: have no tolerance). Six places keep every real difference a report shows.
DIFFERENCE_DECIMALS: Final = 6


@dataclass(frozen=True)
class ComparisonRow:
    """One line of a comparison: a figure (its format and meaning) under a label."""

    figure: str  # the registered figure key: the values' unit
    label: str
    values: tuple[Value, ...]  # one per run, in the comparison's order


@dataclass(frozen=True)
class Comparison:
    """Runs side by side (``pbrkit compare``): one column per run, then each later
    run's difference from the first (Excel: a formula, e.g. ``=ROUND(C5-B5,6)``)."""

    key: str  # summary.json key and HTML id
    title: str | None
    runs: tuple[str, ...]  # the runs' names, the column headings
    rows: tuple[ComparisonRow, ...]
    note: str | None = None

    def difference(self, row: ComparisonRow, run: int) -> int | float | None:
        """Run ``run``'s value less the first run's, to :data:`DIFFERENCE_DECIMALS`
        places; None when either is not a number."""
        first, value = row.values[0], row.values[run]
        if is_number(first) and is_number(value):
            return round(value - first, DIFFERENCE_DECIMALS) + 0  # + 0: never -0.0
        return None


@dataclass(frozen=True)
class Grid:
    """One figure over a grid of one or two parameters (``pbrkit sweep``): a two-way table.

    ``cells[i][j]`` is the figure at ``row_values[i]`` and ``column_values[j]``. A
    one-parameter grid has one row (``row_parameter`` None, ``row_values`` one label).
    Built from a finished (published) table, so it shows the table's own values.
    """

    figure: str  # the registered figure in the cells
    title: str
    row_parameter: str | None
    row_values: tuple[Value, ...]
    column_parameter: str
    column_values: tuple[Value, ...]
    cells: tuple[tuple[Value, ...], ...]
    #: Colour a rise as bad (red): public spending, a cost gap, a costlier residue.
    higher_is_worse: bool = False
    #: Counts of people: how ``--publish`` and the margins treat them (None: not counts).
    counts: GridCounts | None = None

    def row_totals(self) -> tuple[Value, ...]:
        """The rows' totals: the counts' own (published) margins, else the sums."""
        if self.counts is not None and self.counts.row_totals:
            return self.counts.row_totals
        return tuple(_sum(row) for row in self.cells)

    def column_totals(self) -> tuple[Value, ...]:
        if self.counts is not None and self.counts.column_totals:
            return self.counts.column_totals
        return tuple(_sum(column) for column in zip(*self.cells, strict=True))

    def grand_total(self) -> Value:
        if self.counts is not None and self.counts.grand_total is not None:
            return self.counts.grand_total
        return _sum(self.row_totals())


def _sum(values: Sequence[Value]) -> Value:
    return sum(v for v in values if isinstance(v, int | float) and not isinstance(v, bool))


@dataclass(frozen=True)
class GridCounts:
    """A grid of counts of people (a confusion matrix) with its margins.

    ``--publish`` publishes every cell, row total, column total and the grand total
    (the headline count ``total``) with the lines they make: each row and column with
    its total, the totals with the grand total, and each cell of a coarser grid
    (``part_of``) with the cells of this one it sums. A cell's key is
    (``entity``, row label, column label, figure) and a row total's
    (``row_entity``, row label, ``row_figure``), so a table row of the same entity,
    ids and column is the same count, published once.
    """

    entity: str
    row_entity: str
    column_entity: str
    row_figure: str
    column_figure: str
    #: The headline count the grand total is (the patients audited).
    total: str
    #: Published margins (a rounded cell need not add up to them); empty: the sums.
    row_totals: tuple[Value, ...] = ()
    column_totals: tuple[Value, ...] = ()
    grand_total: Value = None
    #: (entity of the finer grid, this grid's label of each of its labels).
    part_of: tuple[str, Mapping[Value, Value]] | None = None
    #: The headline count the diagonal adds up to (patients agreeing); a square grid
    #: of counts is drawn as a heat-map with its diagonal outlined.
    diagonal_total: str | None = None
    #: The audit's observed agreement p_o, chance agreement p_e and Cohen's kappa over
    #: these counts (pbrkit.audit.agreement): the workbook saves them beside its
    #: formulas over the cells, rather than working them out a second way.
    agreement: tuple[Value, Value, Value] | None = None


Block = Headline | Table | Chart | Findings | Text | Pairs | Notes | Comparison | Grid
#: One kind of block (:meth:`Document.blocks`).
B = TypeVar("B", bound=Block)


@dataclass(frozen=True)
class Section:
    """A sheet of the workbook and a section of the HTML page."""

    title: str
    blocks: tuple[Block, ...]
    html: bool = True
    excel: bool = True
    sheet: str | None = None  # the sheet name, when not the title


@dataclass(frozen=True)
class Document:
    """Everything one run reports, in no format."""

    command: str
    title: str
    meta: RunMetadata
    sections: tuple[Section, ...]
    #: summary.json only: contract keys that are not figures (options, codes).
    #: Each layout reads back its own extras in the shape it built them: no one type.
    extras: Mapping[str, Any] = field(default_factory=dict)
    #: summary.json only: objects of registered figures (a tender's ``totals``), each
    #: value under its figure's key. ``--publish`` publishes them by their figures'
    #: units like every other figure, so no layout rounds a figure itself.
    json_figures: Mapping[str, Row] = field(default_factory=dict)
    #: Builds the findings from the finished (published) document.
    findings: Callable[[Document], Sequence[str]] | None = None
    #: summary.json keys worked out from the finished (published) document.
    derived: Callable[[Document], JsonObject] | None = None
    #: The small-number rule applied (``--publish``), else None.
    policy: DisclosurePolicy | None = None
    #: summary.json's keys in this order after the run's header (a contract's order);
    #: the keys not named follow in the document's order.
    json_order: tuple[str, ...] = ()

    @property
    def money_base(self) -> float:
        """What £ totals are rounded to: ``--publish``'s money base, else 0 (not rounded)."""
        return self.policy.money_base if self.policy is not None else 0.0

    def blocks(self, kind: type[B]) -> list[B]:
        """Every block of one kind, in the document's order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, kind)]

    def tables(self) -> list[Table]:
        return self.blocks(Table)

    def table(self, key: str) -> Table:
        for table in self.tables():
            if table.key == key:
                return table
        raise KeyError(key)

    def nothing_shown(self, chart: Chart) -> bool:
        """Whether every value ``chart`` would plot is hidden (``--publish``) or missing:
        such a chart is not drawn (found in review 9b: a PSA's percentile lines, all
        hidden, were drawn as an empty chart whose axis read £0, £0, -£0)."""
        keys = (chart.value,) if isinstance(chart.value, str) else chart.value
        tables = {table.key: table for table in self.tables()}
        if chart.table not in tables:
            return False  # nothing to judge by: drawn as before
        values = [v for key in keys for v in tables[chart.table].column_values(key)]
        return not any(is_number(v) and v == v for v in values)

    def headline(self) -> Headline:
        headlines = self.blocks(Headline)
        if not headlines:
            raise KeyError("headline")
        return headlines[0]

    def map_blocks(self, fn: Callable[[Block], Block]) -> Document:
        """A copy with every block replaced by ``fn(block)``."""
        sections = tuple(replace(s, blocks=tuple(fn(b) for b in s.blocks)) for s in self.sections)
        return replace(self, sections=sections)

    def with_findings(self) -> Document:
        """The document with its findings sentences written from its own values."""
        if self.findings is None:
            return self
        sentences = tuple(self.findings(self))
        return self.map_blocks(lambda b: Findings(sentences) if isinstance(b, Findings) else b)
