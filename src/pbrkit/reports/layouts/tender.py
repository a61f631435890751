"""``pbrkit tender``: which sections, tables, charts and findings its reports show.

Layout only: the figures are the registry's (``reports/registry.py``, docs/methodology.md
§6), the values the tender's accounts (``tender/accounts.py``), and the renderers write
them as JSON, Excel, HTML and the one-page PDF. summary.json's contract objects
(``residue``, ``waterfall``, ``public_sector``, …) are worked out from the finished —
published, under ``--publish`` — document (:mod:`pbrkit.reports.layouts.tender_json`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import pandas as pd

from pbrkit.currency import Code
from pbrkit.levers import what_if_rows
from pbrkit.model import (
    KNOWN_DIFFERENTIAL,
    KNOWN_LOST,
    KNOWN_PROFIT,
    MOST_DAY_INCOME_A_PERSON,
    MOST_PAYMENT_A_PERSON,
)
from pbrkit.reports.document import (
    Chart,
    Document,
    Findings,
    Headline,
    Section,
    Table,
    Text,
    Value,
)
from pbrkit.reports.figures import figure
from pbrkit.reports.formulas import (
    Difference,
    Formula,
    IndexOf,
    Named,
    Product,
    Ratio,
    Sum,
    TotalOf,
    TotalsRatio,
)
from pbrkit.reports.layouts.cost import what_if_banner
from pbrkit.reports.layouts.tender_assumptions import SHARES, assumptions_section
from pbrkit.reports.layouts.tender_findings import tender_findings
from pbrkit.reports.layouts.tender_json import JSON_ORDER, extras, tender_json
from pbrkit.reports.layouts.tender_psa import psa_sections, tornado_charts
from pbrkit.reports.layouts.tender_years import years_section
from pbrkit.reports.registry import COSTING_MONEY
from pbrkit.reports.values import PsaObject, ThresholdObject
from pbrkit.tender.accounts import TenderAccounts
from pbrkit.tender.bounds import (
    TENDER_BOUNDS,
    cluster_key,
    cost_offsets,
    lost_offsets,
    most_of,
    payment_bounds,
)
from pbrkit.tender.metrics import FIGURES

TITLE: Final = "What a tender leaves with the NHS"
P, T, R = "service_users", "taken_patients", "residue_patients"
G, L, S = "residue_cost_gap", "lost_contribution", "stranded_fixed_cost"
KEPT_COST, KEPT_INCOME = "cost_retained_for_taken", "nhs_income_retained"
BEFORE, AFTER, CHANGE = "nhs_surplus_before", "nhs_surplus_after", "nhs_surplus_change"
PUBLIC: Final = ("commissioner_saving", "public_cost_change")

#: report.html's key figures, and the five summary.pdf shows.
KPIS: Final = (T, R, "casemix_index", BEFORE, AFTER, CHANGE)
PAGE: Final = (T, R, BEFORE, AFTER, CHANGE)
#: report.html's "Where the money goes" figures.
MONEY: Final = (G, L, S, KEPT_COST, KEPT_INCOME, "taken_margin", "payments_to_bidders",
                "bidder_profit", "differential_payment", "commissioner_saving",
                "commissioner_cost_change", "public_cost_change", "casemix_between",
                "casemix_within", "cost_to_payment_before", "residue_cost_to_payment")  # fmt: skip
#: The workbook's Summary sheet: every figure, each a formula over the tables.
SUMMARY: Final = (P, T, R, *SHARES, G, L, "taken_cost", S, KEPT_COST, KEPT_INCOME, BEFORE,
                  "taken_margin", AFTER, CHANGE, "casemix_index", "casemix_between",
                  "casemix_within", "cost_to_payment_before", "residue_cost_to_payment",
                  "payments_to_bidders", "bidder_profit", "differential_payment",
                  "commissioner_saving", "commissioner_cost_change",
                  "public_cost_change")  # fmt: skip
RESIDUE: Final = ("cluster", "name", "lot", P, T, R, "income", "cost", "residue_cost",
                  "taken_cost", "mean_cost_before", "mean_cost_after", "casemix_index", G, L,
                  S, KEPT_COST, KEPT_INCOME, BEFORE, AFTER, CHANGE, "payments_to_bidders",
                  "bidder_profit", "differential_payment")  # fmt: skip
#: What report.html leaves out of the residue and ranges tables to fit a screen (the
#: workbook has them all).
RESIDUE_OMITTED: Final = ("income", "cost", "residue_cost", "taken_cost", L, S, KEPT_COST,
                          KEPT_INCOME, BEFORE, AFTER, CHANGE, "payments_to_bidders",
                          "bidder_profit", "differential_payment")  # fmt: skip
RANGES_OMITTED: Final = ("cost_retained_for_taken", "nhs_income_retained", "nhs_surplus_before",
                         "nhs_surplus_after", "commissioner_cost_change", "casemix_between",
                         "casemix_within", "residue_cost_to_payment", "cost_to_payment_before",
                         "payments_to_bidders", "bidder_profit", "differential_payment",
                         *PUBLIC)  # fmt: skip
CLUSTERS: Final = ("cluster", "name", "superclass", P, "cluster_days", "admitted_days",
                   *COSTING_MONEY, "cost_source")  # fmt: skip
BIDDERS: Final = ("bidder", T, "taken_cost", "taken_income", "payments_to_bidders",
                  "bidder_profit", "differential_payment", L, S, KEPT_COST)  # fmt: skip
CELLS: Final = ("bidder", "cluster", T, "taken_cost", "payments_to_bidders", "bidder_profit")
LOTS: Final = ("lot", "bidder", "award", "won_share", T, "price_factor")
RANGES: Final = ("percentile", *FIGURES, *PUBLIC)
STEPS: Final = ("NHS surplus\nbefore", "Margin lost with\nthe people taken",
                "Kept for the\npeople taken", "Stranded\nfixed cost",
                "NHS surplus\nafter")  # fmt: skip
#: The total row is the registry's: the sum of the rows' medians (and ratios of those
#: sums), not the run's own median of each draw's total, which the headline shows;
#: published, its counts of people are the headline's (Table.total_is_everyone).
MEDIANS: Final = (
    "With {draws} draws every figure in the rows is a median over the draws, and medians "
    "do not add up: the total row adds up the medians above it (a ratio there is one of "
    "those sums; a published count of people is the headline's), so it can differ from the "
    "headline figure, the median of the draws' own totals."
)


def records(frame: pd.DataFrame, keys: tuple[str, ...]) -> tuple[dict[str, Value], ...]:
    """A frame's rows as plain records of ``keys`` (those it has), with the bound fields
    it has (:data:`~pbrkit.tender.bounds.TENDER_BOUNDS`: read by ``--publish``, never
    written, since a table writes its columns only)."""
    keys = tuple(k for k in (*keys, *TENDER_BOUNDS) if k in frame.columns)
    return tuple({k: row[k] for k in keys} for row in frame.to_dict(orient="records"))


def _bounds(accounts: TenderAccounts) -> pd.DataFrame:
    """Each cluster's bound fields (empty where the run has none: a caller's own)."""
    keys = [k for k in TENDER_BOUNDS if k in accounts.clusters.columns]
    return accounts.clusters.set_index("cluster")[keys]


def _bounded_over(
    accounts: TenderAccounts, rows: tuple[dict[str, Value], ...], clusters: pd.DataFrame, by: str
) -> tuple[dict[str, Value], ...]:
    """Rows (one per ``by``: a bidder or a cluster) with the bound fields of the bidder
    × cluster pairs ``clusters`` gives them (its ``bidder`` and ``cluster`` columns):
    the largest, since one person is in one of them."""
    bounds, paid = _bounds(accounts), _payment_bounds(accounts)
    if bounds.empty:
        return rows
    return tuple(
        {**row, **most_of(bounds, clusters.loc[clusters[by] == row[by], "cluster"]),
         **_over(paid.loc[paid[by] == row[by]])}
        for row in rows
    )  # fmt: skip


PAIR_FIELDS: Final = (MOST_PAYMENT_A_PERSON, KNOWN_PROFIT, KNOWN_DIFFERENTIAL, KNOWN_LOST)


def _payment_bounds(accounts: TenderAccounts) -> pd.DataFrame:
    """Per bidder × cluster it took people from, the most one person adds to a payment
    (:func:`~pbrkit.tender.bounds.payment_bounds`) and the parts of the profit and
    differential payment known from the taken cost (:func:`~.cost_offsets`), and the
    lost contribution's (:func:`~.lost_offsets`)."""
    result, bounds = accounts.result, _bounds(accounts)
    taken = result.by_bidder_cluster.loc[result.by_bidder_cluster[T] != 0]
    if MOST_DAY_INCOME_A_PERSON not in bounds.columns:
        return pd.DataFrame(columns=["bidder", "cluster", *PAIR_FIELDS])
    spec = result.spec
    # The payments are of the people taken: the day's income bound, as theirs.
    paid = payment_bounds(taken, bounds[MOST_DAY_INCOME_A_PERSON], spec.lots, result.by_lot)
    known = cost_offsets(taken, spec.lots, spec.bidders, spec.nhs.retained_share)
    lost = lost_offsets(taken, spec.nhs)
    return paid.merge(known, on=["bidder", "cluster"]).merge(lost, on=["bidder", "cluster"])


