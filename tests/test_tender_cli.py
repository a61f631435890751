"""``pbrkit tender`` and ``pbrkit sweep`` end to end (README, Commands, §3, §7, §8).

The example workbook and the example scenarios are run through the command line; the
three reports are read back and checked against each other and against the §7
identities (conservation, per-cluster sums, after = −G − S). Bad inputs exit 2 naming
the sheet, row and column (or the scenario key path) and write nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.reports.figures import figure
from pbrkit.tender import FIGURES
from recalc import recalc_formulas

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"
SCENARIOS = ROOT / "examples" / "scenarios"
REPORTS = {"summary.json", "report.xlsx", "report.html", "summary.pdf"}
INJECTION = '=HYPERLINK("http://evil.example","x")'
SCRIPT = "<script>alert(1)</script>"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def run(*args: str | Path) -> dict[str, Any]:
    """Run pbrkit and return the summary.json it wrote (``--out`` must be in args)."""
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    out = Path(args[list(args).index("--out") + 1])
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def close(a: float, b: float, tol: float = 1e-6) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=tol)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The example workbook, one draw: (output folder, summary.json)."""
    out = tmp_path_factory.mktemp("tender") / "out"
    return out, run("tender", EXAMPLE, "--out", out)


@pytest.fixture(scope="module")
def many_draws(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("tender") / "out"
    return out, run("tender", EXAMPLE, "--out", out, "--draws", "50", "--seed", "1")


# ------------------------------------------------------------------------- the example


def test_example_writes_the_three_reports(example: tuple[Path, dict[str, Any]]) -> None:
    out, summary = example
    assert {p.name for p in out.iterdir()} == REPORTS
    assert summary["command"] == "pbrkit tender"
    assert summary["draws"] == 1
    assert summary["seed"] == 0
    assert summary["nhs"]["source"] == "pools"


def test_residue_has_exactly_the_design_figures(example: tuple[Path, dict[str, Any]]) -> None:
    residue = example[1]["residue"]
    assert list(residue) == list(FIGURES)
    assert set(residue) == {
        "residue_cost_gap",
        "lost_contribution",
        "stranded_fixed_cost",
        "nhs_surplus_before",
        "nhs_surplus_after",
        "cost_retained_for_taken",
        "nhs_income_retained",
        "nhs_surplus_change",
        "commissioner_cost_change",
        "public_spending_change",
        "casemix_index",
        "casemix_between",
        "casemix_within",
        "residue_cost_to_payment",
        "cost_to_payment_before",
        "payments_to_bidders",
        "bidder_profit",
        "differential_payment",
        "taken_patients",
        "residue_patients",
    }
    assert all(isinstance(v, float) for v in residue.values())


def test_the_tender_starts_from_the_costs_pbrkit_cost_reports(
    example: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    cost = run("cost", EXAMPLE, "--out", tmp_path / "cost")
    totals = example[1]["totals"]
    for key in ("income", "cost", "surplus", "cross_subsidy", "service_users", "cluster_days"):
        assert close(totals[key], cost["totals"][key], tol=1e-3), key
    by_code = {c["cluster"]: c for c in cost["clusters"]}
    for item in example[1]["clusters"]:
        assert close(item["cost"], by_code[item["cluster"]]["cost"], tol=1e-3)
        assert close(item["income"], by_code[item["cluster"]]["income"], tol=1e-3)


def test_conservation_and_per_cluster_sums(example: tuple[Path, dict[str, Any]]) -> None:
    summary = example[1]
    r = summary["residue"]
    people = summary["totals"]["service_users"]
    assert r["taken_patients"] + r["residue_patients"] == people
    by_cluster = summary["residue_by_cluster"]
    for row in by_cluster:
        assert row["taken_patients"] + row["residue_patients"] == row["service_users"]
    for key in (
        "taken_patients",
        "residue_patients",
        "residue_cost_gap",
        "lost_contribution",
        "stranded_fixed_cost",
        "cost_retained_for_taken",
        "nhs_income_retained",
        "nhs_surplus_before",
        "nhs_surplus_after",
        "payments_to_bidders",
        "bidder_profit",
        "differential_payment",
    ):
        assert close(sum(row[key] for row in by_cluster), r[key], tol=1e-3), key
    assert sum(b["taken_patients"] for b in summary["bidders"]) == r["taken_patients"]
    assert close(sum(c["income"] for c in summary["clusters"]), summary["totals"]["income"])
    # docs/methodology.md §6.5 identities, exact with one draw.
    kept = r["nhs_income_retained"] - r["cost_retained_for_taken"]
    assert close(r["nhs_surplus_after"], -r["residue_cost_gap"] + kept - r["stranded_fixed_cost"])
    assert close(
        r["public_spending_change"], r["commissioner_cost_change"] - r["nhs_surplus_change"]
    )
    assert close(r["nhs_surplus_change"], r["nhs_surplus_after"] - r["nhs_surplus_before"])
    steps = summary["waterfall"]
    assert close(
        steps["nhs_surplus_before"]
        - steps["taken_margin"]
        + steps["kept_for_taken"]
        - steps["stranded_fixed_cost"],
        steps["nhs_surplus_after"],
    )
    # The margin step is Σ over the people taken of (P − c).
    taken = summary["bidders"]
    margin = sum(b["taken_income"] - b["taken_cost"] for b in taken)
    assert close(steps["taken_margin"], margin, tol=1e-3)
    public = summary["public_sector"]
    assert close(
        public["public_cost_change"],
        -(public["commissioner_saving"] + r["nhs_surplus_change"]),
        tol=1e-3,
    )


def test_the_example_shifts_cost_to_the_nhs(example: tuple[Path, dict[str, Any]]) -> None:
    # The example's beds, AMHP and crisis pools keep serving the people taken (r ≈ 0.38),
    # so bidders, who do not bear that share, take costly patients too: the NHS keeps
    # their retained cost, unpaid, and its surplus falls.
    residue = example[1]["residue"]
    assert example[1]["nhs"]["retained_share"] == pytest.approx(17_892_000 / 47_629_000)
    assert residue["cost_retained_for_taken"] > 0
    assert residue["nhs_surplus_change"] < 0
    assert residue["public_spending_change"] > 0


def test_same_seed_gives_byte_identical_summary(
    many_draws: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    first = many_draws[0] / "summary.json"
    out = tmp_path / "again"
    run("tender", EXAMPLE, "--out", out, "--draws", "50", "--seed", "1")
    assert (out / "summary.json").read_bytes() == first.read_bytes()
    other = tmp_path / "other-seed"
    run("tender", EXAMPLE, "--out", other, "--draws", "50", "--seed", "2")
    assert (other / "summary.json").read_bytes() != first.read_bytes()


def test_ranges_are_ordered_and_medians_are_the_residue(
    many_draws: tuple[Path, dict[str, Any]],
) -> None:
    summary = many_draws[1]
    assert summary["draws"] == 50
    ranges = summary["residue_ranges"]
    assert set(ranges) == set(FIGURES)
    for name, values in ranges.items():
        assert values["p5"] <= values["p50"] <= values["p95"], name
        assert close(values["p50"], summary["residue"][name]), name
    assert ranges["bidder_profit"]["p5"] < ranges["bidder_profit"]["p95"]
    public = summary["public_sector"]["ranges"]["public_cost_change"]
    assert public["p5"] <= public["p50"] <= public["p95"]


def test_one_draw_has_no_ranges(example: tuple[Path, dict[str, Any]]) -> None:
    assert example[1]["residue_ranges"] == {}


# ------------------------------------------------------------------------- report.xlsx


def _sheet_values(path: Path) -> tuple[Any, Any]:
    return openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)


def test_workbook_sheets_and_layout(example: tuple[Path, dict[str, Any]]) -> None:
    formulas, _ = _sheet_values(example[0] / "report.xlsx")
    assert formulas.sheetnames == ["Summary", "Tender", "Residue", "Ranges", "Assumptions", "Run"]
    residue = formulas["Residue"]
    assert residue.freeze_panes == "A2"
    assert residue.auto_filter.ref is not None
    assert residue["G1"].value == "Income £"
    assert "£" in residue["G2"].number_format


def test_xlsx_totals_are_formulas_with_saved_values_equal_to_json(
    example: tuple[Path, dict[str, Any]],
) -> None:
    formulas, values = _sheet_values(example[0] / "report.xlsx")
    summary = example[1]
    r = summary["residue"]
    ws, saved = formulas["Residue"], values["Residue"]
    header = [c.value for c in ws[1]]
    total_row = next(row[0].row for row in ws.iter_rows(min_row=2) if row[0].value == "Total")
    column = {h: i + 1 for i, h in enumerate(header)}
    for label, key in (
        ("Service users", None),
        ("People taken by bidders", "taken_patients"),
        ("People left with the NHS", "residue_patients"),
        ("Residue cost gap (G) £", "residue_cost_gap"),
        ("Stranded fixed cost (S) £", "stranded_fixed_cost"),
        ("NHS surplus after £", "nhs_surplus_after"),
    ):
        cell = ws.cell(total_row, column[label])
        assert cell.data_type == "f" and str(cell.value).startswith("=SUM("), label
        value = saved.cell(total_row, column[label]).value
        expected = summary["totals"]["service_users"] if key is None else r[key]
        assert close(value, expected, tol=1e-3), label
    casemix = ws.cell(total_row, column["Casemix index of the residue"])
    assert casemix.data_type == "f"
    casemix_saved = saved.cell(total_row, column["Casemix index of the residue"]).value
    assert close(casemix_saved, r["casemix_index"])
    # The Summary sheet: every headline figure a formula with its value saved.
    summary_ws, summary_saved = formulas["Summary"], values["Summary"]
    figures = {
        summary_ws.cell(row, 1).value: (summary_ws.cell(row, 2), summary_saved.cell(row, 2).value)
        for row in range(7, summary_ws.max_row + 1)
        if summary_ws.cell(row, 1).value
    }
    for label, key in (
        ("Residue cost gap (G) £", "residue_cost_gap"),
        ("Stranded fixed cost (S) £", "stranded_fixed_cost"),
        ("NHS surplus after £", "nhs_surplus_after"),
        ("Change in NHS surplus £", "nhs_surplus_change"),
        ("Casemix index of the residue", "casemix_index"),
        ("Payments to bidders £", "payments_to_bidders"),
    ):
        cell, value = figures[label]
        assert cell.data_type == "f", label
        assert close(value, r[key], tol=1e-3), label


def test_xlsx_formulas_recalculate_to_the_saved_values(
    example: tuple[Path, dict[str, Any]],
) -> None:
    path = example[0] / "report.xlsx"
    formulas, saved = _sheet_values(path)
    recalculated = recalc_formulas(path)
    checked = 0
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                mine = saved[ws.title][cell.coordinate].value
                theirs = recalculated.get(ws.title, {}).get(cell.coordinate)
                if isinstance(mine, int | float) and isinstance(theirs, int | float):
                    assert math.isclose(mine, theirs, rel_tol=1e-9, abs_tol=1e-6), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
                    checked += 1
    assert checked > 100


def test_many_draws_workbook_has_ranges_and_values(
    many_draws: tuple[Path, dict[str, Any]],
) -> None:
    formulas, values = _sheet_values(many_draws[0] / "report.xlsx")
    # One column per figure (in its own format), one row per percentile.
    ranges, saved = formulas["Ranges"], values["Ranges"]
    header = next(n for n in range(1, 10) if ranges.cell(n, 1).value == "Percentile")
    labels = [ranges.cell(header, 2 + i).value for i in range(len(FIGURES))]
    assert labels == [figure(key).header for key in FIGURES]
    assert [ranges.cell(header + i, 1).value for i in (1, 2, 3)] == ["5th", "Median", "95th"]
    spread = many_draws[1]["residue_ranges"]["nhs_surplus_after"]
    column = 2 + FIGURES.index("nhs_surplus_after")
    for i, at in enumerate(("p5", "p50", "p95"), start=1):
        assert close(saved.cell(header + i, column).value, spread[at])
    r = many_draws[1]["residue"]
    summary_ws = formulas["Summary"]
    for row in range(7, summary_ws.max_row + 1):
        if summary_ws.cell(row, 1).value == "NHS surplus after £":
            # A median over draws: a value, not a formula over per-cluster medians.
            assert summary_ws.cell(row, 2).data_type == "n"
            assert close(values["Summary"].cell(row, 2).value, r["nhs_surplus_after"])


# ------------------------------------------------------------------------- report.html


def test_html_has_summary_waterfall_and_no_external_reference(
    example: tuple[Path, dict[str, Any]],
) -> None:
    html = (example[0] / "report.html").read_text(encoding="utf-8")
    lowered = html.lower()
    for needle in ("<script", "@import", "<link", "<iframe", "<object", "<embed", "<base"):
        assert needle not in lowered, needle
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.I)
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html, re.I)
    assert all(ref.startswith(("#", "data:")) for ref in references), references
    waterfall = html[: html.index("How the NHS surplus changes")]
    assert waterfall.rindex('<div class="chart">') < waterfall.rindex("<svg")
    assert html.index('class="findings"') < html.index("<table")
    summary = example[1]
    people = f"{summary['totals']['service_users']:,.0f}"
    assert f"Of {people} people, bidders would take" in html
    taken = f'data-figure="taken_patients">{summary["residue"]["taken_patients"]:,.0f}<'
    assert taken in html


