"""The few lines a command prints about its result, so a run is never silent.

Read from the run's ``summary.json`` object, the same figures the reports show; a
figure hidden by ``--publish`` (``null`` there) prints as ``*``. The lines go to stdout,
or to stderr under ``--json`` (stdout then holds only the JSON).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from pbrkit.io.tender_inputs import REPEATED_PATIENTS_NOTE
from pbrkit.model import input_names
from pbrkit.reports.format import count, fixed, money_short, noun, percent, plural
from pbrkit.reports.layouts.cluster_findings import kappa_words
from pbrkit.reports.layouts.cost import clusters_counted
from pbrkit.reports.layouts.tender_findings import rounded_apart

Summary = Mapping[str, Any]


def _known(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _money(value: Any) -> str:
    return money_short(value) if _known(value) else "*"


def _balance(value: Any, base: float = 0.0) -> str:
    """``a surplus of £1.2m``, ``a deficit of £3.4m``, or ``*`` when hidden; published
    (£ rounded to ``base``), a £0 is within half the base either way, not a surplus."""
    if not _known(value):
        return "*"
    if value == 0 and base:
        return f"within {_money(base / 2)} of breaking even"
    return f"a {'surplus' if value >= 0 else 'deficit'} of {money_short(abs(value))}"


def _money_base(summary: Summary) -> float:
    """The £ a published run's totals are rounded to (0: unpublished, exact)."""
    return float((summary.get("disclosure") or {}).get("money_rounding_base") or 0.0)


def _people(value: Any, singular: str = "person") -> str:
    # Hidden: "* service users", the whole plural noun (rev13: split on spaces it was
    # "* service").
    return plural(value, singular) if _known(value) else f"* {noun(2, singular)}"


#: What a run's codes are when its summary does not say (summary.json's reference.codes).
CARE_CLUSTER = "care cluster"


def _days(value: Any, codes: str) -> str:
    """The days in the run's codes: "cluster days" for care clusters (the caseload's
    ``cluster_days``, "cluster" being the set's word for a code), "resource group days"
    for resource groups, as the rest of the headline names them (walk 9); hidden by
    --publish, ``*`` as every hidden figure here (rev13: it was "–", absent)."""
    day = f"{'cluster' if codes == CARE_CLUSTER else codes} day"
    return plural(value, day) if _known(value) else f"* {noun(2, day)}"


def cost_headline(summary: Summary) -> list[str]:
    t = summary["totals"]
    codes = summary.get("reference", {}).get("codes", CARE_CLUSTER)  # or "resource group"
    many = noun(2, codes)
    loss, base = t.get("loss"), _money_base(summary)
    if _known(loss) and loss == 0 and base and t.get("loss_making_clusters"):
        # Published, a loss under half the base rounds to £0; the clusters still lose.
        losing = (
            f"losing ones lose less than {_money(base / 2)} "
            f"(£ totals rounded to the nearest {_money(base)})"
        )
    elif _known(loss) and loss == 0:
        losing = "none loses money"
    else:
        losing = f"losing ones lose {_money(loss)}"
    return [
        f"{clusters_counted(summary['clusters'], codes)}, "
        f"{_people(t['service_users'], 'service user')}, "
        f"{_days(t['cluster_days'], codes)}",
        _income_line(t, base),
        f"Profitable {many} make {_profit(t['cross_subsidy'], base)}; {losing}",
        *_cost_years(summary),
        *_unpriced(summary, codes),
    ]


def _income_line(t: Summary, base: float) -> str:
    """``Income £X, cost £Y: a surplus of £Z``. Published, each £ total is rounded on
    its own, as the reports round it (methodology §7), so Z need not be X − Y: the line
    then says so, in the tender's words (:func:`rounded_apart`). A surplus beside a
    hidden income or cost is ``*``: with the other two shown it would give it back."""
    income, cost, surplus = t["income"], t["cost"], t["surplus"]
    if not (_known(income) and _known(cost)):
        return f"Income {_money(income)}, cost {_money(cost)}: *"
    line = f"Income {_money(income)}, cost {_money(cost)}: {_balance(surplus, base)}"
    apart = rounded_apart(cost, income, surplus if _known(surplus) else math.nan, base)
    return f"{line} ({apart})" if apart else line


def _unpriced(summary: Summary, codes: str) -> list[str]:
    """With --on-missing report, that the totals leave some activity out, as the
    reports' findings say (docs/methodology.md §2, unpriced activity)."""
    left = len(summary.get("unpriced") or [])
    if not left:
        return []
    return [
        f"Activity in {plural(left, codes)} has no price and is left out of these totals "
        "(see the unpriced table)"
    ]


