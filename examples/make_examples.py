"""Write pbrkit's two example workbooks: ``clusters.xlsx`` and ``ratings.xlsx``.

Every figure in them is SYNTHETIC. They describe no real trust: this script draws
them from a seeded random generator, shaped on ``docs/typical-year.md`` (people, days
and admitted days per cluster for a mid-size trust) and on the evidence summarised
in published audits and costing studies (docs/methodology.md §10: costs that vary
widely within a cluster; clinicians' clusters that differ from the ratings about 40%
of the time).

Usage::

    python examples/make_examples.py            # rewrite examples/*.xlsx
    python examples/make_examples.py --out DIR  # write them somewhere else

The output is deterministic: the same numpy gives the same cell values on every run
(workbook creation dates are fixed too). ``tests/test_examples_files.py`` regenerates
the files into a temporary folder and checks that they match the committed ones, so
after changing this script, run it and commit the workbooks with it.

``clusters.xlsx`` feeds ``pbrkit cost`` (sheet ``caseload``; tariff, packages and unit
costs come from the shipped reference set) and ``pbrkit tender`` (also ``nhs``,
``bidders`` and ``lots``). ``ratings.xlsx`` feeds ``pbrkit cluster``.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

#: Seed for every random draw. Each workbook gets its own stream (``[SEED, n]``), so
#: changing one generator never changes the other file.
SEED = 20240401

#: Fixed workbook creation date, so that reruns write the same file properties.
CREATED = datetime(2024, 4, 1)

FINANCIAL_YEAR = "2024/25"

#: Mirrors docs/typical-year.md: cluster -> (people, days per person, admitted days per
#: person) in one year. A test checks that the two agree.
TYPICAL_YEAR: dict[int, tuple[int, float, float]] = {
    0: (300, 150, 2),
    1: (900, 80, 0),
    2: (800, 95, 0),
    3: (1300, 170, 0.3),
    4: (900, 200, 0.8),
    5: (350, 250, 3),
    6: (150, 220, 0.5),
    7: (700, 330, 1.5),
    8: (300, 300, 8),
    10: (350, 320, 10),
    11: (900, 340, 1),
    12: (700, 345, 4),
    13: (450, 340, 18),
    14: (150, 60, 20),
    15: (60, 50, 22),
    16: (250, 250, 12),
    17: (300, 280, 20),
    18: (400, 330, 0.5),
    19: (500, 300, 2),
    20: (300, 280, 10),
    21: (150, 220, 15),
    99: (200, 40, 1),
}

#: Clusters a patient can truly belong to (0 = variance and 99 = not assessed are
#: recording outcomes, not needs; 9 is unused).
NEED_CLUSTERS = tuple(c for c in TYPICAL_YEAR if c not in (0, 99))

#: Within-cluster cost spread (coefficient of variation) per cluster: small for the
#: short, community-only common-problem clusters, large where inpatient use varies
#: (dual diagnosis, difficult to engage, high-symptom psychosis). Illustrative: no
#: published within-cluster CVs exist (docs/methodology.md §10).
COST_CV: dict[int, float] = {
    0: 1.2, 1: 0.6, 2: 0.65, 3: 0.8, 4: 0.9, 5: 1.1, 6: 0.9, 7: 1.0, 8: 1.4,
    10: 1.2, 11: 0.9, 12: 1.1, 13: 1.6, 14: 1.3, 15: 1.3, 16: 1.6, 17: 1.6,
    18: 0.7, 19: 0.9, 20: 1.3, 21: 1.4, 99: 1.5,
}  # fmt: skip

CMHT_N = "Community Mental Health Team North"
CMHT_S = "CMHT South"
EIP = "Early Intervention in Psychosis"
CRHT = "Crisis Resolution & Home Treatment"
MEMORY = "Memory Service"
PCMH = "Primary Care Mental Health"
OLDER = "Older Adults CMHT"

#: How each cluster's people split over the trust's teams (expected shares).
TEAM_SHARES: dict[int, dict[str, float]] = {
    0: {CMHT_N: 0.55, CMHT_S: 0.45},
    1: {PCMH: 1.0},
    2: {PCMH: 1.0},
    3: {PCMH: 0.6, CMHT_N: 0.2, CMHT_S: 0.2},
    4: {PCMH: 0.3, CMHT_N: 0.35, CMHT_S: 0.35},
    5: {CMHT_N: 0.5, CMHT_S: 0.5},
    6: {CMHT_N: 1.0},
    7: {CMHT_N: 0.5, CMHT_S: 0.5},
    8: {CMHT_N: 0.55, CMHT_S: 0.45},
    10: {EIP: 1.0},
    11: {CMHT_N: 0.5, CMHT_S: 0.5},
    12: {CMHT_N: 0.5, CMHT_S: 0.4, EIP: 0.1},
    13: {CMHT_N: 0.45, CMHT_S: 0.45, CRHT: 0.1},
    14: {CRHT: 1.0},
    15: {CRHT: 1.0},
    16: {CMHT_N: 0.5, CMHT_S: 0.5},
    17: {CMHT_N: 0.4, CMHT_S: 0.4, CRHT: 0.2},
    18: {MEMORY: 1.0},
    19: {MEMORY: 0.6, OLDER: 0.4},
    20: {OLDER: 1.0},
    21: {OLDER: 1.0},
    99: {CMHT_N: 0.5, CMHT_S: 0.5},
}

#: Admitted days per person relative to other teams with the same cluster: people on
#: the crisis team's books are admitted more, primary-care ones hardly at all. (The
#: factors are rescaled so that each cluster keeps its typical-year mean.)
TEAM_ADMISSION_FACTOR = {CRHT: 1.8, PCMH: 0.1}

#: Rows that record an episode count (all other rows leave it blank, so the
#: default D / R applies).
EPISODE_ROWS = {(1, PCMH), (10, EIP), (14, CRHT), (15, CRHT), (18, MEMORY)}

#: Review period in days (docs/methodology.md §1), for the episode counts.
REVIEW_DAYS = {0: 182, 1: 84, 2: 105, 3: 182, 4: 182, 5: 182, 6: 182, 7: 365, 8: 365,
               10: 365, 11: 365, 12: 365, 13: 365, 14: 28, 15: 28, 16: 182, 17: 182,
               18: 365, 19: 182, 20: 182, 21: 182, 99: 182}  # fmt: skip

#: £ per admitted day for the inpatient pool: ward staff and beds, before overheads.
#: (The 2014/15 national average admitted day was about £362 including overheads.)
WARD_COST_PER_ADMITTED_DAY = 310
#: £ per community (non-admitted) cluster day for community team staffing.
COMMUNITY_COST_PER_DAY = 9
#: Breathing Space (mental health crisis debt respite): AMHP minutes per person in crisis.
AMHP_MINUTES_PER_CRISIS = 22.5

ITEMS = (*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E")
ITEM8_TYPES = tuple("ABCDEFGHIJ")

N_PATIENTS = 2000


# --------------------------------------------------------------------------- clusters


def superclass(cluster: int) -> str:
    """The superclass of a cluster code: non-psychotic, psychosis, organic or other."""
    if 1 <= cluster <= 8:
        return "non-psychotic"
    if 10 <= cluster <= 17:
        return "psychosis"
    if 18 <= cluster <= 21:
        return "organic"
    return "other"


def _split(total: int, shares: Sequence[float], rng: np.random.Generator) -> list[int]:
    """Split ``total`` people over teams: noisy shares, whole numbers, exact sum."""
    if len(shares) == 1:
        return [total]
    raw = rng.dirichlet(np.asarray(shares) * 80.0) * total
    counts = np.floor(raw).astype(int)
    for i in np.argsort(counts - raw)[: total - counts.sum()]:
        counts[i] += 1
    return [int(c) for c in counts]


def make_caseload(rng: np.random.Generator) -> pd.DataFrame:
    """One year's caseload by team and cluster, near the typical-year shape."""
    rows = []
    for cluster, (people, days_pp, admitted_pp) in TYPICAL_YEAR.items():
        n = round(people * np.exp(rng.normal(0.0, 0.07)))
        teams = TEAM_SHARES[cluster]
        counts = _split(n, list(teams.values()), rng)
        factors = np.array([TEAM_ADMISSION_FACTOR.get(team, 1.0) for team in teams])
        factors /= np.dot(counts, factors) / max(n, 1)  # keep the cluster's mean
        for team, n_team, factor in zip(teams, counts, factors, strict=True):
            d_pp = min(365.0, days_pp * np.exp(rng.normal(0.0, 0.06)))
            days = round(n_team * d_pp)
            a_pp = admitted_pp * factor
            admitted = min(days, round(n_team * a_pp * np.exp(rng.normal(0.0, 0.12))))
            episodes = None
            if (cluster, team) in EPISODE_ROWS:
                per_review = days / REVIEW_DAYS[cluster]
                episodes = round(max(n_team, per_review) * rng.uniform(1.0, 1.15))
            rows.append(
                {
                    "team": team,
                    "cluster": cluster,
                    "service_users": n_team,
                    "cluster_days": days,
                    "admitted_days": admitted,
                    "episodes": episodes,
                    "cost_cv": COST_CV[cluster],
                }
            )
    frame = pd.DataFrame(rows)
    frame["episodes"] = frame["episodes"].astype("Int64")
    return frame


