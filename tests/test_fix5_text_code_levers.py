"""A per-code lever names a code of a set with text codes (found in mutation testing).

``pbrkit cost examples/mhnrg.xlsx --reference illustrative-mhnrg --tariff-change
PSY_CRI=10%`` used to stop with "expected a cluster code 0-8, 10-21 or 99": the command
line read the lever's code against the default (care-cluster) set before --reference
loaded. Worse, ``3=10%`` was taken silently as the third row's code (PSY_CRI) of a set
that has no code 3, and the reports named it ``cluster 3``. A lever's code is now read
against the run's reference set, and shown as the set writes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.levers import Change, Levers, read_changes, what_if_rows
from pbrkit.reference import load_reference_set

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "mhnrg.xlsx"
SET = "illustrative-mhnrg"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def cost(out: Path, *levers: str) -> Result:
    return invoke("cost", EXAMPLE, "--reference", SET, "--out", out, "--force", *levers)


def by_code(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["cluster"]: row for row in summary["clusters"]}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("base")
    assert cost(out).exit_code == 0
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text())
    return summary


def test_tariff_change_on_a_text_code_changes_that_code_only(
    base: dict[str, Any], tmp_path: Path
) -> None:
    result = cost(tmp_path, "--tariff-change", "psy_cri=10%")  # any spelling of the set
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    # PSY_CRI: £43,800 a person-year, 73 cluster days: 43,800 × 73 ÷ 365 = £8,760;
    # +10%: 48,180 × 73 ÷ 365 = £9,636. Every other code's income is unchanged, so the
    # total goes from £428,510 to £428,510 + £876 = £429,386; no cost moves.
    assert base["clusters"] and by_code(base)["PSY_CRI"]["income"] == pytest.approx(8_760.0)
    changed = by_code(summary)
    assert changed["PSY_CRI"]["income"] == pytest.approx(9_636.0, abs=0.005)
    for code, row in by_code(base).items():
        assert changed[code]["cost"] == pytest.approx(row["cost"])
        if code != "PSY_CRI":
            assert changed[code]["income"] == pytest.approx(row["income"])
    assert summary["totals"]["income"] == pytest.approx(429_386.0, abs=0.005)
    assert summary["what_if"] == [
        {"lever": "tariff_change", "cluster": "PSY_CRI", "codes": "resource group", "change": 0.1}
    ]


def test_the_code_is_shown_as_written_in_every_report(tmp_path: Path) -> None:
    assert cost(tmp_path, "--tariff-change", "psychosis crisis=10%").exit_code == 0
    html = (tmp_path / "report.html").read_text()
    assert "PSY_CRI: +10%" in html and "cluster 3" not in html
    sheet = pd.read_excel(
        tmp_path / "report.xlsx", sheet_name="Assumptions", header=None, engine="calamine"
    )
    cells = {str(v) for v in sheet.to_numpy().ravel()}
    assert "PSY_CRI: +10%" in cells
    assert not any("cluster 3" in c for c in cells)


def test_cost_change_on_a_text_code(base: dict[str, Any], tmp_path: Path) -> None:
    assert cost(tmp_path, "--cost-change", "PSY_CRI=10%").exit_code == 0
    changed = by_code(json.loads((tmp_path / "summary.json").read_text()))
    # PSY_CRI's modelled cost £7,117.50 (k £97.50 × 73 days) × 1.1 = £7,829.25.
    assert changed["PSY_CRI"]["cost"] == pytest.approx(7_829.25, abs=0.005)
    assert changed["PSY_COM"]["cost"] == pytest.approx(by_code(base)["PSY_COM"]["cost"])


@pytest.mark.parametrize("lever", ["--tariff-change", "--cost-change"])
@pytest.mark.parametrize("code", ["3", "C3", "NOPE"])
def test_a_code_the_set_does_not_have_is_one_problem(tmp_path: Path, lever: str, code: str) -> None:
    out = tmp_path / "out"
    result = cost(out, lever, f"{code}=10%")
    assert result.exit_code == 2
    assert result.output.count("Error") == 1
    assert f"{lever}: cannot read '{code}=10%'" in result.output
    assert f"e.g. {lever} PSY_COM=10%" in result.output  # a code of this set
    assert "PSY_COM, PSY_INP, PSY_CRI" in result.output  # the set's codes, named
    assert "Traceback" not in result.output
    assert not out.exists()


def test_one_code_twice_in_two_spellings_is_refused(tmp_path: Path) -> None:
    result = cost(tmp_path / "o", "--tariff-change", "PSY_CRI=10%", "--tariff-change", "psy_cri=5%")
    assert result.exit_code == 2
    assert "one change for PSY_CRI, given once" in result.output
    assert "Fix: give PSY_CRI once" in result.output


def test_one_code_written_twice_is_refused_before_the_set_loads() -> None:
    with pytest.raises(InputError) as caught:
        read_changes(("PSY_CRI=10%", "PSY_CRI = 5%"), "--tariff-change")
    assert str(caught.value).startswith("--tariff-change: two changes for PSY_CRI (+10% and +5%)")


def test_a_library_lever_given_by_key_is_shown_as_the_set_writes_it() -> None:
    currency = load_reference_set(SET).currency
    levers = Levers(tariff=(Change(0.1, 3),)).resolved(currency)
    assert levers.summary() == [
        {"lever": "tariff_change", "cluster": "PSY_CRI", "codes": "resource group", "change": 0.1}
    ]


def test_tender_lever_on_a_text_code(tmp_path: Path) -> None:
    result = invoke(
        "tender", EXAMPLE, "--reference", SET, "--out", tmp_path, "--force",
        "--tariff-change", "PSY_CRI=10%",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["what_if"] == [
        {"lever": "tariff_change", "cluster": "PSY_CRI", "codes": "resource group", "change": 0.1}
    ]
    assert "PSY_CRI: +10%" in (tmp_path / "report.html").read_text()


def test_care_cluster_levers_read_as_before() -> None:
    reference = load_reference_set("illustrative-2014-15")
    levers = Levers(tariff=read_changes(("5%", "C13=10%"), "--tariff-change"))
    resolved = levers.resolved(reference.currency)
    assert resolved.tariff == (Change(0.05), Change(0.1, 13))
    assert resolved.summary() == [
        {"lever": "tariff_change", "cluster": None, "codes": "cluster", "change": 0.05},
        {"lever": "tariff_change", "cluster": 13, "codes": "cluster", "change": 0.1},
    ]
    assert what_if_rows({"what_if": resolved.summary()}) == [
        (
            "What-if: tariff change (--tariff-change)",
            "+5%; cluster 13: +10% (a cluster's own change replaces the all-cluster one "
            "for that cluster)",
        )
    ]
    with pytest.raises(InputError, match="cannot read '9=10%'"):  # unused in care clusters
        Levers(tariff=read_changes(("9=10%",), "--tariff-change")).resolved(reference.currency)


def test_a_scenario_lever_on_a_text_code_is_read_against_the_set() -> None:
    from pbrkit.tender.scenario import parse_scenario
    from pbrkit.workflows.tender import scenario_levers

    currency = load_reference_set(SET).currency
    scenario = parse_scenario({"schema_version": 1, "tariff_change": ["PSY_CRI=10%"]})
    levers = scenario_levers(scenario, Levers(), currency)
    assert levers.tariff == (Change(0.1, 3, "PSY_CRI"),)  # PSY_CRI is the set's third code
    bad = parse_scenario({"schema_version": 1, "cost_change": "13=5%"})
    with pytest.raises(InputError, match="scenario cost_change: cannot read '13=5%'"):
        scenario_levers(bad, Levers(), currency)


def test_an_unread_code_is_never_applied_as_every_code() -> None:
    from pbrkit.levers import factors

    with pytest.raises(ValueError, match="resolved"):
        factors(read_changes(("PSY_CRI=10%",), "--tariff-change"), [1, 2, 3])


def test_both_forms_on_a_text_set_say_code_not_cluster(tmp_path: Path) -> None:
    result = cost(tmp_path, "--tariff-change", "5%", "--tariff-change", "PSY_CRI=10%")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report.html").read_text()
    assert "+5%; PSY_CRI: +10% (a code&#39;s own change replaces the all-code one" in html
    assert "cluster" not in html.split("tariff change (--tariff-change)")[1][:120]
