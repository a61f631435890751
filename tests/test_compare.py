"""``pbrkit compare`` (issue 15): runs side by side, what changed, the difference from
the first run (a live formula in report.xlsx), and the refusals.

The cost runs are one small workbook worked by hand (tests/test_costing.py's example):

    cluster 4:  £10 per_day × D 9,100                       =  £91,000
    cluster 11: £3,650 per_year × D 14,600 ÷ 365            = £146,000
    cluster 14: £700 per_episode × E (840 ÷ 28 = 30)
                + £300 admitted day × A 140 = 21,000 + 42,000 =  £63,000
    income at MFF 1.00                                      = £300,000
    income at MFF 1.05 = 300,000 × 1.05                     = £315,000

so the MFF run's income is £15,000 above the base run's; cost does not depend on the
MFF (methodology §2), so its difference is £0 and the surplus rises by £15,000.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from pbrkit.cli import cli
from pbrkit.reports.document import Comparison, ComparisonRow
from pbrkit.reports.layouts.compare import Run, headline_comparison, markdown, psa_comparison
from pbrkit.reports.suppression import is_suppressed
from pbrkit.workflows.compare import Loaded, load_run, what_changed
from recalc import recalc_formulas

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"
SCENARIO = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"

CASELOAD = [
    {"cluster": 4, "service_users": 50, "cluster_days": 9_100, "admitted_days": 0},
    {"cluster": 11, "service_users": 40, "cluster_days": 14_600, "admitted_days": 0},
    {"cluster": 14, "service_users": 30, "cluster_days": 840, "admitted_days": 140},
]
TARIFF = [
    {"cluster": 4, "price": 10.0, "unit": "per_day"},
    {"cluster": 11, "price": 3650.0, "unit": "per_year"},
    {"cluster": 14, "price": 700.0, "unit": "per_episode", "admitted_day_price": 300.0},
]


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def cost_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two cost runs of the hand-worked workbook: MFF 1 and MFF 1.05."""
    from conftest import write_xlsx

    folder = tmp_path_factory.mktemp("cost")
    book = write_xlsx(folder / "small.xlsx", {"caseload": CASELOAD, "tariff": TARIFF})
    runs = folder / "base", folder / "mff"
    for out, mff in zip(runs, ("1", "1.05"), strict=True):
        result = invoke("cost", book, "--mff", mff, "--out", out)
        assert result.exit_code == 0, result.output
    return runs


