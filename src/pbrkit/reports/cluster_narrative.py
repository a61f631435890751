"""Plain-English findings of ``pbrkit cluster``: sentences a board paper can quote."""

from __future__ import annotations

import math
from typing import Final

import pandas as pd

from pbrkit.clustering import ClusterResult
from pbrkit.currency import active_currency
from pbrkit.homogeneity import NOT_RECORDED
from pbrkit.reports.format import count, money_short, noun, percent, plural
from pbrkit.reports.suppression import is_suppressed

#: Landis & Koch (1977) bands for Cohen's kappa: upper bound → words.
KAPPA_BANDS: Final = (
    (0.0, "poor (no better than chance)"),
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (math.inf, "almost perfect"),
)
#: Clusters with fewer patients are left out of the "least homogeneous" sentence:
#: a CV from a handful of people says little.
MIN_CV_PATIENTS: Final = 10
#: Subgroups need at least this many people to be named in a sentence.
MIN_SUBGROUP_PATIENTS: Final = 10
#: Below this many people a kappa, a reduction in variance or a subgroup's mean rests on
#: too few to trust: one or two patients more or less can move it a long way. 30 is the
#: usual rule of thumb for a mean's sampling distribution to be near normal.
MIN_RELIABLE_PEOPLE: Final = 30


def kappa_words(kappa: float | None) -> str:
    """Landis & Koch's words for a kappa: ``"fair"``, ``"moderate"`` ..."""
    if kappa is None or math.isnan(kappa):
        return "not defined"
    return next(words for bound, words in KAPPA_BANDS if kappa <= bound)


def cluster_label(result: ClusterResult, code: object) -> str:
    """``cluster 4 (Non-Psychotic (Severe))``."""
    name = result.cluster_names.get(int(str(code)), "")
    return f"cluster {code} ({name})" if name else f"cluster {code}"


def cluster_findings(result: ClusterResult) -> list[str]:
    """Four to seven sentences on a ``pbrkit cluster`` run, most important first."""
    findings = [_allocation_sentence(result)]
    findings += _agreement_sentences(result)
    findings += _money_sentences(result)
    findings += _homogeneity_sentences(result)
    findings += small_sample_cautions(result)
    if result.profiles_illustrative:
        findings.append(
            "The suggestions come from pbrkit's own illustrative grid, not the official "
            "Clustering Booklet grid: they show the method and the money at stake, not how "
            "well any trust's clinicians cluster. Give your own grid with --profiles."
        )
    return findings


def few(value: object) -> bool:
    """True for a count below :data:`MIN_RELIABLE_PEOPLE`, or hidden (1 to 7) by --publish."""
    if is_suppressed(value):
        return True
    return isinstance(value, int | float) and value < MIN_RELIABLE_PEOPLE


def small_sample_cautions(result: ClusterResult) -> list[str]:
    """A caution for each figure that rests on fewer than 30 people (kappa, RIV, subgroups)."""
    cautions = []
    audit = result.audit
    if audit is not None and audit.audited and few(audit.audited):
        cautions.append(
            f"Caution: agreement and kappa rest on only {plural(audit.audited, 'patient')} "
            f"(fewer than {MIN_RELIABLE_PEOPLE}); one or two patients more or less could "
            "change them a lot."
        )
    h = result.homogeneity
    if h is not None and few(h.patients):
        cautions.append(
            f"Caution: the reduction in variance rests on only {plural(h.patients, 'patient')} "
            f"with a cost (fewer than {MIN_RELIABLE_PEOPLE})."
        )
    if h is not None and h.traits is not None and not h.traits.empty:
        small = sum(few(n) for n in h.traits["n"])
        if small:
            cautions.append(
                f"Caution: {plural(small, 'subgroup')} in the subgroup table "
                f"{noun(small, 'has', 'have')} fewer than {MIN_RELIABLE_PEOPLE} people (marked "
                "“fewer than 30”): their means are shown, but do not rely on them."
            )
    return cautions


