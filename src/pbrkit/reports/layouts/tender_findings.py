"""Plain-English findings of a tender: sentences a campaigner or a board paper can quote.

Every number in a sentence is a value of the finished (published, under ``--publish``)
document, so the HTML, the workbook, the PDF and summary.json agree, and every claim
is checked against the figures before it is made: "mostly the cheaper patients" is
said only when the patients taken do cost less than others in the same clusters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

from pbrkit.reports.document import Document, Value
from pbrkit.reports.format import (
    ZERO_POUNDS,
    count,
    fixed,
    half_away,
    money_short,
    percent,
    plural,
)
from pbrkit.reports.layouts.tender_psa import break_even_lines, psa_findings
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.uncertainty_narrative import NINE_IN_TEN_RUNS
from pbrkit.reports.values import Amount, amount, is_finite, magnitude

#: Within this of 1, the people taken cost what others in their clusters cost: bidders
#: took whole clusters rather than picking within them.
WHOLE_CLUSTERS: Final = 0.005


def balance(value: Amount, base: float = 0.0) -> str:
    """``a surplus of £1.2m`` or ``a deficit of £3.4m``; published (£ rounded to
    ``base``), a £0 is anything within half the base either way, not a surplus."""
    if base and value == 0:
        return f"within {money_short(base / 2)} of breaking even"
    return f"a {'surplus' if value >= 0 else 'deficit'} of {money_short(magnitude(value))}"


def change_sentence(
    before: Amount, after: Amount, base: float = 0.0, change: Amount | None = None
) -> str:
    """How the NHS's surplus moves: 'The NHS surplus of £A becomes a deficit of £B'.
    Published, a balance rounded to £0 has no known sign (review 10: "a surplus of £0"
    for a deficit), so it is said as within half the base of breaking even; and a
    ``change`` rounded on its own that is not after − before as published is given,
    with why (:func:`rounded_apart`)."""
    apart = rounded_apart(before, after, change, base)
    moves = _moves(before, after, base)
    return f"{moves} (a change of {money_short(change)}: {apart})" if apart else moves


def rounded_apart(before: Value, after: Value, change: Value, base: float) -> str:
    """Why a published change is not the published after − before, or ``""`` where it
    is (or the run is not published). Each £ total is rounded to ``base`` on its own
    (methodology §7), so £0 → £0 can stand beside a change of −£50,000 (left by the
    reviews: it read as no change); the words say so and show no unrounded figure."""
    if not base or not all(is_finite(v) for v in (before, after, change)):
        return ""
    if amount(after) - amount(before) == amount(change):
        return ""
    return (
        f"each £ figure is rounded to the nearest {money_short(base)} on its own, so they "
        "need not add up"
    )


def _moves(before: Amount, after: Amount, base: float) -> str:
    if base and 0 in (before, after):
        return f"The NHS goes from {balance(before, base)} to {balance(after, base)}"
    if before >= 0 and after >= 0:
        verb = "falls to" if after < before else "rises to"
        return f"The NHS surplus of {money_short(before)} {verb} {money_short(after)}"
    if before < 0 and after < 0:
        verb = "grows to" if after < before else "shrinks to"
        return f"The NHS deficit of {money_short(-before)} {verb} {money_short(-after)}"
    return f"The NHS goes from {balance(before)} to {balance(after)}"


def tender_findings(document: Document) -> list[str]:
    """Four to six sentences on a tender, most important first; with ``--psa`` the
    PSA's interval comes before them, so no output gives the one run alone, and a
    scenario's break-even (its ``[uncertainty]`` table, without ``--psa``) likewise."""
    psa, thresholds = document.extras.get("psa"), document.extras.get("thresholds")
    if psa is not None:
        opening = psa_findings(psa, document.extras["draws"])
    else:
        opening = [] if thresholds is None else break_even_lines(thresholds)
    return opening + _run_findings(document)


def _run_findings(document: Document) -> list[str]:
    r = document.headline().values
    people, taken, left = r["service_users"], r["taken_patients"], r["residue_patients"]
    findings: list[str] = list(document.extras["tender"]["assumed"])
    if not taken:
        findings.append(
            f"Of {plural(people, 'person')}, bidders would take none on these terms: everyone "
            "stays with the NHS, and its finances do not change."
        )
        return findings + _draws_sentence(document)
    # Published, the cost ratio of the people taken is hidden (methodology §7): the
    # sentence then says who was taken without it. Both counts are named as people, so
    # a reader (and tests/test_disclosure.py's attack) reads them as the counts they are.
    ratio = r["taken_cost_ratio"]
    who = _who(ratio, taken) if isinstance(ratio, float) and not is_suppressed(ratio) else ""
    findings.append(
        f"Of {plural(people, 'person')}, bidders would take {plural(taken, 'person')} "
        f"({_share(taken, people)}){who} and leave the NHS with {plural(left, 'person')}."
    )
    findings += casemix_sentence(r)
    # With --years the figures are the tender's first year; the year table has the rest.
    several = any(t.key == "years" and len(t.rows) > 1 for t in document.tables())
    period = "in the first year" if several else "a year"
    findings += _money_sentences(r, period, document.money_base)
    findings += _top_bidder(document.table("bidders").rows)
    return findings + _draws_sentence(document)


