"""The registered figures (see ``reports/figures.py``); methods in docs/methodology.md.

One entry per figure: adding a figure to a command's outputs is one entry here and
the line in its layout that gives it a value.
"""

from __future__ import annotations

from typing import Final

from pbrkit.model import (
    DAYS_A_PERSON_AT_MOST,
    KNOWN_COST,
    KNOWN_DEFICIT,
    KNOWN_DIFFERENTIAL,
    KNOWN_INCOME,
    KNOWN_LOST,
    KNOWN_PROFIT,
    KNOWN_SURPLUS,
    MOST_COST_A_PERSON,
    MOST_DAY_COST_A_PERSON,
    MOST_DAY_INCOME_A_PERSON,
    MOST_EPISODES_A_PERSON,
    MOST_INCOME_A_PERSON,
    MOST_KEPT_COST_A_PERSON,
    MOST_KEPT_INCOME_A_PERSON,
    MOST_LOST_A_PERSON,
    MOST_OWN_COST_A_PERSON,
    MOST_PAYMENT_A_PERSON,
    MOST_STRANDED_A_PERSON,
)
from pbrkit.reports.figures import Figure, KnownPart, Unit, figure, register
from pbrkit.reports.formulas import Difference, Ratio, ShareOfTotal
from pbrkit.tender.metrics import FIGURES as TENDER_FIGURES
from pbrkit.uncertainty.params import parse_path

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
    Figure(P, "Service users", Unit.PEOPLE,
           "people in the caseload (a person in two clusters counts in both)", total="sum"),
    Figure("cluster_days", "Cluster days", Unit.COUNT,
           "days people spent in the cluster in the year (D)", about=(P,), total="sum",
           most_a_person=DAYS_A_PERSON_AT_MOST),
    Figure("admitted_days", "Admitted days", Unit.COUNT,
           "of those, days in hospital (A)", about=(P,), total="sum",
           most_a_person=DAYS_A_PERSON_AT_MOST),
    Figure("episodes", "Episodes", Unit.DECIMAL,
           "cluster review periods (E): given, or cluster days ÷ review days",
           about=(P,), total="sum", rounded=True, most_a_person_in=MOST_EPISODES_A_PERSON),
)  # fmt: skip

# ------------------------------------------------------------------- money (costing)
#: A costing's money, in the order every table gives it: income, cost and the surplus
#: between them (the cluster, team, superclass and projection tables', and compare's).
COSTING_MONEY: Final = ("income", "cost", "surplus")
# The admitted days are published exactly beside the £, so a reader takes off the part
# they give (K) and divides the rest by the day rate alone (docs/methodology.md §7).
register(
    Figure("income", "Income", Unit.MONEY,
           "tariff income: price × activity × market-forces factor (docs/methodology.md §2)",
           about=(P,), total="sum", most_a_person_in=MOST_INCOME_A_PERSON,
           known_parts=(KnownPart(KNOWN_INCOME, MOST_DAY_INCOME_A_PERSON),)),
    Figure("cost", "Cost", Unit.MONEY,
           "care package per community day × (D − A) + bed-day cost × A, or the actual cost",
           about=(P,), total="sum", more_is_worse=True, most_a_person_in=MOST_COST_A_PERSON,
           known_parts=(KnownPart(KNOWN_COST, MOST_DAY_COST_A_PERSON),)),
    # A surplus is at most the income of the same people, a deficit at most their cost.
    Figure("surplus", "Surplus", Unit.MONEY, "income − cost (a deficit when negative)",
           about=(P,), formula=Difference("income", "cost"), total="sum", signed=True,
           most_a_person_in=MOST_INCOME_A_PERSON, most_below_in=MOST_COST_A_PERSON,
           known_parts=(KnownPart(KNOWN_SURPLUS, MOST_DAY_INCOME_A_PERSON),
                        KnownPart(KNOWN_DEFICIT, MOST_DAY_COST_A_PERSON, below=True))),
    Figure("surplus_per_person", "Surplus per person", Unit.MONEY_PENCE,
           "surplus ÷ service users", about=(P,), formula=Ratio("surplus", P), total="formula",
           signed=True),
    Figure("margin", "Margin", Unit.SHARE, "surplus ÷ income",
           about=(P,), formula=Ratio("surplus", "income"), total="formula", signed=True),
    Figure("cost_to_income", "Cost ÷ income", Unit.RATIO, "cost ÷ income",
           about=(P,), formula=Ratio("cost", "income"), total="formula"),
    Figure("package_cost_per_day", "Package cost per community day", Unit.MONEY_PENCE,
           "the care package's cost per community day (k): Σ quantity × unit cost ÷ period days"),
    Figure("cross_subsidy", "Cross-subsidy", Unit.MONEY,
           "the surpluses of the profitable clusters, which pay for the losses of the others"),
    Figure("loss", "Losses of loss-making clusters", Unit.MONEY,
           "the deficits of the clusters that lose money, as a positive amount",
           more_is_worse=True),
    Figure("loss_making_clusters", "Loss-making clusters", Unit.COUNT,
           "clusters whose cost is more than their income", more_is_worse=True),
)  # fmt: skip

