"""The floor rule (docs/methodology.md §7, "A total's floor under its count") for
`pbrkit cluster --publish` and `pbrkit tender --publish`: a £ total V published to ± h
beside a count published as p (fewest f) is shown only while V − h ≤ m × (f − 1), m the
most one person adds a year at the run's public prices and unit costs.

Found by a review (rev13): with a local tariff of £1 a day, `cluster --publish` showed
a clinician's cluster's income £4,380 beside 10 patients (4,380 ÷ 366 = 11.97, so
exactly 12), and `tender --publish` a cluster's income £4,000 ± £1,000 beside 10
((4,000 − 1,000) ÷ 366 = 8.2, so 9 to 12 where 10 says 8 to 12).
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floor_inputs import CODES_BUT_99, audit_tariff, run_summary, written_texts
from pbrkit.model import (
    MOST_COST_A_PERSON,
    MOST_INCOME_A_PERSON,
    MOST_INCOME_SUGGESTED_A_PERSON,
    MOST_OWN_COST_A_PERSON,
    MOST_PAID_ABOVE_A_PERSON,
    MOST_PAID_BELOW_A_PERSON,
)
from pbrkit.reports.suppression import NHSD_HES_2018

ROOT = Path(__file__).resolve().parents[1]
ITEMS = [*(str(i) for i in range(1, 14)), *"ABCDE"]


def _tariff(folder: Path, price: float) -> Path:
    """Every cluster at ``price`` a day, no admitted-day price."""
    path = folder / "tariff.csv"
    path.write_text(
        "cluster,price,unit\n" + "".join(f"{c},{price},per_day\n" for c in CODES_BUT_99)
    )
    return path


# ------------------------------------------------------------------------- cluster

_EXAMPLE: pd.DataFrame | None = None


def _example() -> pd.DataFrame:
    global _EXAMPLE
    if _EXAMPLE is None:
        ratings = pd.read_excel(ROOT / "examples" / "ratings.xlsx", sheet_name="ratings",
                                engine="openpyxl")  # fmt: skip
        ratings.columns = [str(c) for c in ratings.columns]
        _EXAMPLE = ratings
    return _EXAMPLE


def _ratings(folder: Path, groups: list[tuple[int, int, int]]) -> Path:
    """A ratings CSV: for each (clinician's cluster, patients, days), that many of the
    shipped example's patients the clinicians put there, each with ``days`` days."""
    example, rows = _example(), []
    for code, people, days in groups:
        chosen = example.loc[example["cluster"] == code].head(people)
        assert len(chosen) == people
        for i, (_, r) in enumerate(chosen.iterrows()):
            rows.append({"patient_id": f"C{code}-{i}", **{c: r[c] for c in ITEMS},
                         "cluster": code, "days": days})  # fmt: skip
    path = folder / "ratings.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _cluster(tmp_path: Path, groups: list[tuple[int, int, int]], price: float,
             *publish: str) -> dict[str, Any]:  # fmt: skip
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    args = ["cluster", str(_ratings(folder, groups)), "--tariff", str(_tariff(folder, price))]
    allocation: dict[str, Any] = run_summary([*args, *publish], folder / "out")["allocation"]
    return allocation