def _over(pairs: pd.DataFrame) -> dict[str, Value]:
    """A row's pair fields over its bidder × cluster pairs: the largest payment bound
    (one person is in one pair; 0 over none: nobody taken, no payment) and the known
    parts summed, as the row's figures sum its pairs'."""
    bound = pairs[MOST_PAYMENT_A_PERSON]
    known = (KNOWN_PROFIT, KNOWN_DIFFERENTIAL, KNOWN_LOST)
    return {MOST_PAYMENT_A_PERSON: float(bound.max()) if len(bound) else 0.0,
            **{k: float(pairs[k].sum()) for k in known}}  # fmt: skip


def tender_document(
    accounts: TenderAccounts,
    psa: PsaObject | None = None,
    thresholds: Sequence[ThresholdObject] | None = None,
    fallbacks: tuple[Code, ...] = (),
    what_if: Sequence[Mapping[str, object]] = (),
) -> Document:
    """The document every output of ``pbrkit tender`` renders."""
    residue = _residue(accounts)
    summary, steps, sheet = _summary(accounts)
    # report.html: the interval, then what moves it, before the one run's figures.
    tornado = () if psa is None else (tornado_charts(psa["tornado"]),)
    sections: list[Section | None] = [summary, *tornado, steps, sheet]
    sections += psa_sections(psa, thresholds)
    # The page reads residue then bidders; the workbook keeps its sheets' order
    # (Summary, Tender, Residue): the same blocks, shown once in each.
    by_cluster = ("What was taken and what remains, by cluster", (_casemix_chart(), residue))
    sections += [Section(*by_cluster, excel=False), _tender(accounts),
                 Section(*by_cluster, html=False, sheet="Residue")]  # fmt: skip
    sections += [_ranges(accounts), years_section(accounts, _total_bounds(accounts))]
    sections += assumptions_section(accounts)
    json_only = Table("clusters", None, CLUSTERS, records(accounts.clusters, CLUSTERS),
                      entity="cluster", ids=("cluster",), html=False, excel=False,
                      json_key="clusters")  # fmt: skip
    sections.append(Section("Clusters", (json_only,), html=False, excel=False))
    document = Document(
        "tender", TITLE, accounts.meta, tuple(s for s in sections if s is not None),
        extras(accounts, fallbacks, what_if, psa, thresholds),
        json_figures={"totals": accounts.totals},
        findings=tender_findings, derived=tender_json(accounts), json_order=JSON_ORDER,
    )  # fmt: skip
    return document.with_findings()


