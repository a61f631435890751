"""The floor rule (docs/methodology.md §7, "A total's floor under its count") for every
£ figure `pbrkit cluster --publish` shows beside a count of people, beyond the money
table by the clinician's cluster (disc23): the headline's £ at stake and its two sides,
each disagreement's £, the homogeneity table's mean income (a mean × its published
count is its rounded total) and the subgroups' mean income, profit and total profit.

A total V published to ± h beside a count published as p (fewest f) is shown only while
V − h ≤ m × (f − 1), m the most one person adds to it in a year. The inputs are small
and hand-made: patients of the shipped example whose ratings suggest a given cluster,
put by the clinicians in another, with a local tariff of a few £ a day, so that 366 ×
the price makes the count visible.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbrkit.cli import cli
from pbrkit.reports.suppression import NHSD_HES_2018

ROOT = Path(__file__).resolve().parents[1]
#: Every cluster code of the shipped reference set but 99 (9 is unused).
CODES = [*range(0, 9), *range(10, 22)]
ITEMS = [*(str(i) for i in range(1, 14)), *"ABCDE"]

_SUGGESTED: pd.DataFrame | None = None


def _example(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The shipped example's ratings with the cluster each one's ratings suggest."""
    global _SUGGESTED
    if _SUGGESTED is None:
        ratings = pd.read_excel(ROOT / "examples" / "ratings.xlsx", sheet_name="ratings",
                                engine="openpyxl")  # fmt: skip
        ratings.columns = [str(c) for c in ratings.columns]
        out = tmp_path_factory.mktemp("example")
        args = ["cluster", str(ROOT / "examples" / "ratings.xlsx"), "--out", str(out)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        allocations = pd.read_csv(out / "allocations.csv")
        _SUGGESTED = ratings.merge(allocations[["patient_id", "suggested_cluster"]])
    return _SUGGESTED


def _tariff(folder: Path, prices: dict[int, float]) -> Path:
    """Every cluster at its price a day (£1 where not given), no admitted-day price."""
    path = folder / "tariff.csv"
    rows = "".join(f"{c},{prices.get(c, 1.0)},per_day\n" for c in CODES)
    path.write_text("cluster,price,unit\n" + rows)
    return path


Group = tuple[int, int, int, int]  # clinician's cluster, suggested cluster, patients, days


def _ratings(example: pd.DataFrame, folder: Path, groups: list[Group], cost: float) -> Path:
    """For each group, that many of the example's patients whose ratings suggest the
    suggested cluster, put by the clinicians in theirs, each with ``days`` days, a cost
    of ``cost``, no admitted day, aged 40 and not detained (one subgroup per trait)."""
    rows = []
    for clinician, suggested, people, days in groups:
        chosen = example.loc[example["suggested_cluster"] == suggested].head(people)
        assert len(chosen) == people
        for i, (_, r) in enumerate(chosen.iterrows()):
            rows.append({"patient_id": f"C{clinician}-{suggested}-{i}",
                         **{c: r[c] for c in ITEMS}, "cluster": clinician, "days": days,
                         "admitted_days": 0, "cost": cost, "age": 40,
                         "mha_detained": "no"})  # fmt: skip
    path = folder / "ratings.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _cluster(
    tmp_path: Path,
    example: pd.DataFrame,
    groups: list[Group],
    prices: dict[int, float],
    *publish: str,
    cost: float = 1.0,
) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    args = ["cluster", str(_ratings(example, folder, groups, cost)),
            "--tariff", str(_tariff(folder, prices)), "--out", str(folder / "out")]  # fmt: skip
    result = CliRunner().invoke(cli, [*args, *publish])
    assert result.exit_code == 0, result.output
    summary = json.loads((folder / "out" / "summary.json").read_text(encoding="utf-8"))
    allocation: dict[str, Any] = summary["allocation"]
    return allocation


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return _example(tmp_path_factory)


#: 12 patients the ratings put in cluster 3, paid as cluster 4, all year.
TWELVE = (4, 3, 12, 365)