def _money(allocation: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {row["cluster"]: row for row in allocation["money_at_stake_by_cluster"]}


def test_cluster_income_beside_ten_that_gives_twelve_is_hidden(tmp_path: Path) -> None:
    # Cluster 11: 12 audited patients all year at £1 a day: 12 × 365 = £4,380. Cluster 4:
    # 9 × 365 = £3,285. The base is 5 × £1 = £5 (h = £2.50); both counts are published
    # as 10 (f = 8), m = 366 × £1 = £366: (4,380 − 2.5) ÷ 366 = 11.96 > 7 and
    # (3,285 − 2.5) ÷ 366 = 8.97 > 7, so each would say 12 (9 to 12) where 10 says 8 to
    # 12. Both hidden, with the difference worked out from them.
    groups = [(11, 12, 365), (4, 9, 365)]
    exact = _money(_cluster(tmp_path, groups, 1.0))
    assert (exact[11]["income_clinician"], exact[4]["income_clinician"]) == (4_380, 3_285)
    published = _money(_cluster(tmp_path, groups, 1.0, "--publish"))
    for code in (11, 4):
        assert published[code]["patients"] == 10
        assert published[code]["income_clinician"] is None
        assert published[code]["income_suggested"] is None
        assert published[code]["difference"] is None


def test_cluster_income_within_the_floor_stays_shown(tmp_path: Path) -> None:
    # Cluster 4: 40 patients of 100 days at £1: £4,000, published £4,000 (h = £2.50)
    # beside 40 (f = 38): 3,997.5 ≤ 366 × 37 = 13,542, shown on its own floor. Cluster
    # 11 (12 all year, as above) is hidden, and the total (£8,380) less cluster 4's
    # £4,000 would give it back: 8,380 − 2.5 − 4,000 − 2.5 = 4,375 > 366 × 7. The
    # closure hides the line's one other part (disc27: not the total) where that closes
    # it: 8,377.5 ≤ 366 × (8 + 38 − 1) = 16,470, so cluster 4's income is hidden and the
    # total's is shown.
    published = _cluster(tmp_path, [(11, 12, 365), (4, 40, 100)], 1.0, "--publish")
    money = _money(published)
    assert money[4]["patients"] == 40
    assert money[4]["income_clinician"] is None
    assert money[11]["income_clinician"] is None


# -------------------------------------------------------------------------- tender


def _patients(folder: Path, groups: list[tuple[int, int, int]]) -> Path:
    (folder / "in").mkdir()
    rows = "".join(f"P{code}-{i},{code},{days}\n" for code, people, days in groups
                   for i in range(people))  # fmt: skip
    (folder / "in" / "patients.csv").write_text("patient_id,cluster,days\n" + rows)
    return folder / "in"


def _tender(tmp_path: Path, groups: list[tuple[int, int, int]], price: float,
            *publish: str) -> dict[str, Any]:  # fmt: skip
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    args = ["tender", str(_patients(folder, groups)), "--tariff", str(_tariff(folder, price))]
    return run_summary([*args, *publish], folder / "out")


def test_tender_income_beside_ten_that_gives_nine_to_twelve_is_hidden(tmp_path: Path) -> None:
    # Cluster 11: 12 people all year at £1 a day, income 4,380 → £4,000 (base £2,000:
    # 5 × the bed day's £361.90, up; h = £1,000). Published 10 (f = 8), m = 366 × £1:
    # (4,000 − 1,000) ÷ 366 = 8.2, so at least 9 where 10 says 8: 3,000 > 366 × 7 =
    # 2,562, hidden. Cluster 4 (30 people, 300 days: £9,000 → £10,000, f = 28): 9,000 ≤
    # 366 × 27 = 9,882, shown. The total income, £14,000, less cluster 4's £10,000
    # gives cluster 11's to within 2,000 ± 2,000 (each term ± £1,000): at least 2,000 ÷
    # 366 = 5.5 people, within the 8 its count says: shown. Cluster 11's cost, 12 × 365
    # × £4.6114 = £20,197.91 → £20,000, m = 366 × 4.6114 = £1,687.77: 19,000 ÷ 1,687.77
    # = 11.3 > 7, hidden. The total cost (£126,000 less cluster 4's £106,000: 18,000 ÷
    # 1,687.77 = 10.7 > 7) would give it back; cluster 4's cost (£106,615.38 → £106,000
    # for 9,000 days, k = £11.846, m = 366 × k = £4,335.70; 105,000 ≤ 4,335.70 × 27 =
    # 117,064, shown on its own floor) is hidden with it instead of the total (disc27):
    # 125,000 ≤ 4,335.70 × (8 + 28 − 1) = 151,749.50. The total cost, surplus,
    # cross-subsidy and losses stay shown.
    summary = _tender(tmp_path, [(11, 12, 365), (4, 30, 300)], 1.0, "--publish")
    assert summary["disclosure"]["money_rounding_base"] == 2_000
    clusters = {c["cluster"]: c for c in summary["clusters"]}
    assert clusters[11]["service_users"] == 10
    assert clusters[11]["income"] is None and clusters[11]["surplus"] is None
    assert clusters[4]["income"] == 10_000
    assert clusters[11]["cost"] is None and clusters[4]["cost"] is None
    assert summary["totals"]["income"] == 14_000
    assert (summary["totals"]["cost"], summary["totals"]["surplus"]) == (126_000, -114_000)
    residue = {c["cluster"]: c for c in summary["residue_by_cluster"]}
    # The surplus before and after (nobody is taken: after = before) of cluster 11.
    assert residue[11]["nhs_surplus_before"] is None
    assert residue[11]["nhs_surplus_after"] is None


# -------------------------------------------------------------- cluster and tender

#: The £ figures a published run shows beside a count: (table, figure, count, and
#: whether a figure within its rounding of zero is passed over: beside a hidden count it
#: narrows nothing).
INCOMES_BESIDE_COUNTS: dict[str, tuple[tuple[str, str, str, bool], ...]] = {
    "cluster": (("money_at_stake_by_cluster", "income_clinician", "patients", False),
                ("money_at_stake_by_cluster", "income_suggested", "patients", False)),
    "tender": (("clusters", "income", "service_users", False),
               ("residue_by_cluster", "nhs_income_retained", "taken_patients", True),
               ("bidders", "taken_income", "taken_patients", True)),
}  # fmt: skip
#: The day totals a published run shows beside a count: (table, days, count).
DAYS_BESIDE_COUNTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "cluster": (),
    "tender": (("clusters", "cluster_days", "service_users"),),
}