def headline_values(accounts: TenderAccounts) -> dict[str, Value]:
    """Every figure of the Summary: the residue's, the waterfall's, the public sector's."""
    nhs, steps = accounts.result.spec.nhs, accounts.waterfall
    public = accounts.public_sector
    return {
        P: accounts.totals[P],
        **accounts.result.residue,
        "taken_cost": float(accounts.clusters["taken_cost"].sum()),
        # Not shown: summary.json's selection and the sentences read it, published.
        "taken_cost_ratio": accounts.selection["taken_cost_ratio"],
        "taken_margin": steps["taken_margin"],
        "kept_for_taken": steps["kept_for_taken"],
        **{k: public[k] for k in PUBLIC},
        **{k: getattr(nhs, k) for k in SHARES},
        "cost_below_bed_days": accounts.cost_below_bed_days,
    }


def _summary(accounts: TenderAccounts) -> tuple[Section, Section, Section]:
    """report.html's summary (key figures, waterfall, where the money goes) and the
    workbook's (every figure, with its formula). A PSA's interval or a scenario's
    break-even opens the findings (tender_findings), which every output shows."""
    values, bounds = headline_values(accounts), _total_bounds(accounts)
    lead = what_if_banner(what_if_rows(accounts.meta.options), "the figures below")
    kpis = Headline(values, KPIS, json_key=None, key_figures=PAGE, bounds=bounds)
    money = Headline(values, MONEY, json_key=None, bounds=bounds)
    html = Section("Summary", (*lead, Findings(()), kpis), excel=False)
    steps = Section("Where the money goes", (_waterfall_chart(), _waterfall(values),
                    Text(_waterfall_note(accounts)), money), excel=False)  # fmt: skip
    exact = accounts.draws == 1
    note = (
        "One draw: every figure below is a formula over the Residue, Tender and Assumptions sheets."
        if exact
        else f"Medians of {accounts.draws:,} draws (seed {accounts.result.seed}): per-cluster "
        "and per-bidder medians need not add up to these, so they are values, not formulas. "
        "Ranges: see the Ranges sheet."
    )
    formulas = _formulas(exact, bool(len(accounts.result.by_bidder)))
    sheet = Headline(values, SUMMARY, formulas, json_key=None, bounds=bounds)
    excel = Section("Summary", (*lead, Text(note), Findings(()), sheet), html=False)
    return html, steps, excel


