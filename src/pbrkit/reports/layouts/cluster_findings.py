"""Plain-English findings of ``pbrkit cluster``, from its (published) document.

Every number in a sentence is a value of the document: under ``--publish`` the
published one, so a sentence never gives back a count the tables hide (a subgroup's
total is its published per-head figure × its published count).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Final

from pbrkit.currency import active_currency
from pbrkit.homogeneity import NOT_RECORDED
from pbrkit.reports.document import Document, Row, Table, Value
from pbrkit.reports.format import count, money_short, noun, percent, plural
from pbrkit.reports.layouts.cluster_json import ClusterOptions
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.values import amount, is_number, magnitude

#: Landis & Koch (1977) bands for Cohen's kappa: upper bound → words.
KAPPA_BANDS: Final = ((0.0, "poor: no better than chance"), (0.20, "slight"),
                      (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"),
                      (math.inf, "almost perfect"))  # fmt: skip
#: Clusters with fewer patients are left out of the "least homogeneous" sentence.
MIN_CV_PATIENTS: Final = 10
#: Subgroups need at least this many people to be named in a sentence.
MIN_SUBGROUP_PATIENTS: Final = 10
#: Below this many people a kappa, an RIV or a subgroup's mean rests on too few to trust
#: (30: the usual rule of thumb for a mean's sampling distribution to be near normal).
MIN_RELIABLE_PEOPLE: Final = 30
#: The headline's figures, the tables by key, and the clusters' names by code.
Values = Mapping[str, Value]
Tables = Mapping[str, Table]
Names = Mapping[Value, Value]


def kappa_words(kappa: Value) -> str:
    """Landis & Koch's words for a kappa: ``"fair"``, ``"moderate"`` ..."""
    if not is_number(kappa) or math.isnan(kappa):
        return "not defined"
    return next(words for bound, words in KAPPA_BANDS if kappa <= bound)


def few(value: object) -> bool:
    """True for a shown count below :data:`MIN_RELIABLE_PEOPLE`.

    A count hidden by --publish is not known to be small: the secondary rule hides
    large counts too (148 patients with a suggestion, hidden to protect the 2 not
    assessed), and the figures resting on a hidden count are hidden with it, so a
    caution would only call a large count "fewer than 30". As the tables' "fewer than
    30" tags, only a shown count is judged."""
    return is_number(value) and value < MIN_RELIABLE_PEOPLE


def _tables(document: Document) -> dict[str, Table]:
    return {t.key: t for t in document.tables()}


def _named(names: Names, code: Value) -> str:
    name = names.get(code, "")
    return f"cluster {code} ({name})" if name else f"cluster {code}"


def cluster_findings(document: Document, options: ClusterOptions) -> list[str]:
    """Four to seven sentences on a ``pbrkit cluster`` run, most important first."""
    v, t = document.headline().values, _tables(document)
    names = {r["cluster"]: r.get("name", "") for r in t["counts"].rows}
    findings = [_allocation(v, t, options["max_unknown"])]
    findings += _agreement(v, t, names)
    findings += _money(v, t, names, document.money_base)
    findings += _homogeneity(v, t, options["cv_threshold"])
    findings += _subgroups(t, names)
    findings += small_sample_cautions(v, t)
    if options["profiles_illustrative"]:
        findings.append(
            "The suggestions come from pbrkit's own illustrative grid, not the official "
            "Clustering Booklet grid: they show the method and the money at stake, not how "
            "well any trust's clinicians cluster. Give your own grid with --profiles."
        )
    return findings


def small_sample_cautions(v: Values, t: Tables) -> list[str]:
    """A caution for each figure that rests on fewer than 30 people."""
    cautions = []
    audited = v.get("audited")
    if audited and few(audited):
        cautions.append(
            f"Caution: agreement and kappa rest on only {plural(audited, 'patient')} "
            f"(fewer than {MIN_RELIABLE_PEOPLE}); one or two patients more or less could "
            "change them a lot.")  # fmt: skip
    if "cost_patients" in v and few(v["cost_patients"]):
        cautions.append(
            f"Caution: the reduction in variance rests on only "
            f"{plural(v['cost_patients'], 'patient')} with a cost (fewer than "
            f"{MIN_RELIABLE_PEOPLE}).")  # fmt: skip
    if "subgroups" in t:
        small = sum(few(r["subgroup_patients"]) for r in t["subgroups"].rows)
        if small:
            cautions.append(
                f"Caution: {plural(small, 'subgroup')} in the subgroup table "
                f"{noun(small, 'has', 'have')} fewer than {MIN_RELIABLE_PEOPLE} people: their "
                "means are shown, but do not rely on them.")  # fmt: skip
    return cautions