def _profit(value: Any, base: float) -> str:
    """The cross-subsidy; published, a £0 is less than half the base (rev7a)."""
    return (
        f"less than {_money(base / 2)}" if _known(value) and value == 0 and base else _money(value)
    )


def _cost_years(summary: Summary) -> list[str]:
    """With --years 2 or more, the last year's balance: what the run was asked for (a
    PSA's interval leads the lines instead: :func:`_with_psa`)."""
    years = summary.get("projection") or []
    if len(years) < 2 or summary.get("psa"):
        return []
    last = years[-1]
    return [
        f"By {last['financial_year']}: {_balance(last['surplus'], _money_base(summary))} "
        f"(a {len(years)}-year projection)"
    ]


def cluster_headline(summary: Summary) -> list[str]:
    a = summary["allocation"]
    assessed = count(a["assessed"]) if _known(a["assessed"]) else "*"
    lines = [f"{_people(a['patients'], 'patient')}, {assessed} of them assessed"]
    if _known(a.get("agreement")):
        lines.append(
            f"Clinicians' clusters agree with the suggestions for {percent(a['agreement'])}; "
            f"kappa {fixed(a['kappa'])} ({kappa_words(a['kappa'])})"
        )
    else:
        lines.append(_why_no_agreement(a))
    # Σ Δ over no audited patient is no comparison: the reports say nothing then.
    if _known(a.get("money_at_stake")) and a.get("audited") != 0:
        lines.append(_money_at_stake(a["money_at_stake"], _money_base(summary)))
    return lines


def _money_at_stake(total: float, base: float = 0.0) -> str:
    """The £ at stake in words, as the report says it: clinicians' clusters − suggested;
    published (£ rounded to ``base``), a £0 is within half the base, not the same."""
    if total == 0 and base:
        return (
            f"Paying for the clinicians' clusters costs within {_money(base / 2)} of the "
            f"suggested ones (£ totals rounded to the nearest {_money(base)})"
        )
    if total == 0:
        return "Paying for the clinicians' clusters costs the same as for the suggested ones"
    more = "more" if total > 0 else "less"
    return (
        f"Paying for the clinicians' clusters costs {_money(abs(total))} {more} "
        "than for the suggested ones"
    )


def _why_no_agreement(a: Summary) -> str:
    """Why there is no agreement to show: published and hidden (the patients audited,
    or those agreeing), no patient with both a suggestion and a clinician's cluster,
    or no clinicians' clusters at all."""
    if not _known(a.get("audited")):
        return "Agreement not published (the count of patients audited is hidden)"
    if a["audited"] > 0:  # published: patients audited, their agreement hidden (rev11)
        return "Agreement not published (the patients agreeing are hidden to protect a small count)"
    if a.get("no_clinician_cluster") != a.get("patients"):
        return "No patient is both assessed and given a clinician's cluster: nothing to audit"
    return "No clinicians' clusters to audit"


def tender_headline(summary: Summary) -> list[str]:
    r = summary["residue"]
    draws = summary.get("draws") or 1
    median = f" (medians of {plural(draws, 'draw')})" if draws > 1 else ""
    base = _money_base(summary)  # published, a £0 balance is within half of it
    # qa22: on `pbrkit import mhsds`'s workbook (241 people) the line said "Bidders take
    # 131 people; 214 people stay": 345 cluster rows, as the reports' note says.
    repeated = REPEATED_PATIENTS_NOTE in summary.get("notes", ())
    once_each = " (a person in two clusters counts in each)" if repeated else ""
    return [
        f"Bidders take {_people(r['taken_patients'])}; "
        f"{_people(r['residue_patients'])} {noun(r['residue_patients'], 'stays', 'stay')} "
        f"with the NHS{median}{once_each}",
        *_why_no_one_taken(summary),
        f"The NHS goes from {_balance(r['nhs_surplus_before'], base)} to "
        f"{_balance(r['nhs_surplus_after'], base)} ({_change(r, base)})",
        f"Casemix index of the people left: {_index(summary, 'residue', 'casemix_index')}",
    ]