def make_nhs(caseload: pd.DataFrame) -> pd.DataFrame:
    """The trust's cost pools: what can be shed if patients leave, and what cannot.

    Direct pools are sized from the caseload; overheads are shares of the total.
    """
    admitted = int(caseload["admitted_days"].sum())
    community = int(caseload["cluster_days"].sum()) - admitted
    in_crisis = int(caseload.loc[caseload["cluster"].isin([14, 15]), "service_users"].sum())
    amhp_hours = in_crisis * AMHP_MINUTES_PER_CRISIS / 60

    def thousands(x: float) -> int:
        return int(round(x, -3))

    staffing = thousands(community * COMMUNITY_COST_PER_DAY)
    ward = thousands(admitted * WARD_COST_PER_ADMITTED_DAY)
    crisis = 3_900_000
    amhp = 1_150_000
    direct = staffing + ward + crisis + amhp
    total = direct / (1 - 0.11 - 0.08)
    estates = thousands(0.11 * total)
    management = thousands(0.08 * total)
    # serves_taken: inpatient beds, the AMHP service and crisis care keep serving the
    # people an outside provider takes (they are admitted, assessed under the Mental
    # Health Act and seen in crisis by the NHS whoever holds their community care).
    pools = [
        (
            "Community team staffing",
            staffing,
            "variable",
            1.0,
            "no",
            f"Care coordinators, psychologists, OTs and medical time in community teams; "
            f"follows the caseload ({community:,} community cluster days at about "
            f"£{COMMUNITY_COST_PER_DAY} a day). Treated as variable: it can follow "
            f"patients who leave.",
        ),
        (
            "Inpatient beds & ward staff",
            ward,
            "fixed",
            0.0,
            "yes",
            f"Acute and PICU wards ({admitted:,} admitted days at about "
            f"£{WARD_COST_PER_ADMITTED_DAY} a day before overheads). Inpatient capacity "
            f"stays with the NHS whatever is tendered: shed rate 0.",
        ),
        (
            "Approved mental health professional (AMHP) service",
            amhp,
            "fixed",
            0.0,
            "yes",
            f"Mental Health Act assessments: a statutory duty that stays whatever is "
            f"tendered (shed rate 0). Breathing Space debt-respite evidence adds about "
            f"{AMHP_MINUTES_PER_CRISIS} AMHP minutes per person in crisis "
            f"(here {in_crisis:,} people in clusters 14-15, about {amhp_hours:,.0f} hours).",
        ),
        (
            "Crisis resolution & home treatment",
            crisis,
            "fixed",
            0.0,
            "yes",
            "24/7 crisis team and place of safety: capacity must be kept whoever "
            "holds the community contracts (shed rate 0).",
        ),
        (
            "Estates & overheads",
            estates,
            "fixed",
            0.25,
            "no",
            "Buildings, rates, IT, utilities (about 11% of cost); a quarter could be "
            "given up over the contract if teams shrink.",
        ),
        (
            "Management & back office",
            management,
            "fixed",
            0.4,
            "no",
            "Finance, HR, governance, clinical leadership (about 8% of cost); 40% could "
            "be cut as activity leaves.",
        ),
    ]
    columns = ["pool", "amount", "kind", "shed_rate", "serves_taken", "note"]
    return pd.DataFrame(pools, columns=columns)


