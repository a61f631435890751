"""The registered figures (see ``reports/figures.py``); methods in docs/methodology.md.

One entry per figure: adding a figure to a command's outputs is one entry here and
the line in its layout that gives it a value.
"""

from __future__ import annotations

from pbrkit.reports.figures import Figure, Unit, register
from pbrkit.reports.formulas import Difference, Ratio

P = "service_users"  # the people most costing figures are about

# --------------------------------------------------------------- names and codes
register(
    Figure("cluster", "Cluster", Unit.TEXT, "the care cluster (docs/methodology.md §1)"),
    Figure("name", "Name", Unit.TEXT, "the cluster's name in the reference set"),
    Figure("superclass", "Superclass", Unit.TEXT, "the group of clusters it belongs to"),
    Figure("team", "Team", Unit.TEXT, "the team named in the caseload"),
    Figure("cost_source", "Cost source", Unit.TEXT,
           "modelled (care package × unit costs) or actual (the caseload's own cost)"),
    Figure("year", "Year t", Unit.COUNT, "years after the first (0 is the first year)"),
    Figure("financial_year", "Financial year", Unit.TEXT, "the NHS financial year"),
    Figure("check", "Check", Unit.TEXT, "what was checked in the input"),
    Figure("detail", "Detail", Unit.TEXT, "what was found"),
    Figure("rows", "Rows", Unit.COUNT, "input rows (or columns) the note is about"),
)  # fmt: skip

# ------------------------------------------------------------- activity (costing)
register(
    Figure(P, "Service users", Unit.PEOPLE, "people in the caseload (each counted once)",
           total="sum"),
    Figure("cluster_days", "Cluster days", Unit.COUNT,
           "days people spent in the cluster in the year (D)", about=P, total="sum"),
    Figure("admitted_days", "Admitted days", Unit.COUNT,
           "of those, days in hospital (A)", about=P, total="sum"),
    Figure("episodes", "Episodes", Unit.DECIMAL,
           "cluster review periods (E): given, or cluster days ÷ review days",
           about=P, total="sum", rounded=True),
)  # fmt: skip

# ------------------------------------------------------------------- money (costing)
register(
    Figure("income", "Income", Unit.MONEY,
           "tariff income: price × activity × market-forces factor (docs/methodology.md §2)",
           about=P, total="sum"),
    Figure("cost", "Cost", Unit.MONEY,
           "care package per community day × (D − A) + bed-day cost × A, or the actual cost",
           about=P, total="sum"),
    Figure("surplus", "Surplus", Unit.MONEY, "income − cost (a deficit when negative)",
           about=P, formula=Difference("income", "cost"), total="sum", signed=True),
    Figure("surplus_per_person", "Surplus per person", Unit.MONEY_PENCE,
           "surplus ÷ service users", about=P, formula=Ratio("surplus", P), total="formula",
           signed=True),
    Figure("margin", "Margin", Unit.SHARE, "surplus ÷ income",
           about=P, formula=Ratio("surplus", "income"), total="formula", signed=True),
    Figure("cost_to_income", "Cost ÷ income", Unit.RATIO, "cost ÷ income",
           about=P, formula=Ratio("cost", "income"), total="formula"),
    Figure("package_cost_per_day", "Package cost per community day", Unit.MONEY_PENCE,
           "the care package's cost per community day (k): Σ quantity × unit cost ÷ period days"),
    Figure("cross_subsidy", "Cross-subsidy", Unit.MONEY,
           "the surpluses of the profitable clusters, which pay for the losses of the others"),
    Figure("loss", "Losses of loss-making clusters", Unit.MONEY,
           "the deficits of the clusters that lose money, as a positive amount"),
    Figure("loss_making_clusters", "Loss-making clusters", Unit.COUNT,
           "clusters whose cost is more than their income"),
)  # fmt: skip

# ------------------------------------------------------------ uncertainty (--psa)
register(
    Figure("psa_figure", "Figure", Unit.TEXT, "the figure the interval is for"),
    Figure("mean", "Mean", Unit.MONEY, "the mean over the samples"),
    Figure("p5", "p5", Unit.MONEY, "5th percentile over the samples: 1 run in 20 is lower"),
    Figure("p50", "Median", Unit.MONEY, "the median over the samples"),
    Figure("p95", "p95", Unit.MONEY, "95th percentile over the samples: 1 run in 20 is higher"),
    Figure("prob_deficit", "Probability of a deficit", Unit.SHARE,
           "the share of samples in which the figure is below zero"),
    Figure("parameter", "Parameter", Unit.TEXT, "the uncertain input (docs/uncertainty.md)"),
    Figure("low", "Low (10th percentile)", Unit.DECIMAL, "the low end of the 80% interval"),
    Figure("high", "High (90th percentile)", Unit.DECIMAL, "the high end of the 80% interval"),
    Figure("distribution", "Distribution", Unit.TEXT, "the distribution sampled"),
    Figure("mode", "Mode", Unit.DECIMAL, "the mode of a triangular distribution"),
    Figure("median", "Median value", Unit.DECIMAL, "the median of the distribution"),
    Figure("source", "Source", Unit.TEXT, "where the figure or range comes from"),
)  # fmt: skip

# ------------------------------------------------------------- reference tables
register(
    Figure("price", "Price", Unit.MONEY_PENCE,
           "the tariff price per unit (docs/methodology.md §3)"),
    Figure("unit", "Unit", Unit.TEXT, "what the price is per: day, episode or year"),
    Figure("admitted_day_price", "Admitted day price", Unit.MONEY_PENCE,
           "the price of an inpatient day on top of the cluster price"),
    Figure("basis", "Basis", Unit.TEXT, "how the price was set"),
    Figure("status", "Status", Unit.TEXT, "official or illustrative"),
    Figure("resource", "Resource", Unit.TEXT, "a unit of care in the packages"),
    Figure("unit_cost", "Unit cost", Unit.MONEY_PENCE, "the cost of one unit of the resource"),
    Figure("price_year", "Price year", Unit.TEXT, "the year the unit cost is priced in"),
)  # fmt: skip
