"""The figure registry: every figure pbrkit reports, declared once.

The outputs' counterpart of ``io/sheets.py``. A :class:`Figure` gives the one key
(summary.json's name), the one label (every format's name for it), the unit (which
sets the Excel number format, the HTML formatting and the rounding), the count of
people it is about (so ``--publish`` hides it with that count), the formula that works
it out from other figures of its row (so Excel writes the formula with its value, and
the reports explain it in words) and a one-line meaning (the HTML "what it is" and the
Excel notes).

The renderers (``reports/render/``) and ``--publish`` (``reports/publishing.py``) read
nothing else: a figure added here and given a value by a command's layout appears in
summary.json, report.xlsx and report.html, and is hidden with its count when published.
The entries live in ``reports/registry.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pbrkit.reports import format as fmt
from pbrkit.reports.formulas import Formula
from pbrkit.reports.values import Value, is_number


class Unit(StrEnum):
    """What a figure measures: sets its Excel format, HTML text and publishing rule."""

    MONEY = "money"  # £, shown to the pound
    MONEY_PENCE = "money_pence"  # £, shown to the penny (prices, per-person figures)
    PEOPLE = "people"  # a count of people: suppressed and rounded under --publish
    COUNT = "count"  # any other count: days, rows, clusters
    DECIMAL = "decimal"  # a number to two places (episodes)
    SHARE = "share"  # a fraction shown as a percentage
    RATIO = "ratio"  # a ratio to two places (cost ÷ income)
    INDEX = "index"  # an index to two places (casemix)
    TEXT = "text"  # words, codes and names
    PARAMETER = "parameter"  # a parameter's value to four places (a break-even)

    @property
    def is_number(self) -> bool:
        return self is not Unit.TEXT


#: Excel number format of each unit (None: General).
EXCEL_FORMATS: dict[Unit, str | None] = {
    Unit.MONEY: "£#,##0;[Red]-£#,##0",
    Unit.MONEY_PENCE: "£#,##0.00;[Red]-£#,##0.00",
    Unit.PEOPLE: "#,##0",
    Unit.COUNT: "#,##0",
    Unit.DECIMAL: "#,##0.00",
    Unit.SHARE: "0.0%;[Red]-0.0%",
    Unit.RATIO: "#,##0.00",
    Unit.INDEX: "#,##0.00",
    Unit.TEXT: None,
    Unit.PARAMETER: "#,##0.0000",
}

#: Excel number formats of a signed figure whose fall is good news (a change in what the
#: commissioner or the public pays): red above zero, not below; the third section keeps
#: an exact 0 black.
FALL_IS_GOOD_FORMATS: dict[Unit, str] = {
    Unit.MONEY: "[Red]£#,##0;-£#,##0;£#,##0",
    Unit.MONEY_PENCE: "[Red]£#,##0.00;-£#,##0.00;£#,##0.00",
    Unit.SHARE: "[Red]0.0%;-0.0%;0.0%",
    Unit.COUNT: "[Red]#,##0;-#,##0;#,##0",
}

#: Excel number formats of a value or a change that is no news either way (an unsigned
#: figure's value; a change of a figure without :attr:`Figure.has_direction`): no red.
NEUTRAL_FORMATS: dict[Unit, str] = {
    Unit.MONEY: "£#,##0;-£#,##0",
    Unit.MONEY_PENCE: "£#,##0.00;-£#,##0.00",
    Unit.SHARE: "0.0%;-0.0%",
}


def on_bad_side(value: float, rise_is_bad: bool) -> bool:
    """Whether ``value`` (a figure, a change or a bar) is on the bad-news side of zero:
    below it, or above it for a figure whose rise is bad news. The one rule behind every
    red in the reports (:meth:`Figure.tone`, :meth:`Figure.change_is_loss`, the bars)."""
    return value > 0 if rise_is_bad else value < 0


class Tone(StrEnum):
    """Whether a value, as shown, is good news (green), bad news (red) or neither."""

    GAIN = "gain"
    LOSS = "loss"
    NEUTRAL = "neutral"


def sign_tone(value: float, rise_is_bad: bool) -> Tone:
    """The news of a value's sign (:func:`on_bad_side`): zero is neither gain nor loss
    (docs/methodology.md, "Colours"), so a bar of exactly £0 is neutral, not green."""
    if value == 0:
        return Tone.NEUTRAL
    return Tone.LOSS if on_bad_side(value, rise_is_bad) else Tone.GAIN


#: HTML text of a value of each unit (every formatter shows a hidden figure as ``*``).
HTML_FORMATTERS: dict[Unit, Callable[[Value], str]] = {
    Unit.MONEY: fmt.money,
    Unit.MONEY_PENCE: lambda v: fmt.money(v, pence=True),
    Unit.PEOPLE: fmt.count,
    Unit.COUNT: fmt.count,
    Unit.DECIMAL: fmt.decimal,
    Unit.SHARE: fmt.percent,
    Unit.RATIO: fmt.fixed,
    Unit.INDEX: fmt.fixed,
    Unit.TEXT: lambda v: "" if v is None else str(v),
    Unit.PARAMETER: lambda v: fmt.decimal(v, 4),
}

#: The suffix of a unit in an Excel column header ("Income £"), where cells carry no sign.
HEADER_SUFFIX: dict[Unit, str] = {Unit.MONEY: " £", Unit.MONEY_PENCE: " £", Unit.SHARE: " %"}


@dataclass(frozen=True)
class KnownPart:
    """A part K of a figure a reader works out from other published figures of its row
    and public prices (income's admitted-day income, from the admitted days shown beside
    it), with the most one person adds to the rest in a year (m′): V − K ≤ m′ × people.
    Both are row fields (``pbrkit.model``), read as :attr:`Figure.most_a_person_in` is;
    ``below``: of the figure below zero (a deficit: −V − K ≤ m′ × people).
    ``known_from``: the figure of the row K is worked out from; where it is hidden the
    reader does not know K, and the floor is the plain one (m, K = 0)."""

    known_in: str
    most_in: str
    below: bool = False
    known_from: str = "admitted_days"


@dataclass(frozen=True)
class Check:
    """One floor a published value of a figure puts under its people (docs/methodology.md
    §7): (V − K) ÷ ``most`` (or (−V − K) ÷ ``most`` ``below`` zero), K = ``known``, the
    part a reader works out otherwise. ``most`` None or infinite: no floor."""

    most: float | None
    known: float = 0.0
    below: bool = False
    #: The figure K is worked out from (:attr:`KnownPart.known_from`); None for K = 0.
    known_from: str | None = None


@dataclass(frozen=True)
class Figure:
    """One figure, as every output names, formats, explains and publishes it."""

    key: str
    label: str
    unit: Unit
    meaning: str
    #: The counts of people (:attr:`Unit.PEOPLE` figures' keys) this figure describes:
    #: hidden whenever one of them is hidden in the same row, or in the headline.
    about: tuple[str, ...] = ()
    #: How the figure is worked out from other figures of its row (or table).
    formula: Formula | None = None
    #: A table's total row: "sum" of the column, "formula" (the formula over the
    #: total row), or None (blank).
    total: str | None = None
    #: Signed figures show bad news in red and good news in green in every format
    #: (:meth:`tone`): a value below zero is bad news, unless ``fall_is_good``.
    signed: bool = False
    #: A signed figure whose fall is good news: a change in what the commissioner or the
    #: public pays (−£550,086 is a saving, +£12.9m more public spending).
    fall_is_good: bool = False
    #: An unsigned figure of which more is bad news (a cost, a loss, a count of
    #: loss-making clusters): its values are not coloured, but a rise between runs
    #: (``pbrkit compare``) is bad news and a fall good news (:meth:`change_is_loss`).
    more_is_worse: bool = False
    #: Published as a count (hidden 1-7, else rounded), because it gives the count of
    #: people back (episodes: most people have one a year).
    rounded: bool = False
    #: A mean over the people of this count (a :attr:`Unit.PEOPLE` key): published, it
    #: is worked out again over the published count (mean × n ÷ published n), since the
    #: true mean beside anything that gives its total back would give n back exactly.
    mean_over: str | None = None
    #: Decimal places a figure that summarises a whole table (kappa) is published to.
    published_places: int | None = None
    #: A £ figure about one person (a mean, SD or percentile of people's costs), not a
    #: total: ``--publish`` does not round it as a total (a mean is worked out again
    #: from its rounded total, ``mean_over``; the rest are hidden with their count).
    per_person: bool = False
    #: An index worked out from £ totals and counts of people (a casemix index):
    #: ``--publish`` shows it only as worked out again from the published figures of
    #: its row (its formula); where the row does not hold them (a PSA run, a sweep's
    #: grid point, a statistic over runs or draws) it is hidden, since the exact index
    #: beside the rounded £ totals can give its count back (docs/methodology.md §7).
    from_published: bool = False
    #: The most one person can add to this total in a year (366 for a day total): the
    #: total ÷ this is a floor under the people of its count (``about``), so
    #: ``--publish`` shows the total only where that floor is below the fewest people
    #: the published count can stand for (docs/methodology.md §7).
    most_a_person: float | None = None
    #: The row field holding the most one person adds to this total in a year, where
    #: that depends on the row (its clusters' prices, review days, unit costs: a
    #: costing's episodes, income, cost and surplus; fields in ``pbrkit.model``).
    #: Read as :attr:`most_a_person` is (:meth:`most_a_person_in_row`); never written.
    most_a_person_in: str | None = None
    #: For a signed total, the row field holding the most one person can take it below
    #: zero in a year (a deficit is at most the cost: the cost's bound).
    most_below_in: str | None = None
    #: The parts of this total a reader already knows, each with the most one person adds
    #: to the rest (:class:`KnownPart`): a second floor beside each of the above.
    known_parts: tuple[KnownPart, ...] = ()
    #: The bounded figure whose cells are the wholes of this one's along the lines of
    #: their counts (a disagreement's £ add up to its clinician's cluster's difference,
    #: the diagonal moving nothing): ``--publish`` closes the two along those lines as
    #: one column, since either gives a hidden cell of the other back by difference.
    closed_with: str | None = None
    #: The figure of the same row this one gives back with public rates and the row's
    #: other figures, and is given back by: a public share of it (the stranded fixed
    #: cost is f(1 − s)(1 − r) × the cost of the people taken, f, s and r on the
    #: Assumptions sheet), or it less a known part (the payments to bidders are the
    #: tariff income of the people taken × public factors, plus a public share of their
    #: shown cost). ``--publish`` hides the two together in a row (docs/methodology.md
    #: §7): the closure chooses the cells it hides column by column.
    gives_back: str | None = None

    @property
    def is_bounded(self) -> bool:
        """Whether one person adds at most so much a year to this total (a floor rule)."""
        return self.most_a_person is not None or self.most_a_person_in is not None

    def most_a_person_in_row(self, row: Mapping[str, Value]) -> float | None:
        """The most one person adds to this figure in a year in ``row`` (None: no bound;
        infinite: one the public data cannot give, such as an actual cost's)."""
        if self.most_a_person is not None:
            return self.most_a_person
        value = row.get(self.most_a_person_in) if self.most_a_person_in else None
        return float(value) if is_number(value) else None

    def most_below_in_row(self, row: Mapping[str, Value]) -> float | None:
        """The most one person takes this figure below zero in a year in ``row`` (None:
        no bound), as :meth:`most_a_person_in_row` reads the other side."""
        value = row.get(self.most_below_in) if self.most_below_in else None
        return float(value) if is_number(value) else None

    def checks_in_row(self, row: Mapping[str, Value]) -> tuple[Check, ...]:
        """Every floor this figure's value puts under its people in ``row``, in the
        figure's order (the same for every row): m above zero, m′ below, then one per
        :attr:`known_parts`. A published value is shown only while none is above the
        fewest people its count stands for, less one."""
        if not self.is_bounded:
            return ()
        checks = [Check(self.most_a_person_in_row(row))]
        if self.most_below_in is not None:
            checks.append(Check(self.most_below_in_row(row), below=True))
        for part in self.known_parts:
            most, known = row.get(part.most_in), row.get(part.known_in)
            checks.append(Check(float(most) if is_number(most) else None,
                                float(known) if is_number(known) else 0.0, part.below,
                                part.known_from))  # fmt: skip
        return tuple(checks)

    @property
    def is_money_total(self) -> bool:
        """A £ total (income, cost, a surplus, a change): rounded under ``--publish``
        (:meth:`~pbrkit.reports.suppression.DisclosurePolicy.round_money`)."""
        return self.unit is Unit.MONEY and self.mean_over is None and not self.per_person

    @property
    def header(self) -> str:
        """The Excel column header: the label with its unit sign."""
        return self.label + HEADER_SUFFIX.get(self.unit, "")

    def html(self, value: Value) -> str:
        """``value`` as report.html shows it."""
        return HTML_FORMATTERS[self.unit](value)

    def tone(self, value: Value) -> Tone:
        """Good or bad news, for a signed figure, judged on ``value`` as shown: a
        difference worked out in another order (−2e-10) shows as £0 and is neither
        (review 6), and so is an unsigned figure, a hidden one or a blank. The one rule
        every format colours by (report.html, report.xlsx, summary.pdf, explore.html)."""
        sign = self._shown_sign(value) if self.signed else 0
        return sign_tone(sign, self.fall_is_good)

    def is_loss(self, value: Value) -> bool:
        """``value`` is bad news (shown in red)."""
        return self.tone(value) is Tone.LOSS

    @property
    def has_direction(self) -> bool:
        """Whether a rise or a fall of this figure is in itself good or bad news: a signed
        figure's, or one of which more is worse. Income, the cross-subsidy, a count of
        people, the payments to bidders: neither (docs/methodology.md, "Colours"), so a
        change of them between runs takes no colour."""
        return self.signed or self.more_is_worse

    def change_is_loss(self, change: Value) -> bool:
        """A change of this figure between runs (``pbrkit compare``) is bad news: a fall,
        or a rise of a figure whose fall is good news; judged as shown, as :meth:`tone`.
        Never for a figure without a direction (:attr:`has_direction`)."""
        sign = self._shown_sign(change) if self.has_direction else 0
        return on_bad_side(sign, self.rise_is_bad)

    @property
    def change_format(self) -> str | None:
        """The Excel format of a change of this figure between runs: red on the side that
        is bad news (:meth:`change_is_loss`), as report.html colours it; on neither side
        for a figure without a direction."""
        if not self.has_direction:
            return NEUTRAL_FORMATS.get(self.unit, EXCEL_FORMATS[self.unit])
        if self.rise_is_bad and self.unit in FALL_IS_GOOD_FORMATS:
            return FALL_IS_GOOD_FORMATS[self.unit]
        return EXCEL_FORMATS[self.unit]

    @property
    def rise_is_bad(self) -> bool:
        """A higher value is worse news: a signed figure whose fall is good, or one of
        which more is worse (what a sweep's grid and a comparison colour by)."""
        return self.fall_is_good or self.more_is_worse

    def _shown_sign(self, value: Value) -> int:
        """−1 or 1 as ``value`` shows below or above zero; 0 for £0, 0.0%, a blank, a
        hidden figure or words."""
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not (self.unit.is_number and number):
            return 0
        shown = self.html(value)
        if not any(digit in shown for digit in "123456789"):
            return 0  # £0, 0.0% or a blank: no sign to judge
        return -1 if shown.startswith("-") else 1

    @property
    def excel_format(self) -> str | None:
        """The cell format: Excel colours the sign that is bad news red itself, as
        :meth:`tone` judges it; an unsigned figure's values (a cost, income, a statistic
        over runs) on neither side of zero."""
        if not self.signed:
            return NEUTRAL_FORMATS.get(self.unit, EXCEL_FORMATS[self.unit])
        if self.fall_is_good and self.unit in FALL_IS_GOOD_FORMATS:
            return FALL_IS_GOOD_FORMATS[self.unit]
        return EXCEL_FORMATS[self.unit]


_REGISTRY: dict[str, Figure] = {}


def register(*figures: Figure) -> None:
    """Add figures to the registry; a key registered twice is a programming error."""
    for figure in figures:
        if figure.key in _REGISTRY and _REGISTRY[figure.key] != figure:
            raise ValueError(f"figure {figure.key!r} is registered twice, differently")
        _REGISTRY[figure.key] = figure


def unregister(key: str) -> None:
    """Remove a figure (tests that add one at run time clean up with this)."""
    _REGISTRY.pop(key, None)


def figure(key: str) -> Figure:
    """The registered figure ``key``."""
    _load_entries()
    try:
        return _REGISTRY[key]
    except KeyError:
        raise KeyError(f"figure {key!r} is not in the registry (reports/registry.py)") from None


def label_of(key: str) -> str:
    """A figure's label; a name that is not a figure (an assumption's) as written."""
    _load_entries()
    found = _REGISTRY.get(key)
    return found.label if found is not None else key.replace("_", " ")


def figures(keys: Iterable[str]) -> tuple[Figure, ...]:
    return tuple(figure(k) for k in keys)


def registered() -> dict[str, Figure]:
    """Every registered figure, by key."""
    _load_entries()
    return dict(_REGISTRY)


def _load_entries() -> None:
    # The entries import this module, so they are loaded on first use, not at import.
    from pbrkit.reports import registry  # noqa: F401