def _why_no_one_taken(summary: Summary) -> list[str]:
    """Where bidders take no one, why: the notes on bidders and lots (a capacity of 0,
    a bidder that bids for no lot, a lot with no one in it), else where its terms are
    (qa23: the terminal said "Bidders take 0 people" and nothing more, the reason only
    in the report's notes, if there)."""
    if summary["residue"]["taken_patients"] != 0:
        return []
    notes = [n for n in summary.get("notes", ()) if n.startswith(("Bidder '", "Lot '"))]
    if notes:
        return [f"  {note}" for note in notes]
    # Not one cause: a hurdle no patient clears, or a capacity below an accept-all
    # lot's people, among others; the terms are on the Assumptions sheet.
    return ["  No bidder takes anyone on its terms (its hurdle margin, capacity and lots: "
            "see the report's Assumptions)."]  # fmt: skip


def _change(r: Summary, base: float) -> str:
    """``change -£13.5m``; published, with why it is not after − before where each was
    rounded on its own, as the findings say it."""
    change = _money(r["nhs_surplus_change"])
    before, after, change_value = (
        r[k] if _known(r[k]) else math.nan
        for k in ("nhs_surplus_before", "nhs_surplus_after", "nhs_surplus_change")
    )
    apart = rounded_apart(before, after, change_value, base)
    return f"a change of {change}: {apart}" if apart else f"change {change}"


def _index(summary: Summary, section: str, key: str) -> str:
    """An index to 2 places; ``*`` when ``--publish`` hid it (its JSON Pointer is in
    ``disclosure.suppressed``), a dash when it does not exist (no one left to index)."""
    suppressed = (summary.get("disclosure") or {}).get("suppressed") or []
    if f"/{section}/{key}" in suppressed:
        return "*"
    return fixed(summary[section].get(key))


def sweep_headline(summary: Summary) -> list[str]:
    rows = summary["sweep"]
    known = [row.get("nhs_surplus_change") for row in rows]
    known = [v for v in known if _known(v)]
    lines = [
        f"{plural(len(rows), 'setting')} of {', '.join(summary['parameters'])}, "
        f"{plural(summary.get('draws') or 1, 'draw')} each"
    ]
    if known:
        low, high = _money(min(known)), _money(max(known))
        # "from -£2,375 to -£2,375" read as a range (review 10), as the findings say it
        span = f"{low} at every setting" if low == high else f"from {low} to {high}"
        lines.append(f"Change in the NHS surplus: {span}")
    return lines


#: Where a headline sends the reader for the PSA's ranges (as the reports do).
RANGES_WHERE = "on the Uncertainty sheet of report.xlsx"


def _psa_lines(summary: Summary) -> list[str]:
    """A PSA's intervals and probabilities: the reports' opening sentences."""
    from pbrkit.reports.uncertainty_narrative import LABELS
    from pbrkit.reports.uncertainty_narrative import headline as psa_sentences

    # summary.json read back (untyped, as every headline here reads it): the narrative's
    # PsaObject once its hidden figures are the reports' marker again.
    psa: Any = dict(summary["psa"])
    # summary.json writes a figure --publish hides as null; the sentences take the
    # reports' hidden marker, and say "not published" rather than fail on it.
    psa["figures"] = {
        name: {k: _hidden_if_null(v) for k, v in stats.items()} if name in LABELS else stats
        for name, stats in psa["figures"].items()
    }
    for key in ("prob_nhs_surplus_falls", "prob_public_spending_rises"):
        psa[key] = _hidden_if_null(psa.get(key))
    psa["thresholds"] = _hidden_break_evens(summary, psa.get("thresholds") or [])
    lines = psa_sentences({"psa": psa}, ranges=RANGES_WHERE)
    return lines[:3]  # the two intervals and the probabilities; the reports say the rest


def _hidden_break_evens(summary: Summary, thresholds: list[Any]) -> list[Any]:
    """The PSA's break-evens with each one --publish hid marked hidden again. A null
    break-even is also a search that found no crossing, so only its pointer in
    ``disclosure.suppressed`` says it was hidden (rev8: a hidden break-even at f = 0.31
    was printed as "does not cross £0 anywhere between 0 and 1")."""
    from pbrkit.reports.suppression import SUPPRESSED

    hidden = set((summary.get("disclosure") or {}).get("suppressed") or ())
    return [
        {**t, "value": SUPPRESSED} if f"/psa/thresholds/{i}/value" in hidden else t
        for i, t in enumerate(thresholds)
    ]


def _hidden_if_null(value: Any) -> Any:
    from pbrkit.reports.suppression import SUPPRESSED

    return SUPPRESSED if value is None else value


def _cost_psa_lines(summary: Summary) -> list[str]:
    from pbrkit.reports.uncertainty_narrative import cost_headline as cost_sentences

    return cost_sentences(summary["psa"], ranges=RANGES_WHERE)[:1]


