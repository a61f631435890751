"""Checks on the shipped reference set ``tariffs/illustrative-2014-15`` (methodology §1, §3, §2).

These read the CSV files directly with pandas, so they guard the data itself, whatever
the loader in ``pbrkit.reference`` does with it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

SET_DIR = Path(__file__).parents[1] / "tariffs" / "illustrative-2014-15"

PAYABLE = [*range(0, 9), *range(10, 22), 99]
ALL_CODES = [*range(0, 22), 99]

# docs/methodology.md §1: superclass and review period (days) per cluster code.
SUPERCLASS = {
    0: "variance",
    **dict.fromkeys(range(1, 9), "non-psychotic"),
    9: "unused",
    **dict.fromkeys(range(10, 18), "psychosis"),
    **dict.fromkeys(range(18, 22), "organic"),
    99: "not assessed",
}
REVIEW_DAYS = {
    **dict.fromkeys([14, 15], 28),
    1: 84,
    2: 105,
    **dict.fromkeys([0, 3, 4, 5, 6, 16, 17, 19, 20, 21], 182),
    **dict.fromkeys([7, 8, 10, 11, 12, 13, 18], 365),
}

# docs/methodology.md: 2014/15 national average cost per admitted / non-admitted day.
ADMITTED_RANGE = (324.0, 396.0)
NON_ADMITTED_RANGE = (3.4, 37.3)

TARIFF_UNITS = {"per_day", "per_episode", "per_year"}
PACKAGE_PERS = {"day", "week", "episode", "year"}
UNIT_COST_STATUSES = {"sourced", "illustrative"}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(SET_DIR / name, encoding="utf-8")


@pytest.fixture(scope="module")
def clusters() -> pd.DataFrame:
    return _read("clusters.csv")


@pytest.fixture(scope="module")
def tariff() -> pd.DataFrame:
    return _read("tariff.csv")


@pytest.fixture(scope="module")
def unit_costs() -> pd.DataFrame:
    return _read("unit_costs.csv")


@pytest.fixture(scope="module")
def packages() -> pd.DataFrame:
    return _read("packages.csv")


def _period_days(per: pd.Series, review_days: pd.Series) -> pd.Series:
    fixed = per.map({"day": 1.0, "week": 7.0, "year": 365.0})
    return fixed.where(per != "episode", review_days)


# --- headers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("clusters.csv", ["code", "name", "superclass", "review_days", "role", "spellings"]),
        ("tariff.csv", ["cluster", "price", "unit", "admitted_day_price", "basis", "status"]),
        ("unit_costs.csv", ["resource", "unit_cost", "unit", "price_year", "source", "status"]),
        ("packages.csv", ["cluster", "resource", "quantity", "per", "note"]),
    ],
)
def test_csv_columns(name: str, columns: list[str]) -> None:
    assert list(_read(name).columns) == columns


def test_set_toml_says_illustrative() -> None:
    meta = tomllib.loads((SET_DIR / "set.toml").read_text(encoding="utf-8"))
    assert meta["name"] == "illustrative-2014-15" == SET_DIR.name
    assert meta["status"] == "illustrative"
    assert meta["price_year"] == "2014/15"
    assert meta["title"].strip()
    assert "not an official tariff" in meta["description"].lower()


# --- clusters.csv ----------------------------------------------------------------------


def test_cluster_codes_and_superclasses(clusters: pd.DataFrame) -> None:
    assert sorted(clusters["code"]) == ALL_CODES
    assert dict(zip(clusters["code"], clusters["superclass"], strict=True)) == SUPERCLASS
    assert clusters["name"].str.strip().ne("").all()


def test_review_days(clusters: pd.DataFrame) -> None:
    review = clusters.set_index("code")["review_days"]
    assert review[[9, 99]].isna().all()
    assert review.drop([9, 99]).astype(int).to_dict() == REVIEW_DAYS


# --- tariff.csv ------------------------------------------------------------------------


def test_every_payable_cluster_has_one_tariff_row(tariff: pd.DataFrame) -> None:
    assert sorted(tariff["cluster"]) == PAYABLE
    assert not tariff["cluster"].duplicated().any()


def test_tariff_units(tariff: pd.DataFrame) -> None:
    assert set(tariff["unit"]) <= TARIFF_UNITS
    assert tariff.set_index("cluster").loc[99, "unit"] == "per_day"  # 99 has no review period
    assert (tariff["price"] > 0).all()


def test_admitted_day_prices_in_2014_15_range(tariff: pd.DataFrame) -> None:
    lo, hi = ADMITTED_RANGE
    assert tariff["admitted_day_price"].notna().all()
    assert tariff["admitted_day_price"].between(lo, hi).all()


def test_community_day_equivalent_prices_in_2014_15_range(
    tariff: pd.DataFrame, clusters: pd.DataFrame
) -> None:
    review = tariff["cluster"].map(clusters.set_index("code")["review_days"])
    divisor = tariff["unit"].map({"per_day": 1.0, "per_year": 365.0})
    divisor = divisor.where(tariff["unit"] != "per_episode", review)
    day_price = tariff["price"] / divisor
    lo, hi = NON_ADMITTED_RANGE
    outside = tariff.loc[~day_price.between(lo, hi), "cluster"].tolist()
    assert not outside, f"day-equivalent price outside £{lo}-£{hi} for clusters {outside}"


def test_tariff_rows_are_all_illustrative_with_a_basis(tariff: pd.DataFrame) -> None:
    assert (tariff["status"] == "illustrative").all()
    assert tariff["basis"].fillna("").str.strip().ne("").all()


# --- unit_costs.csv --------------------------------------------------------------------


def test_unit_costs_resources(unit_costs: pd.DataFrame) -> None:
    resources = unit_costs["resource"]
    assert not resources.duplicated().any()
    assert resources.map(lambda r: re.fullmatch(r"[a-z][a-z0-9_]*", r) is not None).all()
    required = {
        "care_coordination_hour",
        "psychiatrist_hour",
        "psychology_hour",
        "crisis_contact",
        "support_work_hour",
        "cbt_session",
        "outpatient_psychiatry_attendance",
        "inpatient_bed_day",
    }
    assert required <= set(resources)
    assert (unit_costs["unit_cost"] > 0).all()


def test_inpatient_bed_day_is_a_2014_15_admitted_day_cost(unit_costs: pd.DataFrame) -> None:
    bed_day = unit_costs.set_index("resource").loc["inpatient_bed_day", "unit_cost"]
    assert ADMITTED_RANGE[0] <= bed_day <= ADMITTED_RANGE[1]


def test_unit_costs_have_status_source_and_price_year(unit_costs: pd.DataFrame) -> None:
    assert set(unit_costs["status"]) <= UNIT_COST_STATUSES
    for column in ("source", "price_year", "unit"):
        assert unit_costs[column].fillna("").astype(str).str.strip().ne("").all(), column
    sourced = unit_costs[unit_costs["status"] == "sourced"]
    assert sourced["source"].str.contains("https://").all()


# --- packages.csv ----------------------------------------------------------------------


def test_every_payable_cluster_has_a_package(packages: pd.DataFrame) -> None:
    assert set(packages["cluster"]) == set(PAYABLE)


def test_package_rows_are_valid(packages: pd.DataFrame, unit_costs: pd.DataFrame) -> None:
    assert set(packages["per"]) <= PACKAGE_PERS
    assert (packages["quantity"] > 0).all()
    assert not packages.duplicated(["cluster", "resource", "per"]).any()
    missing = set(packages["resource"]) - set(unit_costs["resource"])
    assert not missing, f"package resources without a unit cost: {sorted(missing)}"


def test_packages_hold_no_bed_days_and_99_has_no_episode_rows(packages: pd.DataFrame) -> None:
    # Admitted days are costed separately at inpatient_bed_day (docs/methodology.md §2).
    assert "inpatient_bed_day" not in set(packages["resource"])
    # Cluster 99 has no review period, so "per episode" would be undefined.
    assert not ((packages["cluster"] == 99) & (packages["per"] == "episode")).any()


# --- SOURCES.md ------------------------------------------------------------------------


def test_sources_md_flags_illustrative_and_covers_every_resource(
    unit_costs: pd.DataFrame,
) -> None:
    text = (SET_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "ILLUSTRATIVE" in text
    assert "PROFILES.md" in text
    missing = [r for r in unit_costs["resource"] if f"`{r}`" not in text]
    assert not missing, f"resources not documented in SOURCES.md: {missing}"


# --- calibration on the typical year (docs/typical-year.md) ----------------------------

# cluster: (people, cluster days per person, admitted days per person)
TYPICAL_YEAR = {
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


@pytest.fixture(scope="module")
def typical_margins(
    clusters: pd.DataFrame,
    tariff: pd.DataFrame,
    unit_costs: pd.DataFrame,
    packages: pd.DataFrame,
) -> pd.DataFrame:
    """Income, cost and margin per cluster on the typical year, by docs/methodology.md §2."""
    review = clusters.set_index("code")["review_days"]
    costs = unit_costs.set_index("resource")["unit_cost"]
    shape = pd.DataFrame.from_dict(
        TYPICAL_YEAR, orient="index", columns=["people", "days", "admitted"]
    )
    days = shape["people"] * shape["days"]
    admitted = shape["people"] * shape["admitted"]

    t = tariff.set_index("cluster").loc[shape.index]
    divisor = t["unit"].map({"per_day": 1.0, "per_year": 365.0})
    divisor = divisor.where(t["unit"] != "per_episode", review.loc[shape.index])
    income = t["price"] * days / divisor + t["admitted_day_price"] * admitted

    period = _period_days(packages["per"], packages["cluster"].map(review))
    per_day = packages["quantity"] * packages["resource"].map(costs) / period
    k = per_day.groupby(packages["cluster"]).sum().loc[shape.index]
    cost = k * (days - admitted) + costs["inpatient_bed_day"] * admitted
    return pd.DataFrame({"income": income, "cost": cost, "margin": (income - cost) / income})


def test_typical_year_totals_roughly_balance(typical_margins: pd.DataFrame) -> None:
    income, cost = typical_margins["income"].sum(), typical_margins["cost"].sum()
    assert abs(income - cost) / income <= 0.05


def test_typical_year_low_severity_clusters_make_a_surplus(typical_margins: pd.DataFrame) -> None:
    margins = typical_margins.loc[[1, 2, 3, 4, 11, 18], "margin"]
    assert margins.between(0.10, 0.35).all(), margins.to_dict()


def test_typical_year_complex_clusters_lose_money(typical_margins: pd.DataFrame) -> None:
    margins = typical_margins.loc[[8, 13, 14, 16, 17, 20, 21], "margin"]
    assert margins.between(-0.40, -0.10).all(), margins.to_dict()


def test_typical_year_other_clusters_near_break_even(typical_margins: pd.DataFrame) -> None:
    others = typical_margins.drop([1, 2, 3, 4, 11, 18, 8, 13, 14, 16, 17, 20, 21])
    assert others["margin"].abs().max() <= 0.10, others["margin"].to_dict()