# ------------------------------------------------------------ uncertainty (--psa)
register(
    Figure("psa_figure", "Figure", Unit.TEXT, "the figure the interval is for"),
    Figure("mean", "Mean", Unit.MONEY, "the mean over the samples"),
    # The statistics' labels are the words every PSA output uses for them (the
    # Uncertainty sheet's rows, tender --psa's lines, the headline, pbrkit compare).
    Figure("p5", "5th percentile", Unit.MONEY,
           "5th percentile over the samples: 1 run in 20 is lower"),
    Figure("p50", "Median", Unit.MONEY, "the median over the samples"),
    Figure("p95", "95th percentile", Unit.MONEY,
           "95th percentile over the samples: 1 run in 20 is higher"),
    Figure("prob_deficit", "Probability of a deficit", Unit.SHARE,
           "the share of samples in which the figure is below zero"),
    # Below 20 runs the table gives this count in place of the share (docs/uncertainty.md).
    Figure("prob_deficit_runs", "Probability of a deficit", Unit.TEXT,
           "the runs in which the figure is below zero, of every run (a count: too few "
           "runs for a share)"),
    Figure("parameter", "Parameter", Unit.TEXT, "the uncertain input (docs/uncertainty.md)"),
    Figure("low", "Low (10th percentile)", Unit.DECIMAL, "the low end of the 80% interval"),
    Figure("high", "High (90th percentile)", Unit.DECIMAL, "the high end of the 80% interval"),
    Figure("distribution", "Distribution", Unit.TEXT, "the distribution sampled"),
    Figure("mode", "Mode", Unit.DECIMAL, "the mode of a triangular distribution"),
    Figure("median", "Median value", Unit.DECIMAL, "the median of the distribution"),
    Figure("source", "Source", Unit.TEXT, "where the figure or range comes from"),
)  # fmt: skip

# ------------------------------------------------------------- reference tables
#: The "Tariff used" table's columns, those the tariff has (docs/methodology.md §3).
TARIFF_COLUMNS: Final = ("cluster", "price", "unit", "admitted_day_price", "basis", "status")
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

# ------------------------------------------------------------ tender (residue)
# docs/methodology.md §6: what a tender takes and what it leaves with the NHS.
T, R = "taken_patients", "residue_patients"
#: A tender run's people: everyone (the population's headline count) = those taken +
#: those left, in every row of a sweep's or a PSA's table (a line for --publish).
EVERYONE_LINE: Final = ("patients", T, R)
#: The NHS surplus before → after in steps that add up, in order
#: (:func:`pbrkit.tender.accounts.waterfall`; docs/methodology.md §6).
WATERFALL: Final = ("nhs_surplus_before", "taken_margin", "kept_for_taken",
                    "stranded_fixed_cost", "nhs_surplus_after")  # fmt: skip