def _formulas(exact: bool, bidders: bool) -> dict[str, Formula]:
    """The Summary sheet's formulas (docs/methodology.md §6.5). With several draws the
    figures are medians no formula over the tables' medians gives: the counts, the
    shares and the waterfall's closing step keep theirs."""
    always: dict[str, Formula] = {
        P: TotalOf("residue", P),
        **{k: Named(k) for k in SHARES},
        "taken_margin": Sum(((BEFORE, 1), (KEPT_INCOME, 1), (KEPT_COST, -1), (S, -1),
                             (AFTER, -1))),
    }  # fmt: skip
    if not exact:
        return always
    totals = (T, R, G, L, "taken_cost", KEPT_COST, KEPT_INCOME, BEFORE, "casemix_index")
    bidder_totals = ("payments_to_bidders", "bidder_profit", "differential_payment")
    return {
        **always,
        **{k: TotalOf("residue", k) for k in totals},
        **({k: TotalOf("bidders", k) for k in bidder_totals} if bidders else {}),
        # S = f·(1 − s)·(1 − r)·Σ over T of c (docs/methodology.md §6.2)
        S: Product((("fixed_cost_share", False), ("shed_rate", True), ("retained_share", True),
                    ("taken_cost", False))),
        AFTER: Sum(((G, -1), (KEPT_INCOME, 1), (KEPT_COST, -1), (S, -1))),
        CHANGE: Difference(AFTER, BEFORE),
        "casemix_within": Ratio("casemix_index", "casemix_between"),
        # Σ c ÷ Σ P over everyone; Σ c ÷ Σ P over the people left (methodology §6.5)
        "cost_to_payment_before": TotalsRatio((("residue", "cost", 1),),
                                              (("residue", "income", 1),)),
        **({"residue_cost_to_payment": TotalsRatio(
            (("residue", "residue_cost", 1),),
            (("residue", "income", 1), ("bidders", "taken_income", -1)))} if bidders else {}),
        # v·Σ over T of P − Σ over T of R over the Tender sheet's total (methodology §6.5)
        **({"commissioner_saving": _registered("commissioner_saving")} if bidders else {}),
        "commissioner_cost_change": Sum((("commissioner_saving", -1),)),
        "public_cost_change": Sum((("commissioner_saving", -1), (CHANGE, -1))),
    }  # fmt: skip