def _allocation(v: Values, t: Tables, max_unknown: int) -> str:
    o = [r["patients"] for r in t["outcomes"].rows]  # suggested, 2 × variance, not assessed
    variance = o[1] + o[2] if is_number(o[1]) and is_number(o[2]) else o[1] if o[1] else o[2]
    code = active_currency().variance
    fits = (f"{count(variance)} {noun(variance, 'fits', 'fit')} no profiled cluster "
            f"(variance, cluster {code})"
            if variance else f"none falls to variance (cluster {code})")  # fmt: skip
    unknown = (f"{count(o[3])} {noun(o[3], 'has', 'have')} more than {max_unknown} items "
               f"unknown (not assessed, "
               f"{active_currency().not_assessed})" if o[3]
               else "none has too many unknown items to be assessed")  # fmt: skip
    return (f"The MHCT ratings of {plural(v['patients'], 'patient')} suggest a care cluster "
            f"for {count(o[0])} of them; {fits}, and {unknown}.")  # fmt: skip


def _agreement(v: Values, t: Tables, names: Names) -> list[str]:
    if "audited" not in v:
        return ["The input gives no clinicians' clusters, so there is nothing to audit."]
    if v["audited"] == 0:
        return ["No patient has both a clinician's cluster and a suggestion to compare."]
    sentences = [
        f"For the {plural(v['audited'], 'patient')} with both a clinician's cluster and a "
        f"suggestion, the two agree for {percent(v['agreement'])} "
        f"({plural(v['agreeing'], 'patient')}). {_kappa_sentence(v['kappa'])} By superclass "
        f"(non-psychotic, psychosis, organic) they agree for "
        f"{percent(v['superclass_agreement'])}, {_kappa_phrase(v['superclass_kappa'])}."
    ]  # fmt: skip
    top = [r for r in t["disagreements"].rows if is_number(r["confusion_patients"])][:3]
    if top:
        cells = [f"{plural(r['confusion_patients'], 'patient')} the clinicians put in "
                 f"{_named(names, r['clinician_cluster'])} "
                 f"{noun(r['confusion_patients'], 'is', 'are')} suggested for cluster "
                 f"{r['suggested_cluster']}" for r in top]  # fmt: skip
        sentences.append("The largest disagreements: " + "; ".join(cells) + ".")
    return sentences


def _undefined(kappa: Value) -> bool:
    """A kappa with chance agreement 1 (every patient in one class both ways): None or NaN."""
    return kappa is None or (isinstance(kappa, float) and math.isnan(kappa))


def _kappa_sentence(kappa: Value) -> str:
    if is_suppressed(kappa):  # hidden with its count by --publish, not undefined
        return "Cohen's kappa is * (not published)."
    if _undefined(kappa):
        return "Cohen's kappa is not defined (chance agreement is 100%)."
    if is_number(kappa) and kappa <= KAPPA_BANDS[0][0]:  # Landis and Koch's "poor"
        return f"Cohen's kappa is {_fixed(kappa)}: poor, no better than chance."
    return f"Cohen's kappa is {_fixed(kappa)}: {kappa_words(kappa)} agreement beyond chance."


def _kappa_phrase(kappa: Value) -> str:
    if is_suppressed(kappa):
        return "kappa * (not published)"
    if _undefined(kappa):
        return "kappa not defined (chance agreement is 100%)"
    return f"kappa {_fixed(kappa)} ({kappa_words(kappa)})"


def _fixed(value: Value) -> str:
    return f"{value:.2f}" if is_number(value) else "*"


def _money(v: Values, t: Tables, names: Names, base: float = 0.0) -> list[str]:
    """The £ at stake; ``base``: the money base £ totals are rounded to (--publish)."""
    total = v.get("money_at_stake")
    if "money" not in t or not is_number(total) or not t["money"].rows:
        return []
    totals = t["money"].total
    assert totals is not None  # the money table always has its total row
    paid, suggested = totals["income_clinician"], totals["income_suggested"]
    if total == 0 and base:  # rounded to £0, not nothing (review 9b: £23k was "exactly")
        direction = (
            f"within {money_short(base / 2)} of what paying for the suggested "
            f"clusters would (£ totals rounded to the nearest {money_short(base)})"
        )
    elif total == 0:
        direction = "exactly what paying for the suggested clusters would"
    else:
        more = "more" if total > 0 else "less"
        direction = (f"{money_short(abs(total))} {more} than paying for the clusters the "
                     f"ratings suggest ({money_short(paid)} against {money_short(suggested)}): "
                     f"the clinicians' clusters are paid {more} than the suggested ones would "
                     "be")  # fmt: skip
    above, below = v.get("money_paid_above_suggested") or 0, v.get("money_paid_below_suggested")
    sentence = (f"At these prices, paying for the clinicians' clusters costs {direction}. "
                f"Patients in dearer clusters than suggested bring {money_short(above)} more; "
                f"those in cheaper ones {_loss(below or 0)} less.")  # fmt: skip
    # Rows hidden by --publish are left out of the ranking (never of the totals).
    ranked = sorted((r for r in t["money"].rows if is_number(r["money_difference"])),
                    key=lambda r: amount(r["money_difference"]))  # fmt: skip
    extremes = []
    if ranked and amount(ranked[-1]["money_difference"]) > 0:
        extremes.append(f"patients the clinicians put in {_named(names, ranked[-1]['cluster'])} "
                        f"bring {money_short(ranked[-1]['money_difference'])} more than their "
                        "suggested clusters")  # fmt: skip
    if ranked and amount(ranked[0]["money_difference"]) < 0:
        extremes.append(f"those in {_named(names, ranked[0]['cluster'])} "
                        f"{_loss(ranked[0]['money_difference'])} less")  # fmt: skip
    if extremes:
        sentence += " By the clinicians' cluster, " + ", and ".join(extremes) + "."
    return [sentence]


