"""``pbrkit cluster``'s document and its generic publishing (issue 11).

Hand-worked: a grid of counts published with its margins and lines; a mean over a
rounded count; a subgroup's total over its published count; the findings' totals.
Properties: no line of a published confusion matrix has exactly one hidden count,
and no findings sentence's total ÷ per-head figure gives back a hidden count.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports.document import Document, Grid, GridCounts, Headline, Section, SumsTo, Table
from pbrkit.reports.formulas import Above, CountIf, Product
from pbrkit.reports.layouts.cluster_json import ordered_disagreements
from pbrkit.reports.publishing import publish
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED, is_suppressed
from pbrkit.workflows.cluster import run_cluster

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
META = RunMetadata(
    pbrkit_version="0", command="pbrkit cluster", generated_at="2024-12-05T00:00:00Z", inputs=[],
    reference=ReferenceInfo(name="x", status="illustrative", title="x"),
)  # fmt: skip


def confusion(cells: list[list[int]], labels: tuple[int, ...]) -> Document:
    """A document with one confusion matrix whose grand total is the headline's audited."""
    audited = sum(map(sum, cells))
    agreeing = sum(cells[i][i] for i in range(len(labels)))
    counts = GridCounts("confusion", "confusion_row", "confusion_column",
                        "clinician_cluster_patients", "patients", "audited",
                        diagonal_total="agreeing")  # fmt: skip
    grid = Grid("confusion_patients", "t", "Clinician", labels, "Suggested", labels,
                tuple(map(tuple, cells)), counts=counts)  # fmt: skip
    headline = Headline({"audited": audited, "agreeing": agreeing}, ("audited",))
    return Document("cluster", "t", META, (Section("s", (headline, grid)),))


def grid_of(document: Document) -> Grid:
    return next(b for s in document.sections for b in s.blocks if isinstance(b, Grid))


def test_a_confusion_matrix_is_published_with_its_margins() -> None:
    # Cells 40 3 / 12 45: 3 is hidden (1-7). Its row (43) and column (48) then have one
    # hidden cell each, so the next smallest in each is hidden too: 40 in the row
    # (40 < 3's row partner... the row is 40, 3 → 40 hidden) and 45 in the column.
    # Row totals 43 → 45, 57 → 55; column totals 52 → 50, 48 → 50; total 100 → 100.
    document = publish(confusion([[40, 3], [12, 45]], (1, 2)), NHSD_HES_2018)
    grid = grid_of(document)
    assert grid.cells[0][1] is SUPPRESSED
    hidden = sum(is_suppressed(v) for row in grid.cells for v in row)
    assert hidden >= 2  # never one hidden alone in its row or column
    assert grid.row_totals() == (45, 55)
    assert grid.column_totals() == (50, 50)
    assert grid.grand_total() == 100


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(st.integers(0, 60), min_size=3, max_size=3), min_size=3, max_size=3))
def test_no_line_of_a_published_matrix_has_one_hidden_count(cells: list[list[int]]) -> None:
    """Rows, columns and the diagonal: one hidden count alone could be worked back
    from its line's total (secondary suppression, docs/methodology.md §7)."""
    if sum(map(sum, cells)) == 0:
        return
    document = publish(confusion(cells, (1, 2, 3)), NHSD_HES_2018)
    grid = grid_of(document)
    rows = [[*grid.cells[i], grid.row_totals()[i]] for i in range(3)]
    columns = [[*(r[j] for r in grid.cells), grid.column_totals()[j]] for j in range(3)]
    diagonal = [[*(grid.cells[i][i] for i in range(3)), document.headline().values["agreeing"]]]
    for line in rows + columns + diagonal:
        assert sum(is_suppressed(v) for v in line) != 1, (cells, line)


