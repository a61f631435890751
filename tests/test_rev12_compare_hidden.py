"""rev12: a figure a published run hides is hidden (*) in every table of the
comparison, not only the headline: its years (a published tender hides every year
after the first, docs/methodology.md §7) and its PSA intervals (hidden when any run's
count of people taken or left is). Shown blank, a hidden figure reads as one the run
does not have."""

from __future__ import annotations

from pbrkit.model import ReferenceInfo
from pbrkit.reports.document import Comparison
from pbrkit.reports.layouts.compare import Run, compare_document, psa_comparison
from pbrkit.reports.suppression import is_suppressed
from pbrkit.workflows.provenance import run_metadata

PUBLISHED = {"command": "pbrkit tender", "disclosure": {"statement": "Published"}}
REFERENCE = ReferenceInfo(name="r", status="illustrative", title="t")


def years(first: float | None, later: float | None) -> dict[str, object]:
    rows = [{"year": 1, "nhs_surplus": first}, {"year": 2, "nhs_surplus": later}]
    return {**PUBLISHED, "years": {"rows": rows}}


def test_a_published_runs_hidden_later_year_is_hidden() -> None:
    # Year 1 shown (£50,000 and £100,000), year 2 hidden (null) in both runs.
    runs = [Run("a", years(50_000.0, None)), Run("b", years(100_000.0, None))]
    meta = run_metadata("pbrkit compare", [], REFERENCE).model_copy(
        update={"disclosure": "Published"}
    )
    document = compare_document(runs, (), (), meta)
    block = next(c for c in document.blocks(Comparison) if c.key == "years_nhs_surplus")
    first, later = block.rows
    assert first.values == (50_000.0, 100_000.0)
    assert block.difference(first, 1) == 50_000.0  # 100,000 − 50,000
    assert all(is_suppressed(v) for v in later.values), later.values
    assert block.difference(later, 1) is None


def test_a_published_runs_hidden_psa_statistic_is_hidden() -> None:
    hidden = {"figures": {"surplus": {"p5": None, "p50": None, "p95": None}}}
    shown = {"figures": {"surplus": {"p5": -100.0, "p50": 10.0, "p95": 90.0}}}
    block = psa_comparison([Run("a", {**PUBLISHED, "psa": shown}),
                            Run("b", {**PUBLISHED, "psa": hidden})])  # fmt: skip
    assert block is not None
    assert all(is_suppressed(row.values[1]) for row in block.rows)
    plain = psa_comparison([Run("a", {"psa": shown}), Run("b", {"psa": hidden})])
    assert plain is not None and plain.rows[0].values[1] is None  # unpublished: missing


def test_a_published_comparisons_summary_lists_what_is_hidden() -> None:
    # summary.json's contract (docs/methodology.md §7): a hidden figure is null and
    # disclosure.suppressed lists where; a null not listed is missing for another
    # reason. Run a hides cluster 3's surplus; run b has no cluster 4 (missing).
    from pbrkit.reports.render.json import summary

    def run(name: str, clusters: dict[int, float | None]) -> Run:
        rows = [{"cluster": c, "surplus": s} for c, s in clusters.items()]
        return Run(name, {"command": "pbrkit cost", "disclosure": {"statement": "Published"},
                          "totals": {"surplus": -1.0}, "clusters": rows})  # fmt: skip

    meta = run_metadata("pbrkit compare", [], REFERENCE).model_copy(
        update={"disclosure": "Published"}
    )
    runs = [run("a", {3: None, 4: 50_000.0}), run("b", {3: 0.0})]
    out = summary(compare_document(runs, (), (), meta))
    rows = out["clusters_surplus"]
    assert [r["label"] for r in rows] == ["Cluster 3", "Cluster 4"]
    assert rows[0]["values"] == {"a": None, "b": 0.0} and rows[1]["values"]["b"] is None
    assert out["disclosure"]["suppressed"] == ["/clusters_surplus/0/values/a"]
    assert out["disclosure"]["statement"] == "Published"