def make_bidders() -> pd.DataFrame:
    """Four fictional outside providers: two large private, one specialist, one small."""
    columns = [
        "name",
        "cost_factor",
        "info_quality",
        "hurdle_margin",
        "capacity",
        "clusters",
        "screening",
        "risk_aversion",
        "quality_score",
        "note",
    ]
    # Information quality 0.4-0.5: risk adjustment explains 15-25% of the variance of
    # individual cost (van de Ven & Ellis 2000), i.e. a correlation of about 0.4-0.5.
    rows = [
        (
            "Meridian Healthcare Group",
            0.88,
            0.45,
            0.10,
            2500,
            "1-8",
            "yes",
            0.5,
            0.55,
            "Large private provider: lean staffing; predicts cost as well as risk adjustment does.",
        ),
        (
            "Castlegate Mental Health Services",
            0.92,
            0.45,
            0.08,
            3000,
            "1-4, 18-21",
            "yes",
            0.3,
            0.6,
            "Large private provider with talking-therapy and care-home arms.",
        ),
        (
            "Northway Psychosis Partnership",
            0.95,
            0.5,
            0.06,
            800,
            "10-13, 16, 17",
            "yes",
            0.8,
            0.7,
            "Specialist psychosis provider; knows the patients a little better than most.",
        ),
        (
            "Hillside Community Wellbeing",
            1.05,
            0.4,
            0.01,
            150,
            "1, 2, 3, 4",
            "no",
            1.5,
            0.75,
            "Small voluntary-sector ('Big Society') provider: little capacity, "
            "takes whoever is referred, cannot carry much risk.",
        ),
    ]
    return pd.DataFrame(rows, columns=columns)