def subgroups(rows: list[tuple[str, str, int, float, float]]) -> Document:
    """A subgroup table: trait, group, n, mean income, mean cost (the layout's figures)."""
    records = tuple(
        {"trait": t, "group": g, "subgroup_patients": n, "subgroup_mean_income": i,
         "subgroup_mean_cost": c}
        for t, g, n, i, c in rows
    )  # fmt: skip
    total = sum(r[2] for r in rows if r[0] == rows[0][0])
    table = Table(
        "subgroups", None, ("trait", "group", "subgroup_patients", "subgroup_mean_income",
                            "subgroup_mean_cost", "profit_per_person", "total_profit"),
        records, entity="subgroup", ids=("trait", "group"), total_is_everyone=False,
        sums_to=(SumsTo(("trait",), "headline", (), "cost_patients", "subgroup_patients"),),
    )  # fmt: skip
    headline = Headline({"cost_patients": total}, ("cost_patients",))
    return Document("cluster", "t", META, (Section("s", (headline, table)),))


def test_a_subgroup_total_is_its_per_head_figure_times_its_published_count() -> None:
    # 518 people, mean income 4,307.40, mean cost 4,379.33 (issue 9's figures):
    # published n = 520; each mean over 520 = mean × 518 ÷ 520 (4,290.83 and 4,362.49);
    # per head = 4,290.83 − 4,362.49 = −71.656; total = −71.656 × 520 = −37,260.9, the
    # true total (−71.932 × 518), so total ÷ per head = 520, never 518.
    exact = subgroups([("age", "18-34", 518, 4307.40, 4379.33), ("age", "35+", 1482, 5000, 4000)])
    row = publish(exact, NHSD_HES_2018).table("subgroups").rows[0]
    assert row["subgroup_patients"] == 520
    assert row["subgroup_mean_income"] == pytest.approx(4307.40 * 518 / 520)
    assert row["profit_per_person"] == pytest.approx((4307.40 - 4379.33) * 518 / 520)
    assert row["total_profit"] == pytest.approx((4307.40 - 4379.33) * 518)
    assert row["total_profit"] / row["profit_per_person"] == pytest.approx(520)


def test_a_hidden_subgroup_hides_its_total_and_its_partner() -> None:
    # Two people lose £7,558 a head, £15,116 in all: hidden, with every £ about them;
    # their trait's other group (98) is then the line's one shown count and is hidden too.
    exact = subgroups([("x", "a", 2, 1000.0, 8558.0), ("x", "b", 98, 100.0, 50.0)])
    rows = publish(exact, NHSD_HES_2018).table("subgroups").rows
    for key in ("subgroup_patients", "profit_per_person", "total_profit"):
        assert rows[0][key] is SUPPRESSED
    assert rows[1]["subgroup_patients"] is SUPPRESSED


def test_product_and_above_formulas() -> None:
    product = Product((("a", False), ("b", False)))
    assert product.value({"a": -71.5, "b": 520}) == -37_180.0  # −71.5 × 520
    assert product.value({"a": SUPPRESSED, "b": 5}) is SUPPRESSED
    assert Above("cv", 1.0).value({"cv": 1.2}) == "yes"
    assert Above("cv", 1.0).value({"cv": 1.0}) == "no"  # above, not at
    assert Above("cv", 1.0).value({"cv": SUPPRESSED}) is SUPPRESSED


def test_published_disagreements_are_ordered_by_the_counts_shown() -> None:
    rows = [{"clinician_cluster": 1, "suggested_cluster": 2, "confusion_patients": SUPPRESSED},
            {"clinician_cluster": 2, "suggested_cluster": 1, "confusion_patients": 10},
            {"clinician_cluster": 3, "suggested_cluster": 1, "confusion_patients": 15}]  # fmt: skip
    order = [(r["clinician_cluster"], r["suggested_cluster"]) for r in ordered_disagreements(rows)]
    assert order == [(3, 1), (2, 1), (1, 2)]  # the hidden cell last, whatever its size


MONEY = r"−?-?£([\d,.]+)(k|m)?"


def _pounds(text: str) -> tuple[float, float]:
    """A money_short amount as the interval of values that show as it."""
    number, suffix = text
    value = float(number.replace(",", ""))
    scale = {"k": 1e3, "m": 1e6}.get(suffix, 1.0)
    places = len(number.split(".")[1]) if "." in number else 0
    half = 0.5 * 10.0**-places * scale
    return value * scale - half, value * scale + half


