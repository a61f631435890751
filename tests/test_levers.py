"""What-if levers (docs/methodology.md §2): tariff and cost changes, efficiency, and a
partial local tariff completed from the reference prices, worked by hand.

The three-cluster case is test_costing's (its module docstring has the arithmetic):

    cluster  income    cost      (cost = k·(D − A) + b·A)
    4        91,000    63,700    k4 = 7,   D = 9,100
    11       146,000   109,500   k11 = 7.5, D = 14,600
    14       63,000    80,500    k14 = 35, D = 840, A = 140, b = 400:
                                 35 × 700 = 24,500 community + 400 × 140 = 56,000 admitted
    total    300,000   253,700
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.cli import cli
from pbrkit.costing import CostingOptions, cost_caseload, project_years
from pbrkit.errors import InputError
from pbrkit.io.fallback import complete_tariff
from pbrkit.levers import (
    Change,
    Levers,
    apply_levers,
    factors,
    parse_change,
    parse_changes,
    parse_share,
    what_if_rows,
)
from pbrkit.reference import ReferenceSet, load_reference_set
from test_costing import make_inputs

REL = 1e-12
ROOT = Path(__file__).resolve().parents[1]


# --- parsing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5%", Change(0.05)),
        ("5 %", Change(0.05)),
        ("-2.5%", Change(-0.025)),
        ("0.05", Change(0.05)),
        ("-100%", Change(-1.0)),
        ("13=10%", Change(0.10, 13)),
        ("C13=10%", Change(0.10, 13)),
        ("99=-5%", Change(-0.05, 99)),
    ],
)
def test_parse_change(text: str, expected: Change) -> None:
    assert parse_change(text, "--tariff-change") == expected


def test_percent_is_read_as_written() -> None:
    # 1.1 / 100 in binary floating point is 0.011000000000000001; the lever is 0.011.
    assert parse_share("1.1%", "--efficiency", low=0, high=0.99) == 0.011


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("abc%", "cannot read 'abc%'"),
        ("1e999", "a finite number"),
        ("1e999%", "a finite number"),
        ("-101%", "a change from -100% to 1000%"),
        ("9=5%", "a cluster code"),
        ("22=5%", "a cluster code"),
        ("x=5%", "a cluster code"),
        ("13=", "cannot read"),
        ("nan", "cannot read"),
        ("inf%", "cannot read"),
    ],
)
def test_bad_change_is_one_problem(text: str, says: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_change(text, "--tariff-change")
    assert len(caught.value.problems) == 1
    assert says in str(caught.value)
    assert "--tariff-change 13=10%" in str(caught.value)  # how to fix it


def test_a_cluster_given_twice_is_an_error() -> None:
    with pytest.raises(InputError, match="cluster 13"):
        parse_changes(["13=5%", "C13=6%"], "--tariff-change")
    with pytest.raises(InputError, match="every code"):
        parse_changes(["5%", "6%"], "--tariff-change")


def test_per_cluster_change_wins_over_the_all_cluster_one() -> None:
    changes = parse_changes(["5%", "13=10%"], "--tariff-change")
    # Replaces, never compounds: cluster 13 × 1.10, not × 1.05 × 1.10.
    assert factors(changes, [4, 13]) == {4: 1.05, 13: 1.10}
    assert factors(parse_changes(["13=10%"], "--cost-change"), [4, 13]) == {4: 1.0, 13: 1.10}


# --- tariff change: hand-worked on three clusters -------------------------------------


def test_five_percent_tariff_change_on_three_clusters(ref: ReferenceSet) -> None:
    inputs = apply_levers(make_inputs(ref), Levers(tariff=(Change(0.05),)))
    result = cost_caseload(inputs)
    c = result.clusters
    # cluster 4:  £10 × 1.05 = £10.50 per day × 9,100 = 95,550 (= 91,000 × 1.05)
    # cluster 11: £3,650 × 1.05 = £3,832.50 per year × 14,600 / 365 = 153,300
    # cluster 14: (£700 × 30 + £300 × 140) × 1.05 = (21,000 + 42,000) × 1.05 = 66,150
    #   (the admitted-day price moves with the price)
    assert c["income"].to_dict() == pytest.approx({4: 95_550, 11: 153_300, 14: 66_150}, rel=REL)
    # total 95,550 + 153,300 + 66,150 = 315,000 = 300,000 × 1.05; cost unchanged 253,700
    assert result.totals["income"] == pytest.approx(315_000, rel=REL)
    assert result.totals["cost"] == pytest.approx(253_700, rel=REL)
    # surplus 315,000 − 253,700 = 61,300
    assert result.totals["surplus"] == pytest.approx(61_300, rel=REL)


def test_one_cluster_tariff_change_beside_an_all_cluster_one(ref: ReferenceSet) -> None:
    levers = Levers(tariff=(Change(0.05), Change(-0.10, 14)))
    c = cost_caseload(apply_levers(make_inputs(ref), levers)).clusters
    # 4 and 11 × 1.05 as above; 14 × 0.90 alone: 63,000 × 0.9 = 56,700
    assert c["income"].to_dict() == pytest.approx({4: 95_550, 11: 153_300, 14: 56_700}, rel=REL)


def test_cost_change_on_three_clusters(ref: ReferenceSet) -> None:
    levers = Levers(cost=(Change(-0.10), Change(0.20, 11)))
    c = cost_caseload(apply_levers(make_inputs(ref), levers)).clusters
    # every unit cost × 0.9: cluster 4 63,700 × 0.9 = 57,330;
    # cluster 14 (24,500 + 56,000) × 0.9 = 72,450
    # cluster 11's own +20% replaces the −10%: 109,500 × 1.2 = 131,400
    assert c["cost"].to_dict() == pytest.approx({4: 57_330, 11: 131_400, 14: 72_450}, rel=REL)
    # income unchanged
    assert c["income"].to_dict() == pytest.approx({4: 91_000, 11: 146_000, 14: 63_000}, rel=REL)


def test_one_cluster_cost_change_leaves_the_shared_bed_day(ref: ReferenceSet) -> None:
    levers = Levers(cost=(Change(0.10, 14),))
    c = cost_caseload(apply_levers(make_inputs(ref), levers)).clusters
    # cluster 14: community 35 × 1.1 × 700 = 26,950; admitted 400 × 140 = 56,000 (the bed
    # day is one unit cost all clusters share) → 82,950. Others unchanged.
    assert c["cost"].to_dict() == pytest.approx({4: 63_700, 11: 109_500, 14: 82_950}, rel=REL)


def test_a_cluster_keeps_its_own_change_after_minus_100_for_all(ref: ReferenceSet) -> None:
    levers = Levers(cost=(Change(-1.0), Change(0.10, 11)))
    c = cost_caseload(apply_levers(make_inputs(ref), levers)).clusters
    # every cost × 0, but cluster 11's own +10%: 109,500 × 1.1 = 120,450; cluster 14's
    # admitted days at the shared bed day × 0 = 0
    assert c["cost"].to_dict() == pytest.approx({4: 0, 11: 120_450, 14: 0}, rel=REL)


def test_cost_change_applies_to_actual_costs(ref: ReferenceSet) -> None:
    rows = [
        {"cluster": 4, "service_users": 50, "cluster_days": 9_100, "actual_cost": 60_000},
        {"cluster": 11, "service_users": 40, "cluster_days": 14_600, "actual_cost": 100_000},
    ]
    levers = Levers(cost=(Change(0.05), Change(-0.5, 11)))
    c = cost_caseload(apply_levers(make_inputs(ref, rows), levers)).clusters
    # 60,000 × 1.05 = 63,000; 100,000 × 0.5 = 50,000
    assert c["cost"].to_dict() == pytest.approx({4: 63_000, 11: 50_000}, rel=REL)


@settings(max_examples=40, deadline=None)
@given(share=st.floats(min_value=-1.0, max_value=10.0))
def test_an_all_cluster_change_scales_the_totals(share: float) -> None:
    ref = load_reference_set()
    base = cost_caseload(make_inputs(ref)).totals
    levers = Levers(tariff=(Change(share),), cost=(Change(share),))
    changed = cost_caseload(apply_levers(make_inputs(ref), levers)).totals
    for key in ("income", "cost", "surplus"):
        assert changed[key] == pytest.approx(base[key] * (1 + share), rel=1e-9, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(
    code=st.sampled_from([4, 11, 14]),
    tariff=st.floats(min_value=-1.0, max_value=10.0),
    cost=st.floats(min_value=-1.0, max_value=10.0),
)
def test_a_cluster_change_touches_that_cluster_alone(code: int, tariff: float, cost: float) -> None:
    ref = load_reference_set()
    base = cost_caseload(make_inputs(ref)).clusters
    levers = Levers(tariff=(Change(tariff, code),), cost=(Change(cost, code),))
    changed = cost_caseload(apply_levers(make_inputs(ref), levers)).clusters
    for other in {4, 11, 14} - {code}:
        for column in ("income", "cost"):
            assert changed.loc[other, column] == base.loc[other, column]
    assert changed.loc[code, "income"] == pytest.approx(
        base.loc[code, "income"] * (1 + tariff), rel=1e-9, abs=1e-6
    )
    # Cluster 14's admitted days stay at the shared bed day (56,000 of its 80,500).
    shared = 56_000.0 if code == 14 else 0.0
    expected = (base.loc[code, "cost"] - shared) * (1 + cost) + shared
    assert changed.loc[code, "cost"] == pytest.approx(expected, rel=1e-9, abs=1e-6)


# --- efficiency over three years ---------------------------------------------------


def test_efficiency_over_three_years() -> None:
    options = CostingOptions(years=3, inflation=0.03, efficiency=0.02)
    p = project_years(300_000.0, 253_700.0, options)
    # cost in year t = 253,700 × 1.03^t × 0.98^t
    # t = 0: 253,700
    # t = 1: 253,700 × 1.03 × 0.98 = 253,700 × 1.0094 = 256,084.78
    # t = 2: 256,084.78 × 1.0094 = 256,084.78 + 2,407.196932 = 258,491.976932
    assert p["cost"].tolist() == pytest.approx([253_700, 256_084.78, 258_491.976932], rel=1e-12)
    # income has no deflator: 300,000 each year; surplus = income − cost
    assert p["income"].tolist() == [300_000.0] * 3
    # 300,000 − 253,700 = 46,300; − 256,084.78 = 43,915.22; − 258,491.976932 = 41,508.023068
    assert p["surplus"].tolist() == pytest.approx([46_300, 43_915.22, 41_508.023068], rel=1e-12)


def test_efficiency_alone_is_the_counterpart_of_the_deflator() -> None:
    # cost × (1 − e)^t mirrors income × (1 − d)^t: the same rate, the same path.
    p = project_years(100.0, 100.0, CostingOptions(years=3, deflator=0.011, efficiency=0.011))
    # 100, 98.9, 97.8121 both
    assert p["cost"].tolist() == pytest.approx([100, 98.9, 97.8121], rel=REL)
    assert p["income"].tolist() == pytest.approx(p["cost"].tolist(), rel=REL)


# --- a partial local tariff ----------------------------------------------------------


def test_partial_tariff_falls_back_to_reference_prices(ref: ReferenceSet) -> None:
    local = make_inputs(ref).tariff.loc[[4]]  # prices cluster 4 only
    tariff, fallbacks = complete_tariff(local, ref.tariff, [4, 11, 14])
    # 11 and 14 come from the reference set; an inactive cluster (e.g. 1) is not added.
    assert [f.cluster for f in fallbacks] == [11, 14]
    assert tariff.index.tolist() == [4, 11, 14]
    assert tariff.loc[4, "price"] == 10.0  # the local price stays
    assert tariff.loc[11, "price"] == ref.tariff.loc[11, "price"] == 2372.50
    assert fallbacks[1].price == 700.0 and fallbacks[1].unit == "per_episode"


def _run(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args)


def _book(tmp_path: Path, tariff: str) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n4,50,9100\n11,40,14600\n14,30,840\n"
    )
    (folder / "tariff.csv").write_text(tariff)
    return folder


def test_partial_tariff_fallbacks_in_every_output(tmp_path: Path) -> None:
    book = _book(tmp_path, "cluster,price,unit\n4,10,per_day\n")
    out = tmp_path / "out"
    result = _run(["cost", str(book), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    # Reference prices: 11 £2,372.50 per_year → 2,372.50 × 14,600 / 365 = 2,372.50 × 40
    # = 94,900; 14 £700 per_episode, E = 840 / 28 = 30 → 21,000 (no admitted days).
    # Cluster 4 keeps its local £10 per day: 91,000.
    fallbacks = summary["tariff_fallbacks"]
    assert fallbacks["count"] == 2
    assert fallbacks["clusters"] == [
        {"cluster": 11, "income": pytest.approx(94_900, rel=REL)},
        {"cluster": 14, "income": pytest.approx(21_000, rel=REL)},
    ]
    # total income 91,000 + 94,900 + 21,000 = 206,900
    assert summary["totals"]["income"] == pytest.approx(206_900, rel=REL)
    html = (out / "report.html").read_text()
    assert "cluster 11 has activity and no price in file" in html  # a CSV: fix2
    from openpyxl import load_workbook

    book_xlsx = load_workbook(out / "report.xlsx")
    quality = [c.value for row in book_xlsx["Data quality"].iter_rows() for c in row]
    assert sum(v == "reference price used" for v in quality) == 2
    assumptions = [str(c.value) for row in book_xlsx["Assumptions"].iter_rows() for c in row]
    assert any("clusters 11, 14 from reference set" in v for v in assumptions)


def test_a_full_local_tariff_has_no_fallback(tmp_path: Path) -> None:
    tariff = "cluster,price,unit\n4,10,per_day\n11,3650,per_year\n14,700,per_episode\n"
    result = _run(["cost", str(_book(tmp_path, tariff)), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["tariff_fallbacks"] == {"count": 0, "clusters": []}


# --- the command line ----------------------------------------------------------------


def test_levers_listed_in_every_output(tmp_path: Path) -> None:
    tariff = "cluster,price,unit\n4,10,per_day\n11,3650,per_year\n14,700,per_episode\n"
    out = tmp_path / "o"
    args = ["cost", str(_book(tmp_path, tariff)), "--out", str(out), "--json"]
    result = _run([*args, "--tariff-change", "5%", "--tariff-change", "14=-10%",
                   "--years", "3", "--efficiency", "2%"])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["what_if"] == [
        {"lever": "tariff_change", "cluster": None, "codes": "cluster", "change": 0.05},
        {"lever": "tariff_change", "cluster": 14, "codes": "cluster", "change": -0.1},
    ]
    assert summary["options"]["efficiency"] == 0.02
    # 91,000 × 1.05 = 95,550; 146,000 × 1.05 = 153,300; 21,000 × 0.9 = 18,900
    income = {c["cluster"]: c["income"] for c in summary["clusters"]}
    assert income == pytest.approx({4: 95_550, 11: 153_300, 14: 18_900}, rel=REL)
    html = (out / "report.html").read_text()
    assert "<strong>What-if</strong>: these figures use changed prices or costs" in html
    assert "cluster 14: -10%" in html
    from openpyxl import load_workbook

    assumptions = [
        str(c.value) for row in load_workbook(out / "report.xlsx")["Assumptions"].iter_rows()
        for c in row
    ]  # fmt: skip
    assert "What-if: tariff change (--tariff-change)" in assumptions
    assert "What-if: cost efficiency per year (--efficiency)" in assumptions


def test_no_lever_no_what_if(tmp_path: Path) -> None:
    tariff = "cluster,price,unit\n4,10,per_day\n11,3650,per_year\n14,700,per_episode\n"
    out = tmp_path / "o"
    result = _run(["cost", str(_book(tmp_path, tariff)), "--out", str(out), "--json"])
    assert json.loads(result.stdout)["what_if"] == []
    assert "What-if</strong>" not in (out / "report.html").read_text()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--tariff-change", "abc%"], "cannot read 'abc%'"),
        (["--tariff-change", "9=5%"], "a cluster code"),
        (["--cost-change", "1e999"], "a finite number"),
        (["--cost-change", "-150%"], "from -100%"),
        (["--efficiency", "-1%"], "--efficiency"),
        (["--efficiency", "2%"], "--efficiency changes prices or costs from one year"),
        (["--deflator", "0.018"], "--deflator changes prices or costs"),
        (["--inflation", "0.02"], "--inflation changes prices or costs"),
    ],
)
def test_bad_lever_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, args: list[str], says: str
) -> None:
    tariff = "cluster,price,unit\n4,10,per_day\n"
    out = tmp_path / "o"
    result = _run(["cost", str(_book(tmp_path, tariff)), "--out", str(out), *args])
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert not out.exists()


def test_what_if_rows_read_from_options() -> None:
    rows = what_if_rows(
        {"what_if": Levers(cost=(Change(-0.03), Change(0.08, 14))).summary(), "efficiency": 0.0}
    )
    assert rows == [
        (
            "What-if: cost change (--cost-change)",
            "-3%; cluster 14: +8% (a cluster's own change replaces the all-cluster one "
            "for that cluster)",
        )
    ]


def test_published_run_still_counts_fallbacks(tmp_path: Path) -> None:
    # Before: --publish rebuilt the Data quality notes without their cluster, so a
    # published summary.json said no cluster had fallen back.
    book = _book(tmp_path, "cluster,price,unit\n4,10,per_day\n")
    result = _run(["cost", str(book), "--out", str(tmp_path / "o"), "--json", "--publish"])
    assert result.exit_code == 0, result.output
    fallbacks = json.loads(result.stdout)["tariff_fallbacks"]
    assert [c["cluster"] for c in fallbacks["clusters"]] == [11, 14]


def test_lever_workbook_recalculates_to_summary_json(tmp_path: Path) -> None:
    """The Projection sheet's formulas carry the efficiency; every saved value is fresh."""
    from openpyxl import load_workbook

    from recalc import recalc_formulas

    out = tmp_path / "o"
    args = ["cost", str(ROOT / "examples" / "clusters.xlsx"), "--out", str(out), "--json",
            "--years", "3", "--inflation", "0.03", "--efficiency", "2%",
            "--tariff-change", "5%", "--cost-change", "13=-4%"]  # fmt: skip
    result = _run(args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    fresh = recalc_formulas(out / "report.xlsx")
    saved = load_workbook(out / "report.xlsx", data_only=True)
    sheet = saved["Projection"]
    first = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Year t") + 1
    for offset, year in enumerate(summary["projection"]):
        for col, key in zip("CDE", ("income", "cost", "surplus"), strict=True):
            cell = f"{col}{first + offset}"
            assert fresh["Projection"][cell] == pytest.approx(year[key], rel=1e-12), cell
            assert saved["Projection"][cell].value == pytest.approx(year[key], rel=1e-12)
    # e on the Projection sheet, in the cell the cost formula reads
    row = next(r for r in sheet.iter_rows() if r[0].value == "Cost efficiency per year (e)")
    assert row[1].value == 0.02
    formula = load_workbook(out / "report.xlsx")["Projection"][f"D{first}"].value
    assert f"(1-'Projection'!$B${row[1].row})^A{first}" in formula
