"""``pbrkit cost``: which sections, tables, charts and findings its reports show.

Layout only: the figures are the registry's (``reports/registry.py``), the values the
costing result's, and the renderers write them as JSON, Excel and HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

import pandas as pd

from pbrkit.costing import BED_DAY_RESOURCE, CostingResult, CostInputs, total_most_a_person
from pbrkit.currency import as_code
from pbrkit.levers import what_if_rows
from pbrkit.model import QualityNote, RunMetadata
from pbrkit.reports.document import (
    Block,
    Chart,
    Document,
    Findings,
    Headline,
    Notes,
    Pairs,
    Section,
    Table,
    Text,
    Value,
)
from pbrkit.reports.format import count, money_short, noun, percent, plural
from pbrkit.reports.formulas import Compound, SumBy, SumIf, TotalOf
from pbrkit.reports.layouts.psa import cost_psa_section
from pbrkit.reports.layouts.tender_findings import rounded_apart
from pbrkit.reports.registry import COSTING_MONEY, TARIFF_COLUMNS
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.uncertainty_narrative import cost_headline
from pbrkit.reports.values import (
    CostPsaObject,
    JsonObject,
    amount,
    is_finite,
    is_number,
    json_value,
    magnitude,
)

#: Why a finding's £ total is missing under ``--publish`` (the floor rule).
HIDDEN_WHY = (
    "with the clusters' people it would narrow their published counts: docs/methodology.md §7"
)
TITLE = "Cost, income and surplus by care cluster"  # or by the set's own codes (title_for)
P = "service_users"
_ACTIVITY = (P, "cluster_days", "admitted_days")
CLUSTER_COLUMNS = ("cluster", "name", "superclass", *_ACTIVITY, "episodes", *COSTING_MONEY,
                   "surplus_per_person", "margin", "cost_to_income", "cost_source",
                   "package_cost_per_day")  # fmt: skip
TEAM_COLUMNS = ("team", *_ACTIVITY, *COSTING_MONEY, "margin")
HEADLINE = (*COSTING_MONEY, "cross_subsidy", "loss", "loss_making_clusters",
            P, "cluster_days")  # fmt: skip


def records(frame: pd.DataFrame, index: str | None = None) -> tuple[dict[str, Value], ...]:
    """A frame's rows as plain records (the index as column ``index`` when named)."""
    if index is not None:
        frame = frame.reset_index()
    return tuple({str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records"))


def cost_document(
    result: CostingResult,
    inputs: CostInputs,
    notes: Sequence[QualityNote],
    meta: RunMetadata,
    psa: CostPsaObject | None = None,
    # The levers as the workflow records them (Levers.summary()), copied into summary.json.
    what_if: Sequence[Mapping[str, object]] = (),
) -> Document:
    """The document every output of ``pbrkit cost`` renders; ``what_if`` lists the
    levers applied (docs/methodology.md §2), announced at the top of the summary."""
    sections = [_summary(result, what_if_rows(meta.options), psa)]
    if psa is not None:
        sections.append(cost_psa_section(psa))
    sections.append(Section("Clusters", (_clusters_table(result),)))
    if result.teams is not None and result.team_clusters is not None:
        sections.append(_teams(result))
    sections += [_projection(result), _assumptions(result, inputs, meta), _quality(result, notes)]
    extras: JsonObject = {
        "loss_making": [as_code(c) for c in result.loss_making.index],
        "options": {k: getattr(result.options, k) for k in
                    ("mff", "years", "deflator", "inflation", "efficiency", "on_missing")},
        "what_if": json_value(list(what_if)),
    }  # fmt: skip
    if psa is not None:
        extras["psa"] = json_value(psa)
    document = Document("cost", title_for(meta), meta, tuple(sections), extras,
                        findings=partial(cost_findings, psa=psa),
                        derived=tariff_fallbacks)  # fmt: skip
    return document.with_findings()


def title_for(meta: RunMetadata) -> str:
    """The title, naming the set's codes: "… by care cluster" or "… by resource group"."""
    return TITLE.replace("care cluster", meta.reference.codes)


def tariff_fallbacks(document: Document) -> JsonObject:
    """summary.json's ``tariff_fallbacks``: each cluster a partial local tariff omitted
    (priced from the reference set), with its income as the (published) report shows it."""
    notes = document.blocks(Notes)[0]
    codes = [n.cluster for n in notes.notes if n.cluster is not None]
    income = {row["cluster"]: row.get("income") for row in document.table("clusters").rows}
    return {
        "tariff_fallbacks": {
            "count": len(codes),
            "clusters": [{"cluster": c, "income": income.get(c, 0.0)} for c in codes],
        }
    }


def _summary(
    result: CostingResult, what_if: Sequence[tuple[str, str]], psa: CostPsaObject | None
) -> Section:
    values = {**result.totals, "loss_making_clusters": float(len(result.loss_making))}
    formulas = {
        # admitted_days too: not shown in the headline, but summary.json's totals carry
        # it, and published it must follow the table's total (rev13: exact in the JSON
        # where the reports hid it, giving hidden clusters' admitted days back).
        **{k: TotalOf("clusters", k) for k in (*COSTING_MONEY, *_ACTIVITY)},
        "cross_subsidy": SumIf("clusters", "surplus", ">0"),
        "loss": SumIf("clusters", "surplus", "<0", negate=True),
        "loss_making_clusters": SumIf("clusters", "surplus", "<0", count=True),
    }
    # With --psa the findings open with the interval (cost_findings): every output,
    # summary.pdf included, shows them.
    headline = Headline(values, HEADLINE, formulas)
    blocks: list[Block] = [*what_if_banner(what_if, "these figures"), Findings(()), headline]
    if not result.unpriced.empty:
        blocks.append(Text("Unpriced activity is excluded from these totals: see the Data "
                           "quality sheet.", "warning"))  # fmt: skip
    supers = Table(
        "superclasses", "By superclass", ("superclass", *_ACTIVITY, *COSTING_MONEY, "margin"),
        records(result.superclasses, "superclass"), entity="superclass",
        ids=("superclass",), json_key="superclasses",
        formulas={k: SumBy("clusters", "superclass", k) for k in (*_ACTIVITY, *COSTING_MONEY)},
    )  # fmt: skip
    chart = Chart("clusters", "cluster", "surplus", "Surplus (deficit) by cluster",
                  xlabel="Cluster")  # fmt: skip
    return Section("Summary", (*blocks, chart, supers))


def what_if_banner(levers: Sequence[tuple[str, str]], figures: str) -> tuple[Text, ...]:
    """The banner of a what-if run (``figures`` use …): the levers applied, as
    :func:`pbrkit.levers.what_if_rows` gives them (docs/methodology.md §2)."""
    said = "; ".join(f"{label.replace('What-if: ', '')}: {text}" for label, text in levers)
    words = f"{figures} use changed prices or costs, not the inputs as given ({said})."
    return (Text(words, "banner", "What-if"),) if levers else ()


def _clusters_table(result: CostingResult) -> Table:
    return Table(
        "clusters", None, CLUSTER_COLUMNS, records(result.clusters, "cluster"),
        total=_total(result), entity="cluster", ids=("cluster",),
        parts_of=(("superclass", "superclass"),), json_key="clusters", frozen=True,
    )  # fmt: skip


def _total(result: CostingResult) -> dict[str, Value]:
    """A table's total row: the run's totals and, for ``--publish`` alone (never shown),
    the most one person adds to each in a year (docs/methodology.md §7)."""
    return {**result.totals, **total_most_a_person(result.clusters)}


def _teams(result: CostingResult) -> Section:
    assert result.teams is not None and result.team_clusters is not None
    teams = Table(
        "teams", None, TEAM_COLUMNS, records(result.teams, "team"), total=_total(result),
        entity="team", ids=("team",), json_key="teams", frozen=True,
    )  # fmt: skip
    chart = Chart("teams", "team", "surplus", "Surplus (deficit) by team", "signed_hbars",
                  xlabel="Team")  # fmt: skip
    cells = Table(
        "team_clusters", "By team and cluster", ("team", "cluster", *TEAM_COLUMNS[1:]),
        records(result.team_clusters), total=_total(result),
        entity="team_cell", ids=("team", "cluster"),
        parts_of=(("team", "team"), ("cluster", "cluster")), json_key="team_clusters",
    )  # fmt: skip
    return Section("Teams", (teams, chart, cells), sheet="Teams")


def _projection(result: CostingResult) -> Section:
    options, totals = result.options, result.totals
    pairs = Pairs(
        None,
        (("Tariff deflator per year (d)", options.deflator),
         ("Cost inflation per year (g)", options.inflation),
         ("Year 0 income £", totals["income"]), ("Year 0 cost £", totals["cost"]),
         ("Cost efficiency per year (e)", options.efficiency)),
        units={0: "margin", 1: "margin", 2: "income", 3: "income", 4: "margin"},
        names={0: "deflator", 1: "inflation", 2: "income_0", 3: "cost_0", 4: "efficiency"},
        totals={2: ("clusters", "income"), 3: ("clusters", "cost")},
    )  # fmt: skip
    table = Table(
        "projection", None, ("year", "financial_year", *COSTING_MONEY), records(result.projection),
        json_key="projection", frozen=True,
        formulas={"income": Compound("income_0", "year", (("deflator", True),)),
                  "cost": Compound("cost_0", "year", (("inflation", False),
                                                      ("efficiency", True)))},
    )  # fmt: skip
    blocks: list[Block] = [
        Text("Each year the tariff falls by the deflator while the cost of the same care "
             "rises with inflation and falls with any efficiency assumed: year t income × "
             "(1 − d)^t, cost × (1 + g)^t × (1 − e)^t (docs/methodology.md §2)."),
        pairs, table,
    ]  # fmt: skip
    if len(result.projection) > 1:
        blocks.append(Chart("projection", "financial_year", ("income", "cost"),
                            "Income and cost over the years", "lines"))  # fmt: skip
    return Section("Over the years", tuple(blocks), sheet="Projection")


def _assumptions(result: CostingResult, inputs: CostInputs, meta: RunMetadata) -> Section:
    ref, options = meta.reference, result.options
    lines: list[tuple[str, Value]] = [
        ("Reference set", f"{ref.name} ({ref.status})"),
        ("Reference set title", ref.title),
        ("Market-forces factor (--mff)", options.mff),
        ("Projection years (--years)", options.years),
        ("Tariff deflator (--deflator)", options.deflator),
        ("Cost inflation (--inflation)", options.inflation),
        ("Cost efficiency (--efficiency)", options.efficiency),
        ("Unpriced activity (--on-missing)", options.on_missing),
        (f"Inpatient bed day ({BED_DAY_RESOURCE}) £", result.bed_day_cost),
        *what_if_rows(meta.options),
    ]
    # The rates as the projection shows them (1.8%), the bed-day cost as a price with pence.
    rates = ("Tariff deflator (--deflator)", "Cost inflation (--inflation)",
             "Cost efficiency (--efficiency)")  # fmt: skip
    shown_as = {
        i: "margin" if label in rates else "unit_cost"
        for i, (label, _) in enumerate(lines)
        if label in rates or label.startswith("Inpatient bed day (")
    }
    lines += [(f"Source of {table}", source) for table, source in inputs.sources.items()]
    lines += [
        ("Income", "per_day: P·D; per_episode: P·E (E = D ÷ review days when not given); "
         "per_year: P·D ÷ 365; plus admitted_day_price·A; all × MFF (docs/methodology.md §2)"),
        ("Package cost per community day k",
         "Σ quantity × unit cost ÷ period days (day 1, week 7, episode = review days, year 365)"),
        ("Modelled cost", "k·(D − A) + bed-day cost·A; actual_cost replaces it when given"),
        ("Cross-subsidy", "sum of the positive cluster surpluses"),
    ]  # fmt: skip
    tariff = records(inputs.tariff, "cluster")
    tariff_keys = [k for k in TARIFF_COLUMNS if tariff and k in tariff[0]]
    units = records(inputs.unit_costs, "resource")
    unit_keys = [k for k in ("resource", "unit_cost", "unit", "price_year", "source", "status")
                 if units and k in units[0]]  # fmt: skip
    return Section("Assumptions", (
        Pairs("Assumptions and sources", tuple(lines), units=shown_as),
        # The workbook lists the tariff and unit costs used; the page keeps to the
        # figures (their sources are long links that no printed column can hold).
        Table("tariff", "Tariff used", tuple(tariff_keys), tariff, html=False),
        Table("unit_costs", "Unit costs used", tuple(unit_keys), units, html=False),
    ))  # fmt: skip


def _quality(result: CostingResult, notes: Sequence[QualityNote]) -> Section:
    unpriced = Table(
        "unpriced", "Unpriced activity (no tariff; excluded from totals)",
        ("cluster", *_ACTIVITY, "cost"), records(result.unpriced, "cluster"),
        entity="unpriced", ids=("cluster",), total_is_everyone=False, json_key="unpriced",
        empty_note="None: every cluster with activity has a price.",
    )  # fmt: skip
    return Section("Data quality", (Notes(tuple(notes)), unpriced))


def cost_findings(document: Document, psa: CostPsaObject | None = None) -> list[str]:
    """Three to five sentences on a costing run, most important first (from the
    document's own, possibly published, values); with ``--psa`` the surplus's interval
    comes first (docs/uncertainty.md), so no output gives the costing alone (``psa``:
    published already, under ``--publish``)."""
    if psa is None:
        return _run_findings(document)
    return [
        *cost_headline(psa, ranges="on the Uncertainty sheet of report.xlsx"),
        "The other findings and the key figures are the costing at the inputs as given.",
        *_run_findings(document),
    ]


def _run_findings(document: Document) -> list[str]:
    t = document.headline().values
    clusters = document.table("clusters").rows
    surplus = amount(t["surplus"])
    verdict = "a surplus" if surplus >= 0 else "a deficit"
    # The margin the clusters table's total shows: under --publish it is hidden where
    # the rounding of the £ could move it by more than 0.1, and a margin worked out
    # here from the rounded totals would show "0.0%" for a true 10%. The sign is in
    # the word: "a deficit of £1.6m (3.5% of income)", not "(-3.5% …)".
    shown = (document.table("clusters").total or {}).get("margin")
    # No income (a -100% tariff what-if) leaves the margin no number: no "(– of income)".
    margin = f" ({percent(abs(shown))} of income)" if is_finite(shown) else ""
    balance = f"{verdict} of {money_short(magnitude(surplus))}{margin}"
    if half := _under_half_base(document, t["surplus"]):  # £0 published: either sign
        balance = f"within {half} of breaking even"
    if is_suppressed(surplus):
        balance = f"the surplus is not published ({HIDDEN_WHY})"
    # Published, each £ total is rounded on its own: said where they do not add up, as
    # the terminal and the tender's change say it (left21).
    elif apart := rounded_apart(t["cost"], t["income"], surplus, document.money_base):
        balance += f" ({apart})"
    findings = [
        # Service users, not people: a person in two clusters counts in both (§9).
        f"Across {clusters_counted(clusters, document.meta.reference.codes)}, "
        f"{plural(t[P], 'service user')} "
        f"{noun(t[P], 'brings', 'bring')} in {money_short(t['income'])} of tariff income "
        f"against {money_short(t['cost'])} of cost: {balance}."
    ]
    findings += _loss_findings(document, t)
    projection = document.table("projection").rows
    if len(projection) > 1:
        first, last = projection[0], projection[-1]
        deflator, inflation, efficiency = _projection_rates(document)
        less = f" less an efficiency of {percent(efficiency)}" if efficiency else ""
        findings.append(
            f"With a tariff deflator of {percent(deflator)} a year and cost inflation of "
            f"{percent(inflation)}{less}, the {first['financial_year']} "
            f"{_year_balance(document, first['surplus'])} "
            f"becomes a {_year_balance(document, last['surplus'])} by "
            f"{last['financial_year']}."
        )
    unpriced = document.table("unpriced").rows
    if unpriced:
        findings.append(
            f"Activity in {plural(len(unpriced), 'cluster')} has no price and is left out of "
            "these totals (see the unpriced table)."
        )
    return findings


def clusters_counted(rows: Sequence[Mapping[str, Value]], codes: str) -> str:
    """``7 care clusters (1 of them empty)``: every row the clusters table lists, so the
    count matches the table, and how many have no one in them (0 service users; a
    count hidden by --publish is not a known 0), so an empty row is not read as people."""
    empty = sum(1 for row in rows if row.get("service_users") == 0)
    listed = plural(len(rows), codes)
    return f"{listed} ({count(empty)} of them empty)" if empty else listed


def _loss_findings(document: Document, t: Mapping[str, Value]) -> list[str]:
    codes = document.extras["loss_making"]
    if not codes:
        return [f"No {document.meta.reference.codes} loses money on these prices."]
    by_code = {row["cluster"]: row for row in document.table("clusters").rows}
    losing = [by_code[c] for c in codes]
    worst = ", ".join(
        f"cluster {row['cluster']} ({row['name']}, {money_short(row['surplus'])})"
        for row in losing[:3]
    )
    subsidy = (
        f"The profitable clusters make {money_short(t['cross_subsidy'])}, and that surplus "
        "is what pays for the losses. If outside providers took the profitable clusters, "
        "the NHS would keep the losses without the money that now covers them."
        if amount(t["cross_subsidy"]) > 0
        else "No cluster makes a surplus, so nothing pays for the losses: there is no "
        "cross-subsidy."
    )
    if is_suppressed(t["cross_subsidy"]):
        subsidy = (
            "What the profitable clusters make, which pays for the losses, is not published "
            f"({HIDDEN_WHY})."
        )
    elif _under_half_base(document, t["cross_subsidy"]):  # rounded to £0, not none (rev7a)
        subsidy = (
            f"The clusters that make a surplus make {_loss_total(document, 0.0)}: little "
            "pays for the losses."
        )
    return [
        f"{plural(len(losing), 'cluster')} {noun(len(losing), 'loses')} money, "
        f"{_loss_total(document, t['loss'])}; the largest "
        f"{noun(min(len(losing), 3), 'loss is', 'losses are')} in {worst}."
        + _rounded_away(document, losing),
        subsidy,
    ]


def _under_half_base(document: Document, value: Value) -> str:
    """Under ``--publish``, half the money base (``£25k``) when ``value`` is a £ total
    published as £0, which stands for anything under it, either way; else ``""``."""
    base = document.money_base
    return money_short(base / 2) if base and is_number(value) and value == 0 else ""


def _loss_total(document: Document, loss: Value) -> str:
    """``£7,602 in all``; under ``--publish`` a total that rounds to £0 is said as less
    than half the base, as the terminal says it: "lose money, £0 in all" is no loss."""
    if is_suppressed(loss):
        return "a total not published"
    if half := _under_half_base(document, loss):
        nearest = money_short(document.money_base)
        return f"less than {half} in all (£ totals rounded to the nearest {nearest})"
    return f"{money_short(loss)} in all"


def _rounded_away(document: Document, losing: Sequence[Mapping[str, Value]]) -> str:
    """Under ``--publish``, the losing clusters whose loss rounds to £0: counted as
    losing (they are), though the tables and the chart show no loss for them (found in
    review 6: "8 clusters lose money" beside 7 red bars)."""
    zero = [row["cluster"] for row in losing if is_number(row["surplus"]) and row["surplus"] == 0]
    if not document.money_base or not zero:
        return ""
    half = money_short(document.money_base / 2)
    codes = ", ".join(str(c) for c in zero[:-1]) + (" and " if len(zero) > 1 else "")
    if len(zero) == 1:
        return f" Cluster {zero[0]} loses less than {half}, so its loss shows as £0 once rounded."
    return (
        f" Clusters {codes}{zero[-1]} each lose less than {half}, so their losses show as £0 "
        "once rounded."
    )


def _projection_rates(document: Document) -> tuple[Value, Value, Value]:
    """The deflator, inflation and efficiency the projection used."""
    for block in document.blocks(Pairs):
        if "deflator" in block.names.values():
            value = {name: block.lines[i][1] for i, name in block.names.items()}
            return value["deflator"], value["inflation"], value["efficiency"]
    raise KeyError("projection rates")


def _year_balance(document: Document, surplus: Value) -> str:
    """``deficit of £1.6m``; published as £0, ``balance within £25k of breaking even``;
    hidden (the floor rule), ``balance (not published)``."""
    if is_suppressed(surplus):
        return "balance (not published)"
    if half := _under_half_base(document, surplus):
        return f"balance within {half} of breaking even"
    word = "surplus" if amount(surplus) >= 0 else "deficit"
    return f"{word} of {money_short(magnitude(amount(surplus)))}"
