"""Small hand-checkable inputs for the rev8 hostile review of the uncertainty side.

Two clusters, every person in a cluster alike (cost_cv 0), one bidder, one lot:

- cluster 1: 10 people, paid £100 an episode (10 episodes), cost £5,000 (£500 each);
- cluster 2: 4 people, paid £10 a day for 400 days (£1,000 each), cost £3,000 (£750 each).

Income 1,000 + 4,000 = £5,000, cost £8,000: a deficit of £3,000.
"""

from __future__ import annotations

from pathlib import Path

CASELOAD = """cluster,service_users,cluster_days,admitted_days,episodes,actual_cost,cost_cv
1,10,840,0,10,5000,0
2,4,400,0,4,3000,0
"""
TARIFF = """cluster,price,unit,admitted_day_price,basis,status
1,100,per_episode,300,test,illustrative
2,10,per_day,300,test,illustrative
"""
LOTS = """name,clusters,accept_all,award,price_weight,cost_sharing
L,"1,2",no,fixed_tariff,0.4,0
"""
#: A bidder that cannot screen, with room for 12: it takes the 4 people of cluster 2
#: (predicted profit 1,000 − 0.5 × 750 = £625 each) first, then 8 of cluster 1
#: (100 − 0.5 × 500 = −£150 each). 2 people stay with the NHS.
BIDDER_OF_12 = (
    "name,cost_factor,info_quality,hurdle_margin,capacity,clusters,screening,"
    'risk_aversion,quality_score\nAcme,0.5,1,0,12,"1,2",no,0,1\n'
)
#: f = 0.4, nothing shed (s = 0), paid by activity (v = 1, r = 0).
NHS = """fixed_cost_share,shed_rate,payment
0.4,0,activity
"""
#: The fixed cost share uniform on an 80% interval of 0.2 to 0.6.
FIXED_SHARE_RANGE = """parameter,low,high,distribution,mode,source
nhs.fixed_cost_share,0.2,0.6,uniform,,test
"""


def costing(folder: Path) -> Path:
    """The two clusters' caseload and prices: a folder of CSVs for pbrkit cost."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    (folder / "tariff.csv").write_text(TARIFF, encoding="utf-8")
    return folder


def tender_of_12(folder: Path) -> Path:
    """The costing with the bidder of 12 and the NHS sheet above.

    Taken: 4 of cluster 2 and 8 of cluster 1, Σ_T (P − c) = 4 × 250 − 8 × 400 = −£2,200,
    Σ_T c = 3,000 + 4,000 = £7,000. Stranded S = f × (1 − 0) × 7,000 = 7,000 f; the NHS
    surplus change = 2,200 − 7,000 f; the commissioner pays the tariff (change £0), so
    public spending changes by 7,000 f − 2,200: it crosses £0 at f = 2,200 / 7,000 =
    0.3142857.
    """
    costing(folder)
    (folder / "bidders.csv").write_text(BIDDER_OF_12, encoding="utf-8")
    (folder / "lots.csv").write_text(LOTS, encoding="utf-8")
    (folder / "nhs.csv").write_text(NHS, encoding="utf-8")
    return folder


def fixed_share_range(path: Path) -> Path:
    """The uncertainty table: the fixed cost share only."""
    path.write_text(FIXED_SHARE_RANGE, encoding="utf-8")
    return path