def _registered(key: str) -> Formula:
    """A figure's registered formula, written over the Summary's own cells."""
    formula = figure(key).formula
    assert formula is not None, f"{key} has no formula in reports/registry.py"
    return formula


def _waterfall(values: Mapping[str, Value]) -> Table:
    """The steps from the NHS surplus before to after; they add up (methodology §6.5)."""
    amounts = (values[BEFORE], _negated(values["taken_margin"]), values["kept_for_taken"],
               _negated(values[S]), values[AFTER])  # fmt: skip
    rows = tuple({"waterfall_step": step, "waterfall_amount": amount}
                 for step, amount in zip(STEPS, amounts, strict=True))  # fmt: skip
    return Table("waterfall", None, ("waterfall_step", "waterfall_amount"), rows,
                 total_is_everyone=False, html=False)  # fmt: skip


def _negated(value: Value) -> Value:
    return -value if isinstance(value, int | float) else value


def _waterfall_chart() -> Chart:
    return Chart("waterfall", "waterfall_step", "waterfall_amount", "How the NHS surplus changes",
                 kind="waterfall")  # fmt: skip


def _waterfall_note(accounts: TenderAccounts) -> str:
    nhs, draws = accounts.result.spec.nhs, accounts.draws
    payment = {"activity": "activity", "block": "a block contract"}.get(
        nhs.payment, "a blended payment"
    )
    medians = (
        f" With {draws:,} draws each figure is a median, so the margin bar is the median "
        "surplus before + median kept − median S − median surplus after."
        if draws > 1
        else ""
    )
    return (
        # Published, each £ figure is rounded on its own (docs/methodology.md §7), so the
        # rounded bars need not add up: "before any rounding" is true of both reports.
        "Before any rounding the bars add up exactly: the NHS surplus before, minus the "
        "margin the people taken "
        "made over their cost (Σ over the people taken of tariff income P − NHS cost c), plus "
        "what the NHS keeps for them (income a block or blended payment leaves it, less the "
        "cost of services that still serve them), minus the fixed cost that stays behind when "
        f"they go (stranded fixed cost S), is the NHS surplus after.{medians} The NHS is paid "
        f"by {payment}: it loses {nhs.income_at_risk:.0%} of a taken person's tariff income, "
        f"and keeps {nhs.retained_share:.0%} of their cost (docs/methodology.md §6.2)."
    )


def _residue(accounts: TenderAccounts) -> Table:
    note = MEDIANS.format(draws=f"{accounts.draws:,}") if accounts.draws > 1 else None
    return Table(
        "residue", None, RESIDUE,
        _residue_rows(accounts), total=_total_bounds(accounts), entity="cluster",
        ids=("cluster",),
        row_lines=((P, T, R),), frozen=True, note=note, html_omits=RESIDUE_OMITTED,
        formulas={"taken_cost": Difference("cost", "residue_cost"),
                  "mean_cost_after": Ratio("residue_cost", R),
                  "casemix_index": IndexOf("residue_cost", R, "cost", P),
                  CHANGE: Difference(AFTER, BEFORE)},
    )  # fmt: skip


def _residue_rows(accounts: TenderAccounts) -> tuple[dict[str, Value], ...]:
    """The residue's rows, each with the largest payment bound over its bidders."""
    rows = records(accounts.clusters, RESIDUE)
    if _bounds(accounts).empty:
        return rows
    paid = _payment_bounds(accounts)
    return tuple(
        {**row, **_over(paid.loc[paid["cluster"] == cluster_key(row["cluster"])])}
        for row in rows
    )  # fmt: skip


def _total_bounds(accounts: TenderAccounts) -> dict[str, Value]:
    """A total row's bound fields: the largest of the clusters' (one person is in one)."""
    bounds = _bounds(accounts)
    total: dict[str, Value] = {}
    if not bounds.empty:
        total.update(most_of(bounds, bounds.index))
        total.update(_over(_payment_bounds(accounts)))
    return total