register(
    Figure(T, "People taken by bidders", Unit.PEOPLE,
           "people the bidders took (the median over draws with several)", total="sum"),
    Figure(R, "People left with the NHS", Unit.PEOPLE,
           "people the NHS keeps: the residue", total="sum"),
    Figure("lot", "Lot", Unit.TEXT, "the lot the cluster is tendered in"),
    Figure("bidder", "Bidder", Unit.TEXT, "an outside provider bidding for lots"),
    Figure("award", "Award", Unit.TEXT, "how the lot is awarded (docs/methodology.md §6.4)"),
    Figure("residue_cost_gap", "Residue cost gap (G)", Unit.MONEY,
           "what the people left cost the NHS above the tariff paid for them: Σ over the "
           "people left of (c − P)", about=(R,), total="sum", signed=True, fall_is_good=True,
           most_a_person_in=MOST_OWN_COST_A_PERSON, most_below_in=MOST_DAY_INCOME_A_PERSON),
    # L = v·P − (1 − f)(1 − r)·c: a reader adds the known multiple of the published cost
    # of the people taken back (tender/bounds.lost_offsets) and has v·P.
    Figure("lost_contribution", "Lost contribution (L)", Unit.MONEY,
           "the income less the variable cost of the people taken: what the NHS loses with "
           "them", about=(T,), total="sum", more_is_worse=True,
           most_a_person_in=MOST_LOST_A_PERSON, most_below_in=MOST_OWN_COST_A_PERSON,
           known_parts=(KnownPart(KNOWN_LOST, MOST_LOST_A_PERSON, known_from="taken_cost"),),
           gives_back="taken_income"),
    Figure("stranded_fixed_cost", "Stranded fixed cost (S)", Unit.MONEY,
           "fixed cost of the people taken that the NHS cannot shed in the year",
           about=(T,), total="sum", more_is_worse=True, most_a_person_in=MOST_STRANDED_A_PERSON,
           gives_back="taken_cost"),
    Figure("cost_retained_for_taken", "Cost kept by the NHS for people taken", Unit.MONEY,
           "cost of services that still serve the people taken (crisis, AMHP, beds)",
           about=(T,), total="sum", more_is_worse=True, most_a_person_in=MOST_KEPT_COST_A_PERSON,
           gives_back="taken_cost"),
    Figure("nhs_income_retained", "NHS income kept for people taken", Unit.MONEY,
           "income a block or blended payment leaves the NHS for the people taken",
           about=(T,), total="sum", most_a_person_in=MOST_KEPT_INCOME_A_PERSON,
           gives_back="taken_income"),
    # A whole cluster's surplus, as a costing's: its admitted days are published beside
    # it (summary.json's clusters), so it has the surplus's known parts.
    Figure("nhs_surplus_before", "NHS surplus before", Unit.MONEY,
           "the NHS's income less cost for everyone, before the tender",
           about=(P,), total="sum", signed=True, most_a_person_in=MOST_INCOME_A_PERSON,
           most_below_in=MOST_COST_A_PERSON,
           known_parts=(KnownPart(KNOWN_SURPLUS, MOST_DAY_INCOME_A_PERSON),
                        KnownPart(KNOWN_DEFICIT, MOST_DAY_COST_A_PERSON, below=True))),
    Figure("nhs_surplus_after", "NHS surplus after", Unit.MONEY,
           "the NHS's income less cost after the tender", about=(R,), total="sum", signed=True,
           most_a_person_in=MOST_DAY_INCOME_A_PERSON, most_below_in=MOST_OWN_COST_A_PERSON),
    Figure("nhs_surplus_change", "Change in NHS surplus", Unit.MONEY,
           "NHS surplus after − before", about=(T, R), total="sum", signed=True,
           most_a_person_in=MOST_OWN_COST_A_PERSON, most_below_in=MOST_DAY_INCOME_A_PERSON),
    Figure("commissioner_cost_change", "Change in commissioner's cost", Unit.MONEY,
           "what the commissioner pays bidders less what it no longer pays the NHS",
           about=(T,), signed=True, fall_is_good=True),
    Figure("public_spending_change", "Change in public spending", Unit.MONEY,
           "commissioner's cost change − NHS surplus change: what the commissioner and the "
           "NHS together spend more (negative: save)", about=(T,), total="sum", signed=True,
           fall_is_good=True),
    # v·Σ over T of P − Σ over T of R: the tariff the NHS is no longer paid for the
    # people taken, less the payments to bidders (docs/methodology.md §6.5).
    Figure("commissioner_saving", "Commissioner's saving", Unit.MONEY,
           "− the change in the commissioner's cost", about=(T,), signed=True,
           formula=ShareOfTotal("income_at_risk", "bidders", "taken_income",
                                (("payments_to_bidders", -1),))),
    # The same money as public_spending_change, as the public-sector account (the
    # tender's Summary sheet) works it out, to the penny: labelled apart, since a sweep's
    # Grid sheet shows both (fixleft: two columns headed alike).
    Figure("public_cost_change", "Change in public spending, public-sector account",
           Unit.MONEY, "−(commissioner's saving) − (change in NHS surplus): the change in "
           "public spending as the public-sector account works it out, to the penny",
           about=(T,), signed=True, fall_is_good=True),
    Figure("casemix_index", "Casemix index of the residue", Unit.INDEX,
           "the residue's mean cost ÷ the mean cost of everyone before (1 = average)",
           about=(R,), total="formula", from_published=True, more_is_worse=True),
    Figure("casemix_between", "Casemix: which clusters are left", Unit.INDEX,
           "the part of the casemix index from which clusters the residue is in", about=(R,),
           from_published=True),
    Figure("casemix_within", "Casemix: which people within them", Unit.INDEX,
           "the part of the casemix index from which people within each cluster are left",
           about=(R,), from_published=True),
    Figure("residue_cost_to_payment", "Residue's cost ÷ payment", Unit.RATIO,
           "what the people left cost the NHS for each £1 it is paid for them", about=(R,),
           from_published=True),
    # Ratios of £ totals: published, worked out from the rounded totals where a document
    # has them (the tender's Summary, TotalsRatio), hidden elsewhere (fixleft: exact,
    # beside the rounded totals, they narrowed them).
    Figure("cost_to_payment_before", "Cost ÷ payment before", Unit.RATIO,
           "cost for each £1 of payment, for everyone before the tender", about=(P,),
           from_published=True),
    Figure("payments_to_bidders", "Payments to bidders", Unit.MONEY,
           "what the commissioner pays the bidders for the people they took",
           about=(T,), total="sum", most_a_person_in=MOST_PAYMENT_A_PERSON,
           gives_back="taken_income"),
    # Not signed: neither the bidders' profit nor the differential payment is good or bad
    # news for the NHS or the public by its sign or its direction (a bidder's loss is not
    # theirs; a payment below the NHS's cost is no loss), so neither a value nor a change
    # of them is coloured (docs/methodology.md, "Colours").
    # Both are the payments less a known multiple of the published cost of the people
    # taken (tender/bounds.cost_offsets): a reader adds it back to get the payments'
    # tariff-income part, hence the known part beside the payments' bound.
    Figure("bidder_profit", "Bidders' profit", Unit.MONEY,
           "payments to bidders − their cost of care", about=(T,), total="sum",
           most_a_person_in=MOST_PAYMENT_A_PERSON, most_below_in=MOST_OWN_COST_A_PERSON,
           known_parts=(KnownPart(KNOWN_PROFIT, MOST_PAYMENT_A_PERSON,
                                  known_from="taken_cost"),),
           gives_back="payments_to_bidders"),
    Figure("differential_payment", "Differential payment", Unit.MONEY,
           "payments to bidders − what the same people cost the NHS to treat (less the "
           "cost of services that still serve them)", about=(T,), total="sum",
           most_a_person_in=MOST_PAYMENT_A_PERSON, most_below_in=MOST_OWN_COST_A_PERSON,
           known_parts=(KnownPart(KNOWN_DIFFERENTIAL, MOST_PAYMENT_A_PERSON,
                                  known_from="taken_cost"),),
           gives_back="payments_to_bidders"),
    Figure("taken_cost", "NHS cost of people taken", Unit.MONEY,
           "what the people taken cost the NHS before the tender", about=(T,), total="sum",
           most_a_person_in=MOST_OWN_COST_A_PERSON),
    # Σ over T of c ÷ Σ over T of the mean cost of the person's cluster (tender/accounts.py
    # ``selection``): summary.json's and the sentences' "who the bidders took". Like
    # casemix_within, no document holds the figures it is worked out from, so published it
    # is hidden (disc: exact, beside the rounded cost of the people taken, it gave their
    # count back: 42 people at £120,000, £5,050,000 ± £25,000, is 41.9 to 42.3 people).
    Figure("taken_cost_ratio", "Cost of people taken ÷ their clusters' mean", Unit.RATIO,
           "what the people taken cost the NHS ÷ what as many people at their clusters' "
           "mean cost would (below 1: the bidders took the cheaper people within clusters)",
           about=(T,), from_published=True),
    Figure("taken_income", "Tariff income of people taken", Unit.MONEY,
           "the tariff income the people taken brought the NHS", about=(T,), total="sum",
           most_a_person_in=MOST_DAY_INCOME_A_PERSON),
    Figure("residue_cost", "Cost of those left", Unit.MONEY,
           "what the people left cost the NHS", about=(R,), total="sum",
           most_a_person_in=MOST_OWN_COST_A_PERSON),
    Figure("mean_cost_before", "Mean cost before", Unit.MONEY,
           "cost ÷ people, before the tender", about=(P,), formula=Ratio("cost", P),
           total="formula", per_person=True),
    Figure("mean_cost_after", "Mean cost of those left", Unit.MONEY,
           "casemix index × mean cost before: the residue's mean cost", about=(R,),
           total="formula", per_person=True),
    Figure("won_share", "Won in share of draws", Unit.SHARE,
           "the share of draws in which the bidder won the lot"),
    Figure("price_factor", "Price offered (× tariff)", Unit.RATIO,
           "the price the bidder is paid as a multiple of the tariff"),
)  # fmt: skip