def test_html_shows_ranges_only_with_draws(
    example: tuple[Path, dict[str, Any]], many_draws: tuple[Path, dict[str, Any]]
) -> None:
    one = (example[0] / "report.html").read_text(encoding="utf-8")
    many = (many_draws[0] / "report.html").read_text(encoding="utf-8")
    assert 'data-table="ranges"' not in one
    assert 'data-table="ranges"' in many
    assert "medians of 50 simulated tenders" in many


# ------------------------------------------------------------------------- bad inputs


def _caseload() -> list[dict[str, Any]]:
    return [
        {"cluster": code, "service_users": 40, "cluster_days": 40 * 200, "cost_cv": 1.0}
        for code in (1, 2, 3, 4, 11)
    ]


def _bidder(**values: Any) -> dict[str, Any]:
    return {"name": "Acme Care", "cost_factor": 0.9, **values}


@pytest.fixture
def small(tmp_workbook: Callable[..., Path]) -> Callable[..., Path]:
    """A small tender workbook; keyword arguments replace its sheets."""

    def make(name: str = "small.xlsx", **sheets: Any) -> Path:
        book: dict[str, Any] = {
            "caseload": _caseload(),
            "bidders": [_bidder(info_quality=0.8), {"name": "Beta", "cost_factor": 0.95}],
            "lots": [{"name": "Common", "clusters": "1-4"}],
        }
        book.update(sheets)
        return tmp_workbook({k: v for k, v in book.items() if v is not None}, name=name)

    return make