def test_headline_at_stake_and_its_sides_beside_ten_that_give_twelve_are_hidden(
    tmp_path: Path, example: pd.DataFrame
) -> None:
    # Cluster 4 at £2 a day, cluster 3 at £1: each of the 12 is paid 365 × (2 − 1) =
    # £365 above the suggested cluster, £4,380 in all, the £ at stake and the £ paid
    # above. The base is 5 × £2 = £10 (h = £5); 12 audited are published as 10 (f = 8);
    # one person adds at most 366 × (2 − 1) = £366 above: (4,380 − 5) ÷ 366 = 11.95 > 7,
    # so shown it would say 12 (9 to 12 at least) where 10 says 8 to 12: hidden, the
    # at stake, the £ above and the £ below (each pair gives the third back) together.
    exact = _cluster(tmp_path, example, [TWELVE], {4: 2.0})
    assert exact["money_at_stake"] == pytest.approx(4_380)
    assert exact["money_paid_above_suggested"] == pytest.approx(4_380)
    published = _cluster(tmp_path, example, [TWELVE], {4: 2.0}, "--publish")
    assert published["audited"] == 10
    assert published["money_at_stake"] is None
    assert published["money_paid_above_suggested"] is None
    assert published["money_paid_below_suggested"] is None


def test_headline_sides_within_the_floor_stay_shown(tmp_path: Path, example: pd.DataFrame) -> None:
    # 40 patients (published 40, f = 38) of 30 days paid at £2 where suggested £1:
    # 40 × 30 × £1 = £1,200 above; (1,200 − 5) ÷ 366 = 3.3 ≤ 37: shown, with the
    # at stake (£1,200) and the £0 below.
    published = _cluster(tmp_path, example, [(4, 3, 40, 30)], {4: 2.0}, "--publish")
    assert published["audited"] == 40
    assert published["money_at_stake"] == 1_200
    assert published["money_paid_above_suggested"] == 1_200
    assert published["money_paid_below_suggested"] == 0


def _disagreement(allocation: dict[str, Any], clinician: int, suggested: int) -> dict[str, Any]:
    pair = (clinician, suggested)
    rows = [r for r in allocation["top_disagreements"]
            if (r["clinician_cluster"], r["suggested_cluster"]) == pair]  # fmt: skip
    assert len(rows) == 1
    return rows[0]


def test_a_disagreements_money_beside_ten_that_gives_twelve_is_hidden(
    tmp_path: Path, example: pd.DataFrame
) -> None:
    # The 12 above (£4,380 above the suggested cluster 3, beside 12 published 10, f =
    # 8: (4,380 − 5) ÷ 366 = 11.95 > 7) and 40 more of 100 days paid as 4 whose ratings
    # suggest cluster 7, at the same £2 a day (£0 at stake). The disagreement (4, 3) is
    # hidden on its own floor.
    groups = [TWELVE, (4, 7, 40, 100)]
    exact = _disagreement(_cluster(tmp_path, example, groups, {4: 2.0, 7: 2.0}), 4, 3)
    assert exact["money"] == pytest.approx(4_380)
    published = _cluster(tmp_path, example, groups, {4: 2.0, 7: 2.0}, "--publish")
    cell = _disagreement(published, 4, 3)
    assert cell["patients"] == 10
    assert cell["money"] is None


def test_a_hidden_disagreements_money_is_not_given_back_by_its_clusters_difference(
    tmp_path: Path, example: pd.DataFrame
) -> None:
    # As above: cluster 4's difference is the sum of its disagreements' £ (its diagonal
    # moves nothing), £4,380 + £0 beside 52 published 50 (f = 48): on its own floor it is
    # shown (4,375 ÷ 366 = 12 ≤ 47), and so is its income, 12 × £730 + 40 × £200 =
    # £16,760 ((16,760 − 5) ÷ 732 = 22.9 ≤ 47), but less the shown £0 of (4, 7) it gives
    # the hidden (4, 3) back: 4,380 − 0 − 2 × 5 = 4,370 > 366 × 7 = 2,562 (the 10 of (4,
    # 3) stand for at least 8). So cluster 4's difference is hidden, and the total
    # (cluster 4's alone) and the headline's £ at stake with it.
    groups = [TWELVE, (4, 7, 40, 100)]
    published = _cluster(tmp_path, example, groups, {4: 2.0, 7: 2.0}, "--publish")
    money = {r["cluster"]: r for r in published["money_at_stake_by_cluster"]}
    assert money[4]["patients"] == 50
    assert money[4]["income_clinician"] == 16_760
    assert money[4]["difference"] is None
    assert published["money_at_stake"] is None


def _homogeneity_row(allocation: dict[str, Any], cluster: int) -> dict[str, Any]:
    rows = {r["cluster"]: r for r in allocation["homogeneity"]["clusters"]}
    return rows[cluster]


