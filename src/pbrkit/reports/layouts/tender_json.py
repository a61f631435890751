"""summary.json's contract objects for ``pbrkit tender`` (README, Outputs).

The objects that are figures (``residue``, ``waterfall``, ``public_sector``,
``selection``, ``residue_by_cluster``, ``years``, the population's count) are worked
out from the finished document — published under ``--publish``, so they carry the
published counts and hide what those counts hide. The rest (the run's settings, the
bidders' and lots' parameters, the sources) are the run's, as given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from pbrkit.currency import Code
from pbrkit.reports.document import Document, Value
from pbrkit.reports.layouts.tender_assumptions import (
    YEAR_OPTIONS,
    assumed_statements,
    bidder_parameters,
    lot_parameters,
    pool_record,
)
from pbrkit.reports.layouts.tender_years import YEAR_TOTALS
from pbrkit.reports.registry import WATERFALL
from pbrkit.reports.suppression import ratio
from pbrkit.reports.values import JsonObject, PsaObject, ThresholdObject, json_value
from pbrkit.tender.accounts import CLUSTER_FIGURES, TenderAccounts
from pbrkit.tender.metrics import FIGURES

#: summary.json's keys after the header, in the contract's order.
JSON_ORDER: Final = ("draws", "scenario", "totals", "clusters", "residue", "residue_ranges",
                     "waterfall", "public_sector", "selection", "residue_by_cluster",
                     "bidders", "bidders_by_cluster", "lots", "nhs", "tender", "population",
                     "sources", "notes", "options", "years", "what_if", "tariff_fallbacks", "psa",
                     "thresholds")  # fmt: skip
RESIDUE_BY_CLUSTER: Final = ("cluster", "lot", "service_users", "taken_patients",
                             "residue_patients", "mean_cost_before", "mean_cost_after",
                             "casemix_index", "residue_cost", "taken_cost",
                             *CLUSTER_FIGURES)  # fmt: skip
#: The residue table's columns summary.json gives in ``clusters``, not here.
IN_CLUSTERS: Final = ("name", "income", "cost")
PUBLIC: Final = ("commissioner_saving", "public_cost_change")


def extras(
    accounts: TenderAccounts,
    fallbacks: tuple[Code, ...],
    what_if: Sequence[Mapping[str, object]],
    psa: PsaObject | None,
    thresholds: Sequence[ThresholdObject] | None,
) -> JsonObject:
    """The run's settings and sources, as given (published, a bidder's capacity is
    replaced in ``tender_json``'s derived figures: it is a count of people)."""
    out: JsonObject = {
        "draws": accounts.draws,
        "scenario": accounts.scenario,
        **_spec(accounts),
        "population": {
            "source": accounts.table_sources.get("population"),
            "patients": len(accounts.result.patients),
            "deflator": accounts.deflator,
            "cost_below_bed_days": accounts.cost_below_bed_days,
            "seeds": dict(accounts.seeds),
        },
        "sources": dict(accounts.table_sources),
        "notes": list(accounts.notes),
        # The projection's length, yearly cost improvement and how prices, costs and
        # contracts move (the deflator is the population's): compare lists them among
        # what changed between runs.
        "options": {k: json_value(accounts.meta.options.get(k)) for k in YEAR_OPTIONS},
        "what_if": json_value(what_if),
        "tariff_fallbacks": {
            "count": len(fallbacks),
            "clusters": [{"cluster": code} for code in fallbacks],
        },
    }
    if psa is not None:
        out["psa"] = json_value(psa)
    if thresholds is not None:
        out["thresholds"] = json_value(thresholds)
    return out


def _spec(accounts: TenderAccounts) -> JsonObject:
    """summary.json's ``nhs`` and ``tender``: the cost structure, bidders and lots."""
    spec, sources = accounts.result.spec, accounts.sources
    nhs = spec.nhs
    keys = ("fixed_cost_share", "shed_rate", "retained_share", "payment", "variable_share",
            "income_at_risk")  # fmt: skip
    return {
        "nhs": {
            **{k: getattr(nhs, k) for k in keys},
            "source": sources.nhs,
            "pools": [pool_record(pool) for pool in nhs.pools],
        },
        "tender": {
            "assumed": assumed_statements(sources.assumed),
            "allocation": spec.allocation,
            "bidders": [{**bidder_parameters(b), "defaults": sources.defaulted("bidders", b.name)}
                        for b in spec.bidders],
            "lots": [{**lot_parameters(lot), "defaults": sources.defaulted("lots", lot.name)}
                     for lot in spec.lots],
        },
    }  # fmt: skip