def _casemix_chart() -> Chart:
    return Chart("residue", "cluster", "casemix_index",
                 "Casemix index of the people left, by cluster", kind="index_bars",
                 xlabel="Cluster")  # fmt: skip


def _tender(accounts: TenderAccounts) -> Section:
    result = accounts.result
    note = MEDIANS.format(draws=f"{accounts.draws:,}") if accounts.draws > 1 else None
    taken_from = result.by_bidder_cluster.loc[result.by_bidder_cluster[T] != 0]
    bidder_rows = _bounded_over(accounts, records(result.by_bidder, BIDDERS), taken_from,
                                "bidder")  # fmt: skip
    bidders = Table("bidders", None, BIDDERS, bidder_rows,
                    total=_total_bounds(accounts), entity="bidder", ids=("bidder",),
                    frozen=True, json_key="bidders", note=note)  # fmt: skip
    lots = Table("lots", "Lot by lot (every bidder that looked at the lot)", LOTS,
                 records(result.by_lot, LOTS), entity="lot", ids=("lot", "bidder"),
                 parts_of=(("bidder", "bidder"),), total_is_everyone=False,
                 json_key="lots")  # fmt: skip
    taken = result.by_bidder_cluster.loc[result.by_bidder_cluster[T] != 0]
    cells = Table("bidders_by_cluster", "What each bidder took, by cluster", CELLS,
                  _cells(accounts, taken), total=_total_bounds(accounts),
                  entity="bidder_cluster",
                  ids=("bidder", "cluster"),
                  parts_of=(("bidder", "bidder"), ("cluster", "cluster")),
                  json_key="bidders_by_cluster")  # fmt: skip
    return Section("Each bidder's take", (bidders, lots, cells), sheet="Tender")


def _cells(accounts: TenderAccounts, taken: pd.DataFrame) -> tuple[dict[str, Value], ...]:
    """What each bidder took from each cluster, with the cluster's bound fields."""
    bounds, paid = _bounds(accounts), _payment_bounds(accounts)
    rows = records(taken, CELLS)
    if bounds.empty:
        return rows
    return tuple(
        {**row, **most_of(bounds, [row["cluster"]]),
         **_over(paid.loc[(paid["bidder"] == row["bidder"])
                          & (paid["cluster"] == cluster_key(row["cluster"]))])}
        for row in rows
    )  # fmt: skip


def _ranges(accounts: TenderAccounts) -> Section:
    """Each figure's 5th percentile, median and 95th percentile over the draws: one
    column per figure (its own unit), one row per percentile."""
    ranges, public = accounts.result.residue_ranges, accounts.public_sector.get("ranges", {})
    if not ranges:
        text = "One draw was run: no ranges. Run with --draws 1000 for 5th-95th percentiles."
        title = Text("Monte Carlo ranges (selection noise only)", "title")
        return Section("Ranges", (title, Text(text)), html=False)
    # Each row carries the total's bound fields: a percentile of the draws' totals is a
    # total of the run's people, floored as the headline's median is.
    rows = tuple(
        {"percentile": label, **{k: ranges[k][at] for k in FIGURES},
         **{k: public[k][at] for k in PUBLIC}, **_total_bounds(accounts)}
        for at, label in (("p5", "5th"), ("p50", "Median"), ("p95", "95th"))
    )  # fmt: skip
    text = (
        f"{accounts.draws:,} simulated tenders with seed {accounts.result.seed}: each "
        "bidder's information about patients' costs is noisy, so who is taken varies from "
        "draw to draw. The middle 90% of draws lie between the 5th and 95th percentiles. "
        "These ranges are selection noise only: every parameter (cost factors, fixed cost "
        "share, payment) is held at its stated value."
    )
    table = Table("ranges", None, RANGES, rows, entity="ranges", ids=("percentile",),
                  total_is_everyone=False, frozen=True, html_omits=RANGES_OMITTED)  # fmt: skip
    title = Text("Monte Carlo ranges (selection noise only)", "title")
    return Section("Ranges", (title, Text(text), table))