def subgroup_clauses(
    findings: list[str],
) -> list[tuple[float, tuple[float, float], tuple[float, float]]]:
    """(people, per head, in all) of each clause '... (N people) lose £X a head, £Y in all'."""
    clause = re.compile(r"\((\d[\d,]*) (?:people|person)\) loses? " + MONEY + r" a head, " + MONEY
                        + " in all")  # fmt: skip
    out = []
    for sentence in findings:
        for m in clause.finditer(sentence):
            people = float(m.group(1).replace(",", ""))
            out.append((people, _pounds((m.group(2), m.group(3) or "")),
                        _pounds((m.group(4), m.group(5) or ""))))  # fmt: skip
    return out


def few_patients(seed: int, size: int, where: Path) -> Path:
    ratings = pd.read_excel(EXAMPLES / "ratings.xlsx", sheet_name="ratings", engine="calamine",
                            dtype={"patient_id": str})  # fmt: skip
    sample = ratings.sample(n=size, random_state=seed).replace({np.nan: None})
    path = where / f"ratings-{seed}-{size}.csv"
    sample.to_csv(path, index=False)
    return path


# Samples large enough for a subgroup to lose more than half the money base (£25,000 of
# £50,000, docs/methodology.md §7): smaller ones publish every loss as £0, and name none.
@pytest.mark.parametrize(("seed", "size"), [(1600, 300), (41, 300), (7, 600)])
def test_a_sentence_total_over_its_per_head_figure_gives_the_published_count(
    tmp_path: Path, seed: int, size: int
) -> None:
    """Issue 11: the published findings named a total beside a per-head figure whose
    ratio was the hidden (unrounded) count. Now each clause's total ÷ per head is the
    count the clause shows (the published one), and never a count the run hides."""
    run = run_cluster(few_patients(seed, size, tmp_path), publish=NHSD_HES_2018)
    document = run.document()
    findings = list(next(b for s in document.sections for b in s.blocks
                         if type(b).__name__ == "Findings").sentences)  # fmt: skip
    exact = run_cluster(few_patients(seed, size, tmp_path)).document()
    true_counts = {r["subgroup_patients"] for r in exact.table("subgroups").rows}
    shown = {r["subgroup_patients"] for r in document.table("subgroups").rows}
    clauses = 0
    for sentence in findings:
        found = subgroup_clauses([sentence])
        clauses += len(found)
        assert len(found) <= 1, sentence  # one group a sentence: nothing to cross
        for people, (head_low, head_high), (all_low, all_high) in found:
            low, high = all_low / head_high, all_high / head_low
            assert low <= people <= high, (people, low, high)  # its own published count
            secret = {n for n in true_counts if n not in shown and low <= n <= high}
            assert not secret or high - low >= 1, (sentence, secret)
    assert clauses, "the case has losing subgroups to name"


def test_the_document_hides_no_figure_about_a_hidden_count(tmp_path: Path) -> None:
    """Every published table row: a figure about a count is hidden where it is."""
    from pbrkit.reports.figures import figure

    document = run_cluster(few_patients(7, 40, tmp_path), publish=NHSD_HES_2018).document()
    checked = 0
    for table in document.tables():
        for row in table.rows:
            for key in table.columns:
                about = figure(key).about
                if any(is_suppressed(row.get(c)) for c in about if c in table.columns):
                    assert is_suppressed(row.get(key)), (table.key, key, row)
                    checked += 1
    assert checked, "some count of the small run is hidden"


# ----------------------------------------- declarations of counts that add up


def test_headline_lines_hide_a_second_count_with_a_small_gap() -> None:
    # Patients 120 = clinicians' clusters 117 + 3 with none recorded. 3 is hidden
    # (1-7); the line then has one hidden count, so the smaller of the others, 117,
    # is hidden too: 120 − 115 (117 rounded) would give the 3 back to within 2.
    counts = {"patients": 120, "clinician": 117, "no_clinician_recorded": 3}
    headline = Headline(counts, ("patients", "clinician"),
                        lines=(("patients", "clinician", "no_clinician_recorded"),))  # fmt: skip
    values = publish(Document("cluster", "t", META, (Section("s", (headline,)),)),
                     NHSD_HES_2018).headline().values  # fmt: skip
    assert values["no_clinician_recorded"] is SUPPRESSED
    assert values["clinician"] is SUPPRESSED
    assert values["patients"] == 120
    # Without the line nothing ties them: 117 is published as 115 beside 120.
    alone = replace(headline, lines=())
    values = publish(Document("cluster", "t", META, (Section("s", (alone,)),)),
                     NHSD_HES_2018).headline().values  # fmt: skip
    assert values["clinician"] == 115