# ------------------------------------------- tender (NHS cost structure, bids)
# docs/methodology.md §6.2: the NHS's cost structure, and the bidders' and lots'
# parameters as the Assumptions sheet lists them.
register(
    Figure("fixed_cost_share", "Fixed cost share f", Unit.SHARE,
           "the share of the NHS's cost (over pools that stop serving people taken) that is "
           "fixed in the year"),
    Figure("shed_rate", "Shed rate s", Unit.SHARE,
           "the share of fixed cost the NHS can shed in the year when people leave"),
    Figure("retained_share", "Share of a taken person's cost kept by the NHS r",
           Unit.SHARE, "pools that keep serving people taken ÷ all pools"),
    Figure("income_at_risk", "Share of a taken person's income the NHS loses v",
           Unit.SHARE, "1 for activity payment, 0 for a block, between for a blend "
           "(docs/methodology.md §6.2)"),
    Figure("pool", "Cost pool", Unit.TEXT, "a part of the NHS's cost"),
    Figure("amount", "Amount", Unit.MONEY, "the pool's cost in the year", total="sum"),
    Figure("kind", "Kind", Unit.TEXT, "fixed or variable in the year"),
    Figure("serves_taken", "Serves people taken", Unit.TEXT,
           "whether the pool keeps serving the people bidders take (crisis, AMHP, beds)"),
    Figure("cost_factor", "Cost factor θ", Unit.RATIO,
           "the bidder's cost of care as a multiple of the NHS's"),
    Figure("info_quality", "Information ρ", Unit.RATIO,
           "how well the bidder foresees a patient's cost (0: not at all, 1: exactly)"),
    Figure("hurdle_margin", "Hurdle h", Unit.SHARE,
           "the margin a bidder needs before it takes a patient"),
    # A full bidder took exactly its capacity: published, a capacity is a count
    # (review 9b: a capacity of 1 beside a lot won in full gave back a hidden count).
    # uncertainty.params.WHOLE is the one declaration that it counts people.
    Figure("capacity", "Capacity", Unit.COUNT, "the most people the bidder can take",
           rounded=parse_path("bidders.*.capacity").whole),
    Figure("clusters", "Clusters", Unit.TEXT, "the clusters the bidder bids for, or the lot holds"),
    Figure("screening", "Screening", Unit.TEXT, "whether the bidder can refuse referrals"),
    Figure("risk_aversion", "Risk aversion", Unit.DECIMAL,
           "how much the bidder marks down an uncertain margin"),
    Figure("quality_score", "Quality", Unit.RATIO, "the bidder's quality score (0 to 1)"),
    Figure("recharge", "Recharge", Unit.TEXT,
           "whether the bidder pays the NHS back for services that still serve its people"),
    Figure("accept_all", "Accept all referrals", Unit.TEXT,
           "whether the winner must take every referral in the lot"),
    Figure("price_weight", "Price weight", Unit.SHARE, "the weight of price in the award score"),
    Figure("cost_sharing", "Cost sharing λ", Unit.SHARE,
           "the share of a cost overrun the commissioner pays"),
    Figure("allocation", "Allocation", Unit.TEXT, "how patients are shared among winners"),
    Figure("pricing", "Pricing", Unit.TEXT, "how a competitive lot's price is set"),
    Figure("set_by_default", "Set by default", Unit.TEXT,
           "the parameters no sheet or scenario gave (docs/methodology.md §6)"),
    Figure("set_by_scenario", "Set by scenario", Unit.TEXT, "the parameters the scenario set"),
    Figure("cost_below_bed_days", "People costing less than their bed days", Unit.PEOPLE,
           "people whose cost is below the cost of their own bed days (docs/methodology.md "
           "§6.1: none on the examples)"),
    # One figure for a tender's draws and a PSA's runs: the same idea over either.
    Figure("percentile", "Percentile", Unit.TEXT,
           "the share of draws (or, in an uncertainty analysis, of runs) at or below the "
           "value in the row (the median is the 50th)"),
)  # fmt: skip

