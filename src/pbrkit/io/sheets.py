"""The input sheets of DESIGN §3, and the reference-set tables of DESIGN §4, as contracts.

One place defines every sheet: the reader checks inputs against it, ``pbrkit template``
writes blank workbooks from it, and the docs' input table is generated from it.
"""

from __future__ import annotations

from typing import Final

from pbrkit.io.schema import Column, Kind, SheetSpec
from pbrkit.pricing import TARIFF_UNITS

PACKAGE_PERIODS: Final = ("day", "week", "episode", "year")

CASELOAD = SheetSpec(
    "caseload",
    (
        Column("cluster", Kind.CLUSTER, required=True, note="care cluster code"),
        Column("service_users", Kind.COUNT, required=True, aliases=("people", "patients")),
        Column("cluster_days", Kind.COUNT, required=True, aliases=("days",)),
        Column("admitted_days", Kind.COUNT, aliases=("inpatient_days", "bed_days")),
        Column("episodes", Kind.COUNT, note="blank = cluster days / review period"),
        Column("actual_cost", Kind.MONEY, note="replaces the modelled cost for this row"),
        Column("cost_cv", Kind.COUNT, note="within-cluster cost coefficient of variation"),
        Column("team", Kind.TEXT),
    ),
    "people, cluster days and admitted days per cluster in the year (one row per team)",
)

TARIFF = SheetSpec(
    "tariff",
    (
        Column("cluster", Kind.CLUSTER, required=True),
        Column("price", Kind.MONEY, required=True),
        Column("unit", Kind.CHOICE, required=True, choices=TARIFF_UNITS),
        Column("admitted_day_price", Kind.MONEY),
        Column("basis", Kind.TEXT),
        Column("status", Kind.TEXT),
    ),
    "the price paid per cluster and its currency unit",
    aliases=("tariffs", "prices"),
)

PACKAGES = SheetSpec(
    "packages",
    (
        Column("cluster", Kind.CLUSTER, required=True),
        Column("resource", Kind.TEXT, required=True),
        Column("quantity", Kind.COUNT, required=True),
        Column("per", Kind.CHOICE, required=True, choices=PACKAGE_PERIODS),
        Column("note", Kind.TEXT),
    ),
    "the resources each cluster's care package uses",
    aliases=("care_packages",),
)

UNIT_COSTS = SheetSpec(
    "unit_costs",
    (
        Column("resource", Kind.TEXT, required=True),
        Column("unit_cost", Kind.MONEY, required=True, aliases=("cost",)),
        Column("unit", Kind.TEXT),
        Column("price_year", Kind.TEXT),
        Column("source", Kind.TEXT),
        Column("status", Kind.TEXT),
    ),
    "£ per unit of each resource, with its source",
)

PATIENTS = SheetSpec(
    "patients",
    (
        Column("patient_id", Kind.ID, required=True, aliases=("id", "patient")),
        Column("cluster", Kind.CLUSTER, required=True),
        Column("days", Kind.COUNT, aliases=("cluster_days",)),
        Column("admitted_days", Kind.COUNT),
        Column("cost", Kind.MONEY),
    ),
    "one row per patient (traits such as age or mha_detained may follow)",
)

NHS = SheetSpec(
    "nhs",
    (
        Column("fixed_cost_share", Kind.FRACTION, note="blank with cost pools: derived from them"),
        Column("shed_rate", Kind.FRACTION, note="share of fixed cost that can be shed"),
        Column("pool", Kind.TEXT),
        Column("amount", Kind.MONEY),
        Column("kind", Kind.CHOICE, choices=("variable", "fixed")),
        Column("serves_taken", Kind.YES_NO, note="pool keeps serving patients bidders take"),
        Column("payment", Kind.CHOICE, choices=("activity", "block", "blended")),
        Column("variable_share", Kind.FRACTION, note="share of income lost; blended payment"),
    ),
    "the NHS provider's cost structure: a fixed-cost share and shed rate, or cost pools",
)

BIDDERS = SheetSpec(
    "bidders",
    (
        Column("name", Kind.TEXT, required=True),
        Column("cost_factor", Kind.FACTOR, required=True),
        Column("info_quality", Kind.FRACTION),
        Column("hurdle_margin", Kind.NUMBER),
        Column("capacity", Kind.COUNT, note="most patients across its lots; blank = unlimited"),
        Column("clusters", Kind.CLUSTER_LIST, note="clusters it will treat; blank = all"),
        Column("screening", Kind.YES_NO),
        Column("risk_aversion", Kind.COUNT),
        Column("quality_score", Kind.FRACTION),
        Column("recharge", Kind.YES_NO, note="pays the NHS for services that stay with it"),
    ),
    "outside providers that may bid",
)

LOTS = SheetSpec(
    "lots",
    (
        Column("name", Kind.TEXT, required=True),
        Column("clusters", Kind.CLUSTER_LIST, required=True),
        Column("accept_all", Kind.YES_NO),
        Column("award", Kind.CHOICE, choices=("fixed_tariff", "competitive")),
        Column("price_weight", Kind.FRACTION),
        Column("cost_sharing", Kind.FRACTION),
        Column("allocation", Kind.CHOICE, choices=("best_value", "random_order", "sheet_order")),
        Column("pricing", Kind.CHOICE, choices=("second_score", "own_bid")),
    ),
    "the clusters a commissioner tenders together",
)

# Reference-set tables (DESIGN §4).
CLUSTERS = SheetSpec(
    "clusters",
    (
        Column("code", Kind.NUMBER, required=True),
        Column("name", Kind.TEXT, required=True),
        Column("superclass", Kind.TEXT, required=True),
        Column("review_days", Kind.COUNT),
    ),
    "cluster codes, names, superclasses and review periods",
)

INPUT_SHEETS: Final = (CASELOAD, TARIFF, PACKAGES, UNIT_COSTS, PATIENTS, NHS, BIDDERS, LOTS)