def test_bad_tender_sheets_exit_2_naming_sheet_row_column(
    small: Callable[..., Path], tmp_path: Path
) -> None:
    workbook = small(
        bidders=[
            _bidder(info_quality=1.5),
            {"name": "Beta", "cost_factor": 0.95, "clusters": "1-4, 22"},
            {"name": "Gamma", "cost_factor": 0.9, "capacity": 2.5},
            {"name": "Beta", "cost_factor": 0.8},
        ],
        lots=[{"name": "Common", "clusters": "1-4", "award": "auction"}],
    )
    out = tmp_path / "out"
    result = invoke("tender", workbook, "--out", out, "--json")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    err = result.stderr
    assert "sheet 'bidders', row 2, column 'info_quality'" in err
    assert "sheet 'bidders', row 3, column 'clusters'" in err
    assert "sheet 'bidders', row 4, column 'capacity'" in err
    assert "sheet 'bidders', row 5, column 'name'" in err and "appears more than once" in err
    assert "sheet 'lots', row 2, column 'award'" in err
    assert not out.exists()


def test_bad_nhs_sheet_exits_2(small: Callable[..., Path], tmp_path: Path) -> None:
    workbook = small(
        nhs=[
            {"pool": "Wards", "amount": 100, "kind": "fixed", "shed_rate": 0},
            {"pool": "Teams", "amount": "lots", "kind": "variable"},
            {"pool": "Estates", "amount": 50, "kind": "semi-fixed"},
        ]
    )
    result = invoke("tender", workbook, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "sheet 'nhs', row 3, column 'amount'" in result.stderr
    assert "sheet 'nhs', row 4, column 'kind'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_caseload_and_tender_problems_are_reported_together(
    small: Callable[..., Path], tmp_path: Path
) -> None:
    caseload = _caseload()
    caseload[1]["cluster"] = 9
    workbook = small(caseload=caseload, bidders=[_bidder(info_quality=2)])
    result = invoke("tender", workbook, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "sheet 'caseload', row 3, column 'cluster'" in result.stderr
    assert "sheet 'bidders', row 2, column 'info_quality'" in result.stderr


def test_bad_scenario_exits_2_with_key_paths(small: Callable[..., Path], tmp_path: Path) -> None:
    workbook = small()
    scenario = tmp_path / "bad.toml"
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{workbook.name}"\n'
        '[[bidders]]\nname = "Acme Care"\ninfo_quality = 1.5\nhurdle = 0.1\n'
        '[[lots]]\nname = "New lot"\naccept_all = true\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = invoke("tender", "--scenario", scenario, "--out", out)
    assert result.exit_code == 2, result.output
    assert "bidders[0].info_quality" in result.stderr
    assert "bidders[0].hurdle: unknown key; did you mean 'hurdle_margin'?" in result.stderr
    assert not out.exists()
    # A new lot without its clusters is caught when the scenario is applied.
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{workbook.name}"\n'
        '[[lots]]\nname = "New lot"\naccept_all = true\n',
        encoding="utf-8",
    )
    result = invoke("tender", "--scenario", scenario, "--out", out)
    assert result.exit_code == 2
    assert "lots[0].clusters: required for a new lot" in result.stderr
    assert not out.exists()