# ------------------------------------------------------------- tender (years)
register(
    # About no count: public prices ÷ public prices (1 in year 1). With nhs_only
    # re-basing a later year's follows the residue's own cost, and is hidden with the
    # later years' figures (publishing._later_years_hidden), not with the people left:
    # year 1's was hidden beside a hidden count of them, though it is 1 (disc27).
    Figure("price_index", "Price index", Unit.INDEX, "prices in the year ÷ prices in year 1"),
    # Year 1's £ figures carry the tender's total row's bounds (layouts/tender_years.py)
    # and are floored against year 1's own counts, as the headline's are against its
    # (docs/methodology.md §7): a per-head figure × the published count of the people
    # left is its total rounded to the money base (disc28: £400 a head over 10 published
    # was £4,000 ± £1,000, at £1 a day at least (4,000 − 1,000) ÷ 366 = 8.2 people where
    # 10 says 8 to 12). The residue's cost is the people left's own (a drawn or actual
    # cost: no bound); their payment is their tariff income (the community day's bound,
    # as the people taken's); the cut is at most their cost.
    Figure("residue_cost_per_head", "Residue cost a head", Unit.MONEY,
           "what a person left costs the NHS in the year", about=(R,), mean_over=R,
           most_a_person_in=MOST_OWN_COST_A_PERSON),
    Figure("residue_payment_per_head", "Residue payment a head", Unit.MONEY,
           "what the NHS is paid for a person left in the year", about=(R,),
           mean_over=R, most_a_person_in=MOST_DAY_INCOME_A_PERSON),
    # As the surplus after, which year 1's restates.
    Figure("nhs_surplus", "NHS surplus", Unit.MONEY, "the NHS's income less cost in the year",
           about=(R,), total="sum", signed=True, most_a_person_in=MOST_DAY_INCOME_A_PERSON,
           most_below_in=MOST_OWN_COST_A_PERSON),
    Figure("cumulative_surplus", "Cumulative surplus", Unit.MONEY,
           "the NHS surplus summed from year 1", about=(R,), signed=True,
           most_a_person_in=MOST_DAY_INCOME_A_PERSON, most_below_in=MOST_OWN_COST_A_PERSON),
    # Under nhs_response "deficit" no cut is made and the column is what would be needed
    # (disc: the column did not say which it is; docs/methodology.md §6.7).
    Figure("cut_per_head", "Cut to break even a head", Unit.MONEY,
           "the spending cut per person left that balances the NHS's books that year (at "
           "most all that is spent on them): made under nhs_response cut; under deficit "
           "none is made, and it is the cut that would be needed", about=(R,),
           mean_over=R, most_a_person_in=MOST_OWN_COST_A_PERSON),
    # A formula, so a published row works it out from its published per-head figures
    # (review 9b: the exact share stood beside a cut a head rounded to £0).
    Figure("cut_share", "Cut as share of need", Unit.SHARE,
           "that cut (made under cut, needed under deficit) as a share of the residue's "
           "modelled need", about=(R,),
           formula=Ratio("cut_per_head", "residue_cost_per_head")),
)  # fmt: skip