def _published(
    command: str, tmp_path: Path, groups: list[tuple[int, int, int]], price: float
) -> tuple[dict[str, Any], float]:
    """The tables of ``pbrkit <command> --publish`` and the half-width h of its £ rounding."""
    if command == "cluster":
        # The cluster run's £ base: 5 × the largest rate (the price), at least £5.
        return _cluster(tmp_path, groups, price, "--publish"), max(5.0, 5 * price) / 2
    summary = _tender(tmp_path, groups, price, "--publish")
    return summary, summary["disclosure"]["money_rounding_base"] / 2


def _fewest(count: Any) -> int:
    assert isinstance(count, int)
    return NHSD_HES_2018.fewest_behind(count)


@pytest.mark.parametrize("command", ["cluster", "tender"])
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.integers(8, 30), st.integers(30, 365)), min_size=1, max_size=2),
    st.sampled_from([1.0, 2.0, 7.5]),
)
def test_no_published_income_narrows_its_count(
    tmp_path: Path, command: str, groups: list[tuple[int, int]], price: float
) -> None:
    # (Cluster: clinicians') clusters 11 and 4 with random people and days at a random
    # price a day: every income shown (cluster: the clinicians' and suggested clusters'
    # income; tender: each cluster's income, the tariff income of the people taken and
    # the NHS income kept), less its rounding h, ÷ 366 × the price is at most the fewest
    # people its published count stands for, less one; and a day total ÷ 366 too.
    chosen = [(c, n, d) for c, (n, d) in zip((11, 4), groups, strict=False)]
    tables, half = _published(command, tmp_path, chosen, price)
    most = 366 * price
    for table, key, count, above_half in INCOMES_BESIDE_COUNTS[command]:
        for row in tables[table]:
            if row[key] is not None and not (above_half and row[key] <= half):
                assert (row[key] - half) / most <= _fewest(row[count]) - 1
    for table, key, count in DAYS_BESIDE_COUNTS[command]:
        for row in tables[table]:
            if row[key] is not None:
                assert math.ceil(row[key] / 366) <= _fewest(row[count])


# --------------------------------------------------------------- never written out

FIELDS = (MOST_INCOME_A_PERSON, MOST_COST_A_PERSON, MOST_OWN_COST_A_PERSON,
          MOST_INCOME_SUGGESTED_A_PERSON, MOST_PAID_ABOVE_A_PERSON,
          MOST_PAID_BELOW_A_PERSON)  # fmt: skip


