"""``pbrkit tender``'s Assumptions: the NHS's cost structure, the bidders, the lots and
where every input came from (docs/methodology.md §6.2 and §8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from pbrkit.currency import active_currency, in_order
from pbrkit.levers import what_if_rows
from pbrkit.reports.document import Pairs, Section, Table, Text, Value
from pbrkit.reports.figures import label_of
from pbrkit.reports.format import percent, plural
from pbrkit.reports.values import is_number, scalar
from pbrkit.tender.accounts import TenderAccounts
from pbrkit.tender.model import Bidder, CostPool, Lot

SHARES: Final = ("fixed_cost_share", "shed_rate", "retained_share", "income_at_risk")
POOLS: Final = ("pool", "amount", "kind", "shed_rate", "serves_taken")
BIDDERS: Final = ("bidder", "cost_factor", "info_quality", "hurdle_margin", "capacity",
                  "clusters", "screening", "risk_aversion", "quality_score", "recharge",
                  "set_by_default", "set_by_scenario")  # fmt: skip
LOTS: Final = ("lot", "clusters", "accept_all", "award", "price_weight", "cost_sharing",
               "allocation", "pricing", "set_by_default", "set_by_scenario")  # fmt: skip
NAO: Final = (
    "Transforming Rehabilitation's contracts assumed fixed costs of 20% of total; the "
    "companies reported 77% (NAO, December 2017): test f high."
)
SOURCES: Final = {
    "sheet": "the nhs sheet",
    "pools": "the nhs sheet's cost pools: r = pools serving people taken ÷ all pools; over "
    "the other pools, f = fixed ÷ all of them and s = the amount-weighted shed rate of "
    "their fixed pools",
    "default": "default (methodology §6): no nhs sheet",
    "scenario": "the scenario file",
    "scenario pools": "the scenario file's cost pools",
}


def assumed_statements(assumed: Sequence[str]) -> list[str]:
    """What the run assumed because a sheet was absent, or a scenario's ``replace_bidders``
    (``replace_lots``) dropped the workbook's and gave none, in words (methodology §8
    defaults; docs/scenarios.md)."""
    bidder = (
        "one bidder, 'Outside provider', with cost factor 1.0 (as efficient as the NHS, so "
        "the result shows selection alone) and the default bidder settings."
    )
    lot = "one fixed-tariff lot of every cluster."
    said = {
        "bidders": f"No bidders sheet: {bidder}",
        "lots": f"No lots sheet: {lot}",
        "bidders_empty": f"The bidders sheet has no rows, so the default was used: {bidder}",
        "lots_empty": f"The lots sheet has no rows, so the default was used: {lot}",
        "bidders_replaced": "replace_bidders = true drops the workbook's bidders and the "
        f"scenario gives no [[bidders]]: {bidder}",
        "lots_replaced": "replace_lots = true drops the workbook's lots and the scenario "
        f"gives no [[lots]]: {lot}",
    }
    return [said[kind] for kind in assumed if kind in said]


#: A bidder's or a lot's parameters as plain values (its clusters: the one list).
Parameters = dict[str, Value | list[int | str]]


def bidder_parameters(bidder: Bidder) -> Parameters:
    """A bidder's parameters as plain values (cluster lists sorted; None = all)."""
    values = bidder.model_dump(warnings=False)  # text codes: a set's, shown as written
    values["clusters"] = None if bidder.clusters is None else in_order(bidder.clusters)
    return values


def lot_parameters(lot: Lot) -> Parameters:
    """A lot's parameters as plain values (cluster list sorted)."""
    values = lot.model_dump(warnings=False)
    values["clusters"] = in_order(lot.clusters)
    return values


def pool_record(pool: CostPool) -> dict[str, Value]:
    """A cost pool as plain values, as every output gives it: a variable pool's shed rate
    is never used (s weighs the fixed pools alone, docs/methodology.md §6.2), so it is
    None (blank, null) rather than shown as if it applied (review 10)."""
    values: dict[str, Value] = pool.model_dump()
    return {**values, "shed_rate": pool.shed_rate if pool.kind == "fixed" else None}


def assumptions_section(accounts: TenderAccounts) -> tuple[Section, Section]:
    """The cost structure (f, s, r, v: the Summary sheet's formulas point at the
    workbook's cells; the page says them in a sentence), the pools, the bidders and lots
    (which parameters took a default), and the run's settings."""
    nhs = accounts.result.spec.nhs
    source = SOURCES.get(accounts.sources.nhs, accounts.sources.nhs)
    shares = Pairs(
        f"NHS cost structure ({source})",
        tuple((label, getattr(nhs, key)) for key, label in _share_labels(nhs.payment)),
        units=dict.fromkeys(range(4), "fixed_cost_share"),
        names=dict(enumerate(SHARES)),
    )
    said = Text(
        f"NHS cost structure ({source}): fixed cost share f = {percent(nhs.fixed_cost_share)}, "
        f"shed rate s = {percent(nhs.shed_rate)}, share of a taken person's cost kept by the "
        f"NHS r = {percent(nhs.retained_share)}, payment {nhs.payment} (the NHS loses "
        f"{percent(nhs.income_at_risk)} of a taken person's tariff income). {NAO}"
    )
    pools = tuple(
        {**pool_record(p), "serves_taken": "yes" if p.serves_taken else "no"} for p in nhs.pools
    )
    tables: list[Table] = []
    if pools:
        tables.append(Table("pools", "Cost pools", POOLS, pools, total={},
                            total_is_everyone=False))  # fmt: skip
    tables += [_parameters(accounts, "bidders"), _parameters(accounts, "lots")]
    lines = _settings(accounts)
    # The deflator and yearly rates as pbrkit cost shows them (a share a year, 1.8%),
    # not 0.018.
    rates = {i: "margin" for i, (label, _) in enumerate(lines) if label in YEARLY_RATES}
    settings = Pairs("Run settings and sources", tuple(lines), units=rates)
    return (
        Section("Assumptions", (shares, Text(NAO), *tables, settings), html=False),
        Section("Assumptions", (said, *tables, settings), excel=False),
    )