# ------------------------------------------- one-page summaries (summary.pdf)
# The figures the one-page summaries of cluster, tender and sweep show that no other
# document registers yet (reports/layouts/*_page.py).
register(
    Figure("patients", "Patients", Unit.PEOPLE,
           "the patients whose ratings were read", total="sum"),
    Figure("waterfall_step", "Step", Unit.TEXT,
           "a step from the NHS surplus before the tender to the surplus after"),
    Figure("waterfall_amount", "Amount", Unit.MONEY,
           "the step's amount: totals first and last, what each step adds or takes between",
           signed=True),
    Figure("setting", "Setting", Unit.TEXT, "the swept parameters' values at a grid point"),
    Figure("sweep_settings", "Settings simulated", Unit.COUNT, "grid points of the sweep"),
    Figure("nhs_surplus_change_lowest", "Lowest change in NHS surplus", Unit.MONEY,
           "the least favourable change in the NHS surplus over the grid", signed=True),
    Figure("nhs_surplus_change_highest", "Highest change in NHS surplus", Unit.MONEY,
           "the most favourable change in the NHS surplus over the grid", signed=True),
    Figure("public_cost_change_lowest", "Lowest change in public spending", Unit.MONEY,
           "the smallest change in commissioner and NHS spending together", signed=True,
           fall_is_good=True),
    Figure("public_cost_change_highest", "Highest change in public spending", Unit.MONEY,
           "the largest change in commissioner and NHS spending together", signed=True,
           fall_is_good=True),
)  # fmt: skip

