"""``pbrkit cluster``: which sections, tables, grids and findings its reports show.

Layout only: the figures are the registry's (``reports/registry_cluster.py``), the
values the cluster result's (docs/methodology.md §5), and the renderers write them as
JSON, Excel, HTML and PDF. Patient IDs never reach the document: the allocations file
is streamed from the result (``workflows/cluster.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Final

import numpy as np

from pbrkit.audit import Agreement, superclass_of
from pbrkit.audit_bounds import DISAGREEMENT_BOUNDS
from pbrkit.clustering import ClusterResult
from pbrkit.currency import active_currency
from pbrkit.model import RunMetadata
from pbrkit.reports.document import (
    Block,
    Chart,
    Document,
    Findings,
    Grid,
    GridCounts,
    Headline,
    Notes,
    Section,
    SumsTo,
    Table,
    Text,
)
from pbrkit.reports.formulas import CountIf, Formula, RowOf, TotalOf
from pbrkit.reports.layouts.cluster_audit import disagreements_section, money_section
from pbrkit.reports.layouts.cluster_findings import cluster_findings
from pbrkit.reports.layouts.cluster_json import (
    ClusterOptions,
    HomogeneityFacts,
    allocation_json,
)
from pbrkit.reports.layouts.cluster_more import (
    assumptions,
    homogeneity_section,
    plain,
    records,
    subgroups_section,
)
from pbrkit.reports.values import Value

TITLE = "Cluster allocation: ratings against clinicians' clusters"
HEADLINE = ("patients", "assessed", "audited", "agreement", "kappa", "superclass_agreement",
            "superclass_kappa", "money_at_stake", "money_paid_above_suggested",
            "money_paid_below_suggested", "cost_patients", "missing_cost", "riv", "riv_trimmed",
            "trimmed", "high_cv_clusters", "riv_suggested")  # fmt: skip
HEATMAP = ("Each cell counts patients: the clinician's cluster down the side, the cluster "
           "the ratings suggest across the top. The outlined diagonal is agreement; "
           "everything off it is a disagreement.")  # fmt: skip
KEY_FIGURES = ("patients", "agreement", "kappa", "superclass_agreement", "money_at_stake")
NOTHING_TO_AUDIT = "The input gives no clinicians' clusters: nothing to compare."


def cluster_document(result: ClusterResult, meta: RunMetadata) -> Document:
    """The document every output of ``pbrkit cluster`` renders (exact: ``--publish``
    publishes it with :func:`~pbrkit.reports.publishing.publish`)."""
    sections = [_summary(result), _counts(result), *_audit(result),
                homogeneity_section(result), subgroups_section(result),
                assumptions(result, meta)]  # fmt: skip
    if result.notes:  # rows or columns the ratings sheet hides (read like the others)
        sections.append(Section("Data quality", (Notes(result.notes),), sheet="Data quality"))
    options = options_json(result)
    h = result.homogeneity
    facts = (
        None
        if h is None
        else HomogeneityFacts(
            result.homogeneity_basis,
            h.trim_rule,
            h.cv_threshold,
            tuple(h.unpriced_clusters),
            tuple(h.no_days_clusters),
        )
    )
    document = Document(
        "cluster", TITLE, meta, tuple(sections),
        findings=functools.partial(cluster_findings, options=options),
        derived=functools.partial(allocation_json, facts=facts, options=options),
    )  # fmt: skip
    return document.with_findings()


def headline_values(result: ClusterResult) -> dict[str, Value]:
    """The run's key figures by registered key (summary.json's ``allocation`` scalars)."""
    audit, h = result.audit, result.homogeneity
    values: dict[str, Value] = {
        "patients": result.patients,
        "assessed": result.assessed,
        **result.count_totals,
    }
    if audit is not None:
        values |= {
            "audited": audit.audited, "no_clinician_cluster": audit.no_clinician_cluster,
            "agreeing": _agreeing(audit.cluster), "agreement": audit.agreement,
            "kappa": audit.kappa, "expected_agreement": audit.cluster.expected,
            "superclass_agreeing": _agreeing(audit.superclass),
            "superclass_agreement": audit.superclass.agreement,
            "superclass_kappa": audit.superclass.kappa,
        }  # fmt: skip
        if audit.money_total is not None:
            values |= {"money_at_stake": audit.money_total,
                       "money_paid_above_suggested": result.money_above,
                       "money_paid_below_suggested": result.money_below}  # fmt: skip
    if "clinician" in result.count_totals:  # blank: patients less the clinicians' total
        values["no_clinician_recorded"] = result.patients - result.count_totals["clinician"]
        na = active_currency().not_assessed
        clinician = result.counts["clinician"]
        values["clinician_not_assessed"] = clinician.get(na, 0)  # the cluster table's row
    if h is not None:
        values |= {"cost_patients": h.patients, "missing_cost": h.missing_cost,
                   "trimmed": h.trimmed, "riv": h.riv, "riv_trimmed": h.riv_trimmed,
                   "high_cv_clusters": int(h.clusters["high_cv"].sum())}  # fmt: skip
        if result.riv_suggested is not None and result.homogeneity_basis == "clinician":
            values["riv_suggested"] = result.riv_suggested
    return {k: plain(v) for k, v in values.items()}


def headline_formulas(result: ClusterResult) -> dict[str, Formula]:
    """Excel: the key figures point at the tables they come from."""
    formulas: dict[str, Formula] = {"patients": TotalOf("counts", "suggested")}
    if result.homogeneity is not None:  # the flags the table shows (published: follow the CV)
        formulas["high_cv_clusters"] = CountIf("homogeneity", "high_cv", "yes")
    if result.audit is None:
        return formulas
    for i, (prefix, level) in enumerate((("", "clusters"), ("superclass_", "superclasses"))):
        formulas |= {f"{prefix}{k}": RowOf("agreement", k, i, level)
                     for k in ("agreement", "kappa")}  # fmt: skip
    if result.audit.money is not None and not result.audit.money.empty:  # a total row
        formulas["audited"] = TotalOf("money", "clinician_cluster_patients")
        formulas["money_at_stake"] = TotalOf("money", "money_difference")
    return formulas


def _agreeing(agreement: Agreement) -> int:
    matrix = agreement.confusion
    cells = matrix.to_numpy(dtype=np.int64)
    columns = list(matrix.columns)
    return sum(int(cells[i, columns.index(c)]) for i, c in enumerate(matrix.index) if c in columns)


def _summary(result: ClusterResult) -> Section:
    values = headline_values(result)
    shown = tuple(k for k in HEADLINE if k in values)
    blocks: list[Block] = []
    if result.profiles_illustrative:
        blocks.append(Text(
            "the allocation grid is pbrkit's own illustration, not the official Clustering "
            "Booklet grid (which has never been published as data). Suggestions show the "
            "method and the money at stake, not how well any trust's clinicians cluster. "
            "Give your own grid with --profiles FILE.", "banner", "Illustrative grid"))  # fmt: skip
    headline = Headline(values, shown, headline_formulas(result), json_key=None,
                        key_figures=KEY_FIGURES, lines=headline_lines(values),
                        bounds=headline_most(result), money_lines=MONEY_LINES)  # fmt: skip
    blocks += [Findings(()), headline]
    title = "Patients by the cluster their ratings suggest"
    blocks.append(Chart("counts", "cluster", "suggested", title, xlabel="Cluster"))
    return Section("Summary", tuple(blocks))


#: The headline's £ that add up: the £ at stake = the £ paid above + the £ paid below.
MONEY_LINES: Final = (
    ("money_at_stake", "money_paid_above_suggested", "money_paid_below_suggested"),
)


def headline_most(result: ClusterResult) -> dict[str, float]:
    """The headline's bound fields: the largest gap of any pair of clusters on each
    side (one audited person is in one pair), for its £ at stake beside the patients
    audited (docs/methodology.md §7)."""
    audit = result.audit
    if audit is None or audit.money_bounds is None or audit.money_bounds.empty:
        return {}
    return {k: float(audit.money_bounds[k].max()) for k in DISAGREEMENT_BOUNDS}


def headline_lines(values: Mapping[str, Value]) -> tuple[tuple[str, ...], ...]:
    """The headline's counts that add up (docs/methodology.md §7): patients = the
    clinicians' clusters' total + those with none recorded, and = those with a cost +
    those without; the patients without a clinician's cluster = those with none
    recorded + those the clinicians put in "not assessed". A gap shown as the
    difference of two counts would give a hidden count back."""
    lines = (("patients", "clinician", "no_clinician_recorded"),
             ("no_clinician_cluster", "no_clinician_recorded", "clinician_not_assessed"),
             ("patients", "cost_patients", "missing_cost"))  # fmt: skip
    return tuple(line for line in lines if all(k in values for k in line))


def _counts(result: ClusterResult) -> Section:
    names: dict[str, str] = {}
    frame = result.counts.reset_index()
    has_clinician = "clinician" in frame.columns
    columns = ("cluster", "name", "superclass", "suggested",
               *(("clinician", "suggested_less_clinician") if has_clinician else ()))  # fmt: skip
    # The clinicians' "not assessed" row is the headline's count of them (one count).
    copy = copies_of("cluster", (("clinician_not_assessed", "clinician"),)) if has_clinician else ()
    counts = Table("counts", "Patients by cluster", columns, records(frame, names),
                   total={}, entity="cluster", ids=("cluster",), sums_to=copy,
                   frozen=True)  # fmt: skip
    words, into = outcome_words(), outcome_clusters()
    rows = tuple({"outcome": words[name], "patients": n, "cluster": into[name],
                  "scope": "not assessed" if name == "not_assessed" else "assessed"}
                 for name, n in result.outcomes.items())  # fmt: skip
    outcomes = Table(
        "outcomes", "What the allocation rule did", ("outcome", "patients"), rows,
        total={}, entity="outcome", ids=("outcome",),
        # The variance and not-assessed rows of the cluster table are the patients of
        # these outcomes, and the assessed are all but the not assessed (§7).
        sums_to=(SumsTo(("cluster",), "cluster", ("cluster",), "suggested", "patients"),
                 SumsTo(("scope",), "headline", (), "assessed", "patients")),
    )  # fmt: skip
    return Section("Allocation counts", (counts, outcomes))


def outcome_clusters() -> dict[str, int | None]:
    """The cluster each outcome puts patients in (None: a profiled one, the ratings')."""
    currency = active_currency()
    return {"suggested": None, "variance_below_min_score": currency.variance,
            "variance_ruled_out": currency.variance,
            "not_assessed": currency.not_assessed}  # fmt: skip


def outcome_words() -> dict[str, str]:
    """Outcome names in summary.json → words (codes from the reference set)."""
    currency = active_currency()
    variance, not_assessed = currency.variance, currency.not_assessed
    return {
        "suggested": "a profiled cluster suggested",
        "variance_below_min_score": f"variance ({variance}): best score below the minimum",
        "variance_ruled_out": f"variance ({variance}): every cluster ruled out by a must rule",
        "not_assessed": f"not assessed ({not_assessed}): too many items unknown",
    }


def _audit(result: ClusterResult) -> list[Section]:
    audit = result.audit
    if audit is None:
        return [Section(title, (Text(NOTHING_TO_AUDIT),)) for title in
                ("Confusion", "Disagreements", "Money at stake")]  # fmt: skip
    not_assessed = active_currency().not_assessed
    # No count in the words: a sentence is never published (the counts are figures).
    scope = Text(
        "Patients with a clinician's cluster and a suggestion other than "
        f"{not_assessed} (not assessed): the audited patients of the Summary."
    )
    cluster = _grid(audit.cluster, "Clinicians' clusters (rows) against the clusters the "
                    "ratings suggest (columns)", "confusion", None)  # fmt: skip
    groups: dict[Value, Value] = dict(zip(audit.cluster.confusion.index.tolist(),
                      superclass_of(audit.cluster.confusion.index.to_numpy()).tolist(),
                      strict=True))  # fmt: skip
    columns: dict[Value, Value] = dict(zip(audit.cluster.confusion.columns.tolist(),
                       superclass_of(audit.cluster.confusion.columns.to_numpy()).tolist(),
                       strict=True))  # fmt: skip
    superclass = _grid(audit.superclass, "Clinicians' superclasses (rows) against the "
                       "suggested superclasses (columns)", "superclass_confusion",
                       ("confusion", {**groups, **columns}))  # fmt: skip
    agreement = Table(
        "agreement", "Agreement and kappa", ("level", "audited", "agreeing", "agreement",
                                             "expected_agreement", "kappa"),
        ({"level": "Clusters", "audited": audit.audited, "agreeing": _agreeing(audit.cluster),
          "expected_agreement": audit.cluster.expected, "kappa": plain(audit.kappa)},
         {"level": "Superclasses", "audited": audit.audited,
          "agreeing": _agreeing(audit.superclass),
          "expected_agreement": audit.superclass.expected,
          "kappa": plain(audit.superclass.kappa)}),
        entity="agreement", ids=("level",), total_is_everyone=False,
        sums_to=copies_of("level", (("audited", "audited"), ("agreeing", "agreeing"),
                                    ("superclass_agreeing", "agreeing"))),
    )  # fmt: skip
    coverage = Table(
        "coverage", "Who the audit compares", ("audit_group", "patients"),
        ({"audit_group": "audited: a clinician's cluster and a suggestion",
          "patients": audit.audited},
         {"audit_group": "no clinician's cluster", "patients": audit.no_clinician_cluster},
         {"audit_group": f"a clinician's cluster, not assessed ({not_assessed})",
          "patients": audit.not_assessed}),
        total={}, entity="coverage", ids=("audit_group",),
        sums_to=copies_of("audit_group", (("audited", "patients"),
                                          ("no_clinician_cluster", "patients"))),
    )  # fmt: skip
    return [Section("Confusion", (scope, Text(HEATMAP), cluster, agreement, coverage)),
            Section("Superclass confusion", (superclass,)),
            disagreements_section(result), money_section(result)]  # fmt: skip


def copies_of(row: str, pairs: tuple[tuple[str, str], ...]) -> tuple[SumsTo, ...]:
    """Each row's count (``column``) as the headline count it equals, for each
    (headline count, column): the same count shown twice, hidden with it. Each row is
    a group of its own; one that equals no headline count is a copy of itself
    (docs/methodology.md §7)."""
    return tuple(SumsTo((row,), "headline", (), count, column) for count, column in pairs)


def _grid(agreement: Agreement, title: str, entity: str,
          part_of: tuple[str, Mapping[Value, Value]] | None) -> Grid:  # fmt: skip
    matrix = agreement.confusion
    labels = tuple(plain(v) for v in matrix.index)
    cells = tuple(tuple(int(v) for v in row) for row in matrix.to_numpy(dtype=np.int64))
    counts = GridCounts(entity, f"{entity}_row", f"{entity}_column",
                        "clinician_cluster_patients" if part_of is None else "patients",
                        "patients", "audited", part_of=part_of,
                        diagonal_total="agreeing" if part_of is None
                        else "superclass_agreeing",
                        agreement=(plain(agreement.agreement), plain(agreement.expected),
                                   plain(agreement.kappa)))  # fmt: skip
    what = "cluster" if part_of is None else "superclass"
    return Grid("confusion_patients", title, f"Clinician's {what}", labels,
                f"Suggested {what} (from the ratings)", tuple(plain(v) for v in matrix.columns),
                cells, counts=counts)  # fmt: skip


def options_json(result: ClusterResult) -> ClusterOptions:
    """summary.json's ``options``: the grid, tariff and allocation settings used."""
    options, w = result.options, result.options.weights
    return {
        "profiles": result.sources.get("profiles"),
        "profiles_illustrative": result.profiles_illustrative,
        "tariff": result.sources.get("tariff"),
        "weights": {"must": w.must, "expected": w.expected, "may": w.may,
                    "unlikely": w.unlikely},
        "min_score": options.min_score,
        "max_unknown": options.max_unknown,
        "cv_threshold": options.cv_threshold,
    }  # fmt: skip