def test_no_workbook_and_no_scenario_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("tender", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "WORKBOOK" in result.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------- defaults


def test_absent_tender_sheets_take_the_design_defaults(
    small: Callable[..., Path], tmp_path: Path
) -> None:
    workbook = small(bidders=[{"name": "Acme Care", "cost_factor": 0.9}], lots=None)
    out = tmp_path / "out"
    summary = run("tender", workbook, "--out", out)
    assert summary["nhs"] == {
        "fixed_cost_share": 0.5,
        "shed_rate": 0.25,
        "retained_share": 0.0,
        "payment": "activity",
        "variable_share": None,
        "income_at_risk": 1.0,
        "source": "default",
        "pools": [],
    }
    (bidder,) = summary["tender"]["bidders"]
    assert bidder["capacity"] is None and bidder["clusters"] is None
    assert bidder["info_quality"] == 0.5 and bidder["hurdle_margin"] == 0.05
    assert set(bidder["defaults"]) == {
        "info_quality",
        "hurdle_margin",
        "capacity",
        "clusters",
        "screening",
        "risk_aversion",
        "quality_score",
        "recharge",
    }
    # No lots sheet: one fixed-tariff lot of every cluster (methodology §8), said in all outputs.
    (lot,) = summary["tender"]["lots"]
    assert lot["name"] == "All clusters" and lot["award"] == "fixed_tariff"
    assert set(lot["defaults"]) >= {"accept_all", "award", "allocation", "pricing"}
    assert summary["tender"]["assumed"] == ["No lots sheet: one fixed-tariff lot of every cluster."]
    book = openpyxl.load_workbook(out / "report.xlsx")
    text = " ".join(str(c.value) for row in book["Assumptions"].iter_rows() for c in row if c.value)
    assert "default (methodology §6)" in text
    assert "info_quality, hurdle_margin" in text
    assert "No lots sheet: one fixed-tariff lot of every cluster." in text
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "No lots sheet: one fixed-tariff lot of every cluster." in html


def test_headline_nhs_sheet(small: Callable[..., Path], tmp_path: Path) -> None:
    workbook = small(nhs=[{"fixed_cost_share": "77%", "shed_rate": 0.1}])
    summary = run("tender", workbook, "--out", tmp_path / "out")
    assert summary["nhs"]["source"] == "sheet"
    assert summary["nhs"]["fixed_cost_share"] == pytest.approx(0.77)
    assert summary["nhs"]["shed_rate"] == pytest.approx(0.1)


def test_patients_sheet_gives_the_population(
    tmp_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    patients = [
        {"patient_id": f"00{i}", "cluster": 1 + i % 4, "days": 200, "cost": 300 + 97 * i}
        for i in range(60)
    ]
    workbook = tmp_workbook(
        {
            "patients": patients,
            "bidders": [_bidder(info_quality=1)],
            "lots": [{"name": "Common", "clusters": "1-4"}],
        },
        name="patients.xlsx",
    )
    summary = run("tender", workbook, "--out", tmp_path / "out")
    assert summary["totals"]["service_users"] == 60
    assert summary["totals"]["cost"] == pytest.approx(sum(p["cost"] for p in patients))
    r = summary["residue"]
    assert r["taken_patients"] + r["residue_patients"] == 60
    assert 0 < r["taken_patients"] < 60
    assert summary["clusters"][0]["cost_source"] == "actual"
    assert "patients" in summary["population"]["source"]


def test_a_parquet_of_patients_with_a_scenario(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "patient_id": [f"p{i}" for i in range(200)],
            "cluster": [1 + i % 4 for i in range(200)],
            "days": 180.0,
            "cost": [200.0 + 13 * i for i in range(200)],
        }
    )
    frame.to_parquet(tmp_path / "patients.parquet")
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'schema_version = 1\nworkbook = "patients.parquet"\ndraws = 5\n'
        '[[bidders]]\nname = "Acme"\ncost_factor = 0.9\n'
        '[[lots]]\nname = "All"\nclusters = "1-4"\n',
        encoding="utf-8",
    )
    summary = run("tender", "--scenario", scenario, "--out", tmp_path / "out")
    assert summary["draws"] == 5
    assert summary["residue"]["taken_patients"] > 0
    assert summary["tender"]["bidders"][0]["name"] == "Acme"


