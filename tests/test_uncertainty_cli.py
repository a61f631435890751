"""``pbrkit psa`` and ``pbrkit threshold`` end to end on the example workbook."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"
SCRIPT = "<script>alert(1)</script>"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def ranges(tmp_path: Path) -> Path:
    path = tmp_path / "ranges.csv"
    path.write_text(
        "parameter,low,high,source\n"
        f"nhs.fixed_cost_share,0.35,0.75,{SCRIPT}\n"
        "bidders.*.info_quality,0.3,0.6,literature\n",
        encoding="utf-8",
    )
    return path


def test_psa_writes_five_files_that_agree(
    tmp_path: Path, ranges: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "one"
    args = [EXAMPLE, "--uncertainty", ranges, "--samples", "6", "--inner", "2"]
    result = invoke("psa", *args, "--workers", "1", "--out", out)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {
        "summary.json",
        "psa.parquet",
        "report.xlsx",
        "report.html",
        "summary.pdf",
    }
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    psa = summary["psa"]
    table = pd.read_parquet(out / "psa.parquet")
    assert len(table) == 12  # 6 samples × 2 inner draws
    change = table["nhs_surplus_change"]
    assert psa["figures"]["nhs_surplus_change"]["mean"] == pytest.approx(change.mean())
    assert psa["prob_nhs_surplus_falls"] == pytest.approx((change < 0).mean())
    assert psa["sensitivity"]["nhs_surplus_change"]["method"].startswith("squared standardised")
    assert [b["parameter"] for b in psa["tornado"]["figures"]["nhs_surplus_change"]]
    assert psa["thresholds"][0]["parameter"] == "nhs.fixed_cost_share"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert "Over only 12 runs" in html  # 6 × 2: too few for "9 in 10" (review 6)
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.sheetnames == ["Uncertainty", "Tornado", "Sensitivity", "Thresholds", "Run"]
    # Two local workers: the same bytes.
    two = tmp_path / "two"
    assert invoke("psa", *args, "--workers", "2", "--out", two).exit_code == 0
    for name in ("summary.json", "report.html"):
        assert (out / name).read_bytes() == (two / name).read_bytes()
    pd.testing.assert_frame_equal(table, pd.read_parquet(two / "psa.parquet"), check_exact=True)


def test_a_bad_range_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "parameter,low,high\nnhs.shed_rate,0.4,0.1\nbidders.Nobody.cost_factor,0.9,1.1\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["psa", str(EXAMPLE), "--uncertainty", str(bad), "--out", str(out)]
    )
    assert result.exit_code == 2
    said = "row 2, column 'low': 'nhs.shed_rate': low (0.4) is greater than high (0.1)"
    assert said in result.output
    assert not out.exists()


def test_a_workbook_without_ranges_says_how_to_give_them(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["psa", str(EXAMPLE), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no uncertain parameters" in result.output
    assert "examples/uncertainty.csv" in result.output


def test_dask_needs_a_scheduler(tmp_path: Path, ranges: Path) -> None:
    result = CliRunner().invoke(
        cli, ["psa", str(EXAMPLE), "--uncertainty", str(ranges), "--executor", "dask"]
    )
    assert result.exit_code == 2
    assert "--executor dask needs --scheduler ADDRESS" in result.output


def test_threshold_prints_the_break_even(tmp_path: Path) -> None:
    # Under the v2 model the example's pools give r = 17,892,000 / 47,629,000 = 0.3757
    # and s = (5,239,000 × 0.25 + 3,810,000 × 0.40) / 9,049,000 = 0.3132; the surplus
    # change is −Σ_T (v·P − (1 − r)·c) − f·(1 − s)·Σ_T (1 − r)·c, falling linearly with
    # f from about −£9.6m (f = 0) to about −£22.3m (f = 1). So −£15m is crossed inside
    # (0, 1), near f = (15.0 − 9.6) / (22.3 − 9.6) ≈ 0.42; the v1 target (−£8m) is not
    # crossed at all now that beds, AMHP and crisis count in r.
    out = tmp_path / "t"
    result = invoke(
        "threshold", EXAMPLE, "--param", "nhs.fixed_cost_share",
        "--figure", "nhs_surplus_change", "--target", "-15000000", "--out", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    value = summary["thresholds"][0]["value"]
    assert 0.38 < value < 0.47
    assert f"nhs.fixed_cost_share = {value:.4g}" in result.output


def test_threshold_rejects_unknown_figures_and_unbounded_parameters(tmp_path: Path) -> None:
    runner = CliRunner()
    bad_figure = runner.invoke(
        cli, ["threshold", str(EXAMPLE), "--param", "nhs.shed_rate", "--figure", "profit"]
    )
    assert bad_figure.exit_code == 2 and "--figure 'profit' is not a figure" in bad_figure.output
    unbounded = runner.invoke(
        cli, ["threshold", str(EXAMPLE), "--param", "tariff.scale", "--figure", "bidder_profit"]
    )
    assert unbounded.exit_code == 2 and "give --bounds LO:HI" in unbounded.output


@pytest.mark.parametrize(
    ("option", "says"),
    [
        (["--target", "inf"], "'inf' is not a finite number"),
        (["--target", "-inf"], "'-inf' is not a finite number"),
        (["--target", "nan"], "'nan' is not a finite number"),
        (["--target", "1e400"], "'1e400' is not a finite number"),
        (["--target", "much"], "'much' is not a valid finite number"),
        (["--bounds", "0:inf"], "'0:inf': inf is not a finite number"),
        (["--bounds", "nan:1"], "'nan:1': nan is not a finite number"),
        (["--bounds", "low:high"], "'low:high': write two numbers as LO:HI"),
        (["--bounds", "0.5:0.5"], "'0.5:0.5': LO must be less than HI"),
    ],
)
def test_threshold_refuses_targets_and_bounds_that_are_not_finite_numbers(
    tmp_path: Path, option: list[str], says: str
) -> None:
    """Before the fix --target inf ran and reported no crossing, --target nan failed
    inside Brent's method ("unexpected failure", exit 1) and --bounds 0:inf reported
    a share of nan: each is a usage error now (exit 2), one message, nothing written."""
    out = tmp_path / "t"
    result = CliRunner().invoke(
        cli,
        [
            "threshold", str(EXAMPLE), "--param", "nhs.fixed_cost_share",
            "--figure", "public_spending_change", *option, "--out", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert result.output.count("Error") == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("parameter", "says"),
    [
        ("lots.*.accept_all", "lots has no uncertain column 'accept_all'"),
        ("nhs.payment", "nhs has no uncertain column 'payment'"),
        ("bidders.*.recharge", "bidders has no uncertain column 'recharge'"),
    ],
)
def test_threshold_refuses_a_parameter_whose_values_are_not_numbers(
    tmp_path: Path, parameter: str, says: str
) -> None:
    """A yes/no or text field has no break-even: exit 2, one message naming the
    columns that can be solved for, nothing written."""
    out = tmp_path / "t"
    result = CliRunner().invoke(
        cli,
        [
            "threshold", str(EXAMPLE), "--param", parameter,
            "--figure", "public_spending_change", "--bounds", "0:1", "--out", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert says in result.output and "use one of" in result.output
    assert result.output.count("Error") == 1
    assert not out.exists()


def test_the_library_refuses_a_target_or_bound_that_is_not_finite() -> None:
    from pbrkit.errors import InputError
    from pbrkit.uncertainty import ThresholdSearch, run_threshold

    def line(values: object, seed: int) -> dict[str, float]:
        return {"y": 0.0}

    for target, bounds, says in (
        (float("nan"), (0.0, 1.0), "target must be a finite number"),
        (float("inf"), (0.0, 1.0), "target must be a finite number"),
        (0.0, (0.0, float("inf")), "upper bound must be a finite number"),
        (0.0, (float("nan"), 1.0), "lower bound must be a finite number"),
    ):
        search = ThresholdSearch(line, "x", "y", bounds, target=target)
        with pytest.raises(InputError, match=says):
            run_threshold(search, base={}, seed=0)


def test_a_scenario_carries_its_own_uncertainty_table(tmp_path: Path) -> None:
    scenario = tmp_path / "uncertain.toml"
    scenario.write_text(
        f"schema_version = 1\nworkbook = {json.dumps(str(EXAMPLE))}\nseed = 3\n"
        '[uncertainty]\n"nhs.shed_rate" = {low = 0.05, high = 0.35, source = "pools"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "s"
    assert invoke("psa", scenario, "--samples", "4", "--out", out).exit_code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["seed"] == 3
    assert [p["parameter"] for p in summary["psa"]["parameters"]] == ["nhs.shed_rate"]
    # pbrkit tender reads the same scenario file and adds the break-even of f.
    assert invoke("tender", "--scenario", scenario, "--out", tmp_path / "t").exit_code == 0


def test_tender_psa_adds_the_analysis_to_the_tender_reports(tmp_path: Path, ranges: Path) -> None:
    out = tmp_path / "tender"
    args = ["tender", EXAMPLE, "--psa", "4", "--uncertainty", ranges, "--workers", "1"]
    result = invoke(*args, "--out", out)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {
        "summary.json",
        "report.xlsx",
        "report.html",
        "psa.parquet",
        "summary.pdf",
    }
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["command"] == "pbrkit tender"
    assert "residue" in summary and summary["psa"]["samples"] == 4
    # --publish (refused before issue 13 was finished): the example's counts are all
    # large, so the money intervals stand, rounded to the money base (£50,000: 5 × the
    # £8,030 largest price, rounded up; docs/methodology.md §7), and the counts to 5.
    published = tmp_path / "published"
    assert invoke(*args, "--publish", "--out", published).exit_code == 0
    shown = json.loads((published / "summary.json").read_text(encoding="utf-8"))["psa"]
    exact = summary["psa"]["figures"]["nhs_surplus_change"]
    for key, value in shown["figures"]["nhs_surplus_change"].items():
        if key in ("mean", "p5", "p50", "p95"):
            assert value == round(exact[key] / 50_000) * 50_000, key
    taken = shown["figures"]["taken_patients"]
    assert all(taken[k] % 5 == 0 for k in ("mean", "p5", "p50", "p95"))