def _allocation_sentence(result: ClusterResult) -> str:
    o = result.outcomes
    variance = o["variance_below_min_score"] + o["variance_ruled_out"]
    code = active_currency().variance  # the reference set's fallback (care clusters: 0)
    fits = (
        f"{count(variance)} fit no profiled cluster (variance, cluster {code})"
        if variance
        else f"none falls to variance (cluster {code})"
    )
    unknown = (
        f"{count(o['not_assessed'])} have more than {result.options.max_unknown} items "
        f"unknown (not assessed, {active_currency().not_assessed})"
        if o["not_assessed"]
        else "none has too many unknown items to be assessed"
    )
    return (
        f"The MHCT ratings of {plural(result.patients, 'patient')} suggest a care cluster for "
        f"{count(o['suggested'])} of them; {fits}, and {unknown}."
    )


def _agreement_sentences(result: ClusterResult) -> list[str]:
    audit = result.audit
    if audit is None:
        return ["The input gives no clinicians' clusters, so there is nothing to audit."]
    if audit.audited == 0:
        return ["No patient has both a clinician's cluster and a suggestion to compare."]
    agreeing = round(audit.agreement * audit.audited)
    sentences = [
        f"For the {plural(audit.audited, 'patient')} with both a clinician's cluster and a "
        f"suggestion, the two agree for {percent(audit.agreement)} ({plural(agreeing, 'patient')}"
        f"). Cohen's kappa is {audit.kappa:.2f}: {kappa_words(audit.kappa)} "
        f"agreement beyond chance. By superclass (non-psychotic, psychosis, organic) they "
        f"agree for {percent(audit.superclass.agreement)}, kappa "
        f"{audit.superclass.kappa:.2f} ({kappa_words(audit.superclass.kappa)})."
    ]
    top = result.top_disagreements(3)
    if not top.empty:
        cells = [
            f"{plural(row['patients'], 'patient')} the clinicians put in "
            f"{cluster_label(result, row['clinician_cluster'])} are suggested for "
            f"cluster {row['suggested_cluster']}"
            for row in top.to_dict("records")
        ]
        sentences.append("The largest disagreements: " + "; ".join(cells) + ".")
    return sentences


def _money_sentences(result: ClusterResult) -> list[str]:
    audit = result.audit
    if audit is None or audit.money is None or audit.money.empty or audit.money_total is None:
        return []
    total = audit.money_total
    # Rows hidden by --publish are left out of the ranking (never of the totals).
    money = audit.money.loc[[not is_suppressed(v) for v in audit.money["difference"]]]
    money = money.astype({"difference": float})
    totals = result.income_totals
    paid, suggested = totals["income_clinician"], totals["income_suggested"]
    if total == 0:
        direction = "exactly what paying for the suggested clusters would"
    else:
        more_or_less = "more" if total > 0 else "less"
        direction = (
            f"{money_short(abs(total))} {more_or_less} than paying for the clusters the "
            f"ratings suggest ({money_short(paid)} against {money_short(suggested)}): the "
            f"clinicians' clusters are paid {more_or_less} than the suggested ones would be"
        )
    sentence = (
        f"At these prices, paying for the clinicians' clusters costs {direction}. "
        f"Patients in dearer clusters than suggested bring {money_short(result.money_above or 0)} "
        f"more; those in cheaper ones {money_short(abs(result.money_below or 0))} less."
    )
    ranked = money.sort_values("difference", kind="stable")
    extremes = []
    if ranked.empty:
        return [sentence]
    if ranked["difference"].iloc[-1] > 0:
        code = ranked.index[-1]
        extremes.append(
            f"patients the clinicians put in {cluster_label(result, code)} bring "
            f"{money_short(ranked['difference'].iloc[-1])} more than their suggested clusters"
        )
    if ranked["difference"].iloc[0] < 0:
        code = ranked.index[0]
        extremes.append(
            f"those in {cluster_label(result, code)} "
            f"{money_short(abs(ranked['difference'].iloc[0]))} less"
        )
    if extremes:
        sentence += " By the clinicians' cluster, " + ", and ".join(extremes) + "."
    return [sentence]