def make_lots() -> pd.DataFrame:
    """The commissioner's lots: which clusters are tendered together, and how."""
    columns = ["name", "clusters", "accept_all", "award", "price_weight", "cost_sharing", "note"]
    rows = [
        (
            "Common mental health problems",
            "1-4",
            "no",
            "fixed_tariff",
            0.4,
            0.0,
            "Any-qualified-provider style: paid the tariff, compete on quality.",
        ),
        (
            "Enduring non-psychotic",
            "5, 6, 7, 8",
            "no",
            "fixed_tariff",
            0.4,
            0.0,
            "Very severe, over-valued ideas, enduring and chaotic non-psychotic needs.",
        ),
        (
            "Psychosis community",
            "10-13",
            "no",
            "competitive",
            0.4,
            0.0,
            "Price competed: bidders offer a discount on the tariff.",
        ),
        (
            "Organic",
            "18-21",
            "yes",
            "fixed_tariff",
            0.4,
            0.2,
            "Must accept all referrals; 20% of payment follows actual cost.",
        ),
    ]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- ratings

#: Typical MHCT rating (mean, 0-4) per cluster and item; unlisted items sit at
#: BASE_RATING. Hand-made from the cluster descriptions, not the booklet grids.
PROFILES: dict[int, dict[str, float]] = {
    1: {"7": 1.3, "8": 1.2, "9": 0.8, "12": 0.7},
    2: {"7": 1.6, "8": 1.6, "9": 1.0, "10": 0.6, "12": 1.0, "B": 0.5},
    3: {"7": 2.2, "8": 2.2, "9": 1.6, "10": 1.0, "11": 0.8, "12": 1.5, "2": 0.6, "B": 0.8},
    4: {"7": 3.0, "8": 3.0, "9": 2.3, "10": 1.6, "11": 1.2, "12": 2.2, "2": 1.2, "B": 1.5,
        "E": 1.0},
    5: {"7": 3.5, "8": 3.4, "13": 2.2, "2": 2.0, "9": 2.8, "10": 2.0, "11": 1.6, "12": 2.6,
        "B": 2.5, "E": 1.8},
    6: {"13": 3.0, "8": 2.6, "7": 1.6, "9": 1.8, "12": 1.6},
    7: {"10": 3.0, "11": 2.6, "12": 3.0, "9": 2.4, "7": 2.4, "8": 2.4, "5": 1.0, "E": 1.5},
    8: {"1": 2.8, "2": 2.8, "3": 2.6, "A": 2.8, "B": 3.0, "9": 2.6, "7": 2.2, "8": 2.2,
        "C": 1.5, "D": 1.8, "E": 2.5},
    10: {"6": 2.8, "7": 1.6, "9": 1.6, "12": 1.6, "1": 1.0, "A": 0.8},
    11: {"6": 1.4, "9": 1.0, "10": 0.8, "12": 1.2, "A": 0.8},
    12: {"6": 2.0, "9": 2.2, "10": 2.4, "11": 2.0, "12": 2.8, "A": 1.2},
    13: {"6": 3.4, "1": 2.0, "7": 1.8, "9": 2.8, "10": 2.8, "11": 2.4, "12": 3.0, "13": 1.5,
         "A": 2.2, "E": 2.0},
    14: {"1": 3.2, "6": 3.6, "2": 1.2, "7": 2.0, "9": 2.4, "A": 2.8, "E": 2.0},
    15: {"7": 3.8, "6": 3.0, "2": 2.2, "10": 2.4, "B": 2.0, "E": 2.0},
    16: {"3": 3.4, "6": 2.4, "1": 1.8, "9": 2.2, "11": 2.0, "12": 2.2, "A": 1.6, "D": 2.4},
    17: {"D": 3.5, "6": 2.8, "7": 2.4, "1": 2.0, "9": 2.2, "12": 2.4, "A": 2.2, "E": 1.8},
    18: {"4": 1.8, "5": 1.2, "10": 1.2, "E": 0.8},
    19: {"4": 2.6, "5": 1.8, "10": 2.0, "7": 1.4, "9": 1.2, "E": 1.6},
    20: {"4": 3.3, "5": 2.4, "10": 3.0, "1": 1.6, "7": 1.6, "9": 2.0, "11": 1.8, "E": 2.6},
    21: {"4": 3.4, "5": 3.4, "10": 3.6, "1": 1.2, "11": 2.0, "E": 3.0},
}  # fmt: skip
BASE_RATING = 0.3