# ------------------------------------------------------------------------- scenarios


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("scenarios")
    return {
        path.stem: run("tender", "--scenario", path, "--out", folder / path.stem)
        for path in sorted(SCENARIOS.glob("*.toml"))
    }


def test_every_example_scenario_runs(scenarios: dict[str, dict[str, Any]]) -> None:
    assert set(scenarios) == {"aqp-fixed-tariff", "aqp-accept-all", "probation-style-split"}
    for name, summary in scenarios.items():
        assert summary["scenario"] == f"{name}.toml"
        assert summary["draws"] > 1


def test_aqp_screening_leaves_a_costlier_residue(scenarios: dict[str, dict[str, Any]]) -> None:
    aqp = scenarios["aqp-fixed-tariff"]["residue"]
    # The bidders take the cheap clusters 1-4 whole (their cost excludes the share r the
    # NHS keeps), so the costlier residue comes from which clusters are left.
    assert aqp["casemix_index"] > 1.2
    assert aqp["casemix_between"] == pytest.approx(aqp["casemix_index"])
    assert aqp["casemix_within"] == pytest.approx(1.0)
    assert aqp["nhs_surplus_change"] < 0
    assert aqp["cost_retained_for_taken"] > 0


def test_accept_all_duty_shrinks_the_residue_casemix(
    scenarios: dict[str, dict[str, Any]],
) -> None:
    screened = scenarios["aqp-fixed-tariff"]["residue"]
    duty = scenarios["aqp-accept-all"]["residue"]
    assert duty["casemix_index"] < screened["casemix_index"]
    assert duty["nhs_surplus_change"] > screened["nhs_surplus_change"]