def _share(part: Value, whole: Value) -> str:
    if is_suppressed(part) or is_suppressed(whole) or not whole:
        return "*"
    return percent(amount(part) / amount(whole), 0)


def _who(ratio: float, taken: object) -> str:
    """Who the bidders took, against the average person in the same clusters; one
    person taken is spoken of as one (not "mostly the cheaper patients")."""
    if not math.isfinite(ratio):
        return ""
    one = taken == 1
    clusters = "cluster" if one else "clusters"
    if abs(ratio - 1) < WHOLE_CLUSTERS:
        if one:
            return " — at the average cost of their cluster —"
        return " — whole clusters at a time, at those clusters' average cost —"
    if ratio < 1:
        who = "a cheaper patient than most" if one else "mostly the cheaper patients"
        return (
            f" — {who}: they cost {percent(1 - ratio, 0)} less than the average person in "
            f"the same {clusters} —"
        )
    who = "not a cheap patient" if one else "not the cheapest"
    return (
        f" — {who}: they cost {percent(ratio - 1, 0)} more than the average person in the "
        f"same {clusters} —"
    )


def _money_sentences(r: Mapping[str, Value], period: str, base: float = 0.0) -> list[str]:
    before, after = amount(r["nhs_surplus_before"]), amount(r["nhs_surplus_after"])
    gap, stranded = r["residue_cost_gap"], r["stranded_fixed_cost"]
    moves = change_sentence(before, after, base, amount(r["nhs_surplus_change"]))
    out = [
        f"{moves}: the people left cost {_beyond(gap, 'more')} than "
        f"the tariff pays for them (residue cost gap, G) and {money_short(stranded)} of fixed "
        f"cost stays behind when the others go (stranded fixed cost, S); {_lost(r)}."
    ]
    payments, profit = r["payments_to_bidders"], r["bidder_profit"]
    out.append(
        f"Bidders are paid {money_short(payments)} for the people they take and make "
        f"{money_short(profit)} profit; {_differential(r['differential_payment'])}."
    )
    saving, spend = r["commissioner_saving"], r["public_cost_change"]
    if is_finite(spend) and is_finite(saving):
        out.append(
            f"Counting the commissioner and the NHS together, public spending "
            f"{'rises' if spend >= 0 else 'falls'} by {money_short(abs(spend))} {period}: "
            f"{_saving(saving)}, while the NHS surplus changes by "
            f"{money_short(r['nhs_surplus_change'])}."
        )
    return out


def _lost(r: Mapping[str, Value]) -> str:
    """The lost contribution L = Σ_T (v·P − (1 − f)(1 − r)·c) in words (methodology
    §6.5). Paid by activity (v = 1, so no income kept) it is what the people taken
    brought in above their variable cost; when the NHS keeps some of their income
    (block or blended payment) it is the income lost less the variable cost shed."""
    lost, kept = r["lost_contribution"], r["nhs_income_retained"]
    if is_finite(kept) and not kept:
        return (
            f"the people taken had brought in {_beyond(lost, 'above')} their variable cost "
            "towards those fixed costs (lost contribution, L)"
        )
    if is_finite(lost) and lost < 0:
        return (
            f"with the people taken the NHS sheds {money_short(-lost)} more variable cost "
            "than the income it loses (lost contribution, L)"
        )
    return (
        f"with the people taken the NHS loses {money_short(lost)} more income than the "
        "variable cost it sheds (lost contribution, L)"
    )


def _rounds_to_zero(value: float) -> bool:
    """True for a £ figure shown as £0: its sign is then not known (published, it is
    anything within half the rounding base either way, docs/methodology.md §7), so
    "pays £0 more" or "saves £0" would say more than the figure does."""
    return bool(money_short(value) == ZERO_POUNDS)


def _differential(value: Value) -> str:
    differential = amount(value)
    if is_finite(differential) and _rounds_to_zero(differential):
        return (
            "the commissioner pays about what those people cost the NHS to treat (the "
            f"differential payment rounds to {ZERO_POUNDS})"
        )
    if not is_finite(differential):
        # Hidden (published): its sign is hidden too, so neither "more" nor "less".
        return (
            "how much more or less the commissioner pays than those people cost the NHS "
            f"to treat (the differential payment) is {money_short(differential)}, hidden"
        )
    more = "more" if differential >= 0 else "less"
    return (
        f"the commissioner pays {money_short(magnitude(differential))} {more} than those "
        "people cost the NHS to treat (the differential payment)"
    )


