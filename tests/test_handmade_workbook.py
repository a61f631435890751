"""`pbrkit cost` on a workbook made by hand, checked against a calculation made by hand.

tests/data/handmade/README.md works every figure out step by step (k per cluster,
each row's income and cost, cluster sums, superclasses, totals). The numbers below
are those of the README; a test checks that the two agree, so neither drifts.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

HERE = Path(__file__).resolve().parent / "data" / "handmade"
WORKBOOK = HERE / "handmade.xlsx"
README = HERE / "README.md"
REL = 1e-9

# Per cluster (README step 3). Income, cost and surplus in £.
CLUSTERS: dict[int, dict[str, Any]] = {
    # 2: rows 100,800 + 29,400 (E = 35 given); cost 5 × (12,600 + 4,200) = 84,000
    2: {"superclass": "non-psychotic", "service_users": 150, "cluster_days": 16_800,
        "admitted_days": 0, "episodes": 120 + 35, "income": 130_200, "cost": 84_000,
        "surplus": 46_200, "margin": 46_200 / 130_200, "cost_source": "modelled"},
    # 7: income 254,000 + 109,500; cost 141,500 (modelled) + 52,500 (actual, "£52,500.00")
    7: {"superclass": "non-psychotic", "service_users": 60, "cluster_days": 21_900,
        "admitted_days": 100, "episodes": 40 + 20, "income": 363_500, "cost": 194_000,
        "surplus": 169_500, "margin": 169_500 / 363_500, "cost_source": "mixed"},
    # 12: income 109,500 + 153,300 + 175,200; cost 118,625 + 166,075 + 188,705
    12: {"superclass": "psychosis", "service_users": 70, "cluster_days": 25_550,
         "admitted_days": 365, "episodes": 25 + 35 + 10, "income": 438_000, "cost": 473_405,
         "surplus": -35_405, "margin": -35_405 / 438_000, "cost_source": "modelled"},
    # 15: income 50,400 + 193,200; cost 71,820 + 191,940
    15: {"superclass": "psychosis", "service_users": 60, "cluster_days": 2_100,
         "admitted_days": 420, "episodes": 45 + 30, "income": 243_600, "cost": 263_760,
         "surplus": -20_160, "margin": -20_160 / 243_600, "cost_source": "modelled"},
    # 20: income 21 × 9,100 (no admitted supplement); cost 98,280 + 80,800
    20: {"superclass": "organic", "service_users": 50, "cluster_days": 9_100,
         "admitted_days": 40, "episodes": 30 + 20, "income": 191_100, "cost": 179_080,
         "surplus": 12_020, "margin": 12_020 / 191_100, "cost_source": "modelled"},
}  # fmt: skip

# README step 5.
TOTALS = {
    "income": 1_366_400,  # 130,200 + 363,500 + 438,000 + 243,600 + 191,100
    "cost": 1_194_245,  # 84,000 + 194,000 + 473,405 + 263,760 + 179,080
    "surplus": 172_155,  # 1,366,400 − 1,194,245
    "cross_subsidy": 227_720,  # 46,200 + 169,500 + 12,020
    "loss": 55_565,  # 35,405 + 20,160
    "service_users": 390,
    "cluster_days": 75_450,
    "admitted_days": 925,
    "loss_making_clusters": 2,  # clusters 12 (−35,405) and 15 (−20,160)
}

# README step 4.
SUPERCLASSES = {
    "non-psychotic": {"service_users": 210, "cluster_days": 38_700, "admitted_days": 100,
                      "income": 493_700, "cost": 278_000, "surplus": 215_700},
    "psychosis": {"service_users": 130, "cluster_days": 27_650, "admitted_days": 785,
                  "income": 681_600, "cost": 737_165, "surplus": -55_565},
    "organic": {"service_users": 50, "cluster_days": 9_100, "admitted_days": 40,
                "income": 191_100, "cost": 179_080, "surplus": 12_020},
}  # fmt: skip


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("handmade") / "out"
    result = CliRunner().invoke(cli, ["cost", str(WORKBOOK), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), out


@pytest.fixture(scope="module")
def summary(run: tuple[dict[str, Any], Path]) -> dict[str, Any]:
    return run[0]


def test_json_on_stdout_is_the_summary_file(run: tuple[dict[str, Any], Path]) -> None:
    printed, out = run
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == printed
    assert {p.name for p in out.iterdir()} >= {"summary.json", "report.xlsx", "report.html"}


def test_clusters_match_the_hand_calculation(summary: dict[str, Any]) -> None:
    got = {c["cluster"]: c for c in summary["clusters"]}
    assert list(got) == [2, 7, 12, 15, 20]
    for code, expected in CLUSTERS.items():
        for key, value in expected.items():
            if isinstance(value, str):
                assert got[code][key] == value, (code, key)
            else:
                assert got[code][key] == pytest.approx(value, rel=REL), (code, key)


def test_totals_match_the_hand_calculation(summary: dict[str, Any]) -> None:
    assert summary["totals"] == pytest.approx(TOTALS, rel=REL)
    assert summary["loss_making"] == [12, 15]  # largest loss first
    assert summary["unpriced"] == []
    (year0,) = summary["projection"]
    assert year0["financial_year"] == "2024/25"
    assert year0["income"] == pytest.approx(TOTALS["income"], rel=REL)
    assert year0["cost"] == pytest.approx(TOTALS["cost"], rel=REL)


def test_superclasses_match_the_hand_calculation(summary: dict[str, Any]) -> None:
    got = {s["superclass"]: s for s in summary["superclasses"]}
    assert set(got) == set(SUPERCLASSES)
    for name, expected in SUPERCLASSES.items():
        for key, value in expected.items():
            assert got[name][key] == pytest.approx(value, rel=REL), (name, key)


def test_provenance(summary: dict[str, Any]) -> None:
    assert summary["command"] == "pbrkit cost"
    assert [Path(i["path"]).name for i in summary["inputs"]] == ["handmade.xlsx"]
    assert summary["reference"]["name"] == "illustrative-2014-15"


# --- the README and this file agree --------------------------------------------------------


def _number(text: str) -> float:
    """``1,366,400`` → 1366400; ``−35,405/438,000`` → the quotient."""
    parts = [float(p.replace("−", "-").replace(",", "").strip()) for p in text.split("/")]
    return parts[0] / parts[1] if len(parts) == 2 else parts[0]


def _table(heading: str) -> list[dict[str, str]]:
    """The first Markdown table after ``heading`` in the README, as dicts by column name."""
    lines = README.read_text(encoding="utf-8").split(heading, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows: list[list[str]] = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    header, body = rows[0], rows[2:]  # rows[1] is the |---| separator
    return [dict(zip(header, r, strict=True)) for r in body]


def test_readme_clusters_agree_with_this_test() -> None:
    rows = _table("## Step 3")
    names = {
        "people": "service_users",
        "cluster days": "cluster_days",
        "admitted days": "admitted_days",
        "episodes": "episodes",
        "income": "income",
        "cost": "cost",
        "surplus": "surplus",
        "margin": "margin",
    }
    assert [int(r["cluster"]) for r in rows] == list(CLUSTERS)
    for row in rows:
        expected = CLUSTERS[int(row["cluster"])]
        assert row["superclass"] == expected["superclass"]
        assert row["cost source"] == expected["cost_source"]
        for column, key in names.items():
            assert _number(row[column]) == pytest.approx(expected[key], rel=REL), column


def test_readme_totals_and_superclasses_agree_with_this_test() -> None:
    totals = {r["figure"]: _number(r["value"]) for r in _table("## Step 5")}
    assert totals == pytest.approx(TOTALS, rel=REL)
    rows = _table("## Step 4")
    assert [r["superclass"] for r in rows] == list(SUPERCLASSES)
    for row in rows:
        expected = SUPERCLASSES[row["superclass"]]
        assert _number(row["income"]) == pytest.approx(expected["income"], rel=REL)
        assert _number(row["cost"]) == pytest.approx(expected["cost"], rel=REL)
        assert _number(row["surplus"]) == pytest.approx(expected["surplus"], rel=REL)
        assert _number(row["people"]) == expected["service_users"]


def _result(cell: str) -> float:
    """``5 × 12,600 = 63,000`` → 63000; ``52,500 (actual)`` → 52500."""
    return _number(cell.split("=")[-1].split("(")[0])


def test_readme_rows_sum_to_the_cluster_figures() -> None:
    # Step 2's per-row results (last term of each cell) add up to step 3's clusters.
    frame = pd.DataFrame(_table("## Step 2"))
    frame["cluster"] = frame["cluster"].astype(int)
    for column in ("income", "cost used"):
        frame[column] = frame[column].map(_result)
    sums = frame.groupby("cluster")[["income", "cost used"]].sum()
    for code, expected in CLUSTERS.items():
        assert sums.loc[code, "income"] == pytest.approx(expected["income"], rel=REL)
        assert sums.loc[code, "cost used"] == pytest.approx(expected["cost"], rel=REL)


# --- the checked-in workbook is what make.py writes -------------------------------------------


def test_make_py_rewrites_the_checked_in_workbook(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("handmade_make", HERE / "make.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    remade = tmp_path / "handmade.xlsx"
    module.write(remade)
    old = pd.read_excel(WORKBOOK, sheet_name=None, header=None, engine="calamine")
    new = pd.read_excel(remade, sheet_name=None, header=None, engine="calamine")
    assert list(old) == list(new) == ["Caseload", "Tariff", "Packages", "Unit Costs"]
    for name in old:
        pd.testing.assert_frame_equal(old[name], new[name], check_exact=True)
