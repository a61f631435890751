"""The documents of ``pbrkit psa`` and ``pbrkit threshold`` (reports/layouts/uncertainty.py,
reports/layouts/break_even.py) and the generic publish's ``over`` rule
(reports/publishing.py ``hide_statistics``)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.reports.document import Document, Headline, Section, Table
from pbrkit.reports.figures import figure
from pbrkit.reports.layouts.break_even import break_even_document, range_words, what_varies
from pbrkit.reports.layouts.uncertainty import RUNS
from pbrkit.reports.publishing import hide_statistics, publish
from pbrkit.reports.render import json as render_json
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED, is_suppressed
from pbrkit.reports.uncertainty_narrative import threshold_sentence
from pbrkit.workflows.uncertainty import lead_percentiles
from test_uncertainty_publish import META, document, exact_psa

T, R = "taken_patients", "residue_patients"


def test_lead_percentiles_by_hand() -> None:
    # 20 runs of 0, 10, …, 190. numpy's linear rule: the q-th percentile sits at
    # position q/100 × (20 − 1) in the sorted values. 5%: 0.95 → 0 + 0.95 × 10 = 9.5;
    # 50%: 9.5 → 90 + 0.5 × 10 = 95; 95%: 18.05 → 180 + 0.05 × 10 = 180.5.
    values = [10.0 * i for i in range(20)]
    samples = pd.DataFrame(
        {"nhs_surplus_change": values, "public_spending_change": [-v for v in values]}
    )
    rows = lead_percentiles(samples)
    assert [r["percentile"] for r in rows] == [f"{q}%" for q in range(5, 100, 5)]
    assert rows[0]["nhs_surplus_change"] == 9.5
    assert rows[9]["nhs_surplus_change"] == 95.0
    assert rows[18]["nhs_surplus_change"] == 180.5
    # The public figure is the mirror image: its 5th percentile is −(95th of the other).
    assert rows[0]["public_spending_change"] == -180.5


def test_a_range_says_what_varies_in_it() -> None:
    assert what_varies("bidders.*.capacity") == "the capacity of every bidder"
    assert what_varies("bidders.Meridian.cost_factor") == "the cost factor of Meridian"
    assert what_varies("nhs.fixed_cost_share") == "the NHS provider's fixed cost share"
    words = range_words(
        {"parameter": "tariff.scale", "low": 0.95, "high": 1.05, "distribution": "triangular",
         "mode": 1.0, "median": 1.0012345}
    )  # fmt: skip
    assert words == (
        "the tariff's scale, drawn from a triangular distribution (mode 1): 1 run in 10 "
        "below 0.95, 1 in 10 above 1.05, median 1.001; every other input as given"
    )


THRESHOLD = {
    "parameter": "nhs.fixed_cost_share", "figure": "nhs_surplus_change",
    "target": -15_000_000.0, "bounds": [0.0, 1.0], "tolerance": 1e-05, "method": "m",
    "value": 0.32634659358973206,
    "psa": {"samples": 5, "no_crossing": 0, "p5": 0.0822, "p50": 0.4364, "p95": 0.5205},
}  # fmt: skip


def test_break_even_document_gives_back_summary_json_and_the_sentence() -> None:
    doc = break_even_document(THRESHOLD, [], META.model_copy(update={"command": "x"}))
    summary = render_json.summary(doc)
    assert summary["thresholds"] == [THRESHOLD]
    assert doc.sections[0].blocks[2].sentences == (threshold_sentence(THRESHOLD),)  # type: ignore[union-attr]
    # Four places, in HTML as in Excel's #,##0.0000: 0.32634… → 0.3263.
    assert figure("nhs_surplus_change_break_even").html(THRESHOLD["value"]) == "0.3263"
    assert figure("nhs_surplus_change_break_even").excel_format == "#,##0.0000"


def _runs_with_hidden_count() -> Document:
    runs = Table(RUNS, None, ("sample", T, "nhs_surplus_change", "nhs_surplus_before"),
                 ({"sample": 0, T: SUPPRESSED}, {"sample": 1, T: 40}), ids=("sample",),
                 html=False, excel=False)  # fmt: skip
    row = {"nhs_surplus_change": -1.0, "nhs_surplus_before": 2.0}
    stats = Table("stats", None, tuple(row), (row,), over=RUNS)
    alone = Table("alone", None, ("nhs_surplus_change",), ({"nhs_surplus_change": -1.0},))
    headline = Headline({"nhs_surplus_change": -1.0}, ("nhs_surplus_change",), over=RUNS)
    return Document("t", "t", META, (Section("S", (headline, runs, stats, alone)),))


def test_hide_statistics_hides_what_is_about_a_count_hidden_in_any_row() -> None:
    out = hide_statistics(_runs_with_hidden_count())
    assert out.table("stats").rows[0] == {"nhs_surplus_change": SUPPRESSED,
                                          "nhs_surplus_before": 2.0}  # fmt: skip
    assert out.headline().values["nhs_surplus_change"] is SUPPRESSED
    # A block that is not over the runs is left to the ordinary rule.
    assert out.table("alone").rows[0]["nhs_surplus_change"] == -1.0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=6))
def test_a_statistic_is_shown_only_when_every_run_is(taken: list[int]) -> None:
    runs = pd.DataFrame({
        "sample": range(len(taken)), "inner": [0] * len(taken),
        T: [float(t) for t in taken], R: [100.0 - t for t in taken],
        "nhs_surplus_change": [-1000.0 * t for t in taken],
    })  # fmt: skip
    doc = publish(document(runs), NHSD_HES_2018)
    published = doc.table(RUNS).rows
    for row in published:
        for count in (T, R):  # every count is hidden, 0, or a multiple of 5 above 7
            value = row[count]
            assert is_suppressed(value) or value == 0 or (value > 7 and value % 5 == 0)
    any_hidden = any(is_suppressed(row[c]) for row in published for c in (T, R))
    stats = doc.table("psa_nhs").rows
    shown = [row["nhs_surplus_change"] for row in stats]
    if any_hidden:
        assert all(is_suppressed(v) for v in shown)
        assert doc.headline().values["prob_nhs_surplus_falls"] is SUPPRESSED
    else:
        assert shown[:4] == [exact_psa()["figures"]["nhs_surplus_change"][k]
                             for k in ("mean", "p5", "p50", "p95")]  # fmt: skip
    # The surplus before tendering is about everyone, never about a run's few.
    assert not any(is_suppressed(row["nhs_surplus_before"]) for row in stats)


def test_the_tornado_base_counts_are_published_as_counts() -> None:
    # Bug fixed: the old PSA publish left the run with every parameter at its median
    # unpublished, so its exact people taken and left (one run's counts) were released.
    runs = pd.DataFrame({"sample": [0, 1], "inner": [0, 0], T: [40.0, 42.0], R: [60.0, 58.0]})
    given = exact_psa()
    given["tornado"]["base"] |= {T: 3.0, R: 97.0}  # 3 is 1-7: hidden
    doc = publish(document(runs, given), NHSD_HES_2018)
    assert doc.derived is not None
    psa = doc.derived(doc)["psa"]
    base = psa["tornado"]["base"]
    # pub9: the run at the medians is a run, its 100 people = 3 taken + 97 left, so 97
    # published as 95 beside the 100 shown gives the 3 back to within the rounding
    # (100 − 95 = 5): the people left are hidden with it, in every statistic.
    assert base[T] is SUPPRESSED and base[R] is SUPPRESSED
    assert all(is_suppressed(psa["figures"][R][k]) for k in ("mean", "p5", "p50", "p95"))