def test_probation_split_projects_a_saving(scenarios: dict[str, dict[str, Any]]) -> None:
    split = scenarios["probation-style-split"]
    assert split["nhs"]["fixed_cost_share"] == pytest.approx(0.20)
    assert split["nhs"]["source"] == "scenario"
    assert split["public_sector"]["commissioner_saving"] > 0
    assert split["public_sector"]["public_cost_change"] < 0  # the projected saving


def test_probation_split_saving_turns_into_a_loss_at_77_percent(tmp_path: Path) -> None:
    summary = run(
        "sweep",
        SCENARIOS / "probation-style-split.toml",
        "--vary",
        "nhs.fixed_cost_share=0.2,0.77",
        "--draws",
        "20",
        "--out",
        tmp_path / "out",
    )
    assumed, real = summary["sweep"]
    assert assumed["nhs.fixed_cost_share"] == pytest.approx(0.2)
    assert real["nhs.fixed_cost_share"] == pytest.approx(0.77)
    assert assumed["public_cost_change"] < 0 < real["public_cost_change"]
    assert real["stranded_fixed_cost"] > 3 * assumed["stranded_fixed_cost"]
    # f changes nothing about who is taken, only what stays behind.
    assert real["taken_patients"] == assumed["taken_patients"]


# ------------------------------------------------------------------------- sweep