# ------------------------------------------------------------- compare (issue 15)
register(
    Figure("run", "Run", Unit.TEXT, "the run compared: an output folder or a scenario"),
)

# ------------------------------------------------------------- explore (issue 15)
# The explorer's waterfall steps (pbrkit.tender.accounts.waterfall) and the people in a
# cluster at a grid point.
register(
    # The card shows the margin, the waterfall's bar its effect on the NHS surplus
    # (−margin, docs/methodology.md §6.5): one label, opposite signs, so say why.
    Figure("taken_margin", "Margin lost with the people taken", Unit.MONEY,
           "the income less cost of the people taken, which leaves with them; the "
           "waterfall's bar is minus this, so a negative margin (people who cost more "
           "than they brought in) raises the NHS surplus when it goes",
           about=(T,), signed=True, fall_is_good=True),
    Figure("kept_for_taken", "Kept for the people taken", Unit.MONEY,
           "income kept for the people taken less the cost of services that still serve "
           "them", about=(T,), signed=True),
)  # fmt: skip


# ------------------------------------------------- sweep (percentiles over draws)
# ``pbrkit sweep`` with draws > 1 reports each tender figure's 5th and 95th
# percentile over the draws at every grid point (tender/sweep.py): the same unit,
# sign and count of people as the figure itself (docs/methodology.md §6). A count's
# percentiles are about the count too: hidden with its median (with every draw alike
# they are the median; review 9b found the people left's shown beside their hidden
# median).
def _percentile_figures() -> None:
    for key in TENDER_FIGURES:
        base = figure(key)
        about = (*base.about, key) if base.unit is Unit.PEOPLE else base.about
        for suffix, words in (("p5", "5th percentile"), ("p95", "95th percentile")):
            register(Figure(
                f"{key}_{suffix}", f"{base.label} {suffix}", base.unit,
                f"{words} over the draws at the point of: {base.meaning}",
                about=about, signed=base.signed, fall_is_good=base.fall_is_good,
                more_is_worse=base.more_is_worse,
                from_published=base.from_published,
            ))  # fmt: skip


_percentile_figures()

# The figures of one command alone live beside this module, registered on import.
from pbrkit.reports import registry_cluster, registry_psa  # noqa: E402

__all__ = ["registry_cluster", "registry_psa"]