@pytest.fixture(scope="module")
def compared(cost_runs: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compared") / "out"
    result = invoke("compare", *cost_runs, "--names", "base,mff", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr  # same reference set, same data
    return out


def headline(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["figure"]: row for row in summary["headline"]}


def test_mff_difference_worked_by_hand(compared: Path) -> None:
    summary = json.loads((compared / "summary.json").read_text())
    rows = headline(summary)
    assert summary["command"] == "pbrkit compare"
    income = rows["income"]["values"]
    assert income == {"base": pytest.approx(300_000), "mff": pytest.approx(315_000)}
    assert rows["income"]["difference"]["mff"] == pytest.approx(15_000)  # 315,000 − 300,000
    assert rows["cost"]["difference"]["mff"] == 0  # cost does not depend on the MFF
    assert rows["surplus"]["difference"]["mff"] == pytest.approx(15_000)
    assert rows["service_users"]["values"] == {"base": 120, "mff": 120}  # 50 + 40 + 30
    # What changed: the MFF and nothing else (same workbook, same reference set).
    assert summary["changed"] == [
        {"setting": "Market-forces factor (--mff)", "values": "base: 1; mff: 1.05"}
    ]
    assert summary["warnings"] == []


def test_excel_difference_formulas_recalculate_to_saved_values(compared: Path) -> None:
    book = compared / "report.xlsx"
    formulas = openpyxl.load_workbook(book)["Summary"]
    saved = openpyxl.load_workbook(book, data_only=True)["Summary"]
    recalculated = recalc_formulas(book)["Summary"]
    labels = {formulas.cell(r, 1).value: r for r in range(1, formulas.max_row + 1)}
    row = labels["Income"]
    assert formulas.cell(row, 4).value == f"=ROUND(C{row}-B{row},6)"  # mff − base
    assert saved.cell(row, 4).value == pytest.approx(15_000)
    checked = 0
    for r in range(1, formulas.max_row + 1):
        cell = formulas.cell(r, 4)
        if isinstance(cell.value, str) and cell.value.startswith("="):
            value = recalculated[f"D{r}"]
            assert value == pytest.approx(saved.cell(r, 4).value, abs=1e-6), (r, cell.value)
            checked += 1
    assert checked >= 9  # one per headline figure of a cost run


def test_html_shows_runs_difference_and_what_changed(compared: Path) -> None:
    page = (compared / "report.html").read_text()
    assert "What changed" in page and "Market-forces factor (--mff)" in page
    assert 'data-table="headline"' in page
    assert "£15,000" in page  # the income difference, formatted as money
    assert "mff − base" in page
    # The findings: surplus 300,000 − cost vs 315,000 − cost, £15,000 apart.
    assert "£15k higher than base&#39;s" in page


def test_markdown_prints_the_headline_and_writes_nothing(
    cost_runs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("compare", *cost_runs, "--names", "base,mff", "--markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "| | base | mff | mff − base |"
    assert "| Income | £300,000 | £315,000 | £15,000 |" in lines
    assert list(tmp_path.iterdir()) == []
    # summary.json files given directly are named after their folders.
    files = [run / "summary.json" for run in cost_runs]
    assert invoke("compare", *files, "--markdown").stdout.splitlines()[0] == lines[0]


def test_not_a_summary_is_an_input_error(cost_runs: tuple[Path, Path], tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "summary.json").write_text(json.dumps({"total": 3}))
    not_json = tmp_path / "notes.json"
    not_json.write_text("not json")
    out = tmp_path / "out"
    result = invoke("compare", cost_runs[0], other, not_json, "--out", out)
    assert result.exit_code == 2
    assert "not a pbrkit summary: it has no 'pbrkit_version'" in result.stderr
    assert "notes.json: not a pbrkit summary: not JSON" in result.stderr  # both reported
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "not a pbrkit summary: not JSON"),
        ('{"pbrkit_version": "1", "command": "pbrkit cost", "inputs": [], '
         '"reference": {"name": "r", "status": "s", "title": "t"}, "totals": [1, 2]}',
         "'totals' are not as pbrkit writes them"),
        ('{"pbrkit_version": "1", "command": "pbrkit cost", "inputs": [], '
         '"reference": {"name": "r", "status": "s", "title": "t"}, "clusters": [{"x": 1}]}',
         "'clusters' are not as pbrkit writes them"),
        ('{"pbrkit_version": "1", "command": "pbrkit cluster", "inputs": [], '
         '"reference": {"name": "r", "status": "s", "title": "t"}}',
         "a 'pbrkit cluster' run; pbrkit compare compares cost and tender runs"),
    ],
)  # fmt: skip
def test_a_broken_summary_is_one_clear_input_error(
    cost_runs: tuple[Path, Path], tmp_path: Path, text: str, message: str
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "summary.json").write_text(text)
    out = tmp_path / "out"
    result = invoke("compare", cost_runs[0], broken, "--out", out)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not out.exists()


def test_runs_of_different_commands_refused(cost_runs: tuple[Path, Path], tmp_path: Path) -> None:
    tender = _copy(cost_runs[1], tmp_path / "tender", command="pbrkit tender")
    result = invoke("compare", cost_runs[0], tender, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "runs of different commands cannot be compared" in result.stderr


def test_mixed_reference_sets_compared_with_a_warning(
    cost_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    other = _copy(cost_runs[1], tmp_path / "other", reference="local-2025")
    out = tmp_path / "out"
    result = invoke("compare", cost_runs[0], other, "--names", "base,local", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Warning: These runs used different reference sets" in result.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert "base: illustrative-2014-15; local: local-2025" in summary["warnings"][0]
    assert "different reference sets" in (out / "report.html").read_text()


def test_different_data_compared_with_a_warning(
    cost_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    other = _copy(cost_runs[1], tmp_path / "other", sha256="0" * 64)
    result = invoke("compare", cost_runs[0], other, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Warning: These runs read different input data" in result.stderr


@pytest.fixture(scope="module")
def published_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from conftest import write_xlsx

    folder = tmp_path_factory.mktemp("published")
    book = write_xlsx(folder / "small.xlsx", {"caseload": CASELOAD, "tariff": TARIFF})
    runs = folder / "base", folder / "mff"
    for out, mff in zip(runs, ("1", "1.05"), strict=True):
        result = invoke("cost", book, "--mff", mff, "--publish", "--out", out)
        assert result.exit_code == 0, result.output
    return runs


def test_published_with_unpublished_refused(
    cost_runs: tuple[Path, Path], published_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = invoke("compare", cost_runs[0], published_runs[1], "--names", "a,b", "--out", out)
    assert result.exit_code == 2
    assert "b published (--publish) and a not" in result.stderr
    assert not out.exists()


def test_published_runs_give_a_published_comparison(
    published_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = invoke("compare", *published_runs, "--names", "base,mff", "--out", out)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    rows = headline(summary)
    assert rows["service_users"]["values"] == {"base": 120, "mff": 120}  # 120 rounds to 120
    assert summary["disclosure"]["statement"].startswith("Published with small-number")
    page = (out / "report.html").read_text()
    assert "The difference of two rounded counts is not a count" in page
    assert "Published with small-number suppression" in page


def test_a_hidden_count_of_published_runs_is_written_null(
    published_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    """A count hidden in a published run (its summary.json's null) is hidden (*) in the
    comparison, and its summary.json writes it null again (it failed to write: a hidden
    figure is not JSON)."""
    hidden = tmp_path / "hidden"
    shutil.copytree(published_runs[1], hidden)
    summary_file = hidden / "summary.json"
    run = json.loads(summary_file.read_text())
    run["totals"]["service_users"] = None  # as if 1-7 people: hidden
    summary_file.write_text(json.dumps(run))
    out = tmp_path / "out"
    result = invoke("compare", published_runs[0], hidden, "--names", "base,mff", "--out", out)
    assert result.exit_code == 0, result.output
    row = headline(json.loads((out / "summary.json").read_text()))["service_users"]
    assert row["values"] == {"base": 120, "mff": None}
    assert row["difference"] == {"mff": None}
    assert '<td class="num">*</td>' in (out / "report.html").read_text()


def test_years_compared_year_by_year(tmp_path: Path) -> None:
    """Income falls by the deflator d = 10% a year (methodology §2): year t income is
    income × 0.9^t, so the MFF run's lead of £15,000 becomes
        year 1: 15,000 × 0.9   = £13,500
        year 2: 15,000 × 0.81  = £12,150
    and cost (no inflation) is the same in both runs every year."""
    from conftest import write_xlsx

    book = write_xlsx(tmp_path / "small.xlsx", {"caseload": CASELOAD, "tariff": TARIFF})
    runs = tmp_path / "base", tmp_path / "mff"
    for out, mff in zip(runs, ("1", "1.05"), strict=True):
        options = ("--years", "3", "--deflator", "0.1", "--inflation", "0", "--mff", mff)
        assert invoke("cost", book, *options, "--out", out).exit_code == 0
    out = tmp_path / "out"
    assert invoke("compare", *runs, "--names", "base,mff", "--out", out).exit_code == 0
    summary = json.loads((out / "summary.json").read_text())
    income = [row["difference"]["mff"] for row in summary["years_income"]]
    assert income == [pytest.approx(15_000), pytest.approx(13_500), pytest.approx(12_150)]
    assert [row["difference"]["mff"] for row in summary["years_cost"]] == [0, 0, 0]
    assert [row["label"] for row in summary["years_income"]] == ["2024/25", "2025/26", "2026/27"]
    assert "Years" in openpyxl.load_workbook(out / "report.xlsx").sheetnames


def test_psa_intervals_side_by_side() -> None:
    """Each PSA figure's p5, median and p95 per run, and their differences."""
    psa = {"figures": {"surplus": {"mean": 1.0, "p5": -100.0, "p50": 10.0, "p95": 90.0}}}
    wider = {"figures": {"surplus": {"mean": 1.0, "p5": -150.0, "p50": 10.0, "p95": 140.0}}}
    block = psa_comparison([Run("a", {"psa": psa}), Run("b", {"psa": wider})])
    assert block is not None
    rows = {row.figure: row for row in block.rows}
    assert rows["p5"].label == "The surplus in the input year: 5th percentile"
    assert rows["p5"].values == (-100.0, -150.0)
    assert block.difference(rows["p5"], 1) == -50.0  # −150 − (−100)
    assert block.difference(rows["p95"], 1) == 50.0  # 140 − 90: the interval is wider
    assert psa_comparison([Run("a", {"psa": psa}), Run("b", {})]) is None  # not every run


def test_what_changed_names_settings_and_groups_a_missing_bidder() -> None:
    base = {
        "pbrkit_version": "1",
        "command": "pbrkit tender",
        "inputs": [],
        "reference": {"name": "r", "status": "illustrative", "title": "t"},
        "nhs": {"fixed_cost_share": 0.2},
        "tender": {"bidders": [{"name": "X", "cost_factor": 0.9, "clusters": [1, 2]}]},
    }
    other = {
        **base,
        "nhs": {"fixed_cost_share": 0.77},
        "tender": {"bidders": [{"name": "Y", "cost_factor": 0.8, "clusters": [3]}]},
    }
    changed = dict(what_changed([Loaded("a", Path("a"), base), Loaded("b", Path("b"), other)]))
    assert changed == {
        "NHS: fixed cost share": "a: 0.2; b: 0.77",
        "Bidder X": "a: cost factor 0.9 · clusters 1, 2; b: none",
        "Bidder Y": "a: none; b: cost factor 0.8 · clusters 3",
    }  # fmt: skip
    same_bidder = {**other, "tender": {"bidders": [{"name": "X", "cost_factor": 0.8,
                                                     "clusters": [1, 2]}]}}  # fmt: skip
    changed = dict(
        what_changed([Loaded("a", Path("a"), base), Loaded("b", Path("b"), same_bidder)])
    )
    assert changed["Bidder X: cost factor"] == "a: 0.9; b: 0.8"
    assert "Bidder X" not in changed and "Bidder X: clusters" not in changed


def test_a_published_runs_null_is_hidden_not_missing() -> None:
    """In a published summary.json a hidden count is null: the comparison shows it as
    hidden (*) and gives it no difference; an unpublished run's null stays missing."""
    published = {"command": "pbrkit cost", "disclosure": {"statement": "Published"}}
    a = Run("a", {**published, "totals": {"service_users": 120, "income": 5.0}})
    b = Run("b", {**published, "totals": {"service_users": None, "income": 7.0}})
    rows = {row.figure: row for row in headline_comparison([a, b]).rows}
    assert is_suppressed(rows["service_users"].values[1])
    assert headline_comparison([a, b]).difference(rows["service_users"], 1) is None
    assert headline_comparison([a, b]).difference(rows["income"], 1) == 2.0  # 7 − 5
    plain = Run("b", {"command": "pbrkit cost", "totals": {"service_users": None}})
    assert headline_comparison([a, plain]).rows[0].values[1] is None


# ------------------------------------------------------------------------- tender


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixed-tariff example at one draw, and the same with the accept-all duty."""
    folder = tmp_path_factory.mktemp("scenarios")
    text = SCENARIO.read_text().replace("draws = 200", "draws = 1")
    text = text.replace('workbook = "../clusters.xlsx"', f"workbook = {json.dumps(str(EXAMPLE))}")
    fixed, accept = folder / "fixed.toml", folder / "accept.toml"
    fixed.write_text(text)
    accept.write_text(text.replace("accept_all = false", "accept_all = true"))
    return fixed, accept


def test_two_tender_scenarios_side_by_side(scenarios: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("compare", *scenarios, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in scenarios[0].parent.iterdir()) == ["accept.toml", "fixed.toml"]
    summary = json.loads((out / "summary.json").read_text())
    rows = headline(summary)
    for key in ("residue_patients", "public_spending_change", "commissioner_saving"):
        row = rows[key]
        difference = row["values"]["accept"] - row["values"]["fixed"]
        assert row["difference"]["accept"] == pytest.approx(difference, abs=1e-6)
    # Everyone is either taken or left, in each run: the differences cancel.
    taken, left = rows["taken_patients"]["difference"], rows["residue_patients"]["difference"]
    assert taken["accept"] + left["accept"] == 0
    changed = {c["setting"]: c["values"] for c in summary["changed"]}
    lot = "Lot Common mental health problems (AQP): accept all"
    assert changed[lot] == "fixed: no; accept: yes"
    assert summary["warnings"] == []  # the same workbook; the scenario file is a setting
    by_cluster = {r["label"]: r for r in summary["residue_by_cluster_residue_patients"]}
    assert set(by_cluster) >= {"Cluster 1", "Cluster 4"}
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert {"Summary", "Chart", "By cluster", "Run"} <= set(book.sheetnames)
    # Every headline figure of a tender is compared: none is left out for want of a
    # registry entry (public_cost_change repeats public_spending_change).
    run = load_run(scenarios[0], "fixed").summary
    expected = (set(run["residue"]) | set(run["public_sector"])) - {"ranges", "public_cost_change"}
    assert set(rows) == expected


def test_out_may_not_be_a_run_compared(cost_runs: tuple[Path, Path]) -> None:
    before = sorted(p.name for p in cost_runs[0].iterdir())
    result = invoke("compare", *cost_runs, "--out", cost_runs[0], "--force")
    assert result.exit_code == 2
    assert "is the input folder" in result.stderr
    assert sorted(p.name for p in cost_runs[0].iterdir()) == before


# ------------------------------------------------------------------ properties


@given(st.lists(st.one_of(st.none(), st.integers(-(10**9), 10**9)), min_size=2, max_size=5))
def test_difference_is_each_run_less_the_first(values: list[int | None]) -> None:
    runs = tuple(f"r{i}" for i in range(len(values)))
    block = Comparison("x", None, runs, (ComparisonRow("income", "Income", tuple(values)),))
    row = block.rows[0]
    for i in range(1, len(values)):
        first, value = values[0], values[i]
        expected = None if first is None or value is None else value - first
        assert block.difference(row, i) == expected
    table = markdown(block)
    assert table.count("\n") == 3  # header, rule, one row


def _copy(run: Path, target: Path, **changes: Any) -> Path:
    """A copy of a run folder with its summary.json's header changed."""
    shutil.copytree(run, target)
    summary = json.loads((target / "summary.json").read_text())
    if "command" in changes:
        summary["command"] = changes["command"]
    if "reference" in changes:
        summary["reference"]["name"] = changes["reference"]
    if "sha256" in changes:
        summary["inputs"][0]["sha256"] = changes["sha256"]
    (target / "summary.json").write_text(json.dumps(summary))
    return target


# ------------------------------------------------------------ the README's table


@pytest.mark.slow  # three scenarios of 200 draws each: about 20 s on an idle machine
def test_scenario_readme_table_is_pbrkit_compare_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """examples/scenarios/README.md's results table is `pbrkit compare … --markdown`,
    run in that folder as the README says, byte for byte."""
    folder = ROOT / "examples" / "scenarios"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- results:start -->\n", "<!-- results:end -->"
    table = readme[readme.index(start) + len(start) : readme.index(end)]
    names = "(a) fixed tariff,(b) accept all,(c) probation-style split"
    assert f'--names "{names}" --markdown' in readme  # the command the README documents
    before = sorted(folder.iterdir())
    monkeypatch.chdir(folder)
    result = invoke(
        "compare", "aqp-fixed-tariff.toml", "aqp-accept-all.toml", "probation-style-split.toml",
        "--names", names, "--markdown",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == table
    assert sorted(folder.iterdir()) == before  # nothing written beside the scenarios


def test_compare_writes_a_one_page_summary(tmp_path: Path) -> None:
    """summary.pdf: one page, the headline rows as each run's value in turn."""
    import subprocess

    from pbrkit.reports.render.pdf import render

    base, mff = tmp_path / "base", tmp_path / "mff"
    for out, extra in ((base, []), (mff, ["--mff", "1.05"])):
        result = CliRunner().invoke(cli, ["cost", str(EXAMPLE), "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
    out = tmp_path / "cmp"
    result = CliRunner().invoke(cli, ["compare", str(base), str(mff), "--out", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out / "summary.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and render is not None
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    if info.returncode == 0:  # poppler present (CI installs it with LibreOffice)
        assert "Pages:           1" in info.stdout
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip
        assert "Income" in text and "£44.9m → £47.1m" in text  # 44,893,257 × 1.05