def costs(rest: bool) -> Document:
    """A cluster paid for 40 patients, 37 of them with a cost (and one of 60, all)."""
    paid = Table("counts", None, ("cluster", "clinician"),
                 ({"cluster": 1, "clinician": 40}, {"cluster": 2, "clinician": 60}),
                 entity="cluster", ids=("cluster",), total_is_everyone=False)  # fmt: skip
    with_cost = Table(
        "homogeneity", None, ("cluster", "cost_patients"),
        ({"cluster": 1, "cost_patients": 37}, {"cluster": 2, "cost_patients": 60}),
        entity="cost_cluster", ids=("cluster",), total_is_everyone=False,
        sums_to=(SumsTo(("cluster",), "cluster", ("cluster",), "clinician", "cost_patients",
                        rest=rest),),
    )  # fmt: skip
    return Document("cluster", "t", META, (Section("s", (paid, with_cost)),))


def test_sums_to_with_a_rest_hides_one_of_two_counts_a_small_gap_apart() -> None:
    # Cluster 1: 40 paid = 37 with a cost + 3 without. The 3 is a count of its own
    # (hidden, 1-7), in a line with 40 and 37: one hidden, so the smaller, 37, goes too.
    # Cluster 2: 60 = 60 + 0, nothing hidden. Without the rest, 40 and 35 (37 rounded)
    # are both shown and give 3 ± 2 back.
    document = publish(costs(rest=True), NHSD_HES_2018)
    assert [r["clinician"] for r in document.table("counts").rows] == [40, 60]
    assert [r["cost_patients"] for r in document.table("homogeneity").rows] == [SUPPRESSED, 60]
    document = publish(costs(rest=False), NHSD_HES_2018)
    assert [r["cost_patients"] for r in document.table("homogeneity").rows] == [35, 60]


def test_count_if_counts_the_flags_shown() -> None:
    # Flags yes, no, hidden, yes: 2 (a hidden flag is not counted).
    flags = CountIf("homogeneity", "high_cv", "yes")
    rows = [{"high_cv": "yes"}, {"high_cv": "no"}, {"high_cv": SUPPRESSED}, {"high_cv": "yes"}]
    assert flags.count(rows) == 2
    assert flags.words(lambda k: k) == 'the number of "yes" in high_cv over the homogeneity table'


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, 80), st.integers(0, 12)), min_size=1, max_size=5))
def test_no_cluster_shows_both_counts_a_small_gap_apart(clusters: list[tuple[int, int]]) -> None:
    """For any clusters (patients with a cost, patients without): the paid count and the
    count with a cost are never both shown when they differ by 1 to 7 (the patients
    without a cost, a small count, would be their difference)."""
    paid = Table("counts", None, ("cluster", "clinician"),
                 tuple({"cluster": i, "clinician": n + m} for i, (n, m) in enumerate(clusters)),
                 entity="cluster", ids=("cluster",), total_is_everyone=False)  # fmt: skip
    with_cost = Table(
        "homogeneity", None, ("cluster", "cost_patients"),
        tuple({"cluster": i, "cost_patients": n} for i, (n, _) in enumerate(clusters)),
        entity="cost_cluster", ids=("cluster",), total_is_everyone=False,
        sums_to=(SumsTo(("cluster",), "cluster", ("cluster",), "clinician", "cost_patients",
                        rest=True),),
    )  # fmt: skip
    document = Document("cluster", "t", META, (Section("s", (paid, with_cost)),))
    published = publish(document, NHSD_HES_2018)
    pairs = zip(published.table("counts").rows, published.table("homogeneity").rows, strict=True)
    for (_, missing), (a, b) in zip(clusters, pairs, strict=True):
        if 1 <= missing <= 7:
            assert is_suppressed(a["clinician"]) or is_suppressed(b["cost_patients"]), (a, b)
