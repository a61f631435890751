"""``--publish`` with the uncertainty analysis: each run's counts published like a sweep
point's, and every statistic over runs of a figure about a count hidden in any run
hidden with it (the generic publish, src/pbrkit/reports/publishing.py, with the PSA
document's blocks ``over`` its runs table: src/pbrkit/reports/layouts/uncertainty.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports.document import Document
from pbrkit.reports.figures import figure
from pbrkit.reports.layouts.uncertainty import RUNS, psa_document
from pbrkit.reports.publishing import publish
from pbrkit.reports.render import json as render_json
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED, is_suppressed
from pbrkit.tender.metrics import FIGURES
from pbrkit.workflows.uncertainty import published_runs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"
T, R = "taken_patients", "residue_patients"


def runs_table() -> pd.DataFrame:
    """Three runs of a 100-person tender."""
    return pd.DataFrame(
        {
            "sample": [0, 1, 2],
            "inner": [0, 0, 0],
            "bidders.*.capacity": [3.0, 40.0, 0.0],
            "taken_patients": [3.0, 42.0, 0.0],
            "residue_patients": [97.0, 58.0, 100.0],
            "lost_contribution": [9_000.0, 120_000.0, 0.0],
            "casemix_index": [1.01, 0.8, 1.0],
            "nhs_surplus_change": [-10_000.0, -150_000.0, 0.0],
            "nhs_surplus_before": [50_000.0, 50_000.0, 50_000.0],
        }
    )


def exact_psa() -> dict[str, Any]:
    """A PSA object with every tender figure (summary.json's ``psa``, unpublished)."""
    stats = {"mean": -1.0e6, "p5": -2.0e6, "p50": -1.0e6, "p95": -0.5e6, "share_parameters": None}
    figures: dict[str, Any] = {f: dict(stats) for f in FIGURES}
    # Mean 3.3, p50 4 and p95 6 people taken are 1-7; p5 is 0 (0 stays 0).
    figures[T] = {"mean": 3.3, "p5": 0.0, "p50": 4.0, "p95": 6.0, "share_parameters": None}
    figures[R] = {"mean": 96.7, "p5": 94.0, "p50": 96.0, "p95": 100.0, "share_parameters": None}
    bar = {"parameter": "x", "low": 0.1, "high": 0.2, "at_low": 1.0, "at_high": 2.0, "swing": 1.0}
    shares = {"method": "m", "r_squared": 0.9, "shares": {"x": 0.9}, "most_important": "x"}
    return {
        "samples": 3, "inner": 1, "seed": 0,
        "parameters": [{"parameter": "x", "low": 0.1, "high": 0.2, "distribution": "normal",
                        "mode": None, "median": 0.15, "source": ""}],
        "figures": figures,
        "prob_nhs_surplus_falls": 0.7,
        "prob_public_spending_rises": 0.2,
        # The run at the medians takes 40 of the 100 people and leaves 60 (it adds up,
        # as a run does).
        "tornado": {"base": dict.fromkeys(FIGURES, 1.0) | {T: 40.0, R: 60.0},
                    "figures": {"nhs_surplus_change": [bar], "public_spending_change": []}},
        "sensitivity": {"nhs_surplus_change": shares, "public_spending_change": dict(shares)},
        "thresholds": [
            {"parameter": "nhs.fixed_cost_share", "figure": "public_spending_change",
             "target": 0.0, "bounds": [0.0, 1.0], "tolerance": 1e-5, "method": "m",
             "value": 0.3,
             "psa": {"samples": 10, "no_crossing": 1, "p5": 0.2, "p50": 0.3, "p95": 0.4}},
        ],
    }  # fmt: skip


META = RunMetadata(
    pbrkit_version="0",
    command="pbrkit psa",
    generated_at="2024-12-05T00:00:00Z",
    inputs=[],
    reference=ReferenceInfo(name="r", status="illustrative", title="r"),
)


def document(runs: pd.DataFrame, psa: dict[str, Any] | None = None) -> Document:
    rows = [{str(k): v for k, v in r.items()} for r in runs.to_dict(orient="records")]
    percentiles = [{"percentile": "5%", "nhs_surplus_change": -1.0, "public_spending_change": 1.0}]
    return psa_document(psa or exact_psa(), rows, meta=META, population=100.0,
                        percentiles=percentiles)  # fmt: skip


def test_each_run_is_published_like_a_sweep_point() -> None:
    runs = runs_table()
    published = published_runs(
        runs, publish(document(runs), NHSD_HES_2018).table(RUNS).rows, NHSD_HES_2018
    )
    # Run 0: 3 taken is 1-7, hidden; then 97 left is the only other count in the line
    # 100 = 3 + 97 and would give the 3 back (100 − 97), so it is hidden too.
    assert math.isnan(published["taken_patients"][0])
    assert math.isnan(published["residue_patients"][0])
    # ... and with them every £ figure about those people in that run.
    for name in ("lost_contribution", "nhs_surplus_change", "casemix_index"):
        assert math.isnan(published[name][0])
    assert published["nhs_surplus_before"][0] == 50_000.0  # about everyone: kept
    # Run 1: 42 → 40 and 58 → 60 (nearest 5); run 2: 0 stays 0, 100 stays 100.
    assert published["taken_patients"].tolist()[1:] == [40.0, 0.0]
    assert published["residue_patients"].tolist()[1:] == [60.0, 100.0]
    assert published["lost_contribution"].tolist()[1:] == [120_000.0, 0.0]
    # A capacity is a count of people (a full bidder took exactly it): run 0's 3 is
    # hidden as its 3 taken is, 40 stays 40 (nearest 5) and 0 stays 0. Shown as
    # sampled, run 0's capacity of 3 gave its hidden 3 taken back (review 9b).
    capacity = published["bidders.*.capacity"].tolist()
    assert math.isnan(capacity[0]) and capacity[1:] == [40.0, 0.0]
    assert all(published[c].dtype == "float64" for c in published.columns[2:])


def test_no_run_hidden_leaves_every_money_figure_exact() -> None:
    table = runs_table().iloc[1:].reset_index(drop=True)
    published = published_runs(
        table, publish(document(table), NHSD_HES_2018).table(RUNS).rows, NHSD_HES_2018
    )
    pd.testing.assert_series_equal(published["nhs_surplus_change"], table["nhs_surplus_change"])
    out = psa_object_of(publish(document(table), NHSD_HES_2018))
    assert out["figures"]["nhs_surplus_change"] == exact_psa()["figures"]["nhs_surplus_change"]


def psa_object_of(doc: Document) -> dict[str, Any]:
    assert doc.derived is not None
    psa: dict[str, Any] = doc.derived(doc)["psa"]
    return psa


def test_statistics_of_figures_about_a_count_hidden_in_any_run_are_hidden() -> None:
    out = psa_object_of(publish(document(runs_table()), NHSD_HES_2018))
    about_people = [f for f in FIGURES if {T, R} & set(figure(f).about)]
    assert "nhs_surplus_change" in about_people and "casemix_index" in about_people
    for name in about_people:
        assert all(is_suppressed(out["figures"][name][k]) for k in ("mean", "p5", "p50", "p95"))
        assert is_suppressed(out["tornado"]["base"][name])
    assert out["prob_nhs_surplus_falls"] is SUPPRESSED
    assert out["prob_public_spending_rises"] is SUPPRESSED
    bar = out["tornado"]["figures"]["nhs_surplus_change"][0]
    assert (bar["at_low"], bar["at_high"], bar["swing"]) == (SUPPRESSED,) * 3
    assert (bar["low"], bar["high"]) == (0.1, 0.2)  # the parameter's range is not about people
    sensitivity = out["sensitivity"]["nhs_surplus_change"]
    assert sensitivity["most_important"] is SUPPRESSED and sensitivity["r_squared"] is SUPPRESSED
    threshold = out["thresholds"][0]
    assert threshold["value"] is SUPPRESSED and threshold["psa"]["p50"] is SUPPRESSED
    assert threshold["psa"]["no_crossing"] == 1
    # Not about the people taken or left: exact.
    assert out["figures"]["nhs_surplus_before"] == exact_psa()["figures"]["nhs_surplus_before"]
    # The counts' own statistics are counts: 3.3, 4 and 6 hidden, 0 stays 0.
    taken = out["figures"]["taken_patients"]
    assert (taken["mean"], taken["p5"], taken["p50"], taken["p95"]) == (
        SUPPRESSED, 0, SUPPRESSED, SUPPRESSED,
    )  # fmt: skip
    # The people left are not small (96.7, 94, 96, 100 would be 95, 95, 95, 100), but run
    # 0 hides its 97 by the line rule (100 = 3 + 97, 3 hidden), and the mean taken, 3.3,
    # is hidden while 100 − 96.7 would give it back (as 100 − 95 = 5): every statistic
    # of the people left is hidden (pub9; until then they were published as above).
    left = out["figures"]["residue_patients"]
    assert [left[k] for k in ("mean", "p5", "p50", "p95")] == [SUPPRESSED] * 4


def test_hidden_statistics_are_null_in_summary_json_and_listed() -> None:
    summary = render_json.summary(publish(document(runs_table()), NHSD_HES_2018))
    assert summary["psa"]["figures"]["nhs_surplus_change"]["p50"] is None
    assert "/psa/figures/nhs_surplus_change/p50" in summary["disclosure"]["suppressed"]
    assert summary["psa"]["disclosure"].startswith("each run's people taken and left")


def test_nothing_hidden_publishes_only_the_counts_rounded() -> None:
    runs = runs_table().iloc[1:].reset_index(drop=True)
    given = exact_psa()
    given["figures"][T] = {"mean": 41.0, "p5": 20.0, "p50": 42.0, "p95": 44.0,
                           "share_parameters": None}  # fmt: skip
    out = psa_object_of(publish(document(runs, given), NHSD_HES_2018))
    assert out["figures"]["nhs_surplus_change"] == given["figures"]["nhs_surplus_change"]
    assert out["tornado"]["figures"] == given["tornado"]["figures"]
    assert out["thresholds"] == given["thresholds"]
    assert out["prob_nhs_surplus_falls"] == 0.7
    # 41 → 40, 20 stays, 42 → 40, 44 → 45 (nearest 5).
    assert [out["figures"][T][k] for k in ("mean", "p5", "p50", "p95")] == [40, 20, 40, 45]


def test_the_unpublished_document_gives_back_the_exact_psa_object() -> None:
    given = exact_psa()
    out = psa_object_of(document(runs_table(), given))
    assert out == given


def invoke(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def tiny_capacity(tmp_path: Path) -> Path:
    """Four bidders with room for about 1 to 3 people each: some runs take 1 to 7."""
    path = tmp_path / "ranges.csv"
    path.write_text(
        "parameter,low,high,distribution\n"
        "bidders.*.capacity,1,3,uniform\n"
        "nhs.fixed_cost_share,0.2,0.5,\n",
        encoding="utf-8",
    )
    return path


def test_tender_psa_publish_hides_what_is_about_few_people(
    tmp_path: Path, tiny_capacity: Path
) -> None:
    out = tmp_path / "pub"
    result = invoke(
        "tender", EXAMPLE, "--psa", "12", "--uncertainty", tiny_capacity,
        "--workers", "1", "--publish", "--out", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    psa = summary["psa"]
    assert psa["figures"]["nhs_surplus_change"]["p50"] is None
    assert psa["prob_nhs_surplus_falls"] is None
    assert "/psa/figures/nhs_surplus_change/p50" in summary["disclosure"]["suppressed"]
    assert "/psa/prob_public_spending_rises" in summary["disclosure"]["suppressed"]
    assert psa["figures"]["nhs_surplus_before"]["p50"] is not None
    table = pd.read_parquet(out / "psa.parquet")
    small = table["taken_patients"].isna()
    assert small.any()
    assert table.loc[small, "nhs_surplus_change"].isna().all()
    shown = table["taken_patients"].dropna()
    assert (shown % 5 == 0).all()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "is not published: in some runs a count of the people it concerns is hidden" in html
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    lines = [r[0] for r in book["Uncertainty"].iter_rows(values_only=True) if r and r[0]]
    assert any("is not published" in str(line) for line in lines)


def test_psa_command_publishes_the_same_way(tmp_path: Path, tiny_capacity: Path) -> None:
    out = tmp_path / "psa"
    result = invoke(
        "psa", EXAMPLE, "--uncertainty", tiny_capacity, "--samples", "12",
        "--workers", "1", "--publish", "--out", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["psa"]["figures"]["public_spending_change"]["p5"] is None
    assert summary["disclosure"]["statement"].startswith("Published with small-number")
    html = (out / "report.html").read_text(encoding="utf-8")
    # Both lead figures' sentences say why they are not shown.
    hidden = "is not published: in some runs a count of the people it concerns is hidden"
    assert html.count(hidden) >= 2
    # Every published report says so: the HTML (top and footer) and the workbook.
    assert html.count("Published with small-number suppression") == 2
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    for sheet in ("Uncertainty", "Run"):
        cells = [c for r in book[sheet].iter_rows(values_only=True) for c in r]
        assert any(str(c).startswith("Published with small-number") for c in cells)
    assert pd.read_parquet(out / "psa.parquet")["taken_patients"].isna().any()


def test_cost_psa_publish_runs(tmp_path: Path) -> None:
    """A costing's PSA is of the trust's total £ only, which --publish shows rounded to
    the money base as it shows every £ total (review 8: it was shown exactly)."""
    ranges = tmp_path / "ranges.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.9,1.1\n", encoding="utf-8")
    plain, published = tmp_path / "plain", tmp_path / "published"
    args = ["cost", EXAMPLE, "--psa", "20", "--uncertainty", ranges, "--workers", "1"]
    assert invoke(*args, "--out", plain).exit_code == 0
    assert invoke(*args, "--publish", "--out", published).exit_code == 0
    summaries = [
        json.loads((where / "summary.json").read_text(encoding="utf-8"))
        for where in (plain, published)
    ]
    psa = [summary["psa"] for summary in summaries]
    base = summaries[1]["disclosure"]["money_rounding_base"]
    rounded = {
        name: {k: math.copysign(math.floor(abs(v) / base + 0.5) * base, v) + 0.0
               for k, v in stats.items()}
        for name, stats in psa[0]["figures"].items()
    }  # fmt: skip
    assert psa[1]["figures"] == rounded
    assert {k: v for k, v in psa[0].items() if k != "figures"} == {
        k: v for k, v in psa[1].items() if k != "figures"
    }