def _share_labels(payment: str) -> tuple[tuple[str, str], ...]:
    """The registry's labels (the Summary's formulas point here), v's with its payment."""
    said = {"income_at_risk": f" ({payment} payment)"}
    return tuple((key, label_of(key) + said.get(key, "")) for key in SHARES)


def _parameters(accounts: TenderAccounts, kind: str) -> Table:
    """Bidder or lot parameters, with the ones set by default and by the scenario."""
    spec = accounts.result.spec
    columns: tuple[str, ...]
    if kind == "bidders":
        items = [bidder_parameters(b) for b in spec.bidders]
        key, columns, title = "bidder", BIDDERS, "Bidders"
    else:
        items = [lot_parameters(lot) for lot in spec.lots]
        key, columns, title = "lot", LOTS, "Lots"
    sources: dict[str, dict[str, str]] = getattr(accounts.sources, kind)
    rows = []
    for item in items:
        name = str(item["name"])
        given = sources.get(name, {})
        row = {k: _shown(k, v) for k, v in item.items() if k != "name"}
        row.update({key: name,
                    "set_by_default": _set_by(given, "default"),
                    "set_by_scenario": _set_by(given, "scenario")})  # fmt: skip
        rows.append(row)
    return Table(f"{kind}_parameters", f"{title} (methodology §6)", columns, tuple(rows),
                 json_key=None, empty_note=f"No {kind}.")  # fmt: skip


def _set_by(given: dict[str, str], source: str) -> str:
    return ", ".join(k for k, v in given.items() if v == source)


def _shown(key: str, value: Value | list[int | str]) -> Value:
    """A parameter as the table shows it: cluster runs, yes/no, unlimited, words."""
    if isinstance(value, list):  # a bidder's or a lot's clusters: the only list
        return active_currency().describe_list(value)
    if key == "clusters":
        return "all"  # None: every cluster
    if key == "capacity":
        return "unlimited" if value is None else value  # a count (registry)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value.replace("_", " ")
    return value


def _settings(accounts: TenderAccounts) -> list[tuple[str, Value]]:
    ref = accounts.meta.reference
    lines: list[tuple[str, Value]] = [
        ("Draws", accounts.draws),
        ("Seed", str(accounts.result.seed)),  # text: a float would round a seed of 2**70
        ("Reference set", f"{ref.name} ({ref.status})"),
        ("Reference set title", ref.title),
        ("Tariff deflator", accounts.deflator),
        ("Scenario", accounts.scenario or "none"),
        *what_if_rows(accounts.meta.options),
    ]
    lines += _projection(accounts.meta.options)
    lines += [(f"Source of {t.replace('_', ' ')}", s) for t, s in accounts.table_sources.items()]
    lines += [(f"Seed of the {part}", text) for part, text in accounts.seeds.items()]
    lines += [("Assumed", text) for text in assumed_statements(accounts.sources.assumed)]
    lines += [("Note", note) for note in accounts.notes]
    return lines


#: summary.json ``options``: the projection's length and how it moves (methodology §6.7).
YEAR_OPTIONS: Final = ("years", "efficiency", "inflation", "tariff_rebase", "retender_every",
                       "nhs_response")  # fmt: skip
#: Run settings shown as a share a year.
YEARLY_RATES: Final = ("Tariff deflator", "Cost inflation a year", "Yearly cost improvement")
_REBASE: Final = {
    "none": "none: the deflator alone",
    "all_providers": "re-based on last year's cost per cluster, all providers, then the deflator",
    "nhs_only": "re-based on last year's cost per cluster, the NHS's residue only, then the "
    "deflator",
}
_RESPONSE: Final = {
    "deficit": "deficit: carried from year to year",
    "cut": "cut: the NHS cuts its spending on the residue to break even",
}


def _projection(options: Mapping[str, object]) -> list[tuple[str, Value]]:
    """How a projection of two or more years moves (methodology §6.7): the Years table's
    note says "as the scenario says", so the run settings say what it says (review 10)."""
    years, every = scalar(options.get("years")), scalar(options.get("retender_every"))
    if not is_number(years) or years < 2:  # none given: one year
        return []
    return [
        ("Projection years", years),
        ("Cost inflation a year", scalar(options.get("inflation")) or 0.0),
        ("Yearly cost improvement", scalar(options.get("efficiency")) or 0.0),
        ("Prices from year to year", _REBASE[str(options.get("tariff_rebase") or "none")]),
        (
            "Contracts re-let",
            f"every {plural(every, 'year')}" if every else "not within the projection",
        ),
        ("NHS response to a deficit", _RESPONSE[str(options.get("nhs_response") or "deficit")]),
    ]
