"""summary.pdf from a document: the one page for a board pack or an email.

A4 portrait, one page, drawn with matplotlib's PDF backend (no browser): the title and
inputs, the banners report.html shows, the key headline figures formatted as
report.html formats them, the findings, the document's first chart and the run's
provenance. The text stays text, so every figure can be searched and copied: the font's
glyphs are embedded as a Type 3 font (``pdf.fonttype`` 3) whose glyph names map to
Unicode, which pdftotext reads word for word as it reads TrueType (``pdf.fonttype`` 42),
and writes in a third of the time (0.2 s against 0.6 s a page: TrueType subsetting
parses the font's layout tables every time). The creation date is the run's
``generated_at`` and nothing else varies, so a run under ``SOURCE_DATE_EPOCH`` gives
the same bytes every time.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import io
import math
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypedDict, Unpack

import matplotlib

matplotlib.use("Agg")  # never open a window; the reports run headless

from matplotlib.axes import Axes
from matplotlib.figure import Figure as Canvas
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyBboxPatch
from matplotlib.textpath import TextToPath
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from pbrkit.model import RunMetadata
from pbrkit.reports import charts
from pbrkit.reports import format as fmt
from pbrkit.reports.document import Chart, Comparison, Document, Findings, Text
from pbrkit.reports.figures import Unit, figure
from pbrkit.reports.format import count
from pbrkit.reports.values import Value, drawn, nothing_to_draw

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

#: fontTools' subsetter, which matplotlib's PDF backend imports as it loads.
SUBSETTER: Final = "fontTools.subset"


class _OnFirstUse(types.ModuleType):
    """A module imported when one of its names is first asked for (and whole then)."""

    def __getattr__(self, name: str) -> object:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)  # later lookups find the names here
        return getattr(module, name)


def _subsetter_on_first_use() -> None:
    """Have the PDF backend import fontTools' subsetter only when it subsets a font.

    Its import is about 0.1 s of CPU in every process that writes summary.pdf, but
    matplotlib subsets only TrueType (``pdf.fonttype`` 42) fonts with it, and summary.pdf
    embeds Type 3 (matplotlib's ``backends/backend_pdf.py``, ``embedTTFType42``).
    The import system asks a module found in ``sys.modules`` for its ``__spec__``,
    given here, so only a name of the subsetter's own imports it.
    """
    if SUBSETTER in sys.modules or importlib.util.find_spec(SUBSETTER) is None:
        return
    stand_in = _OnFirstUse(SUBSETTER)
    stand_in.__spec__ = importlib.machinery.ModuleSpec(SUBSETTER, None)
    sys.modules[SUBSETTER] = stand_in


_subsetter_on_first_use()

#: A4 portrait, in inches (210 × 297 mm), and the margin on every side.
WIDTH, HEIGHT, MARGIN = 8.27, 11.69, 0.6
INK, MUTED, RULE = "#1d2733", "#5b6672", "#d5dbe1"
#: The main chart's least height, and the room its axis labels take below it (inches).
CHART_HEIGHT, CHART_BELOW = 2.2, 0.75
FONT = "DejaVu Sans"  # matplotlib's own font: always there, with £ and –
_MEASURE = TextToPath()

_STYLE: dict[RcKeyType, object] = {
    "pdf.fonttype": 3,  # text as text, in a third of TrueType's time (see above)
    "font.family": FONT,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True)
class Banner:
    """A banner of report.html: its bold lead (upper case there) and its sentence."""

    lead: str
    text: str
    colour: str  # the left rule's colour
    fill: str


def banners(meta: RunMetadata) -> list[Banner]:
    """The banners report.html shows, in its words (templates/base.html.j2)."""
    out = []
    if not meta.disclosure:
        out.append(Banner(
            "NOT FOR PUBLICATION",
            ": contains unsuppressed small numbers. Counts of a few people can identify "
            f"them; {meta.publish_advice}",
            charts.LOSS, "#fdecea",
        ))  # fmt: skip
    else:
        out.append(Banner(
            "PUBLISHED",
            f": {meta.disclosure}. Counts of people from 1 to 7 are shown as *, other counts "
            "are rounded to the nearest 5, and figures that would let a hidden count be "
            "worked out are hidden too, as are ratios that rounding the £ could move by "
            "more than 0.1. Patient IDs are not included.",
            "#e08a00", "#fff4e5",
        ))  # fmt: skip
    ref = meta.reference
    borrowed = ref.illustrative_tables()
    if borrowed:
        verb, figures = ref.illustrative_agreement()
        out.append(Banner(
            ref.status.upper(),
            f" reference data: {borrowed} from the {ref.name} set {verb} "
            f"illustrative, not {figures}. Use your own tariff and packages for "
            "decisions.",
            "#e08a00", "#fff4e5",
        ))  # fmt: skip
    return out


def document_banners(document: Document) -> list[Banner]:
    """The banners a command's layout puts in the document (a what-if run's levers, an
    illustrative grid; a warning: compare's runs not like with like, a costing's unpriced
    activity left out), as report.html shows them: the label in bold, then the text.
    Only report.html's sections count: a summary the workbook lays out apart (tender)
    repeats the banner there."""
    return [
        Banner(block.label.upper() if block.label else "", f": {block.text}" if block.label
               else block.text, "#e08a00", "#fff4e5")
        for section in document.sections
        if section.html
        for block in section.blocks
        if isinstance(block, Text) and block.style in ("banner", "warning")
    ]  # fmt: skip


def key_figures(document: Document) -> list[tuple[str, str, bool]]:
    """(label, value as report.html shows it, shown in red) of the page's figures.

    A comparison (``pbrkit compare``) has no headline of its own: its first rows are
    shown as each run's value in turn, red when the last run's change from the first is
    bad news (:meth:`Figure.change_is_loss`).
    """
    try:
        headline = document.headline()
    except KeyError:
        return _compared_figures(document)
    keys = headline.key_figures or headline.shown[:5]
    out = []
    for key in keys:
        fig, value = headline.figure_of(key), headline.values.get(key)
        out.append((fig.label, fig.html(value), fig.is_loss(value)))
    return out


def _compared_figures(document: Document) -> list[tuple[str, str, bool]]:
    """The first rows of the comparison, each run's value in turn: in as many cards (4
    to 1) as the values fit at the cards' smallest size, else the first and last run's
    (rev12: five runs' values ran over the next card and off the page)."""
    comparison = document.blocks(Comparison)[0]
    out = []
    for row in comparison.rows[:4]:
        fig = figure(row.figure)
        show = fmt.money_short if fig.unit is Unit.MONEY else fig.html
        change = comparison.difference(row, len(row.values) - 1)
        bad = fig.change_is_loss(change)
        out.append((row.label, " → ".join(show(v) for v in row.values), bad))
    for cards in range(len(out), 0, -1):
        if all(
            text_width(v, CARD_SMALLEST, bold=True) <= _card_room(cards) for _, v, _ in out[:cards]
        ):
            return out[:cards]
    return [
        (label, f"{v.split(' → ')[0]} → … → {v.split(' → ')[-1]}", bad) for label, v, bad in out[:1]
    ]


#: The cards' smallest type (points) and the gap between them (inches).
CARD_SMALLEST: Final = 9.0
CARD_GAP: Final = 0.1


def _card_room(cards: int) -> float:
    """The width a card's value has (inches) when ``cards`` share the page's width."""
    return (WIDTH - 2 * MARGIN - CARD_GAP * (cards - 1)) / cards - 0.26


def findings(document: Document) -> tuple[str, ...]:
    return next((block.sentences for block in document.blocks(Findings)), ())


def main_chart(document: Document) -> Chart | None:
    """The document's first chart (the one report.html shows first); not a tornado,
    which needs the page's room and its explanation (report.html draws it), nor one
    whose every value is hidden (report.html draws none)."""
    chart = next((c for c in document.blocks(Chart) if c.kind != "tornado"), None)
    return None if chart is None or document.nothing_shown(chart) else chart


def render(document: Document) -> bytes:
    """``document`` as the bytes of a one-page PDF."""
    with matplotlib.rc_context(_STYLE):
        page = Canvas(figsize=(WIDTH, HEIGHT))
        layout = _Flow(page)
        _header(layout, document)
        _headline(layout, key_figures(document))
        footer_top = _footer(page, document.meta)
        chart = main_chart(document)
        # The chart keeps CHART_HEIGHT inches (and its title and axis labels) whatever
        # the findings' length: they are set smaller, and at worst cut short, to fit.
        room = footer_top - CHART_BELOW - layout.y - (CHART_HEIGHT + 0.5 if chart else 0)
        _findings(layout, findings(document), room)
        if chart is not None:
            _chart(page, document, chart, top=layout.y + 0.15, bottom=footer_top - CHART_BELOW)
        buffer = io.BytesIO()
        page.savefig(buffer, format="pdf", metadata=_metadata(document))
    return buffer.getvalue()


def write(document: Document, path: Path) -> None:
    """Write ``document``'s summary.pdf to ``path``."""
    path.write_bytes(render(document))


def _metadata(document: Document) -> dict[str, str | datetime]:
    # The creation date is the run's (SOURCE_DATE_EPOCH when set), never the clock's.
    created = datetime.fromisoformat(document.meta.generated_at)
    return {
        "Title": document.title,
        "Creator": f"pbrkit {document.meta.pbrkit_version}",
        "CreationDate": created,
    }


class TextStyle(TypedDict, total=False):
    """How a line of the summary is set, beside its size (matplotlib's Text properties)."""

    fontweight: str
    color: str


class _Flow:
    """Text placed top to bottom; ``y`` is inches from the top of the page."""

    def __init__(self, page: Canvas) -> None:
        self.page, self.y = page, MARGIN

    def text(self, x: float, words: str, size: float, **style: Unpack[TextStyle]) -> None:
        self.page.text(x / WIDTH, 1 - self.y / HEIGHT, words, fontsize=size, va="top", **style)

    def lines(
        self, words: str, size: float, *, indent: float = 0.0, **style: Unpack[TextStyle]
    ) -> None:
        """``words`` wrapped to the text width, each line moving ``y`` down."""
        for line in wrap(words, size, WIDTH - 2 * MARGIN - indent):
            self.text(MARGIN + indent, line, size, **style)
            self.y += size * 1.45 / 72


#: How close to the line width a summed estimate must come before the whole line is
#: measured: the font's advances add up word by word (no kerning across a space), so
#: the sum is the measure; near the limit the line is measured whole all the same.
_NEAR: Final = 0.01


def wrap(words: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """``words`` in lines that fit ``width`` inches at ``size`` points (measured with
    the embedded font's own advances, so no line runs off the page).

    Each word is measured once and a line's width is the sum of its words and spaces;
    measuring every growing line whole took most of summary.pdf's time.
    """
    space = _space_width(size, bold)
    lines: list[str] = []
    used = 0.0
    for whole in words.split():
        measured = text_width(whole, size, bold=bold)
        fitted = [(whole, measured)] if measured <= width else _cut(whole, size, width, bold)
        for word, own in fitted:
            if lines and _fits(lines[-1], word, used + space + own, size, width, bold):
                lines[-1], used = f"{lines[-1]} {word}", used + space + own
            else:
                lines.append(word)
                used = own
    return lines or [""]


def _cut(word: str, size: float, width: float, bold: bool) -> list[tuple[str, float]]:
    """A word wider than the line in pieces that fit, with their widths (rev12: a
    170-letter bidder name ran off the page); measured letter by letter, which only
    such a word costs."""
    pieces: list[tuple[str, float]] = []
    start = 0
    while start < len(word):
        end = start + 1
        while end < len(word) and text_width(word[start : end + 1], size, bold=bold) <= width:
            end += 1
        pieces.append((word[start:end], text_width(word[start:end], size, bold=bold)))
        start = end
    return pieces


def _fits(line: str, word: str, estimate: float, size: float, width: float, bold: bool) -> bool:
    if abs(estimate - width) > _NEAR * width:
        return estimate <= width
    return text_width(f"{line} {word}", size, bold=bold) <= width


@lru_cache(maxsize=64)
def _space_width(size: float, bold: bool) -> float:
    """The advance of a space between two words at ``size`` points."""
    pair = text_width("a b", size, bold=bold)
    return pair - text_width("a", size, bold=bold) - text_width("b", size, bold=bold)


@lru_cache(maxsize=4096)
def text_width(words: str, size: float, *, bold: bool = False) -> float:
    """The width of ``words`` in inches at ``size`` points in the page's font.

    matplotlib's TextToPath lays every text out at its FONT_SCALE and multiplies the
    advance by ``size / FONT_SCALE``; the same product here, with the advance laid out
    once per text (:func:`_advance`), gives the same width to the last bit. The
    findings are tried at four sizes: 2,521 layouts at 1 million patients, 298 now.
    """
    return float(_advance(words, bold) * (float(size) / _MEASURE.FONT_SCALE)) / 72


@lru_cache(maxsize=4096)
def _advance(words: str, bold: bool) -> float:
    """The advance of ``words`` at TextToPath's FONT_SCALE (its scale there is 1.0)."""
    font = FontProperties(
        family=FONT, size=_MEASURE.FONT_SCALE, weight="bold" if bold else "normal"
    )
    width, _, _ = _MEASURE.get_text_width_height_descent(words, font, ismath=False)
    return float(width)


def _header(flow: _Flow, document: Document) -> None:
    meta = document.meta
    flow.lines(document.title, 15, fontweight="bold", color=INK)
    names = ", ".join(meta.input_names())
    flow.lines(f"{names} · reference set {meta.reference.name} · pbrkit {meta.pbrkit_version}",
               8.5, color=MUTED)  # fmt: skip
    flow.y += 0.08
    for banner in [*banners(meta), *document_banners(document)]:
        top = flow.y
        # the lead is bold: measured plain, so leave it room (about 5% wider)
        lines = wrap(banner.lead + banner.text, 8, WIDTH - 2 * MARGIN - 0.45)
        height = len(lines) * 8 * 1.45 / 72 + 0.12
        _box(flow.page, MARGIN, top, WIDTH - 2 * MARGIN, height, banner.fill, banner.colour)
        flow.y += 0.06
        for i, line in enumerate(lines):
            if i == 0:  # the lead in bold, as report.html shows it
                # with its colon: in one run, text extractors read "LEAD:" as one word
                cut = len(banner.lead) + line[len(banner.lead) :].startswith(":")
                lead = line[:cut]
                flow.text(MARGIN + 0.15, lead, 8, fontweight="bold", color=INK)
                rest = line[cut:]
                flow.text(MARGIN + 0.15 + text_width(lead, 8, bold=True), rest, 8, color=INK)
            else:
                flow.text(MARGIN + 0.15, line, 8, color=INK)
            flow.y += 8 * 1.45 / 72
        flow.y = top + height + 0.08


def _box(page: Canvas, x: float, top: float, w: float, h: float, fill: str, rule: str) -> None:
    """A box filled with ``fill``, ruled down its left edge in ``rule`` (inches)."""
    y = HEIGHT - top - h
    for width, colour in ((w, fill), (0.05, rule)):
        page.add_artist(FancyBboxPatch(
            (x / WIDTH, y / HEIGHT), width / WIDTH, h / HEIGHT, boxstyle="square,pad=0",
            transform=page.transFigure, facecolor=colour, edgecolor="none",
        ))  # fmt: skip


def _headline(flow: _Flow, shown: Sequence[tuple[str, str, bool]]) -> None:
    if not shown:
        return
    gap = CARD_GAP
    width = (WIDTH - 2 * MARGIN - gap * (len(shown) - 1)) / len(shown)
    top, height = flow.y + 0.05, 0.78
    for i, (label, value, negative) in enumerate(shown):
        x = MARGIN + i * (width + gap)
        _box(flow.page, x, top, width, height, "#f3f6f9", RULE)
        flow.y = top + 0.08
        for line in wrap(label, 7.5, width - 0.2)[:2]:
            flow.text(x + 0.13, line, 7.5, color=MUTED)
            flow.y += 7.5 * 1.4 / 72
        flow.y = top + 0.42
        size = next((pt for pt in (13.0, 11.5, 10.0) if text_width(value, pt, bold=True)
                     <= width - 0.26), CARD_SMALLEST)  # fmt: skip
        flow.text(x + 0.13, value, size, fontweight="bold", color=charts.LOSS if negative else INK)
    flow.y = top + height + 0.15


def _findings(flow: _Flow, sentences: Sequence[str], room: float) -> None:
    """The findings in the ``room`` inches below ``flow.y``: at 9 pt, else smaller,
    else the first sentences and a line saying where the others are."""
    if not sentences:
        return
    size, shown = fit_findings(sentences, room)
    flow.lines("Findings", 10.5, fontweight="bold", color=INK)
    flow.y += 0.03
    for sentence in shown:
        flow.text(MARGIN + 0.05, "•", size, color=INK)
        flow.lines(sentence, size, indent=0.2, color=INK)
        flow.y += 0.04
    flow.y += 0.05


def fit_findings(sentences: Sequence[str], room: float) -> tuple[float, list[str]]:
    """The font size and sentences that fit ``room`` inches (heading included)."""
    for size in (9.0, 8.5, 8.0, 7.5):
        if _findings_height(sentences, size) <= room:
            return size, list(sentences)
    kept = list(sentences)
    while len(kept) > 1:
        kept.pop()
        more = len(sentences) - len(kept)
        note = f"… and {more} more {'finding' if more == 1 else 'findings'} in report.html."
        if _findings_height([*kept, note], 7.5) <= room:
            return 7.5, [*kept, note]
    return 7.5, kept


def _findings_height(sentences: Sequence[str], size: float) -> float:
    width = WIDTH - 2 * MARGIN - 0.2
    lines = sum(len(wrap(s, size, width)) for s in sentences)
    return 10.5 * 1.45 / 72 + 0.03 + lines * size * 1.45 / 72 + 0.04 * len(sentences) + 0.05


def _footer(page: Canvas, meta: RunMetadata) -> float:
    """The provenance lines at the foot of the page; returns where they start (inches)."""
    ref = meta.reference
    seed = f" Seed: {meta.seed}." if meta.seed is not None else ""
    inputs = "; ".join(
        f"{name} (SHA-256 {i.sha256[:12]}…)"
        for i, name in zip(meta.inputs, meta.input_names(), strict=True)
    )
    words = [
        f"Made by pbrkit {meta.pbrkit_version} with {meta.command} at {meta.generated_at} "
        f"(UTC). Reference set: {ref.name} ({ref.status})"
        + (f" — {ref.title}" if ref.title else "") + f".{seed}",
        f"Inputs: {inputs}.",
        "Every figure, table and assumption is in report.xlsx, report.html and summary.json "
        "of the same run; methods and sources: docs/methodology.md.",
    ]  # fmt: skip
    lines = [line for text in words for line in wrap(text, 7, WIDTH - 2 * MARGIN)]
    step = 7 * 1.4 / 72
    top = HEIGHT - MARGIN - len(lines) * step
    page.add_artist(FancyBboxPatch(
        (MARGIN / WIDTH, 1 - (top - 0.08) / HEIGHT), (WIDTH - 2 * MARGIN) / WIDTH, 0.002,
        boxstyle="square,pad=0", transform=page.transFigure, facecolor=RULE, edgecolor="none",
    ))  # fmt: skip
    for i, line in enumerate(lines):
        y = 1 - (top + i * step) / HEIGHT
        page.text(MARGIN / WIDTH, y, line, fontsize=7, va="top", color=MUTED)
    return top


def _chart(page: Canvas, document: Document, chart: Chart, *, top: float, bottom: float) -> None:
    """The chart between ``top`` and ``bottom`` (inches from the top), as report.html
    draws it: the same table, columns and colours."""
    height = max(bottom - top - 0.35, CHART_HEIGHT)
    left = MARGIN + 0.75
    axes = page.add_axes((left / WIDTH, (HEIGHT - bottom) / HEIGHT,
                          (WIDTH - MARGIN - left) / WIDTH, height / HEIGHT))  # fmt: skip
    table = document.table(chart.table)
    labels = [str(v) for v in table.column_values(chart.category)]
    keys = (chart.value,) if isinstance(chart.value, str) else chart.value
    if chart.kind == "waterfall":
        values = [drawn(v) for v in table.column_values(keys[0])]
        if all(math.isfinite(v) for v in values):  # a hidden step: no waterfall to draw
            charts.draw_waterfall(axes, labels, values, title=chart.title)
    elif chart.kind == "lines":
        for key, colour in zip(keys, (charts.NEUTRAL, charts.LOSS, charts.GAIN), strict=False):
            values = [drawn(v) for v in table.column_values(key)]
            axes.plot(labels, values, marker="o", label=figure(key).label, color=colour)
        charts.zero_in_view(axes)
        axes.legend(frameon=False, fontsize=8)
    else:
        _bars(axes, labels, table.column_values(keys[0]), keys[0])
    axes.yaxis.set_major_formatter(_axis_format(keys[0]))
    if figure(keys[0]).unit is Unit.MONEY:  # whole pounds: no "£0.04" when every bar is £0
        axes.yaxis.set_major_locator(charts.whole_pounds())
    axes.set_title(chart.title, loc="left", fontweight="bold", fontsize=10.5)
    if chart.xlabel:
        axes.set_xlabel(chart.xlabel, fontsize=8)
    axes.tick_params(labelsize=7 if len(labels) > 12 else 8)


def _bars(axes: Axes, labels: list[str], column: Sequence[Value], key: str) -> None:
    """Bars: green for good news and red for bad for a signed figure (report.html's
    colours), one colour otherwise; a hidden value draws no bar but a ``*``, one with
    nothing to measure a ``–``."""
    values = [drawn(v) for v in column]
    fig = figure(key)
    neutral = [charts.NEUTRAL] * len(values)
    colours = charts.sign_colours(values, fig.fall_is_good) if fig.signed else neutral
    axes.bar(labels, values, color=colours)
    axes.axhline(0, color="#333333", linewidth=0.8)
    charts.mark_hidden(axes, values, nothing=nothing_to_draw(column))  # as report.html's
    if figure(key).unit in (Unit.PEOPLE, Unit.COUNT):  # no "1.5 patients" on the axis
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    if len(labels) > 8 and max(len(x) for x in labels) > 4:
        axes.tick_params(axis="x", labelrotation=45)
    else:  # a few long names (a comparison's runs): wrapped under their bars
        charts.category_labels(axes, labels)


def _axis_format(key: str) -> Formatter:
    unit = figure(key).unit
    if unit in (Unit.MONEY, Unit.MONEY_PENCE):
        return charts.PoundTicks()  # every tick its own value: never -£2k three times
    if unit is Unit.SHARE:
        return charts.ShareTicks()  # the decimals the tick step needs, not whole percents
    return FuncFormatter(
        lambda v, _pos=None: count(round(v)) if float(v).is_integer() else f"{v:g}"
    )
