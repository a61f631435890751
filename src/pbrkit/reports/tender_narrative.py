"""Plain-English findings of a tender: sentences a campaigner or a board paper can quote.

Every number in a sentence is a figure of :class:`~pbrkit.reports.tender_summary.TenderReport`
(so the HTML, the workbook and summary.json agree), and every claim is checked
against the figures before it is made: "mostly the cheaper patients" is said only
when the patients taken do cost less than others in the same clusters.
"""

from __future__ import annotations

import math
from typing import Final

from pbrkit.reports.format import count, money_short, percent, plural
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.tender_summary import TenderReport, assumed_statements

#: Within this of 1, the people taken cost what others in their clusters cost: bidders
#: took whole clusters rather than picking within them.
WHOLE_CLUSTERS: Final = 0.005


def balance(value: float) -> str:
    """``a surplus of £1.2m`` or ``a deficit of £3.4m``."""
    return f"a {'surplus' if value >= 0 else 'deficit'} of {money_short(abs(value))}"


def change_sentence(before: float, after: float) -> str:
    """How the NHS's surplus moves: 'The NHS surplus of £A becomes a deficit of £B'."""
    if before >= 0 and after >= 0:
        verb = "falls to" if after < before else "rises to"
        return f"The NHS surplus of {money_short(before)} {verb} {money_short(after)}"
    if before < 0 and after < 0:
        verb = "grows to" if after < before else "shrinks to"
        return f"The NHS deficit of {money_short(-before)} {verb} {money_short(-after)}"
    return f"The NHS goes from {balance(before)} to {balance(after)}"


def tender_findings(report: TenderReport) -> list[str]:
    """Four to six sentences on a tender, most important first."""
    r = report.result.residue
    totals = report.totals
    people = totals["service_users"]
    taken, left = r["taken_patients"], r["residue_patients"]
    findings: list[str] = assumed_statements(report.sources.assumed)
    if not taken:
        findings.append(
            f"Of {plural(people, 'person')}, bidders would take none on these terms: everyone "
            "stays with the NHS, and its finances do not change."
        )
        return findings + _draws_sentence(report)

    ratio = report.selection["taken_cost_ratio"]
    if math.isfinite(ratio) and abs(ratio - 1) < WHOLE_CLUSTERS:
        who = " — whole clusters at a time, at those clusters' average cost —"
    elif math.isfinite(ratio) and ratio < 1:
        who = (
            f" — mostly the cheaper patients: they cost {percent(1 - ratio, 0)} less than "
            "the average person in the same clusters —"
        )
    elif math.isfinite(ratio):
        who = (
            f" — not the cheapest: they cost {percent(ratio - 1, 0)} more than the average "
            "person in the same clusters —"
        )
    else:
        who = ""
    findings.append(
        f"Of {plural(people, 'person')}, bidders would take {count(taken)} "
        f"({percent(taken / people, 0)}){who} and leave the NHS with {count(left)}."
    )
    casemix = r["casemix_index"]
    if math.isfinite(casemix):
        direction = "more" if casemix >= 1 else "less"
        findings.append(
            f"The people left with the NHS cost {percent(abs(casemix - 1), 0)} {direction} "
            f"per head than the whole caseload did before the tender (casemix index "
            f"{casemix:.2f}){_casemix_parts(r)}."
        )
    before, after = r["nhs_surplus_before"], r["nhs_surplus_after"]
    gap, lost, stranded = r["residue_cost_gap"], r["lost_contribution"], r["stranded_fixed_cost"]
    findings.append(
        f"{change_sentence(before, after)}: the people left cost {money_short(gap)} more than "
        f"the tariff pays for them (residue cost gap, G) and {money_short(stranded)} of fixed "
        "cost stays behind when the others go (stranded fixed cost, S); the people taken had "
        f"brought in {money_short(lost)} above their variable cost towards those fixed costs "
        "(lost contribution, L)."
    )
    payments, profit = r["payments_to_bidders"], r["bidder_profit"]
    differential = r["differential_payment"]
    findings.append(
        f"Bidders are paid {money_short(payments)} for the people they take and make "
        f"{money_short(profit)} profit; the commissioner pays "
        f"{money_short(abs(differential))} {'more' if differential >= 0 else 'less'} than "
        "those people cost the NHS to treat (the differential payment)."
    )
    public = report.public_sector
    saving, spend = public["commissioner_saving"], public["public_cost_change"]
    if math.isfinite(spend):
        findings.append(
            f"Counting the commissioner and the NHS together, public spending "
            f"{'rises' if spend >= 0 else 'falls'} by {money_short(abs(spend))} a year: the "
            f"commissioner {'saves' if saving >= 0 else 'pays'} {money_short(abs(saving))} "
            f"{'net ' if saving >= 0 else 'more '}on the people taken, while the NHS surplus "
            f"changes by {money_short(r['nhs_surplus_change'])}."
        )
    bidders = report.result.by_bidder
    shown = bidders.loc[[not is_suppressed(v) for v in bidders["taken_patients"]]]
    shown = shown.astype({"taken_patients": float})  # counts hidden by --publish are left out
    if len(shown) and float(shown["taken_patients"].max()) > 0:
        top = shown.sort_values("taken_patients", ascending=False, kind="stable").iloc[0]
        idle = [str(b) for b in bidders.loc[bidders["taken_patients"] == 0, "bidder"]]
        sentence = (
            f"{top['bidder']} takes the most: {count(top['taken_patients'])} people, "
            f"{money_short(top['bidder_profit'])} profit."
        )
        if idle:
            sentence += f" Taking no one: {', '.join(idle)}."
        findings.append(sentence)
    return findings + _draws_sentence(report)


def _casemix_parts(r: dict[str, float]) -> str:
    """The casemix index split into which clusters are left and which people within them."""
    between, within = r.get("casemix_between", math.nan), r.get("casemix_within", math.nan)
    if not (math.isfinite(between) and math.isfinite(within)):
        return ""
    return (
        f": {between:.2f} from which clusters are left and {within:.2f} from which people "
        "within those clusters"
    )


def _draws_sentence(report: TenderReport) -> list[str]:
    ranges = report.result.residue_ranges
    if not ranges:
        return []
    change = ranges["nhs_surplus_change"]
    low, high = money_short(change["p5"]), money_short(change["p95"])
    spread = (
        f"the change in the NHS surplus was {low} in nine out of ten of them"
        if low == high
        else f"in nine out of ten of them the NHS surplus changed by between {low} and {high}"
    )
    return [
        f"Figures are medians of {count(report.draws)} simulated tenders (seed "
        f"{report.result.seed}); {spread} (selection noise only: the model's parameters "
        "are held fixed)."
    ]
