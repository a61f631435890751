"""What-if levers on ``pbrkit tender`` (docs/methodology.md §2 and §6.7; docs/scenarios.md):
the tariff and cost changes reach the population, efficiency the years, a partial
tariff falls back to reference prices, and the scenario keys do what the options do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.levers import Change, Levers
from pbrkit.tender.scenario import parse_scenario
from pbrkit.tender.years import YearOptions, project_years
from pbrkit.workflows.tender import prepare_tender
from test_tender_years import PEOPLE, SPEC

REL = 1e-12


def _run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args)


def _caseload(tmp_path: Path, tariff: str | None = None) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    # The caseload of test_costing: cluster 4 (£10 a day, D = 9,100 → 91,000),
    # cluster 11 (£3,650 a year, D = 14,600 → 146,000).
    (folder / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n4,50,9100\n11,40,14600\n"
    )
    if tariff is not None:
        (folder / "tariff.csv").write_text(tariff)
    return folder


TARIFF = "cluster,price,unit\n4,10,per_day\n11,3650,per_year\n"


def test_tariff_change_reaches_the_tender_population(tmp_path: Path) -> None:
    book = _caseload(tmp_path, TARIFF)
    base = prepare_tender(book).population
    levers = Levers(tariff=(Change(0.05), Change(-0.10, 11)))
    changed = prepare_tender(book, levers=levers).population
    income = changed.groupby("cluster")["income"].sum()
    # cluster 4: 91,000 × 1.05 = 95,550; cluster 11: 146,000 × 0.9 = 131,400
    assert income.to_dict() == pytest.approx({4: 95_550, 11: 131_400}, rel=1e-9)
    assert base.groupby("cluster")["income"].sum().to_dict() == pytest.approx(
        {4: 91_000, 11: 146_000}, rel=1e-9
    )
    # Costs untouched: the same people at the same cost.
    assert changed["cost"].sum() == pytest.approx(base["cost"].sum(), rel=REL)


def test_cost_change_reaches_the_tender_population(tmp_path: Path) -> None:
    book = _caseload(tmp_path, TARIFF)
    base = prepare_tender(book).population.groupby("cluster")["cost"].sum()
    changed = prepare_tender(book, levers=Levers(cost=(Change(0.2, 4),))).population
    cost = changed.groupby("cluster")["cost"].sum()
    # cluster 4's cost × 1.2; cluster 11's unchanged
    assert cost[4] == pytest.approx(base[4] * 1.2, rel=1e-9)
    assert cost[11] == pytest.approx(base[11], rel=1e-9)


def test_patient_rows_take_the_levers(tmp_path: Path) -> None:
    folder = tmp_path / "patients"
    folder.mkdir()
    (folder / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,4,200,1500\np3,11,365,3000\n"
    )
    (folder / "tariff.csv").write_text(TARIFF)
    levers = Levers(tariff=(Change(0.05),), cost=(Change(-0.5), Change(0.1, 11)))
    people = prepare_tender(folder, levers=levers).population.set_index("patient_id")
    # income: p1 10 × 100 × 1.05 = 1,050; p2 2,100; p3 3,650 × 365 / 365 × 1.05 = 3,832.5
    assert people["income"].to_dict() == pytest.approx(
        {"p1": 1_050, "p2": 2_100, "p3": 3_832.5}, rel=REL
    )
    # cost: p1 800 × 0.5 = 400; p2 1,500 × 0.5 = 750; p3 (own +10%) 3,000 × 1.1 = 3,300
    assert people["cost"].to_dict() == pytest.approx({"p1": 400, "p2": 750, "p3": 3_300}, rel=REL)


def test_partial_tariff_falls_back_for_patient_rows(tmp_path: Path) -> None:
    folder = tmp_path / "patients"
    folder.mkdir()
    (folder / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,11,365,900\n"
    )
    (folder / "tariff.csv").write_text("cluster,price,unit\n4,10,per_day\n")
    prepared = prepare_tender(folder)
    assert prepared.inputs.fallbacks == (11,)
    people = prepared.population.set_index("patient_id")
    # p2 at the reference £2,372.50 per year × 365 / 365 = 2,372.50; p1 local £10 × 100
    assert people["income"].to_dict() == pytest.approx({"p1": 1_000, "p2": 2_372.5}, rel=REL)
    assert any("cluster 11 has activity and no price" in n for n in prepared.inputs.notes)


def test_tender_outputs_list_levers_and_fallbacks(tmp_path: Path) -> None:
    book = _caseload(tmp_path, "cluster,price,unit\n4,10,per_day\n")
    out = tmp_path / "out"
    result = _run(["tender", str(book), "--draws", "1", "--out", str(out), "--json",
                   "--tariff-change", "-5%"])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["what_if"] == [
        {"lever": "tariff_change", "cluster": None, "codes": "cluster", "change": -0.05}
    ]
    assert summary["tariff_fallbacks"] == {"count": 1, "clusters": [{"cluster": 11}]}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<strong>What-if</strong>: the figures below use changed" in html
    assert "cluster 11 has activity and no price" in html
    from openpyxl import load_workbook

    cells = [
        str(c.value) for row in load_workbook(out / "report.xlsx")["Assumptions"].iter_rows()
        for c in row
    ]  # fmt: skip
    assert "What-if: tariff change (--tariff-change)" in cells
    assert "-5%" in cells


# --- efficiency over the years (test_tender_years's two patients) --------------------


def test_efficiency_over_three_tender_years() -> None:
    years = project_years(PEOPLE, SPEC, YearOptions(years=3, efficiency=0.1), seed=0)
    years = years.set_index("year")
    # Costs × 0.9 a year: p2 (the residue) 1,600, 1,440, 1,296; p1 (taken) 400, 360, 324.
    assert list(years["residue_cost_per_head"]) == pytest.approx([1_600, 1_440, 1_296])
    # S = f·(1 − s)^t·c_taken = 0.5 × 0.75 × 400 = 150; 0.5 × 0.5625 × 360 = 101.25;
    # 0.5 × 0.421875 × 324 = 68.34375
    assert list(years["stranded_fixed_cost"]) == pytest.approx([150, 101.25, 68.34375])
    # surplus = (P 1,000 − residue cost) − S: −750; −541.25; −364.34375
    assert list(years["nhs_surplus"]) == pytest.approx([-750, -541.25, -364.34375])


def test_efficiency_and_inflation_compound() -> None:
    options = YearOptions(years=2, inflation=0.1, efficiency=0.1)
    years = project_years(PEOPLE, SPEC, options, seed=0).set_index("year")
    # 1,600 × 1.1 × 0.9 = 1,600 × 0.99 = 1,584
    assert years.loc[2, "residue_cost_per_head"] == pytest.approx(1_584)


def test_efficiency_without_years_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["tender", str(_caseload(tmp_path)), "--out", str(out), "--draws", "1"]
    result = _run([*args, "--efficiency", "1.1%"])
    assert result.exit_code == 2
    assert "efficiency changes costs from year 2 on" in result.output
    assert "--years 2 or more" in result.output
    assert not out.exists()
    assert _run([*args, "--efficiency", "1.1%", "--years", "2"]).exit_code == 0


def test_scenario_inflation_without_years_is_an_error(tmp_path: Path) -> None:
    book = _caseload(tmp_path)
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'schema_version = 1\nworkbook = "{book.name}"\ninflation = 0.03\n')
    out = tmp_path / "out"
    result = _run(["tender", "--scenario", str(scenario), "--out", str(out), "--draws", "1"])
    assert result.exit_code == 2
    assert "inflation changes costs from year 2 on" in result.output
    assert not out.exists()


# --- scenario keys --------------------------------------------------------------------


def test_scenario_lever_keys(tmp_path: Path) -> None:
    book = _caseload(tmp_path, TARIFF)
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{book.name}"\n'
        'tariff_change = ["5%", "11=-10%"]\ncost_change = "2%"\nefficiency = 0.011\n'
    )
    prepared = prepare_tender(None, scenario=scenario)
    assert prepared.levers == Levers(tariff=(Change(0.05), Change(-0.10, 11)), cost=(Change(0.02),))
    assert prepared.years.efficiency == 0.011
    income = prepared.population.groupby("cluster")["income"].sum()
    assert income.to_dict() == pytest.approx({4: 95_550, 11: 131_400}, rel=1e-9)
    # The command line's levers replace the scenario's of the same kind.
    given = prepare_tender(None, scenario=scenario, levers=Levers(tariff=(Change(0.0),)))
    assert given.levers.tariff == (Change(0.0),)
    assert given.levers.cost == (Change(0.02),)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"tariff_change": "abc"}, "tariff_change: cannot read 'abc'"),
        ({"cost_change": ["-150%"]}, "expected a change from -100% to 1000%"),
        ({"efficiency": 1.5}, "efficiency: must be at least 0 and below 1"),
    ],
)
def test_bad_scenario_levers(data: dict[str, object], says: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_scenario({"schema_version": 1, **data})
    assert says in str(caught.value)


def test_a_scenario_lever_on_an_unused_cluster_is_refused_once_the_set_is_known() -> None:
    # A scenario names no reference set, so its codes are read against the run's
    # (--reference) when the tender is prepared, and the problem names the key.
    from pbrkit.reference import default_currency
    from pbrkit.workflows.tender import scenario_levers

    scenario = parse_scenario({"schema_version": 1, "cost_change": ["9=5%"]})
    with pytest.raises(InputError) as caught:
        scenario_levers(scenario, Levers(), default_currency())
    assert "scenario cost_change: cannot read '9=5%'; expected a cluster code" in str(caught.value)


def test_tender_psa_runs_with_the_levers(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text("parameter,low,high,source\nnhs.fixed_cost_share,0.35,0.75,test\n")
    book = _caseload(tmp_path, TARIFF)
    figures = []
    for lever in ([], ["--tariff-change", "-50%"]):
        out = tmp_path / f"out{len(lever)}"
        args = ["tender", str(book), "--psa", "3", "--uncertainty", str(ranges), "--workers", "1"]
        result = _run([*args, "--out", str(out), "--json", *lever])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        figures.append(summary["psa"]["figures"]["nhs_surplus_before"]["p50"])
    # Halving every price cuts the NHS's income before the tender: 237,000 → 118,500,
    # so the surplus before falls by 118,500 in every sample (the costs are the same).
    assert figures[0] - figures[1] == pytest.approx(118_500, rel=1e-9)