def _homogeneity(v: Values, t: Tables, threshold: float) -> list[str]:
    if "homogeneity" not in t:
        return []
    rows = t["homogeneity"].rows
    stats = [
        r
        for r in rows
        if is_number(r["cost_patients"])
        and is_number(r.get("cost_cv"))
        and r["cost_patients"] >= MIN_CV_PATIENTS
        and not math.isnan(amount(r["cost_cv"]))
    ]
    if not stats:
        return []
    worst = sorted(stats, key=lambda r: -amount(r["cost_cv"]))[:3]
    parts = [f"cluster {r['cluster']} (CV {r['cost_cv']:.2f})" for r in worst]
    named = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    basis = "The clinicians' clusters" if "riv_suggested" in v else "The suggested clusters"
    more = (f"; grouping by the suggested clusters instead explains {percent(v['riv_suggested'])}"
            if "riv_suggested" in v else "")  # fmt: skip
    return [f"Costs vary most inside {named}, where CV is the standard deviation over the "
            f"mean. {_above_threshold(rows, threshold)} {basis} "
            f"explain {percent(v['riv'])} of the variance in patient cost "
            f"({percent(v['riv_trimmed'])} after trimming outliers){more}."]  # fmt: skip


def _above_threshold(rows: Sequence[Row], threshold: float) -> str:
    """How many clusters have a CV above the threshold, out of those whose flag is shown:
    a hidden flag (published) may be a "yes" (rev11: "1 of 4 clusters" beside a hidden
    cluster of 3 patients with a CV of 1.72)."""
    high = sum(r.get("high_cv") == "yes" for r in rows)
    shown = sum(not is_suppressed(r.get("high_cv")) for r in rows)
    if shown == len(rows):
        return f"{high} of {len(rows)} clusters have a CV above {threshold:g}."
    verb = "has" if high == 1 else "have"
    return (f"{high} of the {shown} clusters whose CV is published {verb} a CV above "
            f"{threshold:g} ({len(rows) - shown} hidden).")  # fmt: skip


def _losing(rows: Sequence[Row]) -> list[Row]:
    kept = [
        r
        for r in rows
        if r["group"] != NOT_RECORDED
        and is_number(r["subgroup_patients"])
        and r["subgroup_patients"] >= MIN_SUBGROUP_PATIENTS
        and is_number(r["profit_per_person"])
        and r["profit_per_person"] < 0
    ]
    return sorted(kept, key=lambda r: amount(r["profit_per_person"]))


def _loss(value: Value) -> str:
    """A loss as a positive amount (``£1,234``; hidden: ``*``)."""
    return money_short(magnitude(amount(value)))


def _subgroups(t: Tables, names: Names) -> list[str]:
    if "subgroups" not in t:
        return []
    losing = _losing(t["subgroups"].rows)
    if not losing:
        return [f"No recorded subgroup of {MIN_SUBGROUP_PATIENTS} or more people loses money "
                "per head at these prices."]  # fmt: skip
    # One finding per subgroup: a total and a per-head figure side by side are always
    # the same group's, so their ratio is that group's published count (never another
    # group's true count by a coincidence of two groups' figures).
    findings = [
        f"{lead}{r['trait']} = {r['group']} ({plural(r['subgroup_patients'], 'person')}) "
        f"{noun(r['subgroup_patients'], 'loses')} {_loss(r['profit_per_person'])} "
        f"a head, {_loss(r['total_profit'])} in all."
        for lead, r in zip(("Predictable losses a provider could see in advance: at these "
                            "prices, patients with ", "Patients with ", "Patients with "),
                           losing[:3], strict=False)
    ]  # fmt: skip
    cells = _losing(t["subgroups_by_cluster"].rows) if "subgroups_by_cluster" in t else []
    if cells:
        w = cells[0]
        findings.append(
            f"The largest loss within one cluster: {w['trait']} = {w['group']} in "
            f"{_named(names, w['cluster'])} ({plural(w['subgroup_patients'], 'person')}) "
            f"{noun(w['subgroup_patients'], 'loses')} {_loss(w['profit_per_person'])} "
            "a head."
        )
    return findings
