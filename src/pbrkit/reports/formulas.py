"""Formulas over figures: one definition gives the value, the Excel formula and the words.

A registered figure with a formula (``surplus = income − cost``) is worked out once,
here, from the figures it is made of. report.xlsx writes the same formula over the
cells that hold those figures (with the value saved, for viewers that never
recalculate), and report.html says it in words, so a reader can check each total.
A hidden operand (``--publish``) gives a hidden result: :data:`SUPPRESSED` propagates
through arithmetic.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from pbrkit.reports.suppression import SUPPRESSED, Suppressed, is_suppressed
from pbrkit.reports.values import Row, Value, amount


class Cells(Protocol):
    """Where the figures a formula refers to are in the workbook being written."""

    def here(self, key: str) -> str:
        """The cell of figure ``key`` in the row being written (e.g. ``F7``)."""
        ...

    def column(self, table: str, key: str) -> str:
        """The absolute range of a table's column, sheet included."""
        ...

    def total(self, table: str, key: str) -> str:
        """The absolute cell of a table's total of ``key``, sheet included."""
        ...

    def named(self, name: str) -> str:
        """The absolute cell of a named value (an assumption), sheet included."""
        ...


Label = Callable[[str], str]


class Formula(ABC):
    """How a figure is worked out from others."""

    #: The figures of the same row the formula reads (Excel writes it only where the
    #: table has them all; otherwise the value alone).
    @property
    def row_operands(self) -> tuple[str, ...]:
        return ()

    @abstractmethod
    def value(self, row: Row) -> Value:
        """The figure from the other figures of ``row``."""

    @abstractmethod
    def excel(self, cells: Cells) -> str:
        """The Excel formula, ``=`` included."""

    @abstractmethod
    def words(self, label: Label) -> str:
        """The formula in words, for the reader."""


class Pointer(Formula):
    """A figure the command gives, whose formula points at where it comes from (a
    table's total, a named assumption, one row): the formula is for Excel and the words."""

    def value(self, row: Row) -> Value:
        return None