def _sweep(out: Path, *vary: str, workers: str = "1", draws: str = "10") -> dict[str, Any]:
    args: list[str | Path] = ["sweep", SCENARIOS / "aqp-fixed-tariff.toml"]
    for text in vary:
        args += ["--vary", text]
    return run(*args, "--draws", draws, "--seed", "3", "--workers", workers, "--out", out)


def test_sweep_one_parameter(tmp_path: Path) -> None:
    # The hurdle margin, not the bidders' information: in this fixed-tariff scenario
    # bidders take every person in the clusters they choose, so their information moves
    # the residue by a person or none, and whether three settings differ was luck.
    summary = _sweep(tmp_path / "a", "bidders.*.hurdle_margin=0:0.4:3")
    assert summary["parameters"] == ["bidders.*.hurdle_margin"]
    assert [row["bidders.*.hurdle_margin"] for row in summary["sweep"]] == [0.0, 0.2, 0.4]
    assert {p.name for p in (tmp_path / "a").iterdir()} == {
        "sweep.csv",
        "summary.json",
        "report.xlsx",
        "report.html",
        "summary.pdf",
    }
    rows = list(csv.DictReader((tmp_path / "a" / "sweep.csv").open(encoding="utf-8")))
    assert len(rows) == 3
    assert {"nhs_surplus_change", "casemix_index_p5", "public_cost_change"} <= set(rows[0])
    casemix = [row["casemix_index"] for row in summary["sweep"]]
    assert all(c > 1 for c in casemix) and len(set(casemix)) == 3
    # A higher margin asked for makes fewer people worth taking, never more.
    taken = [row["taken_patients"] for row in summary["sweep"]]
    assert taken[0] >= taken[1] >= taken[2] and taken[0] > taken[2]
    html = (tmp_path / "a" / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 3 and "<script" not in html.lower()


def test_sweep_two_parameters_is_deterministic_across_workers(tmp_path: Path) -> None:
    vary = ("bidders.*.info_quality=0.2,0.8", "lots.*.accept_all=no,yes")
    one = _sweep(tmp_path / "one", *vary, workers="1")
    two = _sweep(tmp_path / "two", *vary, workers="2")
    assert len(one["sweep"]) == 4
    assert one["sweep"] == two["sweep"]
    first = (tmp_path / "one" / "sweep.csv").read_bytes()
    assert first == (tmp_path / "two" / "sweep.csv").read_bytes()
    html = (tmp_path / "one" / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 3  # a heat-map per figure
    accept = {
        row["lots.*.accept_all"]: row
        for row in one["sweep"]
        if row["bidders.*.info_quality"] == 0.8
    }
    assert accept["yes"]["casemix_index"] < accept["no"]["casemix_index"]


def test_sweep_bad_vary_exits_2(tmp_path: Path) -> None:
    scenario = SCENARIOS / "aqp-fixed-tariff.toml"
    for vary in ("bidders.Nobody.info_quality=0:1:3", "nhs.fixed_cost_share=0:2:3", "oops"):
        result = invoke("sweep", scenario, "--vary", vary, "--out", tmp_path / "out")
        assert result.exit_code == 2, (vary, result.output)
        assert not (tmp_path / "out").exists()
    result = invoke(
        "sweep", scenario, "--vary", "nhs.shed_rate=0,1", "--vary", "nhs.fixed_cost_share=0,1",
        "--vary", "bidders.*.info_quality=0,1", "--out", tmp_path / "out",
    )  # fmt: skip
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------- hostile names


def test_hostile_bidder_names_stay_text(small: Callable[..., Path], tmp_path: Path) -> None:
    workbook = small(
        bidders=[_bidder(name=INJECTION, info_quality=0.9), _bidder(name=SCRIPT)],
        lots=[{"name": "@SUM(A1)", "clusters": "1-4"}],
    )
    out = tmp_path / "out"
    summary = run("tender", workbook, "--out", out)
    assert [b["bidder"] for b in summary["bidders"]] == [INJECTION, SCRIPT]
    book = openpyxl.load_workbook(out / "report.xlsx")
    seen = []
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "HYPERLINK" not in str(cell.value), (ws.title, cell.coordinate)
                    assert "SUM(A1)" not in str(cell.value), (ws.title, cell.coordinate)
                elif cell.value in (INJECTION, SCRIPT, "@SUM(A1)"):
                    assert cell.data_type == "s"
                    seen.append(f"{ws.title}!{cell.coordinate}")
    assert any(s.startswith("Tender!") for s in seen)
    assert any(s.startswith("Assumptions!") for s in seen)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;x&#34;)" in html


def test_hostile_names_in_a_sweep_csv_are_neutralised(tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{EXAMPLE}"\nreplace_lots = true\n'
        '[[lots]]\nname = "-2+3"\nclusters = "1-4"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run("sweep", scenario, "--vary", "lots.-2+3.accept_all=no,yes", "--draws", "2", "--out", out)
    rows = list(csv.reader((out / "sweep.csv").open(encoding="utf-8")))
    assert rows[0][0] == "lots.-2+3.accept_all"
    assert [r[0] for r in rows[1:]] == ["no", "yes"]


# ------------------------------------------------------------------------- output folder


def test_default_out_does_not_collide_with_cost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("cost", EXAMPLE).exit_code == 0
    result = invoke("tender", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pbrkit-out" / "clusters" / "summary.json").exists()
    tender = json.loads(
        (tmp_path / "pbrkit-out" / "clusters-tender" / "summary.json").read_text(encoding="utf-8")
    )
    assert tender["command"] == "pbrkit tender"


def test_json_prints_the_summary_and_no_progress_when_not_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("tender", EXAMPLE, "--draws", "40", "--out", out, "--json")
    assert result.exit_code == 0
    # stderr holds the headline and no progress bar (stderr is not a terminal here)
    assert result.stderr.startswith("pbrkit tender:\n")
    assert "Simulating" not in result.stderr
    printed = json.loads(result.stdout)
    assert printed == json.loads((out / "summary.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(result.stdout.encode("utf-8")).hexdigest()
    assert digest == hashlib.sha256((out / "summary.json").read_bytes()).hexdigest()


def test_blank_capacity_is_unlimited(small: Callable[..., Path], tmp_path: Path) -> None:
    workbook = small(bidders=[_bidder(capacity=10), {"name": "Beta", "cost_factor": 0.9}])
    summary = run("tender", workbook, "--out", tmp_path / "out")
    acme, beta = summary["tender"]["bidders"]
    assert acme["capacity"] == 10 and "capacity" not in acme["defaults"]
    assert beta["capacity"] is None and "capacity" in beta["defaults"]
    taken = {b["bidder"]: b["taken_patients"] for b in summary["bidders"]}
    assert taken["Acme Care"] <= 10


def test_same_epoch_gives_identical_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    digests = []
    for name in ("a", "b"):
        out = tmp_path / name
        run("tender", EXAMPLE, "--draws", "20", "--seed", "5", "--out", out)
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()})
    assert digests[0] == digests[1]
    assert set(digests[0]) == REPORTS