def threshold_headline(summary: Summary) -> list[str]:
    from pbrkit.reports.uncertainty_narrative import threshold_sentence

    return [s for s in (threshold_sentence(t) for t in summary["thresholds"]) if s]


def _with_psa(
    run_lines: Callable[[Summary], list[str]], psa_lines: Callable[[Summary], list[str]]
) -> Callable[[Summary], list[str]]:
    """A run's lines, after its PSA's interval when it has one (--psa): no single run's
    figure before its range."""

    def lines(summary: Summary) -> list[str]:
        lead = psa_lines(summary)[:2] if summary.get("psa") else []
        return [*lead, *run_lines(summary)]

    return lines


#: The figure a comparison's terminal line shows: a tender's, else a costing's.
COMPARE_FIGURES = ("nhs_surplus_change", "surplus")


def compare_headline(summary: Summary) -> list[str]:
    """The runs, what differs between them, and the key figure in each."""
    names = [run["name"] for run in summary["runs"]]
    changed = [row["setting"] for row in summary.get("changed", [])]
    # a model setting says more than which file or hash differs, so it comes first
    changed.sort(key=lambda setting: "SHA-256" in setting or "file" in setting.lower())
    # Each run by its name and file, as the reports' subtitle names them.
    inputs = [run.get("input", "") for run in summary["runs"]]
    shown_runs = input_names(inputs, names) if all(inputs) else names
    lines = [f"{plural(len(names), 'run')}: {', '.join(shown_runs)}"]
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if changed[3:] else "")
    lines.append(f"What differs: {shown}" if changed else "What differs: no setting")
    rows = {row["figure"]: row for row in summary.get("headline", [])}
    row = next((rows[f] for f in COMPARE_FIGURES if f in rows), None)
    # Runs over several years: the headline is their first year, and the years' total
    # (a costing: the last year's surplus) follows, in the findings' words.
    from pbrkit.reports.layouts.compare import LAST_YEAR

    key, words = LAST_YEAR.get(summary["runs"][0].get("command", ""), ("", ""))
    years = summary.get(f"years_{key}") if key else None
    bases = (summary.get("disclosure") or {}).get("money_rounding_bases") or {}
    if row is not None:
        label = f"{row['label']} ({years[0]['label']})" if years else row["label"]
        lines.append(_compared(label, row, names, bases))
    if years:
        last = years[-1]
        lines.append(
            _compared(f"{words[0].upper()}{words[1:]} {last['label']}", last, names, bases)
        )
    return lines  # the warnings are printed in full on stderr already


def _compared(label: str, row: Summary, names: list[str], bases: Summary) -> str:
    """``label: A £x; B £y (B − A: £z)``, or ``(B the same as A)`` where nothing changed;
    published, ``(B within £x of A)``: half of each run's money base (``bases``), as
    the reports' findings say (two £ totals shown alike need not be equal)."""
    values = "; ".join(f"{n} {_money(row['values'].get(n))}" for n in names)
    slack = [(float(bases.get(names[0], 0.0)) + float(bases.get(n, 0.0))) / 2 for n in names]
    gaps = ", ".join(
        _gap(n, names[0], row["difference"].get(n), s)
        for n, s in zip(names[1:], slack[1:], strict=True)
    )
    return f"{label}: {values}" + (f" ({gaps})" if gaps else "")


def _gap(name: str, first: str, difference: Any, slack: float) -> str:
    if _known(difference) and difference == 0:
        return (
            f"{name} within {_money(slack)} of {first}" if slack else f"{name} the same as {first}"
        )
    return f"{name} − {first}: {_money(difference)}"


HEADLINES: dict[str, Callable[[Summary], list[str]]] = {
    "pbrkit cost": _with_psa(cost_headline, _cost_psa_lines),
    "pbrkit cluster": cluster_headline,
    "pbrkit tender": _with_psa(tender_headline, _psa_lines),
    "pbrkit psa": _psa_lines,
    "pbrkit threshold": threshold_headline,
    "pbrkit sweep": sweep_headline,
    "pbrkit explore": sweep_headline,
    "pbrkit compare": compare_headline,
}


def headline(summary: Summary) -> list[str]:
    """The command's name and its key figures, three to five lines in all."""
    command = str(summary.get("command", "pbrkit"))
    lines = HEADLINES[command](summary) if command in HEADLINES else []
    return [f"{command}:", *(f"  {line}" for line in lines)]
