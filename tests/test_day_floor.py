"""The floor rule (docs/methodology.md §7): a total one person adds at most m to (days:
m = 366) is shown beside a published count p only while total ≤ m × (fewest(p) − 1),
and wherever a line of counts holds a hidden total, its whole is hidden too, so that no
difference gives a hidden total back. Hand-worked cases, then a property test."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_xlsx
from pbrkit.cli import cli
from pbrkit.model import DAYS_A_PERSON_AT_MOST
from pbrkit.reports.figures import figure
from pbrkit.reports.floors import complement_closure
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED

POLICY = NHSD_HES_2018


def test_days_a_person_matches_the_readers_limit() -> None:
    from pbrkit.io.values import MAX_DAYS_PER_PERSON

    assert DAYS_A_PERSON_AT_MOST == MAX_DAYS_PER_PERSON == 366  # a leap year's days
    assert figure("cluster_days").most_a_person == 366
    assert figure("admitted_days").most_a_person == 366


@pytest.mark.parametrize(
    ("published", "fewest"),
    [
        (10, 8),  # 10 − 2.5 = 7.5, up: 8 (7.5 rounds to 10, halves up); 8 = threshold + 1
        (40, 38),  # 37.5 → 38
        (45, 43),  # 42.5 → 43
        (1000, 998),
    ],
)
def test_fewest_behind_a_published_count(published: int, fewest: int) -> None:
    assert POLICY.fewest_behind(published) == fewest


@pytest.mark.parametrize(
    ("days", "published", "hidden"),
    [
        (4_380, 10, True),  # 12 people all year: 4,380 > 366 × (8 − 1) = 2,562
        (3_285, 10, True),  # 9 all year: 3,285 > 2,562
        (2_562, 10, False),  # exactly 366 × 7: floor 7 = fewest − 1, nothing new
        (2_563, 10, True),  # floor 7.003, so ≥ 8: shown and hidden would differ by this
        (13_713, 40, True),  # shipped example, Crisis team in cluster 13: > 366 × 37 = 13,542
        (13_542, 40, False),
        (0, 0, False),  # a count of 0 is exact: nothing to narrow
        (5_000, SUPPRESSED, False),  # a hidden count hides its days anyway
    ],
)
def test_a_total_above_m_times_fewest_less_one_is_hidden(
    days: int, published: object, hidden: bool
) -> None:
    assert POLICY.total_bounds_count(days, 366, published) is hidden  # type: ignore[arg-type]


def test_a_hidden_part_hides_its_whole_and_the_whole_of_that() -> None:
    # Lines: T = a + b + c (a table's rows with its total), a = a1 + a2 (a breakdown).
    # a1 hidden: a1 = a − a2 if a were shown, so a is hidden; then a = T − b − c, so T.
    column = {"T": 30.0, "a": 10.0, "b": 10.0, "c": 10.0, "a1": SUPPRESSED, "a2": 5.0}
    lines = [["T", "a", "b", "c"], ["a", "a1", "a2"]]
    assert complement_closure(column, lines) == {"a1", "a", "T"}


def test_a_hidden_whole_given_back_by_another_line_hides_a_part_of_it() -> None:
    # T = a + b = x + y. b hidden → T hidden (T − a = b). But T = x + y with both shown
    # gives T back, and then b = T − a: so the smaller of x (4) and y (6) is hidden too.
    column = {"T": 10.0, "a": 3.0, "b": SUPPRESSED, "x": 4.0, "y": 6.0}
    lines = [["T", "a", "b"], ["T", "x", "y"]]
    assert complement_closure(column, lines) == {"b", "T", "x"}


def test_nothing_hidden_hides_nothing() -> None:
    assert complement_closure({"T": 10.0, "a": 4.0, "b": 6.0}, [["T", "a", "b"]]) == set()


# ------------------------------------------------------------------ property test


def _published(tmp: Path, rows: list[dict[str, object]]) -> dict[str, object]:
    book = write_xlsx(tmp / "in.xlsx", {"caseload": rows})
    out = tmp / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads((out / "summary.json").read_text())
    return summary


caseloads = st.lists(
    st.tuples(
        st.sampled_from(["North", "South"]),
        st.integers(min_value=1, max_value=30),  # people
        st.floats(min_value=0.5, max_value=1.0),  # share of the year each is in
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(caseloads)
def test_no_published_day_total_narrows_its_count(tmp_path: Path, rows: list) -> None:
    caseload = [
        {"team": team, "cluster": 11 + i, "service_users": people,
         "cluster_days": math.floor(people * 366 * share), "admitted_days": 0,
         "actual_cost": 10_000}
        for i, (team, people, share) in enumerate(rows)
    ]  # fmt: skip
    tmp = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis may try one caseload twice
    summary = _published(tmp, caseload)
    for table in ("clusters", "teams", "team_clusters", "superclasses"):
        shown = summary.get(table) or []
        assert isinstance(shown, list)
        for row in shown:
            people, days = row["service_users"], row["cluster_days"]
            if isinstance(people, int) and people > 0 and days is not None:
                # The floor days ÷ 366, up, never above the fewest the count stands for.
                assert math.ceil(days / 366) <= POLICY.fewest_behind(people), (table, row)
        # Complement: the total shown only if no row's days are hidden.
        totals = summary["totals"]
        assert isinstance(totals, dict)
        if totals["cluster_days"] is not None:
            assert all(row["cluster_days"] is not None for row in shown), table


# ------------------------------------------- property test: episodes, income, cost, surplus

#: Every cluster code of the shipped reference set (9 is unused).
CODES = [*range(0, 9), *range(10, 22), 99]
#: Review periods of clusters 11-14 in the shipped reference set (clusters.csv).
REVIEW_DAYS = {11: 365, 12: 365, 13: 365, 14: 28}
BED_DAY = 20.0  # no admitted days below, but a bed-day cost bounds the cost a person


def _priced(rows: list, prices: list[int], contact: int) -> dict[str, object]:
    """Rows of (team, people, share of the year) in clusters 11-14 at per-day prices."""
    price = {11 + i: p for i, p in enumerate(prices)}
    return {
        "caseload": [
            {"team": team, "cluster": 11 + i, "service_users": people,
             "cluster_days": math.floor(people * 366 * share), "admitted_days": 0}
            for i, (team, people, share) in enumerate(rows)
        ],
        "tariff": [["cluster", "price", "unit"], *[[c, price.get(c, 1), "per_day"] for c in CODES]],
        "packages": [["cluster", "resource", "quantity", "per"],
                     *[[c, "contact", 1, "day"] for c in CODES]],
        "unit_costs": [["resource", "unit_cost"], ["inpatient_bed_day", BED_DAY],
                       ["contact", contact]],
    }  # fmt: skip


def _most(prices: dict[int, int], contact: int) -> dict[int, dict[str, float]]:
    """Each cluster's m, worked out here from the tariff as a reader would."""
    return {
        c: {"episodes": 366 / REVIEW_DAYS[c], "income": 366.0 * p, "surplus": 366.0 * p,
            "cost": 366 * max(contact, BED_DAY)}
        for c, p in prices.items()
    }  # fmt: skip


