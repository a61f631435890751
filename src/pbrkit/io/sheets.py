"""The input sheets of methodology §8, and the reference-set tables of methodology §3, as contracts.

One place defines every sheet: the reader checks inputs against it, ``pbrkit template``
writes blank workbooks from it, and docs/methodology.md §8's table of every column is
tested against it (tests/test_walk9_inputs_table.py).
"""

from __future__ import annotations

from typing import Final

from pbrkit.io.schema import Column, Kind, SheetSpec
from pbrkit.io.values import MAX_DAYS_PER_PERSON
from pbrkit.model import (
    HURDLE_MARGIN_ABOVE,
    HURDLE_MARGIN_AT_MOST,
    HURDLE_MARGIN_BELOW_WHY,
    TARIFF_UNITS,
)

PACKAGE_PERIODS: Final = ("day", "week", "episode", "year")

CASELOAD = SheetSpec(
    "caseload",
    (
        Column(
            "cluster",
            Kind.CLUSTER,
            required=True,
            note="care cluster code",
            aliases=("cluster_code", "care_cluster"),
        ),
        Column(
            "service_users",
            Kind.COUNT,
            required=True,
            aliases=("people", "patients"),
            synonyms=("caseload", "clients", "users", "number_of_people"),
            whole=True,
        ),
        Column("cluster_days", Kind.COUNT, required=True, aliases=("days",)),
        Column(
            "admitted_days",
            Kind.COUNT,
            aliases=("inpatient_days", "bed_days"),
            synonyms=("admissions", "occupied_bed_days", "obd", "admitted"),
        ),
        Column("episodes", Kind.COUNT, note="blank = cluster days / review period"),
        Column(
            "actual_cost",
            Kind.MONEY,
            note="replaces the modelled cost for this row",
            synonyms=("cost", "total_cost", "costs", "spend", "expenditure", "actual"),
        ),
        Column(
            "cost_cv",
            Kind.COUNT,
            note="within-cluster cost coefficient of variation",
            maximum=100.0,
        ),
        Column("team", Kind.TEXT, names="team"),
    ),
    "people, cluster days and admitted days per cluster in the year (one row per team)",
    totals=("service_users", "cluster_days", "admitted_days", "episodes", "actual_cost"),
    synonyms=("activity",),
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
    synonyms=("price",),
)

PACKAGES = SheetSpec(
    "packages",
    (
        Column("cluster", Kind.CLUSTER, required=True),
        Column("resource", Kind.TEXT, required=True, names="resource"),
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
        Column("resource", Kind.TEXT, required=True, names="resource"),
        Column("unit_cost", Kind.MONEY, required=True, aliases=("cost",)),
        Column("unit", Kind.TEXT),
        Column("price_year", Kind.TEXT),
        Column("source", Kind.TEXT),
        Column("status", Kind.TEXT),
    ),
    "£ per unit of each resource, with its source",
    synonyms=("costs", "pssru"),
)

PATIENTS = SheetSpec(
    "patients",
    (
        Column("patient_id", Kind.ID, required=True, aliases=("id", "patient")),
        Column("cluster", Kind.CLUSTER, required=True, aliases=("cluster_code", "care_cluster")),
        Column("days", Kind.COUNT, aliases=("cluster_days",), maximum=MAX_DAYS_PER_PERSON),
        Column(
            "admitted_days",
            Kind.COUNT,
            aliases=("inpatient_days", "bed_days"),
            maximum=MAX_DAYS_PER_PERSON,
        ),
        # Periods in the cluster (an MHSDS import writes them): priced per episode by
        # cost and tender alike; blank = days / review period (review 9a).
        Column("episodes", Kind.COUNT, note="blank = days / review period"),
        Column("cost", Kind.MONEY, synonyms=("actual_cost", "total_cost", "annual_cost")),
    ),
    "one row per patient (traits such as age or mha_detained may follow)",
    # A last row labelled Total is checked against these and skipped (methodology §8
    # says so of patients as of the caseload; found missing in review 7).
    totals=("days", "admitted_days", "episodes", "cost"),
)

NHS = SheetSpec(
    "nhs",
    (
        Column("fixed_cost_share", Kind.FRACTION, note="blank with cost pools: derived from them"),
        Column("shed_rate", Kind.FRACTION, note="share of fixed cost that can be shed"),
        Column("pool", Kind.TEXT, names="cost pool"),
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
        Column("name", Kind.TEXT, required=True, names="bidder"),
        Column("cost_factor", Kind.FACTOR, required=True),
        Column("info_quality", Kind.FRACTION),
        # At most 100%, as in a scenario and the uncertainty table (pbrkit.model says why).
        Column(
            "hurdle_margin",
            Kind.RATE,
            note="margin over the price it needs; above -100%, at most 100%",
            maximum=HURDLE_MARGIN_AT_MOST,
            above=HURDLE_MARGIN_ABOVE,
            above_why=HURDLE_MARGIN_BELOW_WHY,
        ),
        Column(
            "capacity",
            Kind.COUNT,
            note="most patients across its lots; blank = unlimited",
            whole=True,
        ),
        Column("clusters", Kind.CLUSTER_LIST, note="clusters it will treat; blank = all"),
        Column("screening", Kind.YES_NO),
        Column("risk_aversion", Kind.COUNT),
        Column("quality_score", Kind.FRACTION),
        Column("recharge", Kind.YES_NO, note="pays the NHS for services that stay with it"),
    ),
    "outside providers that may bid",
    synonyms=("providers", "bidder"),
)

LOTS = SheetSpec(
    "lots",
    (
        Column("name", Kind.TEXT, required=True, names="lot"),
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

#: The year the input covers (optional; ``pbrkit import mhsds`` writes it): ``cost`` and
#: ``tender --years`` label their first year from it unless ``--first-year`` is given.
#: Not among :data:`INPUT_SHEETS`: its column is no column of the data sheets.
YEAR = SheetSpec(
    "year",
    (
        Column(
            "financial_year",
            Kind.TEXT,
            required=True,
            note="the April-March year the caseload covers, e.g. 2017/18",
        ),
    ),
    "the financial year the caseload covers (pbrkit import mhsds writes it)",
)

# Reference-set tables (docs/methodology.md §3).
CLUSTERS = SheetSpec(
    "clusters",
    (
        Column("code", Kind.TEXT, required=True),
        Column("name", Kind.TEXT, required=True),
        Column("superclass", Kind.TEXT, required=True),
        Column("review_days", Kind.COUNT),
        Column("role", Kind.TEXT),
        Column("spellings", Kind.TEXT),
    ),
    "codes, names, superclasses, review periods, roles and other spellings",
)

INPUT_SHEETS: Final = (CASELOAD, TARIFF, PACKAGES, UNIT_COSTS, PATIENTS, NHS, BIDDERS, LOTS)