def tender_json(accounts: TenderAccounts) -> Callable[[Document], JsonObject]:
    """The figures' objects of summary.json, from the finished document; the exact sums
    of £ (never about a count on their own) are the accounts'."""
    clusters = accounts.clusters
    sums = {k: float(clusters[k].sum()) for k in ("taken_cost", "residue_cost", "cost")}

    def derived(document: Document) -> JsonObject:
        r = document.headline().values
        residue = document.table("residue")
        # A figure added to the residue table is in summary.json too (after the contract's).
        added = [k for k in residue.columns if k not in (*RESIDUE_BY_CLUSTER, *IN_CLUSTERS)]
        total = residue.total or {}
        population = dict(document.extras["population"])
        if document.policy is not None:  # the published count (the exact one: as read)
            population["patients"] = r["service_users"]
        population["cost_below_bed_days"] = r.get("cost_below_bed_days")
        public: JsonObject = {k: r[k] for k in PUBLIC}
        if document.extras["draws"] > 1:
            public["ranges"] = _ranges(document, PUBLIC)
        out: JsonObject = {
            "totals": _totals(document, r["service_users"]),
            "residue": {k: r[k] for k in FIGURES},
            "residue_ranges": _ranges(document, FIGURES),
            "waterfall": {k: r[k] for k in WATERFALL},
            "public_sector": public,
            "selection": _selection(document, sums, total, r["taken_cost_ratio"]),
            "residue_by_cluster": [{k: row.get(k) for k in (*RESIDUE_BY_CLUSTER, *added)}
                                   for row in residue.rows],
            "population": population,
        }  # fmt: skip
        out["tender"] = _capacities_shown(document.extras["tender"], document)
        if any(t.key == "years" for t in document.tables()):
            out["years"] = year_rows(document)
        return out

    return derived


# ``tender``: the run's extras["tender"] (built by _spec), read back in its own shape.
def _capacities_shown(tender: Mapping[str, Any], document: Document) -> JsonObject:
    """``tender`` with each bidder's capacity as the Assumptions sheet's bidders table
    shows it: published, that table's ``capacity`` is a count (the registry), so
    summary.json echoes the generic publish's figure rather than publishing its own."""
    shown = {row.get("bidder"): row.get("capacity")
             for row in document.table("bidders_parameters").rows}  # fmt: skip
    bidders = [
        {**b, "capacity": shown.get(b["name"], b["capacity"])}
        if b.get("capacity") is not None
        else b
        for b in tender["bidders"]
    ]
    return {**tender, "bidders": bidders}


def _totals(document: Document, people: Value) -> dict[str, Value]:
    """The costing's totals (published by the generic publish: each £ total rounded to
    the money base like every other, methodology §7), with the headline's count of
    people (one count, published once)."""
    return {**document.json_figures["totals"], "service_users": people}


def _selection(
    document: Document, sums: Mapping[str, float], total: Mapping[str, Value], taken_ratio: Value
) -> dict[str, Value]:
    """Who the bidders took, per head. Published, the means are the Residue table's
    total row's (its rounded £ over its rounded people: an exact sum over a rounded
    count gives the exact sum back); the cost ratio of the people taken is the
    headline's, which ``publish()`` hides with their count."""
    money: Mapping[str, Value] = sums
    if document.policy is not None:
        money = {k: total.get(k) for k in sums}
    return {
        "taken_cost_ratio": taken_ratio,
        "taken_mean_cost": ratio(money["taken_cost"], total.get("taken_patients")),
        "residue_mean_cost": ratio(money["residue_cost"], total.get("residue_patients")),
        "mean_cost_before": ratio(money["cost"], total.get("service_users")),
    }


def _ranges(document: Document, keys: tuple[str, ...]) -> dict[str, dict[str, Value]]:
    if document.extras["draws"] <= 1:
        return {}
    rows = {row["percentile"]: row for row in document.table("ranges").rows}
    return {
        k: {at: rows[label][k] for at, label in (("p5", "5th"), ("p50", "Median"),
                                                 ("p95", "95th"))}
        for k in keys
    }  # fmt: skip


def year_rows(document: Document) -> JsonObject:
    """The year-by-year rows and the table's money totals (a total over a hidden year
    is hidden too: it would give the year back)."""
    table = document.table("years")
    # The table's columns only: year 1 carries bound fields that no output writes.
    rows = [{"year": row["year"], **{k: row.get(k) for k in table.columns}} for row in table.rows]
    total = table.total or {}
    out: JsonObject = {"rows": rows, "totals": {k: total.get(k) for k in YEAR_TOTALS}}
    if document.extras.get("draws", 1) > 1:
        out["follows_draw"] = 0  # the years run draw 0 alone (pbrkit.tender.years)
    return out