def _missing(value: Value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _signed(terms: list[tuple[str, int]], minus: str, sep: str) -> str:
    """``a + b − c`` from (term, sign) pairs, with the leading ``+`` dropped."""
    text = sep.join(f"{'+' if sign > 0 else minus}{sep}{term}" for term, sign in terms)
    return text.removeprefix("+" + sep)


@dataclass(frozen=True)
class Difference(Formula):
    """``a − b``."""

    a: str
    b: str
    #: An operand can be blank (the mean income of a cluster without a price): a
    #: spreadsheet reads an empty cell as 0, so the formula must say blank itself.
    blank_operands: bool = False

    @property
    def row_operands(self) -> tuple[str, ...]:
        return (self.a, self.b)

    def value(self, row: Row) -> Value:
        operands = _operands([row.get(self.a), row.get(self.b)])
        return operands[0] - operands[1] if isinstance(operands, list) else operands

    def excel(self, cells: Cells) -> str:
        a, b = cells.here(self.a), cells.here(self.b)
        if self.blank_operands:
            return f'=IF(OR({a}="",{b}=""),"",{a}-{b})'
        return f"={a}-{b}"

    def words(self, label: Label) -> str:
        return f"{label(self.a)} − {label(self.b)}"


@dataclass(frozen=True)
class Ratio(Formula):
    """``numerator ÷ denominator``; blank (not ``#DIV/0!``) when the denominator is 0."""

    numerator: str
    denominator: str
    #: The numerator can be blank (an SD of one patient): a spreadsheet reads an empty
    #: cell as 0, so the formula must say blank itself, as :meth:`value` does.
    blank_numerator: bool = False

    @property
    def row_operands(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator)

    def value(self, row: Row) -> Value:
        num, den = row.get(self.numerator), row.get(self.denominator)
        if is_suppressed(num) or is_suppressed(den):
            return num if is_suppressed(num) else den
        if num is None or den is None or _missing(num) or _missing(den) or den == 0:
            return float("nan")
        return float(num) / float(den)

    def excel(self, cells: Cells) -> str:
        num, den = cells.here(self.numerator), cells.here(self.denominator)
        if self.blank_numerator:
            return f'=IF(OR({num}="",{den}=0),"",{num}/{den})'
        return f'=IF({den}=0,"",{num}/{den})'

    def words(self, label: Label) -> str:
        return f"{label(self.numerator)} ÷ {label(self.denominator)}"


@dataclass(frozen=True)
class TotalOf(Pointer):
    """A table's total of a figure (a headline figure that points at its table)."""

    table: str
    key: str

    def excel(self, cells: Cells) -> str:
        return "=" + cells.total(self.table, self.key)

    def words(self, label: Label) -> str:
        return f"the total of {label(self.key)} over the {self.table} table"


@dataclass(frozen=True)
class SumIf(Pointer):
    """The sum (or count) of a table column's positive or negative values.

    ``sign`` is ``">0"`` or ``"<0"``; ``negate`` turns a sum of losses into a positive
    amount; ``count`` counts the rows instead of summing them.
    """

    table: str
    key: str
    sign: str
    negate: bool = False
    count: bool = False

    def excel(self, cells: Cells) -> str:
        rng = cells.column(self.table, self.key)
        fn = f'COUNTIF({rng},"{self.sign}")' if self.count else f'SUMIF({rng},"{self.sign}")'
        return ("=-" if self.negate else "=") + fn

    def words(self, label: Label) -> str:
        which = "positive" if self.sign == ">0" else "negative"
        what = "the number of" if self.count else "the sum of"
        return f"{what} the {which} values of {label(self.key)} in the {self.table} table"


@dataclass(frozen=True)
class SumBy(Pointer):
    """A breakdown: the sum of a detail table's column over the rows of this group."""

    table: str
    by: str
    key: str

    @property
    def row_operands(self) -> tuple[str, ...]:
        return (self.by,)

    def excel(self, cells: Cells) -> str:
        by, values = cells.column(self.table, self.by), cells.column(self.table, self.key)
        return f"=SUMIF({by},{cells.here(self.by)},{values})"

    def words(self, label: Label) -> str:
        return f"the sum of {label(self.key)} over the {self.table} with this {label(self.by)}"


@dataclass(frozen=True)
class Compound(Pointer):
    """``base × (1 ± rate) ^ year × …``: a projection from named assumptions.

    ``rates`` are (name, falls) pairs: a deflator or an efficiency falls, inflation rises.
    """

    base: str
    year: str
    rates: tuple[tuple[str, bool], ...]

    @property
    def row_operands(self) -> tuple[str, ...]:
        return (self.year,)

    def excel(self, cells: Cells) -> str:
        year = cells.here(self.year)
        # Year 0's factor is 1 by an IF, not by a power: a 100% deflator makes it 0^0,
        # which Excel evaluates to #NUM! (LibreOffice and Python give 1).
        factors = "".join(
            f"*IF({year}=0,1,(1{'-' if falls else '+'}{cells.named(rate)})^{year})"
            for rate, falls in self.rates
        )
        return f"={cells.named(self.base)}{factors}"

    def project(self, named: Mapping[str, Value], row: Row) -> Value:
        """The figure from the named assumptions and the row's year (``--publish``
        works it out from the published base, so the years add nothing to it)."""
        operands = _operands([named.get(self.base), row.get(self.year)]
                             + [named.get(rate) for rate, _ in self.rates])  # fmt: skip
        if not isinstance(operands, list):
            return operands
        base, year, *rates = operands
        for rate, (_, falls) in zip(rates, self.rates, strict=True):
            base *= (1 - rate if falls else 1 + rate) ** year
        return base

    def words(self, label: Label) -> str:
        factors = "".join(
            f" × (1 {'−' if falls else '+'} {label(rate)})^{label(self.year)}"
            for rate, falls in self.rates
        )
        return f"{label(self.base)}{factors}"


def _operands(values: list[Value]) -> list[float] | Suppressed | None:
    """The values as numbers; but hidden if one is hidden, None if one is missing."""
    if any(is_suppressed(v) for v in values):
        return SUPPRESSED
    if any(v is None or _missing(v) for v in values):
        return None
    return [float(amount(v)) for v in values]


def _times(values: list[Value]) -> Value:
    """The product of ``values``; hidden if one is, None if one is missing."""
    operands = _operands(values)
    if not isinstance(operands, list):
        return operands
    out = 1.0
    for v in operands:
        out *= v
    return out


@dataclass(frozen=True)
class Named(Pointer):
    """A named value (an assumption on another sheet), shown where a figure needs it."""

    name: str

    def excel(self, cells: Cells) -> str:
        return "=" + cells.named(self.name)

    def words(self, label: Label) -> str:
        return f"{label(self.name)}, from the assumptions"


@dataclass(frozen=True)
class Sum(Formula):
    """``± a ± b ± …``: figures of the same row (or headline) added or taken away."""

    terms: tuple[tuple[str, int], ...]  # (figure, +1 or −1)

    @property
    def row_operands(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.terms)

    def value(self, row: Row) -> Value:
        operands = _operands([row.get(key) for key, _ in self.terms])
        if not isinstance(operands, list):
            return operands
        signed = [sign * v for v, (_, sign) in zip(operands, self.terms, strict=True)]
        return float(sum(signed))

    def excel(self, cells: Cells) -> str:
        return "=" + _signed([(cells.here(k), sign) for k, sign in self.terms], "-", "")

    def words(self, label: Label) -> str:
        return _signed([(label(k), sign) for k, sign in self.terms], "−", " ")


@dataclass(frozen=True)
class Product(Formula):
    """``a × (1 − b) × …``: figures multiplied, each as given or as its complement."""

    factors: tuple[tuple[str, bool], ...]  # (figure, complement: 1 − the figure)

    @property
    def row_operands(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.factors)

    def value(self, row: Row) -> Value:
        values = [row.get(key) for key, _ in self.factors]
        values = [
            1 - float(v) if complement and not (is_suppressed(v) or v is None) else v
            for v, (_, complement) in zip(values, self.factors, strict=True)
        ]
        return _times(values)

    def excel(self, cells: Cells) -> str:
        parts = [f"(1-{cells.here(k)})" if c else cells.here(k) for k, c in self.factors]
        return "=" + "*".join(parts)

    def words(self, label: Label) -> str:
        return " × ".join(f"(1 − {label(k)})" if c else label(k) for k, c in self.factors)


@dataclass(frozen=True)
class IndexOf(Formula):
    """``(a ÷ n) ÷ (b ÷ m)``: one mean over another (a casemix index); blank when
    either count or the base is 0."""

    numerator: str
    numerator_count: str
    base: str
    base_count: str

    @property
    def row_operands(self) -> tuple[str, ...]:
        return (self.numerator, self.numerator_count, self.base, self.base_count)

    def value(self, row: Row) -> Value:
        after = Ratio(self.numerator, self.numerator_count).value(row)
        before = Ratio(self.base, self.base_count).value(row)
        return Ratio("after", "before").value({"after": after, "before": before})

    def excel(self, cells: Cells) -> str:
        a, n = cells.here(self.numerator), cells.here(self.numerator_count)
        b, m = cells.here(self.base), cells.here(self.base_count)
        return f'=IF(OR({n}=0,{b}=0),"",({a}/{n})/({b}/{m}))'

    def words(self, label: Label) -> str:
        return (
            f"({label(self.numerator)} ÷ {label(self.numerator_count)}) ÷ "
            f"({label(self.base)} ÷ {label(self.base_count)})"
        )


Terms = tuple[tuple[str, str, int], ...]  # (table, figure, +1 or −1)


@dataclass(frozen=True)
class TotalsRatio(Pointer):
    """``(± total ± …) ÷ (± total ± …)``: a ratio of tables' totals (cost ÷ payment);
    blank (not ``#DIV/0!``) when the denominator is £0 (no one left with the NHS)."""

    numerator: Terms
    denominator: Terms

    def excel(self, cells: Cells) -> str:
        def part(terms: Terms) -> str:
            return _signed([(cells.total(t, k), s) for t, k, s in terms], "-", "")

        # "0" within half a penny: the income of everyone less the income taken, summed
        # in two orders, can be 1e-12 rather than 0 when no one is left
        num, den = part(self.numerator), part(self.denominator)
        return f'=IF(ABS({den})<0.005,"",({num})/({den}))'

    @property
    def operands(self) -> tuple[tuple[str, str], ...]:
        """The (table, figure) totals the ratio reads."""
        return tuple((t, k) for t, k, _ in (*self.numerator, *self.denominator))

    def over(self, totals: Mapping[tuple[str, str], float]) -> float | None:
        """The ratio of ``totals`` (by (table, figure)); None where Excel is blank."""
        num = sum(s * totals[(t, k)] for t, k, s in self.numerator)
        den = sum(s * totals[(t, k)] for t, k, s in self.denominator)
        return None if abs(den) < 0.005 else num / den

    def words(self, label: Label) -> str:
        def part(terms: Terms) -> str:
            return _signed([(f"{label(k)} ({t})", s) for t, k, s in terms], "−", " ")

        return f"({part(self.numerator)}) ÷ ({part(self.denominator)}), over the tables' totals"


@dataclass(frozen=True)
class Above(Formula):
    """``yes`` when a figure is above a threshold, else ``no`` (a flag that follows the
    figure shown, published or not); hidden when the figure is hidden, and ``no`` when
    it is missing (a CV of one patient, or of a mean of £0, is not above: review5)."""

    key: str
    threshold: float

    @property
    def row_operands(self) -> tuple[str, ...]:
        return (self.key,)

    def value(self, row: Row) -> Value:
        value = row.get(self.key)
        if is_suppressed(value):
            return value
        if value is None or _missing(value):
            return "no"
        return "yes" if float(value) > self.threshold else "no"

    def excel(self, cells: Cells) -> str:
        # A blank figure is "no", as in value(): Excel and LibreOffice rank text above
        # every number, so "" > 1 alone would say "yes".
        cell = cells.here(self.key)
        return f'=IF(AND(ISNUMBER({cell}),{cell}>{self.threshold:g}),"yes","no")'

    def words(self, label: Label) -> str:
        return f"yes when {label(self.key)} is above {self.threshold:g}"


@dataclass(frozen=True)
class RowOf(Pointer):
    """A figure of one row of a table (a headline figure that points at its row):
    ``=INDEX(column, row)``, so the workbook shows where the figure comes from."""

    table: str
    key: str
    row: int  # 0-based, in the table's order
    what: str  # the row in words ("clusters")

    def excel(self, cells: Cells) -> str:
        # A blank row figure stays blank (an empty cell pointed at reads as 0).
        cell = f"INDEX({cells.column(self.table, self.key)},{self.row + 1})"
        return f'=IF({cell}="","",{cell})'

    def words(self, label: Label) -> str:
        return f"the {label(self.key)} of the {self.what} in the {self.table} table"


@dataclass(frozen=True)
class CountIf(Pointer):
    """The number of a table's rows whose figure is ``flag``: a headline
    count of what the table shows, ``=COUNTIF(column, "yes")``; under ``--publish``
    counted again over the published rows (a hidden flag is not counted)."""

    table: str
    key: str
    flag: str

    def count(self, rows: Iterable[Row]) -> int:
        """The count over ``rows``."""
        return sum(row.get(self.key) == self.flag for row in rows)

    def excel(self, cells: Cells) -> str:
        return f'=COUNTIF({cells.column(self.table, self.key)},"{self.flag}")'

    def words(self, label: Label) -> str:
        return f'the number of "{self.flag}" in {label(self.key)} over the {self.table} table'


@dataclass(frozen=True)
class ShareOfTotal(Pointer):
    """``share × a table's total ± figures``: the part of a total a share gives, with
    figures beside it added or taken away (the commissioner's saving =
    v × Σ over T of P − Σ over T of R, docs/methodology.md §6.5).

    A pointer: the command gives the value; the share and the figures are the
    headline's (the row's), the total is the table's total row.
    """

    share: str
    table: str
    key: str
    terms: tuple[tuple[str, int], ...] = ()  # (figure, +1 or −1)

    @property
    def row_operands(self) -> tuple[str, ...]:
        return (self.share, *(key for key, _ in self.terms))

    def excel(self, cells: Cells) -> str:
        head = f"{cells.here(self.share)}*{cells.total(self.table, self.key)}"
        return "=" + _signed([(head, 1), *((cells.here(k), s) for k, s in self.terms)], "-", "")

    def words(self, label: Label) -> str:
        head = f"{label(self.share)} × ({label(self.key)}, summed over the {self.table})"
        return _signed([(head, 1), *((label(k), s) for k, s in self.terms)], "−", " ")