def _saving(saving: float) -> str:
    if _rounds_to_zero(saving):
        return (
            f"the commissioner spends about the same on the people taken (the change "
            f"rounds to {ZERO_POUNDS})"
        )
    if saving >= 0:
        return f"the commissioner saves {money_short(saving)} net on the people taken"
    return f"the commissioner pays {money_short(-saving)} more on the people taken"


def _beyond(value: Value, word: str) -> str:
    """ "£387 more" (or "above"), and for a negative amount "£387 less": not "-£387 more".
    A hidden figure (``--publish``) is shown as it is."""
    if not is_finite(value) or value >= 0:
        return f"{money_short(value)} {word}"
    return f"{money_short(-value)} {'less' if word == 'more' else 'less than'}"


def _top_bidder(bidders: tuple[Mapping[str, Value], ...]) -> list[str]:
    """The bidders that take the most (counts hidden by --publish are left out): every
    one of equals, by name, so the sentence never depends on the order of the rows."""
    shown = [b for b in bidders if is_finite(b["taken_patients"])]
    most = max((float(amount(b["taken_patients"])) for b in shown), default=0.0)
    if most <= 0:
        return []
    top = sorted((b for b in shown if float(amount(b["taken_patients"])) == most),
                 key=lambda b: str(b["bidder"]))  # fmt: skip
    idle = [str(b["bidder"]) for b in bidders if b["taken_patients"] == 0]
    if len(top) == 1:
        sentence = (
            f"{top[0]['bidder']} takes the most: {plural(top[0]['taken_patients'], 'person')}, "
            f"{money_short(top[0]['bidder_profit'])} profit."
        )
    else:
        profits = _and([money_short(b["bidder_profit"]) for b in top])
        sentence = (
            f"{_and([str(b['bidder']) for b in top])} take the most: "
            f"{plural(top[0]['taken_patients'], 'person')} each ({profits} profit)."
        )
    return [sentence + (f" Taking no one: {', '.join(idle)}." if idle else "")]


def _and(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def casemix_sentence(r: Mapping[str, Value]) -> list[str]:
    """How the people left compare with everyone before, in the tables' own rounding
    (:func:`~pbrkit.reports.format.half_away`, not Python's ``:.2f``): the percentage is
    the shown index's distance from 1, so the two always agree, and an index shown as
    1.00 is "about the same", not "0% less"."""
    casemix = r.get("casemix_index", math.nan)
    if not is_finite(casemix):
        return []
    gap = half_away(casemix, 2) - 1
    if not gap:
        how = "about the same per head as"
    else:
        how = f"{abs(gap) * 100:.0f}% {'more' if gap > 0 else 'less'} per head than"
    return [
        f"The people left with the NHS cost {how} the whole caseload did before the "
        f"tender (casemix index {fixed(casemix)}){_casemix_parts(r)}."
    ]


def _casemix_parts(r: Mapping[str, Value]) -> str:
    """The casemix index split into which clusters are left and which people within them."""
    between, within = r.get("casemix_between", math.nan), r.get("casemix_within", math.nan)
    if not (is_finite(between) and is_finite(within)):
        return ""
    return (
        f": {fixed(between)} from which clusters are left and {fixed(within)} from which "
        "people within those clusters"
    )


def _draws_sentence(document: Document) -> list[str]:
    draws = document.extras["draws"]
    if draws <= 1:
        return []
    rows = {row["percentile"]: row for row in document.table("ranges").rows}
    low = money_short(rows["5th"]["nhs_surplus_change"])
    high = money_short(rows["95th"]["nhs_surplus_change"])
    why = "selection noise only: the model's parameters are held fixed"
    if draws < NINE_IN_TEN_RUNS:
        # Too few draws for nine in ten to lie between the percentiles (see the rule).
        why += f"; with fewer than {NINE_IN_TEN_RUNS} draws, fewer than nine in ten lie between"
        spread = (
            f"the change in the NHS surplus was {low} at their 5th and 95th percentiles"
            if low == high
            else f"the NHS surplus changed by {low} at their 5th percentile and {high} at "
            "their 95th"
        )
    else:
        spread = (
            f"the change in the NHS surplus was {low} in nine out of ten of them"
            if low == high
            else f"in nine out of ten of them the NHS surplus changed by between {low} and {high}"
        )
    return [
        f"Figures are medians of {count(draws)} simulated tenders (seed {document.meta.seed}); "
        f"{spread} ({why})."
    ]