def _negative(value: object) -> bool:
    return isinstance(value, int | float) and value < 0


def _floor_above(value: object, half: float, most: float, people: object) -> bool:
    """Whether a shown value ± ``half`` puts a floor above its count's fewest − 1."""
    if not isinstance(people, int) or people <= 0 or not isinstance(value, int | float):
        return False
    return abs(value) - half > most * (POLICY.fewest_behind(people) - 1) + 1e-6


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    caseloads,
    st.lists(st.integers(min_value=1, max_value=60), min_size=4, max_size=4),
    st.integers(min_value=1, max_value=60),
)
def test_no_published_total_narrows_its_count(
    tmp_path: Path, rows: list, prices: list[int], contact: int
) -> None:
    tmp = Path(tempfile.mkdtemp(dir=tmp_path))
    book = write_xlsx(tmp / "in.xlsx", _priced(rows, prices, contact))
    out = tmp / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    money = summary["disclosure"]["money_rounding_base"] / 2
    half = {"episodes": 2.5, "income": money, "cost": money, "surplus": money}
    most = _most({11 + i: p for i, p in enumerate(prices[: len(rows)])}, contact)
    clusters = summary["clusters"]
    team_of = {11 + i: team for i, (team, _, _) in enumerate(rows)}
    teams = summary.get("teams") or []
    covered = [  # each published row with the clusters it covers, directly checked
        *((r, [r["cluster"]]) for r in clusters),
        *((r, [r["cluster"]]) for r in summary.get("team_clusters") or []),
        *((r, [c for c, t in team_of.items() if t == r["team"]]) for r in teams),
        *((r, list(team_of)) for r in summary["superclasses"]),  # 11-14: all psychosis
    ]  # fmt: skip
    for row, codes in covered:  # directly, beside the row's own count
        for key, h in half.items():
            if key not in row:
                continue
            side = "cost" if key == "surplus" and _negative(row[key]) else key  # a deficit
            m = max(most[c][side] for c in codes)
            assert not _floor_above(row[key], h, m, row["service_users"]), (key, row)
    for key, h in half.items():  # by difference: the total less the clusters shown
        total = summary["totals"].get(key)
        hidden = [r for r in clusters if r[key] is None]
        if key == "episodes" or not isinstance(total, int | float) or not hidden:
            continue
        shown = [r[key] for r in clusters if r[key] is not None]
        rest = total - sum(shown) - (1 + len(shown)) * h
        fewest = sum(
            POLICY.fewest_behind(r["service_users"]) if isinstance(r["service_users"], int) else 1
            for r in hidden
        )
        m = max(most[r["cluster"]][key] for r in hidden)
        assert rest <= m * max(fewest - 1, 0) + 1e-6, (key, total, shown)
