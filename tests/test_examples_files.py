"""The shipped example workbooks: shape, plausibility, and that the script remakes them."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CLUSTERS = EXAMPLES / "clusters.xlsx"
RATINGS = EXAMPLES / "ratings.xlsx"

ITEMS = [str(i) for i in range(1, 14)] + ["A", "B", "C", "D", "E"]
PAYABLE = set(range(22)) - {9} | {99}


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(path, sheet_name=None, engine="calamine")


@pytest.fixture(scope="module")
def clusters() -> dict[str, pd.DataFrame]:
    return _read(CLUSTERS)


@pytest.fixture(scope="module")
def ratings() -> pd.DataFrame:
    return _read(RATINGS)["ratings"]


def test_clusters_sheets_and_columns(clusters: dict[str, pd.DataFrame]) -> None:
    assert list(clusters) == ["caseload", "nhs", "bidders", "lots", "About"]
    expected = {
        "caseload": [
            "team",
            "cluster",
            "service_users",
            "cluster_days",
            "admitted_days",
            "episodes",
            "cost_cv",
        ],
        "nhs": ["pool", "amount", "kind", "shed_rate"],
        "bidders": [
            "name",
            "cost_factor",
            "info_quality",
            "hurdle_margin",
            "capacity",
            "clusters",
            "screening",
            "risk_aversion",
            "quality_score",
        ],
        "lots": ["name", "clusters", "accept_all", "award", "price_weight", "cost_sharing"],
    }
    for sheet, columns in expected.items():
        assert set(columns) <= set(clusters[sheet].columns), sheet
    assert not {"tariff", "packages", "unit_costs"} & set(clusters)


def test_about_sheets_say_synthetic(clusters: dict[str, pd.DataFrame]) -> None:
    for about in (clusters["About"], _read(RATINGS)["About"]):
        text = " ".join(str(v) for v in [*about.columns, *about.iloc[:, 0].dropna()])
        assert "SYNTHETIC" in text
        assert "make_examples.py" in text


def test_caseload_is_plausible(clusters: dict[str, pd.DataFrame]) -> None:
    caseload = clusters["caseload"]
    codes = set(caseload["cluster"])
    assert codes == PAYABLE  # every payable cluster, never 9
    assert 8_000 <= caseload["service_users"].sum() <= 12_000
    assert (caseload["admitted_days"] <= caseload["cluster_days"]).all()
    assert (caseload["cluster_days"] <= caseload["service_users"] * 365).all()
    for column in ("service_users", "cluster_days", "admitted_days"):
        assert (caseload[column] % 1 == 0).all(), column
    assert caseload["cluster"].duplicated().any()  # some clusters split over teams
    episodes = caseload["episodes"]
    assert 0 < episodes.notna().sum() < len(caseload) / 2
    assert caseload.groupby("cluster")["cost_cv"].nunique().eq(1).all()
    assert caseload["cost_cv"].between(0.3, 2.0).all()


def test_caseload_follows_typical_year(clusters: dict[str, pd.DataFrame]) -> None:
    script = _load_script()
    per_cluster = clusters["caseload"].groupby("cluster")[["service_users", "cluster_days"]].sum()
    for cluster, (people, days_pp, _) in script.TYPICAL_YEAR.items():
        row = per_cluster.loc[cluster]
        assert row["service_users"] == pytest.approx(people, rel=0.3), cluster
        assert row["cluster_days"] / row["service_users"] == pytest.approx(days_pp, rel=0.3)


def test_script_table_matches_typical_year_doc() -> None:
    script = _load_script()
    doc = (ROOT / "docs" / "typical-year.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\|\s*(\d+)" + r"\s*\|\s*([\d.]+)" * 3 + r"\s*\|", doc, re.M)
    table = {int(c): (float(p), float(d), float(a)) for c, p, d, a in rows}
    assert table == {c: tuple(map(float, v)) for c, v in script.TYPICAL_YEAR.items()}


def test_nhs_pools(clusters: dict[str, pd.DataFrame]) -> None:
    nhs = clusters["nhs"]
    assert set(nhs["kind"]) == {"variable", "fixed"}
    assert nhs["shed_rate"].between(0, 1).all()
    assert 40e6 <= nhs["amount"].sum() <= 60e6
    statutory = nhs[nhs["pool"].str.contains("AMHP")]
    assert len(statutory) == 1
    assert statutory["shed_rate"].iloc[0] == 0
    assert "22.5" in statutory["note"].iloc[0]


def test_bidders_and_lots(clusters: dict[str, pd.DataFrame]) -> None:
    bidders, lots = clusters["bidders"], clusters["lots"]
    assert set(bidders["screening"]) <= {"yes", "no"}
    assert bidders["capacity"].min() <= 200  # the small voluntary-sector provider
    assert set(lots["accept_all"]) <= {"yes", "no"}
    assert set(lots["award"]) <= {"fixed_tariff", "competitive"}
    for text in [*bidders["clusters"], *lots["clusters"]]:
        assert re.fullmatch(r"\d+(-\d+)?(, \d+(-\d+)?)*", text), text
        assert "9" not in re.split(r"[-, ]+", text)


def test_ratings_shape_and_values(ratings: pd.DataFrame) -> None:
    required = ["patient_id", *ITEMS, "item8_type", "cluster", "days", "admitted_days", "cost"]
    assert {*required, "age", "mha_detained"} <= set(ratings.columns)
    assert 1_800 <= len(ratings) <= 2_200
    values = ratings[ITEMS].stack(future_stack=True)
    assert set(values.dropna().unique()) <= {0, 1, 2, 3, 4, 9}
    assert values.isna().any()
    assert (values == 9).any()
    unknown = (ratings[ITEMS].isna() | ratings[ITEMS].eq(9)).sum(axis=1)
    assert 3 <= (unknown > 2).sum() <= 50  # a handful not properly assessed
    assert set(ratings["cluster"]) <= PAYABLE
    assert (ratings["admitted_days"] <= ratings["days"]).all()
    assert ratings["days"].between(1, 366).all()
    assert (ratings["cost"] > 0).all()
    assert set(ratings["mha_detained"]) == {"yes", "no"}


def test_ratings_ids_are_text(ratings: pd.DataFrame) -> None:
    ids = ratings["patient_id"]
    assert ids.is_unique
    assert all(isinstance(i, str) for i in ids)
    assert ids.str.fullmatch(r"P\d{6}").sum() > 1_900
    assert ids.str.fullmatch(r"0\d{5}").any()  # leading zeros kept


def test_item8_type_only_when_item8_rated(ratings: pd.DataFrame) -> None:
    types = ratings["item8_type"]
    item8 = ratings["8"]
    assert set(types.dropna()) <= set("ABCDEFGHIJ")
    assert types[item8 == 0].isna().all()
    assert types[item8.between(1, 4)].notna().all()


def test_clinicians_disagree_realistically() -> None:
    script = _load_script()
    frame = script.build()["ratings"]["ratings"]
    agreement = (frame["cluster"] == frame["latent_cluster"]).mean()
    assert 0.55 <= agreement <= 0.70


@pytest.mark.parametrize("name", ["clusters", "ratings"])
def test_generator_reproduces_committed_files(name: str, tmp_path: Path) -> None:
    script = _load_script()
    written = script.main(tmp_path)
    fresh, committed = _read(written[name]), _read(EXAMPLES / f"{name}.xlsx")
    assert list(fresh) == list(committed)
    for sheet in committed:
        pd.testing.assert_frame_equal(fresh[sheet], committed[sheet], obj=f"{name}:{sheet}")