def _homogeneity_sentences(result: ClusterResult) -> list[str]:
    h = result.homogeneity
    if h is None:
        return []
    stats = h.clusters[h.clusters["n"] >= MIN_CV_PATIENTS].dropna(subset=["cv"])
    sentences = []
    if not stats.empty:
        worst = stats.sort_values("cv", ascending=False, kind="stable").head(3)
        parts = [f"cluster {code} (CV {row['cv']:.2f})" for code, row in worst.iterrows()]
        named = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        high = int(h.clusters["high_cv"].sum())
        basis = (
            "the clinicians' clusters"
            if result.homogeneity_basis == "clinician"
            else ("the suggested clusters")
        )
        riv_suggested = (
            f"; grouping by the suggested clusters instead explains {percent(result.riv_suggested)}"
            if result.riv_suggested is not None and result.homogeneity_basis == "clinician"
            else ""
        )
        sentences.append(
            f"Costs vary most inside {named}, where CV is the standard deviation over the "
            "mean. "
            f"{high} of {len(h.clusters)} clusters have a CV above {h.cv_threshold:g}. "
            f"{basis[0].upper() + basis[1:]} explain {percent(h.riv)} of the variance in "
            f"patient cost ({percent(h.riv_trimmed)} after trimming outliers){riv_suggested}."
        )
    sentences += _subgroup_sentences(result)
    return sentences


def _subgroup_sentences(result: ClusterResult) -> list[str]:
    h = result.homogeneity
    if h is None or h.traits is None or h.traits.empty:
        return []
    traits = h.traits[
        (h.traits["group"] != NOT_RECORDED) & (h.traits["n"] >= MIN_SUBGROUP_PATIENTS)
    ]
    losing = traits[traits["profit_per_person"] < 0].sort_values("profit_per_person", kind="stable")
    if losing.empty:
        return [
            f"No recorded subgroup of {MIN_SUBGROUP_PATIENTS} or more people loses money per "
            "head at these prices."
        ]
    named = "; ".join(
        f"{row['trait']} = {row['group']} ({plural(row['n'], 'person')}) "
        f"{noun(row['n'], 'loses')} "
        f"{money_short(abs(row['profit_per_person']))} a head, "
        f"{money_short(abs(row['total_profit']))} in all"
        for row in losing.head(3).to_dict("records")
    )
    sentence = (
        "Predictable losses a provider could see in advance: at these prices, patients with "
        f"{named}."
    )
    by_cluster = h.traits_by_cluster
    if by_cluster is not None:
        cells = by_cluster[
            (by_cluster["group"] != NOT_RECORDED)
            & (by_cluster["n"] >= MIN_SUBGROUP_PATIENTS)
            & (by_cluster["profit_per_person"] < 0)
        ]
        if not cells.empty:
            worst = cells.sort_values("profit_per_person", kind="stable").iloc[0]
            sentence += (
                f" The largest within one cluster: {worst['trait']} = {worst['group']} in "
                f"{cluster_label(result, worst['cluster'])} ({plural(worst['n'], 'person')}) "
                f"{noun(worst['n'], 'loses')} "
                f"{money_short(abs(worst['profit_per_person']))} a head."
            )
    return [sentence]


def disagreement_rows(result: ClusterResult, n: int = 10) -> list[dict[str, object]]:
    """The top disagreement cells with cluster names, for tables."""
    top = result.top_disagreements(n)
    rows: list[dict[str, object]] = []
    for row in top.to_dict("records"):
        rows.append(
            {
                **{str(k): v for k, v in row.items()},
                "clinician_name": result.cluster_names.get(int(row["clinician_cluster"]), ""),
                "suggested_name": result.cluster_names.get(int(row["suggested_cluster"]), ""),
                "money": row.get("money", float("nan")),
            }
        )
    return rows


def is_missing(value: object) -> bool:
    """True for None and NaN (for templates)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA
