"""The figures only ``pbrkit cluster``'s outputs show (see ``reports/registry.py``).

Methods in docs/methodology.md §5: allocation (§5.2), the audit and Cohen's kappa
(§5.3), the £ at stake (§5.4), homogeneity (§5.5) and subgroups (§5.6). Each count of
patients is a :attr:`Unit.PEOPLE` figure, so ``--publish`` hides it (1 to 7) or rounds
it, and every figure registered ``about`` it is hidden with it.
"""

from __future__ import annotations

from pbrkit.model import (
    MOST_INCOME_A_PERSON,
    MOST_INCOME_SUGGESTED_A_PERSON,
    MOST_PAID_ABOVE_A_PERSON,
    MOST_PAID_BELOW_A_PERSON,
)
from pbrkit.reports.figures import Figure, Unit, register
from pbrkit.reports.formulas import Difference, Product, Ratio

A = "audited"  # the patients the audit compares
D = "confusion_patients"  # the patients of one confusion cell (a disagreement)
H = "cost_patients"  # the patients of a cluster with a cost
C = "clinician_cluster_patients"  # the audited patients of a clinician's cluster
S = "subgroup_patients"  # the patients of a subgroup

# ----------------------------------------------------------- allocation (§5.2)
register(
    Figure("suggested", "Patients the ratings suggest", Unit.PEOPLE,
           "patients the MHCT ratings put in the cluster (docs/methodology.md §5)",
           total="sum"),
    Figure("clinician", "Clinicians' clusters", Unit.PEOPLE,
           "patients the clinicians put in the cluster", total="sum"),
    Figure("suggested_less_clinician", "Suggested − clinicians'", Unit.COUNT,
           "patients the ratings suggest less those the clinicians put in the cluster",
           about=("suggested", "clinician"), formula=Difference("suggested", "clinician"),
           total="formula", signed=True),
    Figure("outcome", "Outcome", Unit.TEXT, "what the allocation rule did with the ratings"),
    Figure("assessed", "Patients with a suggestion", Unit.PEOPLE,
           "patients with few enough unknown items to be allocated"),
)  # fmt: skip

# ------------------------------------------------------------------ audit (§5.3)
register(
    Figure(A, "Patients audited", Unit.PEOPLE,
           "patients with a clinician's cluster and a suggestion other than not assessed"),
    Figure("no_clinician_cluster", "Patients without a clinician's cluster", Unit.PEOPLE,
           "patients whose clinician's cluster is blank (or not assessed)"),
    Figure("no_clinician_recorded", "Patients with no clinician's cluster recorded",
           Unit.PEOPLE, "patients whose clinician's cluster is blank: patients less the "
           "clinicians' clusters' total"),
    Figure("clinician_not_assessed", "Patients the clinicians did not assess", Unit.PEOPLE,
           "patients whose clinician's cluster is the not-assessed code"),
    Figure("level", "Compared by", Unit.TEXT, "clusters, or superclasses"),
    Figure("audit_group", "Patients", Unit.TEXT,
           "which patients the audit compares, and which it cannot"),
    Figure("agreeing", "Patients agreeing", Unit.PEOPLE,
           "audited patients whose clinician's cluster is the suggested one (the diagonal)"),
    Figure("agreement", "Agreement (cluster)", Unit.SHARE,
           "share of audited patients whose clinician's cluster is the one the ratings "
           "suggest (p_o)", about=(A,), formula=Ratio("agreeing", A)),
    # p_o = p_e + κ × (1 − p_e): where the patients agreeing are hidden, p_e and κ would
    # give them back, so they hide with them (rev11), as the agreement does.
    Figure("expected_agreement", "Chance agreement p_e", Unit.SHARE,
           "agreement expected by chance: Σ row total × column total ÷ total²",
           about=(A, "agreeing"), published_places=3),
    Figure("kappa", "Cohen's kappa", Unit.RATIO,
           "agreement beyond what chance alone would give (1: perfect, 0: chance): "
           "(p_o − p_e) ÷ (1 − p_e), Cohen 1960", about=(A, "agreeing"), published_places=2),
    Figure("superclass_agreeing", "Patients agreeing (superclass)", Unit.PEOPLE,
           "audited patients whose clinician's superclass is the suggested one"),
    Figure("superclass_agreement", "Agreement (superclass)", Unit.SHARE,
           "share of audited patients whose clinician's superclass is the suggested one",
           about=(A,), formula=Ratio("superclass_agreeing", A)),
    Figure("superclass_kappa", "Cohen's kappa (superclass)", Unit.RATIO,
           "kappa over the superclasses (non-psychotic, psychosis, organic)",
           about=(A, "superclass_agreeing"), published_places=2),
    Figure(D, "Patients", Unit.PEOPLE,
           "patients with this clinician's cluster (row) and suggested cluster (column)"),
    Figure("clinician_cluster", "Clinician's cluster", Unit.TEXT,
           "the cluster the clinician recorded (the one paid for)"),
    Figure("clinician_name", "Clinician's cluster name", Unit.TEXT,
           "the name of the clinician's cluster"),
    Figure("suggested_cluster", "Suggested cluster", Unit.TEXT,
           "the cluster the MHCT ratings suggest"),
    Figure("suggested_name", "Suggested cluster name", Unit.TEXT,
           "the name of the suggested cluster"),
    Figure("share_of_audited", "Share of audited patients", Unit.SHARE,
           "the disagreement's patients ÷ patients audited", about=(D,),
           formula=Ratio(D, A)),
    Figure(C, "Audited patients", Unit.PEOPLE,
           "audited patients the clinicians put in this cluster (the matrix's row total)",
           total="sum"),
    Figure("share_of_clinician_cluster", "Share of the clinician's cluster", Unit.SHARE,
           "the disagreement's patients ÷ audited patients of the clinician's cluster",
           about=(D,), formula=Ratio(D, C)),
    # Bounded by the pair's gap on each side (pbrkit.audit_bounds), and closed along
    # each clinician's cluster with its difference, which its disagreements add up to.
    Figure("disagreement_money", "£ paid above suggested", Unit.MONEY,
           "tariff for the clinician's cluster less the suggested one's, over these "
           "patients' own days", about=(D,), signed=True,
           most_a_person_in=MOST_PAID_ABOVE_A_PERSON, most_below_in=MOST_PAID_BELOW_A_PERSON,
           closed_with="money_difference"),
)  # fmt: skip

# ----------------------------------------------------------- £ at stake (§5.4)
register(
    Figure("income_clinician", "Income, clinicians' clusters", Unit.MONEY,
           "tariff income on each audited patient's own days under the clinician's cluster",
           about=(C,), total="sum", most_a_person_in=MOST_INCOME_A_PERSON),
    Figure("income_suggested", "Income, suggested clusters", Unit.MONEY,
           "tariff income on the same days under the suggested cluster",
           about=(C,), total="sum", most_a_person_in=MOST_INCOME_SUGGESTED_A_PERSON),
    Figure("money_difference", "Difference", Unit.MONEY,
           "income under the clinicians' clusters − under the suggested ones (positive: "
           "the clinicians' clusters are paid more)", about=(C,),
           formula=Difference("income_clinician", "income_suggested"), total="sum",
           signed=True, most_a_person_in=MOST_PAID_ABOVE_A_PERSON,
           most_below_in=MOST_PAID_BELOW_A_PERSON),
    # The headline's £ beside the patients audited, bounded by the largest gap of any
    # pair on each side (the headline's bound fields, never written).
    Figure("money_at_stake", "£ at stake (clinicians' − suggested)", Unit.MONEY,
           "tariff paid for the clinicians' clusters less the tariff of the suggested ones",
           about=(A,), signed=True, most_a_person_in=MOST_PAID_ABOVE_A_PERSON,
           most_below_in=MOST_PAID_BELOW_A_PERSON),
    Figure("money_paid_above_suggested", "£ paid above the suggested clusters", Unit.MONEY,
           "the £ at stake of the patients in dearer clusters than suggested", about=(A,),
           most_a_person_in=MOST_PAID_ABOVE_A_PERSON),
    Figure("money_paid_below_suggested", "£ paid below the suggested clusters", Unit.MONEY,
           "the £ at stake of the patients in cheaper clusters than suggested (negative)",
           about=(A,), signed=True, most_a_person_in=MOST_PAID_ABOVE_A_PERSON,
           most_below_in=MOST_PAID_BELOW_A_PERSON),
)  # fmt: skip

# ---------------------------------------------------------- homogeneity (§5.5)
register(
    Figure(H, "Patients with a cost", Unit.PEOPLE,
           "patients of the cluster whose cost is known", total="sum"),
    Figure("missing_cost", "Patients without a cost or a cluster paid for", Unit.PEOPLE,
           "patients left out of the homogeneity figures: no cost given, or no "
           "clinician's cluster"),
    Figure("trimmed", "Patients trimmed", Unit.PEOPLE,
           "outliers left out of the trimmed RIV (the trim rule on the Assumptions sheet)"),
    Figure("riv", "Reduction in cost variance (RIV)", Unit.SHARE,
           "share of the variance in patient cost the clusters explain: "
           "1 − Σ(c − cluster mean)² ÷ Σ(c − overall mean)²", about=(H,)),
    Figure("riv_trimmed", "RIV, trimmed", Unit.SHARE,
           "the RIV with each cluster's outliers left out", about=(H,)),
    Figure("riv_suggested", "RIV by the suggested clusters", Unit.SHARE,
           "the RIV with patients grouped by the suggested clusters instead", about=(H,)),
    Figure("high_cv_clusters", "Clusters with a CV above the threshold", Unit.COUNT,
           "clusters whose cost varies more than the CV threshold (Assumptions)"),
    # The input's own cost: one person's has no public limit, so its total (the mean ×
    # the published count) puts no floor under the count, and it carries no bound.
    Figure("cost_mean", "Mean cost", Unit.MONEY, "the mean cost per patient", about=(H,),
           mean_over=H),
    Figure("cost_sd", "SD", Unit.MONEY, "the standard deviation of cost per patient",
           about=(H,), per_person=True),
    Figure("cost_cv", "CV (SD ÷ mean)", Unit.RATIO,
           "coefficient of variation: how widely costs spread around the mean",
           about=(H,), formula=Ratio("cost_sd", "cost_mean", blank_numerator=True)),
    Figure("cost_p10", "10th percentile", Unit.MONEY, "a tenth of patients cost less",
           about=(H,), per_person=True),
    Figure("cost_p50", "Median cost", Unit.MONEY, "half the patients cost less", about=(H,),
           per_person=True),
    Figure("cost_p90", "90th percentile", Unit.MONEY, "a tenth of patients cost more",
           about=(H,), per_person=True),
    Figure("top10_share", "Share of cost in costliest 10%", Unit.SHARE,
           "the cluster's cost carried by its costliest tenth of patients", about=(H,)),
    Figure("high_cv", "CV above the threshold", Unit.TEXT,
           "yes when the CV is above the threshold (Assumptions)", about=(H,)),
    # A mean × its published count is its rounded total: income at most 366 × (the
    # price of a day + the admitted-day price) a person (pricing.income_a_person_at_most);
    # a profit above zero at most the income (a cost is never below zero), below zero
    # the cost's (none).
    Figure("cluster_mean_income", "Mean income", Unit.MONEY,
           "mean tariff income per patient", about=(H,), mean_over=H,
           most_a_person_in=MOST_INCOME_A_PERSON),
    Figure("cluster_profit_per_person", "Profit per person", Unit.MONEY,
           "mean income − mean cost", about=(H,),
           formula=Difference("cluster_mean_income", "cost_mean", blank_operands=True),
           signed=True, mean_over=H, most_a_person_in=MOST_INCOME_A_PERSON),
    Figure("predictive_ratio", "Income ÷ cost", Unit.RATIO,
           "mean income ÷ mean cost (1: paid what it costs)", about=(H,),
           formula=Ratio("cluster_mean_income", "cost_mean", blank_numerator=True)),
)  # fmt: skip

# ------------------------------------------------------------ subgroups (§5.6)
register(
    Figure("trait", "Trait", Unit.TEXT, "a column of the input a provider can see in advance"),
    Figure("group", "Group", Unit.TEXT, "the trait's value"),
    Figure(S, "Patients", Unit.PEOPLE, "patients in the subgroup with a cost"),
    # Bounded as the clusters' (above), by the largest over the clusters the
    # subgroup's patients are in.
    Figure("subgroup_mean_income", "Mean income", Unit.MONEY_PENCE,
           "mean tariff income per patient of the subgroup", about=(S,), mean_over=S,
           most_a_person_in=MOST_INCOME_A_PERSON),
    Figure("subgroup_mean_cost", "Mean cost", Unit.MONEY_PENCE,
           "mean cost per patient of the subgroup", about=(S,), mean_over=S),
    Figure("profit_per_person", "Profit per person", Unit.MONEY_PENCE,
           "mean income − mean cost (van de Ven and Ellis 2000)", about=(S,),
           formula=Difference("subgroup_mean_income", "subgroup_mean_cost"), signed=True,
           mean_over=S, most_a_person_in=MOST_INCOME_A_PERSON),
    Figure("total_profit", "Total profit", Unit.MONEY,
           "profit per person × patients: what the subgroup makes or loses in all",
           about=(S,), formula=Product((("profit_per_person", False), (S, False))), signed=True,
           most_a_person_in=MOST_INCOME_A_PERSON),
)  # fmt: skip