#: Where clinicians' clusters differ from the ratings (docs/methodology.md §10).
#: A swap across superclasses, mostly psychotic / non-psychotic (the commonest error
#: Bekas & Michev found); organic needs swap with functional ones:
SWAP = {1: 11, 2: 11, 3: 11, 4: 12, 5: 13, 6: 10, 7: 12, 8: 16,
        10: 4, 11: 3, 12: 7, 13: 5, 14: 8, 15: 5, 16: 8, 17: 8,
        18: 4, 19: 7, 20: 13, 21: 7}  # fmt: skip
#: A step up to a more intensive (usually higher-paying) cluster in the same
#: superclass; the most intensive clusters (8, 17, 21) move sideways instead:
STEP_UP = {1: 2, 2: 3, 3: 4, 4: 5, 5: 8, 6: 5, 7: 8, 8: 5,
           10: 13, 11: 12, 12: 13, 13: 17, 14: 13, 15: 14, 16: 17, 17: 16,
           18: 19, 19: 20, 20: 21, 21: 20}  # fmt: skip
#: Kinds of disagreement and their shares among disagreements.
DISAGREEMENT = {"swap": 0.35, "step_up": 0.35, "neighbour": 0.24, "variance": 0.06}
DISAGREEMENT_RATE = 0.38

#: Share of patients detained under the Mental Health Act during the year, by cluster.
P_DETAINED = {1: 0.0, 2: 0.0, 3: 0.005, 4: 0.02, 5: 0.06, 6: 0.02, 7: 0.03, 8: 0.12,
              10: 0.2, 11: 0.04, 12: 0.1, 13: 0.3, 14: 0.5, 15: 0.4, 16: 0.2, 17: 0.35,
              18: 0.0, 19: 0.03, 20: 0.12, 21: 0.15}  # fmt: skip
#: £ per community (non-admitted) day by cluster, before patient-level variation;
#: within the 2011-12 and 2014/15 national ranges (£5 for 18 to £30 for 14).
COMMUNITY_RATE = {1: 6, 2: 7, 3: 8, 4: 10, 5: 13, 6: 11, 7: 12, 8: 16,
                  10: 18, 11: 9, 12: 12, 13: 16, 14: 30, 15: 28, 16: 15, 17: 17,
                  18: 5, 19: 8, 20: 12, 21: 14}  # fmt: skip
BED_DAY_COST = 365.0

#: Item-8 problem types (A-J) by superclass, as probabilities.
ITEM8_MIX = {
    "non-psychotic": [0.08, 0.35, 0.08, 0.15, 0.02, 0.05, 0.06, 0.12, 0.02, 0.07],
    "psychosis": [0.03, 0.25, 0.03, 0.08, 0.01, 0.03, 0.05, 0.30, 0.02, 0.20],
    "organic": [0.02, 0.25, 0.02, 0.03, 0.01, 0.04, 0.08, 0.40, 0.01, 0.14],
}