def test_a_clusters_mean_income_that_gives_twelve_back_is_hidden(
    tmp_path: Path, example: pd.DataFrame
) -> None:
    # Cluster 4's 12 patients all year at £2 a day: income 12 × 730 = £8,760, published
    # as its total rounded (£8,760, base £10) over the published 10: a mean of £876, and
    # £876 × 10 = £8,760 back; one person brings at most 366 × £2 = £732: (8,760 − 5) ÷
    # 732 = 11.96 > 7: hidden, with the profit per person and income ÷ cost worked out
    # from it. The mean cost (the input's own cost: no public bound) stays.
    exact = _homogeneity_row(_cluster(tmp_path, example, [TWELVE], {4: 2.0}), 4)
    assert exact["mean_income"] == pytest.approx(730)
    published = _homogeneity_row(_cluster(tmp_path, example, [TWELVE], {4: 2.0}, "--publish"), 4)
    assert published["n"] == 10
    assert published["mean_income"] is None
    assert published["profit_per_person"] is None
    assert published["predictive_ratio"] is None
    assert published["mean"] == pytest.approx(1.0)


def test_a_clusters_mean_income_within_the_floor_stays_shown(
    tmp_path: Path, example: pd.DataFrame
) -> None:
    # 40 patients of 30 days at £2: £2,400, published £2,400 over 40: £60 a head;
    # (2,400 − 5) ÷ 732 = 3.3 ≤ 37: shown.
    published = _homogeneity_row(
        _cluster(tmp_path, example, [(4, 3, 40, 30)], {4: 2.0}, "--publish"), 4
    )
    assert published["mean_income"] == pytest.approx(60)


def test_a_subgroups_income_and_profit_that_give_twelve_back_are_hidden(
    tmp_path: Path, example: pd.DataFrame
) -> None:
    # One subgroup per trait (all aged 40, none detained): the 12 of cluster 4 all year
    # at £2 a day and a cost of £1 each. Mean income £730 (total £8,760, as above: hidden);
    # profit £729 a head, £8,748 in all, published £8,750: (8,750 − 5) ÷ 732 = 11.9 > 7,
    # hidden, the profit per person (its total over the published count) with it.
    # The mean cost has no public bound and stays.
    published = _cluster(tmp_path, example, [TWELVE], {4: 2.0}, "--publish")
    for table in ("subgroups", "subgroups_by_cluster"):
        rows = published["homogeneity"][table]
        assert rows, table
        for row in rows:
            assert row["n"] == 10
            assert row["mean_income"] is None
            assert row["profit_per_person"] is None
            assert row["total_profit"] is None
            assert row["mean_cost"] == pytest.approx(1.0)


def _floor_ok(value: float | None, half: float, most: float, count: object) -> bool:
    """A shown value V (± half) beside a count published as ``count`` says people ≥
    (V − half) ÷ most: at most the fewest the count stands for, less one."""
    if value is None or most <= 0:
        return True
    assert isinstance(count, int)
    return abs(value) - half <= most * (NHSD_HES_2018.fewest_behind(count) - 1) + 1e-6


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.integers(8, 30), st.integers(30, 365)), min_size=2, max_size=2),
    st.sampled_from([1.5, 2.0, 7.5]),
)
def test_no_published_cluster_money_narrows_its_count(
    tmp_path: Path, example: pd.DataFrame, groups: list[tuple[int, int]], price: float
) -> None:
    # Paid as cluster 4 at `price` a day, suggested 3 (£1) and 7 (£1): every £ shown
    # beside a count (the headline's, each disagreement's, the means × their counts)
    # less its rounding, over the most one person adds (366 × the gap; 366 × the price
    # for income), is at most the fewest people its published count stands for, less 1.
    chosen = [(4, s, n, d) for s, (n, d) in zip((3, 7), groups, strict=True)]
    published = _cluster(tmp_path, example, chosen, {4: price}, "--publish")
    half = NHSD_HES_2018.for_rates([price, 1.0]).money_base / 2
    gap, income = 366 * (price - 1.0), 366 * price
    audited = published["audited"]
    for key in ("money_at_stake", "money_paid_above_suggested", "money_paid_below_suggested"):
        assert _floor_ok(published[key], half, gap, audited), key
    for row in published["top_disagreements"]:
        assert _floor_ok(row["money"], half, gap, row["patients"])
    for row in published["homogeneity"]["clusters"]:
        if row["mean_income"] is not None:
            assert _floor_ok(row["mean_income"] * row["n"], half, income, row["n"])
    for table in ("subgroups", "subgroups_by_cluster"):
        for row in published["homogeneity"][table]:
            if row["mean_income"] is not None:
                assert _floor_ok(row["mean_income"] * row["n"], half, income, row["n"])
            if row["total_profit"] is not None and row["total_profit"] > 0:
                assert _floor_ok(row["total_profit"], half, income, row["n"])
