"""Every figure of `pbrkit cost` and `pbrkit tender` recomputed by a second, plain-Python
implementation of docs/methodology.md §2 and §6.5 (nothing from pbrkit but the command).

Cost, hand-worked (own tariff, packages and unit costs; --mff 1.1):
  cluster 1 (R 84): k = 2 h/week × £30 ÷ 7 + 1 h/episode × £100 ÷ 84 = £9.7619/day;
    1,260 days → cost £12,300; 15 episodes × £400 × 1.1 = £6,600.
  cluster 3 (R 182): k = £30/day; cost 30 × 950 + £400 × 50 = £48,500;
    income (£2,000 × 1000/182 + £300 × 50) × 1.1 = £28,587.91.
  cluster 11 (per_year £3,650): income 3650 × 900/365 × 1.1 = £9,900;
    k = 12 × 100/365 + 3 × 30/7 = £16.1448; cost 16.1448 × 800 + 400 × 100 = £52,915.85.
  cluster 14 (per_day £50, admitted £350): (50 × 60 + 350 × 30) × 1.1 = £14,850; actual
    cost £25,000.
  Projection, d 2%, g 3%, e 1%: year 2 income × 0.98², cost × (1.03 × 0.99)².

Tender (ρ = 1, so ĉ = c and nothing is random): bidders want i when
π̂ = R − θ(1 − r)c − recharge ≥ h·P; pairs taken in descending π̂ (ties: bidder name,
patient id) while the bidder has room; then every §6.5 figure.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

REVIEW = {1: 84, 3: 182, 11: 365, 14: 28}
TARIFF = {  # cluster: (price, unit, admitted-day price)
    1: (1500.0, "per_episode", None),
    3: (3000.0, "per_episode", 300.0),
    11: (5000.0, "per_year", None),
    14: (60.0, "per_day", 350.0),
}


def _run(args: list[str]) -> dict[str, Any]:
    workers = ["--workers", "1"] if args[0] == "tender" else []
    result = CliRunner().invoke(cli, [*args, *workers], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = Path(args[args.index("--out") + 1])
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def _book(sheets: dict[str, list[list[Any]]], path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# ------------------------------------------------------------------------ cost

COST: dict[str, list[list[Any]]] = {
    "caseload": [
        ["cluster", "team", "service_users", "cluster_days", "admitted_days", "episodes",
         "actual_cost"],
        [1, "North", 10, 840, 0, None, None],
        [1, "South", 5, 420, 0, None, None],
        [3, "North", 4, 1000, 50, None, None],
        [11, "South", 3, 900, 100, 3, None],
        [14, "North", 2, 60, 30, None, 25000],
    ],
    "tariff": [["cluster", "price", "unit", "admitted_day_price"], [1, 400, "per_episode", None],
               [3, 2000, "per_episode", 300], [11, 3650, "per_year", None],
               [14, 50, "per_day", 350]],
    "packages": [["cluster", "resource", "quantity", "per"], [1, "nurse_hour", 2, "week"],
                 [1, "doctor_hour", 1, "episode"], [3, "nurse_hour", 1, "day"],
                 [11, "doctor_hour", 12, "year"], [11, "nurse_hour", 3, "week"],
                 [14, "nurse_hour", 2, "day"]],
    "unit_costs": [["resource", "unit_cost"], ["nurse_hour", 30], ["doctor_hour", 100],
                   ["inpatient_bed_day", 400]],
}  # fmt: skip


def _cost_by_hand(mff: float) -> dict[str, dict[str, float]]:
    """Per cluster and per team: income, cost, surplus (methodology §2)."""
    unit = {r[0]: float(r[1]) for r in COST["unit_costs"][1:]}
    per = {"day": 1.0, "week": 7.0, "year": 365.0}
    k: dict[int, float] = defaultdict(float)
    for c, res, q, p in COST["packages"][1:]:
        k[c] += q * unit[res] / per.get(p, REVIEW[c])
    tariff = {r[0]: r[1:] for r in COST["tariff"][1:]}
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for c, team, _n, d, a, e, actual in COST["caseload"][1:]:
        price, unit_name, admitted_price = tariff[c]
        episodes = d / REVIEW[c] if e is None else e
        paid = {"per_day": d, "per_episode": episodes, "per_year": d / 365}[unit_name]
        income = (price * paid + (admitted_price or 0) * a) * mff
        cost = actual if actual is not None else k[c] * (d - a) + unit["inpatient_bed_day"] * a
        for key in (f"cluster {c}", f"team {team}", "total"):
            out[key]["income"] += income
            out[key]["cost"] += cost
            out[key]["surplus"] += income - cost
    return out


def test_cost_figures_match_a_second_implementation(tmp_path: Path) -> None:
    book = _book(COST, tmp_path / "cost.xlsx")
    args = ["cost", str(book), "--out", str(tmp_path / "out"), "--mff", "1.1", "--years", "3",
            "--deflator", "0.02", "--inflation", "0.03", "--efficiency", "0.01"]  # fmt: skip
    summary = _run(args)
    hand = _cost_by_hand(1.1)
    assert hand["cluster 3"]["income"] == pytest.approx(28587.912087912)  # as worked above
    for row in summary["clusters"]:
        for key in ("income", "cost", "surplus"):
            assert row[key] == pytest.approx(hand[f"cluster {row['cluster']}"][key], abs=0.005)
    for row in summary["teams"]:
        for key in ("income", "cost", "surplus"):
            assert row[key] == pytest.approx(hand[f"team {row['team']}"][key], abs=0.005)
    surpluses = [hand[f"cluster {c}"]["surplus"] for c in (1, 3, 11, 14)]
    totals = summary["totals"]
    assert totals["cross_subsidy"] == pytest.approx(sum(s for s in surpluses if s > 0))
    assert totals["surplus"] == pytest.approx(hand["total"]["income"] - hand["total"]["cost"])
    for t, year in enumerate(summary["projection"]):
        income = hand["total"]["income"] * 0.98**t
        cost = hand["total"]["cost"] * (1.03 * 0.99) ** t
        assert (year["income"], year["cost"]) == pytest.approx((income, cost), abs=0.005)
        assert year["surplus"] == pytest.approx(income - cost, abs=0.005)


# ---------------------------------------------------------------------- tender


def _tender_book(seed: int, path: Path) -> Path:
    """Patients with given costs, cost pools, bidders with ρ = 1, two lots."""
    rng = random.Random(seed)
    patients: list[list[Any]] = [["patient_id", "cluster", "days", "admitted_days", "cost"]]
    for c, review in REVIEW.items():
        for _ in range(rng.randint(1, 6)):
            days = rng.choice([review, review // 2, min(2 * review, 365)])
            cost = rng.choice([round(rng.uniform(200, 9000), 2), 3000.0])  # ties too
            patients.append([f"Q{len(patients):02d}", c, days, rng.choice([0, 0, 5]), cost])
    pay = rng.choice(["activity", "block", "blended"])
    nhs = [["pool", "amount", "kind", "shed_rate", "serves_taken", "payment", "variable_share"],
           ["AMHP", rng.choice([0, 100000]), "fixed", 0, "yes", pay,
            0.3 if pay == "blended" else None],
           ["Crisis", 50000, "variable", None, rng.choice(["yes", "no"]), None, None],
           ["Estates", 200000, "fixed", 0.1, "no", None, None],
           ["Admin", 100000, "fixed", 0.5, "no", None, None],
           ["Staff", 300000, "variable", None, "no", None, None]]  # fmt: skip
    bidders = [["name", "cost_factor", "info_quality", "hurdle_margin", "capacity", "clusters",
                "recharge"]]  # fmt: skip
    for name in rng.sample(["Acme", "Beta", "Zed"], rng.randint(1, 3)):
        bidders.append([name, rng.choice([0.01, 0.9, 1.0, 50]), 1, rng.choice([0, 0.05, -0.5]),
                        rng.choice([None, 0, 1, 3]), rng.choice(["all", "1, 3", "11"]),
                        rng.choice(["yes", "no"])])  # fmt: skip
    lots = [["name", "clusters", "cost_sharing"], ["Lot A", "1, 3", rng.choice([0, 0.3])],
            ["Lot B", "11, 14", rng.choice([0, 0.5])]]  # fmt: skip
    tariff = [["cluster", "price", "unit", "admitted_day_price"],
              *([c, *TARIFF[c]] for c in TARIFF)]  # fmt: skip
    sheets = {"patients": patients, "tariff": tariff, "nhs": nhs, "bidders": bidders,
              "lots": lots}  # fmt: skip
    return _book(sheets, path)


def _income(c: int, days: float, admitted: float) -> float:
    price, unit, admitted_price = TARIFF[c]
    paid = {"per_day": days, "per_episode": days / REVIEW[c], "per_year": days / 365}[unit]
    return price * paid + (admitted_price or 0.0) * admitted


def _tender_by_hand(path: Path) -> dict[str, float]:
    book = openpyxl.load_workbook(path)

    def rows(name: str) -> list[dict[str, Any]]:
        values = list(book[name].iter_rows(values_only=True))
        return [dict(zip(values[0], row, strict=True)) for row in values[1:]]

    people = [{"id": r["patient_id"], "k": r["cluster"], "c": float(r["cost"]),
               "P": _income(r["cluster"], r["days"], r["admitted_days"])}
              for r in rows("patients")]  # fmt: skip
    pools = rows("nhs")
    serving = [p for p in pools if p["serves_taken"] == "yes"]
    other = [p for p in pools if p["serves_taken"] == "no"]
    fixed = [p for p in other if p["kind"] == "fixed"]
    r = sum(p["amount"] for p in serving) / sum(p["amount"] for p in pools)
    f = sum(p["amount"] for p in fixed) / sum(p["amount"] for p in other)
    s = sum(p["amount"] * p["shed_rate"] for p in fixed) / sum(p["amount"] for p in fixed)
    v = {"activity": 1.0, "block": 0.0, "blended": 0.3}[pools[0]["payment"]]
    lots = {"Lot A": {1, 3}, "Lot B": {11, 14}}
    lam = {r_["name"]: float(r_["cost_sharing"]) for r_ in rows("lots")}
    pairs = []
    for b in rows("bidders"):
        theta, owed = b["cost_factor"], r if b["recharge"] == "yes" else 0.0
        eligible = {"all": {1, 3, 11, 14}, "1, 3": {1, 3}, "11": {11}}[b["clusters"]]
        for lot, clusters in lots.items():
            if not clusters <= eligible:
                continue
            mine = [p for p in people if p["k"] in clusters]
            pay = {p["id"]: (1 - lam[lot]) * p["P"] + lam[lot] * theta * (1 - r) * p["c"]
                   for p in mine}  # fmt: skip
            profit = {p["id"]: pay[p["id"]] - theta * (1 - r) * p["c"] - owed * p["c"]
                      for p in mine}  # fmt: skip
            wanted = [p for p in mine if profit[p["id"]] >= b["hurdle_margin"] * p["P"]]
            if sum(profit[p["id"]] for p in wanted) <= 0:
                continue
            pairs += [(-profit[p["id"]], b["name"], p["id"], b, pay[p["id"]]) for p in wanted]
    taken: dict[str, tuple[dict[str, Any], float]] = {}
    used: dict[str, int] = defaultdict(int)
    for _, name, pid, b, pay in sorted(pairs, key=lambda x: x[:3]):
        room = b["capacity"] is None or used[name] < b["capacity"]
        if pid not in taken and room:
            taken[pid], used[name] = (b, pay), used[name] + 1
    T = [p for p in people if p["id"] in taken]
    N = [p for p in people if p["id"] not in taken]

    def paid(p: dict[str, Any]) -> float:
        return taken[p["id"]][1]

    def back(p: dict[str, Any]) -> float:
        return r * p["c"] if taken[p["id"]][0]["recharge"] == "yes" else 0.0

    stranded = f * (1 - s) * sum((1 - r) * p["c"] for p in T)
    before = sum(p["P"] - p["c"] for p in people)
    after = (sum(p["P"] - p["c"] for p in N) - stranded
             + sum((1 - v) * p["P"] - r * p["c"] + back(p) for p in T))  # fmt: skip
    commissioner = sum(paid(p) for p in T) - v * sum(p["P"] for p in T)
    return {
        "residue_cost_gap": sum(p["c"] - p["P"] for p in N),
        "lost_contribution": sum(v * p["P"] - (1 - f) * (1 - r) * p["c"] for p in T),
        "stranded_fixed_cost": stranded,
        "cost_retained_for_taken": sum(r * p["c"] - back(p) for p in T),
        "nhs_income_retained": sum((1 - v) * p["P"] for p in T),
        "nhs_surplus_before": before,
        "nhs_surplus_after": after,
        "nhs_surplus_change": after - before,
        "payments_to_bidders": sum(paid(p) for p in T),
        "bidder_profit": sum(
            paid(p) - taken[p["id"]][0]["cost_factor"] * (1 - r) * p["c"] - back(p) for p in T
        ),
        "differential_payment": sum(paid(p) - (1 - r) * p["c"] for p in T),
        "commissioner_cost_change": commissioner,
        "public_spending_change": commissioner - (after - before),
        "taken_patients": len(T),
        "residue_patients": len(N),
    }


@pytest.mark.parametrize("seed", [1, 6, 7, 12, 17, 24])
def test_tender_figures_match_a_second_implementation(tmp_path: Path, seed: int) -> None:
    book = _tender_book(seed, tmp_path / "t.xlsx")
    summary = _run(["tender", str(book), "--out", str(tmp_path / "out")])
    for key, value in _tender_by_hand(book).items():
        assert summary["residue"][key] == pytest.approx(value, abs=1e-6), key


# --------------------------------------------------------------------- cluster

SET = Path(__file__).resolve().parents[1] / "tariffs" / "illustrative-2014-15"
ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
WEIGHTS = {"must": 2, "expected": 2, "may": 1, "unlikely": -2}


def _suggest(ratings: dict[str, int | None]) -> int:
    """Methodology §5.2: 99 over 2 unknown; ruled out by a must; best score, lower code."""
    import csv

    grid = list(csv.DictReader((SET / "profiles.csv").open(encoding="utf-8")))
    known = {item: r for item, r in ratings.items() if r is not None and r != 9}
    if len(ITEMS) - len(known) > 2:
        return 99
    band = {(int(g["cluster"]), g["item"], int(g["rating"])): g["band"] for g in grid}
    must: dict[tuple[int, str], set[int]] = defaultdict(set)
    for g in grid:
        if g["band"] == "must":
            must[(int(g["cluster"]), g["item"])].add(int(g["rating"]))
    scores = {}
    for k in sorted({int(g["cluster"]) for g in grid}):
        if any((k, i) in must and r not in must[(k, i)] for i, r in known.items()):
            continue
        scores[k] = sum(WEIGHTS.get(band.get((k, i, r), ""), 0) for i, r in known.items())
    if not scores or max(scores.values()) < 0:
        return 0
    return min(k for k, v in scores.items() if v == max(scores.values()))


def test_cluster_figures_match_a_second_implementation(tmp_path: Path) -> None:
    import csv

    rng = random.Random(7)
    clinicians = [0, 1, 2, 3, 4, 8, 10, 11, 12, 13, 14, 16, 18, 20, None, 99]
    rows: list[list[Any]] = [["patient_id", *ITEMS, "cluster", "days"]]
    for n in range(80):
        rated = [rng.choice([0, 1, 2, 3, 4, None, 9]) if rng.random() < 0.3
                 else rng.randint(0, 4) for _ in ITEMS]  # fmt: skip
        rows.append([f"P{n:03d}", *rated, rng.choice(clinicians), rng.choice([None, 30, 365])])
    book = _book({"ratings": rows}, tmp_path / "r.xlsx")
    summary = _run(["cluster", str(book), "--out", str(tmp_path / "out")])

    def table(path: Path) -> list[dict[str, str]]:
        return list(csv.DictReader(path.open(encoding="utf-8")))

    given = {r["patient_id"]: int(r["suggested_cluster"])
             for r in table(tmp_path / "out" / "allocations.csv")}  # fmt: skip
    review = {int(r["code"]): float(r["review_days"])
              for r in table(SET / "clusters.csv") if r["review_days"]}  # fmt: skip
    tariff = {int(r["cluster"]): (float(r["price"]), r["unit"])
              for r in table(SET / "tariff.csv")}  # fmt: skip
    pairs, stake = [], 0.0
    for row in rows[1:]:
        suggested = _suggest(dict(zip(ITEMS, row[1:19], strict=True)))
        assert given[row[0]] == suggested, row[0]
        clinician, days = row[19], row[20]
        if clinician is None or clinician == 99 or suggested == 99:
            continue
        pairs.append((clinician, suggested))
        d = review[clinician] if days is None else days

        def income(c: int, d: float = d) -> float:
            price, unit = tariff[c]
            return price * {"per_day": d, "per_episode": d / review[c], "per_year": d / 365}[unit]

        stake += income(clinician) - income(suggested)
    n = len(pairs)
    p_o = sum(a == b for a, b in pairs) / n
    rows_, cols = defaultdict(int), defaultdict(int)
    for a, b in pairs:
        rows_[a] += 1
        cols[b] += 1
    p_e = sum(rows_[k] * cols[k] for k in rows_) / n / n
    allocation = summary["allocation"]
    assert allocation["audited"] == n
    assert allocation["agreement"] == pytest.approx(p_o)
    assert allocation["kappa"] == pytest.approx((p_o - p_e) / (1 - p_e))
    assert allocation["money_at_stake"] == pytest.approx(stake, abs=0.005)