def _clinician_cluster(latent: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The cluster a clinician records: the latent one ~62% of the time."""
    clinician = latent.copy()
    differs = rng.random(latent.size) < DISAGREEMENT_RATE
    kinds = rng.choice(list(DISAGREEMENT), size=latent.size, p=list(DISAGREEMENT.values()))
    for i in np.flatnonzero(differs):
        c = int(latent[i])
        kind = kinds[i]
        if kind == "swap":
            clinician[i] = SWAP[c]
        elif kind == "step_up":
            clinician[i] = STEP_UP[c]
        elif kind == "variance":
            clinician[i] = 0
        else:
            same = [k for k in NEED_CLUSTERS if superclass(k) == superclass(c) and k != c]
            near = sorted(same, key=lambda k: (abs(k - c), k))[:2]
            clinician[i] = near[int(rng.integers(len(near)))]
    return clinician


def make_ratings(rng: np.random.Generator, n: int = N_PATIENTS) -> pd.DataFrame:
    """Synthetic patients: MHCT ratings, clinician's cluster, activity, cost and traits.

    The frame also holds ``latent_cluster`` (the need the ratings were drawn from);
    the workbook leaves it out.
    """
    weights = np.array([TYPICAL_YEAR[c][0] for c in NEED_CLUSTERS], dtype=float)
    latent = rng.choice(NEED_CLUSTERS, size=n, p=weights / weights.sum())

    # Ratings: the cluster's profile, a patient-level severity shift, item noise.
    means = np.array([[PROFILES[c].get(item, BASE_RATING) for item in ITEMS] for c in latent])
    severity = rng.normal(0.0, 0.3, size=(n, 1))
    raw = means + severity + rng.normal(0.0, 0.6, size=means.shape)
    ratings = np.clip(np.rint(raw), 0, 4)

    # Unknowns: scattered blanks and 9s, and a few patients barely assessed (> 2).
    unknown = rng.random(ratings.shape) < 0.015
    poorly_assessed = rng.choice(n, size=16, replace=False)
    for i in poorly_assessed:
        unknown[i, rng.choice(len(ITEMS), size=int(rng.integers(3, 8)), replace=False)] = True
    as_nine = rng.random(ratings.shape) < 0.4
    ratings[unknown & as_nine] = 9
    ratings[unknown & ~as_nine] = np.nan

    frame = pd.DataFrame(ratings, columns=list(ITEMS)).astype("Int64")

    # Item-8 problem type, only when item 8 is rated above 0.
    item8 = frame["8"]
    types = np.array(
        [rng.choice(ITEM8_TYPES, p=ITEM8_MIX[superclass(int(c))]) for c in latent], dtype=object
    )
    has_type = (item8.fillna(0) > 0) & (item8.fillna(0) != 9)
    item8_type = np.where(has_type.to_numpy(), types, None)

    clinician = _clinician_cluster(latent, rng)
    not_assessed = poorly_assessed[rng.random(poorly_assessed.size) < 0.5]
    clinician[not_assessed] = 99

    # Traits: age by superclass (a few older people in functional clusters).
    sc = np.array([superclass(int(c)) for c in latent])
    age = np.where(
        sc == "organic",
        rng.normal(79, 7, n),
        np.where(sc == "psychosis", rng.normal(42, 13, n), rng.normal(40, 14, n)),
    )
    age = np.clip(np.rint(age), 18, 99).astype(int)
    detained = rng.random(n) < np.array([P_DETAINED[int(c)] for c in latent])

    # Days in the year: Beta around the cluster's typical days per person.
    mean_days = np.array([TYPICAL_YEAR[int(c)][1] for c in latent]) / 365
    concentration = 10.0
    days = np.maximum(
        1, np.rint(365 * rng.beta(mean_days * concentration, (1 - mean_days) * concentration))
    ).astype(int)

    # Admissions: almost everyone detained is admitted, others at a cluster rate, with
    # a gamma length of stay chosen so the mean roughly matches the typical year.
    target = np.array([TYPICAL_YEAR[int(c)][2] for c in latent])
    short = np.isin(latent, [14, 15])
    stay = np.where(short, 25.0, 35.0)
    p_det = np.array([P_DETAINED[int(c)] for c in latent])
    q = np.clip((target / stay - 0.9 * 1.5 * p_det) / np.maximum(1 - p_det, 1e-9), 0, 1)
    admitted_flag = np.where(detained, rng.random(n) < 0.9, rng.random(n) < q)
    los = rng.gamma(1.5, stay / 1.5) * np.where(detained, 1.5, 1.0)
    admitted_days = np.where(admitted_flag, np.minimum(days, np.maximum(1, np.rint(los))), 0)
    admitted_days = admitted_days.astype(int)

    # Cost (York cost drivers: need, Mental Health Act detention, older age), lognormal
    # community cost, a bed-day cost, and a tail of very costly placements.
    rate = np.array([COMMUNITY_RATE[int(c)] for c in latent], dtype=float)
    spread = 0.4
    community = (days - admitted_days) * rate * rng.lognormal(-(spread**2) / 2, spread, n)
    community *= np.where(age >= 65, 1.15, 1.0) * np.where(detained, 1.3, 1.0)
    bed = admitted_days * BED_DAY_COST * rng.lognormal(-0.005, 0.1, n)
    bed *= np.where(detained, 1.2, 1.0)
    tail = np.where(rng.random(n) < 0.01, rng.uniform(2.5, 6.0, n), 1.0)
    cost = np.round((community + bed) * tail, 2)

    ids = [f"P{k:06d}" for k in rng.choice(np.arange(1, 1_000_000), size=n, replace=False)]
    # A few IDs look like numbers with leading zeros ("000457"): they must stay text.
    numeric_like = rng.choice(np.arange(1, 1000), size=12, replace=False)
    for i, k in zip(rng.choice(n, size=12, replace=False), numeric_like, strict=True):
        ids[i] = f"{k:06d}"

    out = pd.DataFrame({"patient_id": ids})
    out = pd.concat([out, frame], axis=1)
    out["item8_type"] = item8_type
    out["cluster"] = clinician.astype(int)
    out["days"] = days
    out["admitted_days"] = admitted_days
    out["cost"] = cost
    out["age"] = age
    out["mha_detained"] = np.where(detained, "yes", "no")
    out["latent_cluster"] = latent.astype(int)
    return out


# --------------------------------------------------------------------------- writing


def _text(x: object) -> str:
    return "" if x is None or x is pd.NA or (isinstance(x, float) and np.isnan(x)) else str(x)


def write_workbook(
    path: Path,
    sheets: Mapping[str, pd.DataFrame],
    about: Sequence[str],
    formats: Mapping[str, str] | None = None,
) -> None:
    """Write data sheets (bold frozen header, widths set) then an ``About`` sheet.

    Missing values are left as empty cells; strings are always written as text.
    ``formats`` maps a column name to an Excel number format (e.g. money).
    """
    formats = formats or {}
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    workbook.set_properties(
        {
            "title": f"pbrkit example: {path.stem} (synthetic)",
            "author": "pbrkit examples/make_examples.py",
            "comments": "SYNTHETIC data, not any real trust's.",
            "created": CREATED,
        }
    )
    header = workbook.add_format({"bold": True, "bottom": 1})
    number_formats = {col: workbook.add_format({"num_format": f}) for col, f in formats.items()}
    for name, frame in sheets.items():
        ws = workbook.add_worksheet(name)
        for j, col in enumerate(frame.columns):
            ws.write_string(0, j, str(col), header)
            values = frame[col].tolist()
            fmt = number_formats.get(str(col))
            for i, value in enumerate(values, start=1):
                if _text(value) == "":
                    continue
                if isinstance(value, str):
                    ws.write_string(i, j, value)
                else:
                    ws.write_number(i, j, float(value), fmt)
            longest = max([len(str(col))] + [len(_text(v)) for v in values])
            width = min(longest, 90) + 2
            if fmt is not None:
                width += 3
            ws.set_column(j, j, width)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    ws = workbook.add_worksheet("About")
    ws.set_column(0, 0, 110)
    title = workbook.add_format({"bold": True, "font_size": 13})
    for i, line in enumerate(about):
        ws.write_string(i, 0, line, title if i == 0 else None)
    workbook.close()


COMMON_ABOUT = [
    "The data are SYNTHETIC: generated by examples/make_examples.py from a fixed random seed.",
    "They are not any real trust's data; teams and providers are invented. Use the file to",
    "try pbrkit and to see the shape of an input workbook, not to learn about any service.",
    "Regenerate with: python examples/make_examples.py",
]


def clusters_about(caseload: pd.DataFrame, nhs: pd.DataFrame) -> list[str]:
    """Text of the About sheet of clusters.xlsx."""
    return [
        f"pbrkit example: one year ({FINANCIAL_YEAR}) of a mid-size trust's care clusters",
        "",
        *COMMON_ABOUT,
        "",
        "Sheets",
        f"  caseload: people, cluster days and admitted days per team and cluster "
        f"({int(caseload['service_users'].sum()):,} people in {len(caseload)} rows; "
        "cluster 9 is unused and absent).",
        "    episodes is blank on most rows, so pbrkit uses cluster days / review period.",
        "    cost_cv is the assumed within-cluster spread of cost per person (illustrative).",
        f"  nhs: the trust's cost pools (£{int(nhs['amount'].sum()):,} in all), which are "
        "fixed and how much of each could be shed if patients leave.",
        "  bidders: four fictional outside providers, including a small voluntary-sector one.",
        "  lots: how the commissioner tenders the clusters.",
        "",
        "Commands",
        "  pbrkit cost examples/clusters.xlsx    reads caseload (plus tariff, packages and",
        "      unit_costs sheets if present; otherwise they come from the reference set).",
        "  pbrkit tender examples/clusters.xlsx  also reads nhs, bidders and lots.",
        "",
        "Shape: docs/typical-year.md (people, days and admitted days per cluster), with noise",
        "and teams. Tariff, packages and unit costs are deliberately not included here.",
    ]


def ratings_about(ratings: pd.DataFrame) -> list[str]:
    """Text of the About sheet of ratings.xlsx."""
    agree = float((ratings["cluster"] == ratings["latent_cluster"]).mean())
    return [
        f"pbrkit example: MHCT ratings for {len(ratings):,} patients, {FINANCIAL_YEAR}",
        "",
        *COMMON_ABOUT,
        "",
        "Sheet ratings: one row per patient.",
        "  patient_id: text (some look like numbers with leading zeros, e.g. 000457).",
        "  1-13, A-E: MHCT items rated 0-4; blank or 9 = unknown. A few patients have more",
        "      than 2 unknowns (pbrkit puts them in 99, not assessed).",
        "  item8_type: problem type A-J for item 8 (blank when item 8 is 0 or unknown).",
        "  cluster: the clinician's cluster. days, admitted_days: days in the year.",
        "  cost: £ per patient in the year. age, mha_detained: traits that drive cost.",
        "",
        "How it was made: each patient has a hidden 'true' cluster (typical-year mix); the",
        "ratings come from that cluster's typical profile plus noise. The clinician's cluster",
        f"matches the hidden one for {agree:.0%} of patients; the rest are psychotic /",
        "non-psychotic swaps, step-ups to a more intensive cluster in the same superclass,",
        "neighbouring clusters and a few variance (0) codes, as audits found (about 38-40%",
        "wrong). The profiles are hand-made, not the Clustering Booklet's grids.",
        "",
        "Command: pbrkit cluster examples/ratings.xlsx",
    ]


def build(seed: int = SEED) -> dict[str, dict[str, pd.DataFrame]]:
    """All example tables, keyed by workbook stem then sheet name (no writing)."""
    caseload = make_caseload(np.random.default_rng([seed, 1]))
    ratings = make_ratings(np.random.default_rng([seed, 2]))
    return {
        "clusters": {
            "caseload": caseload,
            "nhs": make_nhs(caseload),
            "bidders": make_bidders(),
            "lots": make_lots(),
        },
        "ratings": {"ratings": ratings},
    }


def main(out_dir: str | Path | None = None) -> dict[str, Path]:
    """Write ``clusters.xlsx`` and ``ratings.xlsx`` into ``out_dir``; return their paths.

    ``out_dir`` defaults to the folder holding this script (``examples/``).
    """
    out = Path(out_dir) if out_dir is not None else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    tables = build()

    clusters = tables["clusters"]
    clusters_path = out / "clusters.xlsx"
    write_workbook(
        clusters_path,
        clusters,
        clusters_about(clusters["caseload"], clusters["nhs"]),
        {"amount": "£#,##0"},
    )

    ratings = tables["ratings"]["ratings"]
    ratings_path = out / "ratings.xlsx"
    write_workbook(
        ratings_path,
        {"ratings": ratings.drop(columns="latent_cluster")},
        ratings_about(ratings),
        {"cost": "£#,##0.00"},
    )
    return {"clusters": clusters_path, "ratings": ratings_path}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder")
    for written in main(parser.parse_args().out).values():
        print(written)