def test_the_bound_fields_are_never_written_by_cluster_or_tender(tmp_path: Path) -> None:
    words = (*FIELDS, "most_", "most income", "most cost", "most paid")
    for publish in ((), ("--publish",)):
        for run in (_cluster, _tender):
            folder = Path(tempfile.mkdtemp(dir=tmp_path))
            run(folder, [(11, 12, 365), (4, 30, 300)], 1.0, *publish)
            out = next(p for p in folder.rglob("summary.json")).parent
            assert not [t for t in written_texts(out) for w in words if w in t.lower()]


# ------------------------------------------------------------ the bounds, by hand


def test_the_tender_bounds_worked_by_hand() -> None:
    from pbrkit.tender.bounds import cluster_bounds

    review = pd.Series({1: 84.0, 11: 365.0, 4: 182.0})
    population = pd.DataFrame({"cluster": [1, 11, 4],
                               "cost_source": ["modelled", "actual", "modelled"]})  # fmt: skip
    k = pd.Series({1: 2.0, 11: 3.0, 4: 5.0})
    bounds = cluster_bounds(population, audit_tariff(), review, k, drawn_costs=False)
    # Income: 366 × 1,500 ÷ 84 = 6,535.71; 366 × 5,000 ÷ 365 = 5,013.70; 366 × 10 = 3,660.
    assert bounds[MOST_INCOME_A_PERSON].to_dict() == pytest.approx(
        {1: 6535.714285714, 4: 3660.0, 11: 5013.698630137}
    )
    # Cost: 366 × k where modelled (1: 732, 4: 1,830); cluster 11's actual cost: none.
    assert bounds[MOST_COST_A_PERSON].to_dict() == {1: 732.0, 4: 1830.0, 11: math.inf}
    assert bounds[MOST_OWN_COST_A_PERSON].to_dict() == {1: 732.0, 4: 1830.0, 11: math.inf}
    # A synthesised population's own costs are drawn: no bound on a part of a cluster.
    drawn = cluster_bounds(population, audit_tariff(), review, k, drawn_costs=True)
    assert set(drawn[MOST_OWN_COST_A_PERSON]) == {math.inf}


def test_the_money_at_stake_bounds_worked_by_hand() -> None:
    import numpy as np

    from pbrkit.audit_bounds import money_bounds

    # Clinician's cluster 4 (£10 a day + £300 an admitted day, disc25: the admitted-day
    # price is in the bound) with patients suggested 4 and 11 (£5,000 a year: 5,000 ÷
    # 365 = £13.6986 a day); clinician's 11 with one suggested 4.
    review = pd.Series({1: 84.0, 11: 365.0, 4: 182.0})
    bounds = money_bounds(np.array([4, 4, 11]), np.array([4, 11, 4]), audit_tariff(), review)
    year, dear = 366 * 5000 / 365, 366 * 310.0  # 5,013.70; 113,460
    # Row 4: own 113,460; suggested at most 113,460 (its own); above 366 × (300 −
    # 3.6986) = 108,446.30 (every day admitted); below 5,013.70 − 3,660 = 1,353.70.
    above, below = dear - year, year - 3660.0
    assert bounds.loc[4].to_dict() == pytest.approx({
        MOST_INCOME_A_PERSON: dear, MOST_INCOME_SUGGESTED_A_PERSON: dear,
        MOST_PAID_ABOVE_A_PERSON: above, MOST_PAID_BELOW_A_PERSON: below})  # fmt: skip
    # Row 11: own 5,013.70; suggested 113,460; above 1,353.70; below 108,446.30.
    assert bounds.loc[11].to_dict() == pytest.approx({
        MOST_INCOME_A_PERSON: year, MOST_INCOME_SUGGESTED_A_PERSON: dear,
        MOST_PAID_ABOVE_A_PERSON: below, MOST_PAID_BELOW_A_PERSON: above})  # fmt: skip
