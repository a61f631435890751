"""The floor rule's reading of £ means as totals and its closing of a figure with the
whole its cells add up to (docs/methodology.md §7, "A total's floor under its count"),
worked by hand against the survivors of mutation-testing ``pbrkit/reports/floors.py``
(benchmarks/mutation-session22.md): a £ mean published beside its count is read back
as mean × the published count, its total rounded to the money base (± half of it);
a disagreement's £ is closed along its clinician's cluster with the cluster's
difference, as one column."""

from __future__ import annotations

import pytest

from pbrkit.model import MOST_INCOME_A_PERSON
from pbrkit.reports.figures import Figure, Unit, figure
from pbrkit.reports.floors import (
    _as_total,
    _closed_together,
    _is_money_mean,
    bounds_count,
    half_width,
    published,
)
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED
from pbrkit.reports.values import Value

#: Largest rate £396 (a bed day): money base 5 × 396 = 1,980, up to £2,000; h = £1,000.
POLICY = NHSD_HES_2018.for_rates([396.0])

#: The £ means over a count, one of each £ unit: (the mean, the count it is over).
MEANS = [
    ("cluster_mean_income", "cost_patients"),  # Unit.MONEY
    ("subgroup_mean_income", "subgroup_patients"),  # Unit.MONEY_PENCE
]


@pytest.mark.parametrize(("key", "_count"), MEANS)
def test_a_money_mean_over_a_count_is_read_as_its_total(key: str, _count: str) -> None:
    assert _is_money_mean(figure(key))


def test_a_total_or_a_mean_of_no_money_is_not_a_money_mean() -> None:
    # A £ total (no count it is over) is published as it is, not × a count.
    assert not _is_money_mean(figure("income_clinician"))
    # A mean over a count that is no £ (a share, a count of days) is not rounded to the
    # money base: only £ means are published as their rounded totals.
    share = Figure("share_mean", "Mean share", Unit.SHARE, "a mean share",
                   about=("cost_patients",), mean_over="cost_patients")  # fmt: skip
    assert not _is_money_mean(share)


@pytest.mark.parametrize(("key", "_count"), MEANS)
def test_a_money_mean_is_published_to_the_money_base(key: str, _count: str) -> None:
    # Its total is rounded as a £ total's: h = 2,000 ÷ 2 = 1,000, and £8,760 ÷ 2,000 =
    # 4.38 → 4 × 2,000 = £8,000.
    assert half_width(figure(key), POLICY) == 1_000
    assert published(figure(key), 8_760.0, POLICY) == 8_000.0


@pytest.mark.parametrize(("key", "count"), MEANS)
@pytest.mark.parametrize(("most", "narrows"), [(1_000.0, False), (999.0, True)])
def test_a_money_mean_times_its_count_is_the_total_its_floor_reads(
    key: str, count: str, most: float, narrows: bool
) -> None:
    # A mean of £876 over 10 (published 10: 8 to 12, f = 8) is a total of 876 × 10 =
    # £8,760, published £8,000 (± £1,000): at least 8,000 − 1,000 = 7,000 of people's
    # own. With m = £1,000 a person: 7,000 ≤ 1,000 × (8 − 1) = 7,000, shown; with m =
    # £999: 7,000 > 999 × 7 = 6,993, it narrows the count. (The mean read as £876, or
    # the total without its ± h, 8,000 > 7,000, or 876 ÷ 10, all fail one side.)
    row: dict[str, Value] = {key: 876.0, count: 10, MOST_INCOME_A_PERSON: most}
    assert bounds_count(figure(key), 876.0, row, {count: 10}, POLICY) is narrows


@pytest.mark.parametrize(("key", "count"), MEANS)
def test_a_money_mean_beside_a_hidden_count_bounds_nothing(key: str, count: str) -> None:
    # With its count hidden a reader has no total to multiply back (and no count to
    # narrow): nothing is read, even at m = £1 a person.
    row: dict[str, Value] = {key: 876.0, count: SUPPRESSED, MOST_INCOME_A_PERSON: 1.0}
    assert bounds_count(figure(key), 876.0, row, {count: SUPPRESSED}, POLICY) is False
    # A blank count, or a blank mean beside a count of 10: no total either (not an error).
    blank: dict[str, Value] = {key: 876.0, count: None, MOST_INCOME_A_PERSON: 1.0}
    assert bounds_count(figure(key), 876.0, blank, {count: None}, POLICY) is False
    no_mean: dict[str, Value] = {key: None, count: 10, MOST_INCOME_A_PERSON: 1.0}
    assert bounds_count(figure(key), None, no_mean, {count: 10}, POLICY) is False


@pytest.mark.parametrize(("key", "count"), MEANS)
def test_a_published_money_mean_as_a_total(key: str, count: str) -> None:
    # £876 a person over 10 published: 876 × 10 = £8,760 along a line (means do not add
    # up, totals do); over 0 people: £0.
    assert _as_total(figure(key), {key: 876.0, count: 10}) == 8_760.0
    assert _as_total(figure(key), {key: 876.0, count: 0}) == 0.0
    # Its count hidden (or blank): the total is hidden too, not 876 read as a total.
    assert _as_total(figure(key), {key: 876.0, count: SUPPRESSED}) is SUPPRESSED
    assert _as_total(figure(key), {key: 876.0, count: None}) is SUPPRESSED
    # A mean already hidden, or blank, stays as it is.
    assert _as_total(figure(key), {key: SUPPRESSED, count: 10}) is SUPPRESSED
    assert _as_total(figure(key), {key: None, count: 10}) is None


def test_a_total_is_read_as_it_is() -> None:
    # A £ total is a total already: £4,380 beside 10 patients is £4,380, not × 10.
    row = {"income_clinician": 4_380.0, "clinician_cluster_patients": 10}
    assert _as_total(figure("income_clinician"), row) == 4_380.0


def test_a_disagreements_money_is_closed_with_its_clusters_difference() -> None:
    # disagreement_money's cells are the parts of money_difference's along each
    # clinician's cluster: one column, the whole first (its h is the column's: both are
    # £ totals, h = £1,000); income_clinician, closed with nothing, alone.
    keys = {"disagreement_money", "money_difference", "income_clinician"}
    groups = _closed_together(keys)
    assert sorted(groups) == [("income_clinician",), ("money_difference", "disagreement_money")]


def test_a_part_whose_whole_is_not_published_is_closed_alone() -> None:
    # No money_difference column beside it: the disagreements' £ are their own column.
    assert _closed_together({"disagreement_money", "income_clinician"}) == [
        ("disagreement_money",),
        ("income_clinician",),
    ]
    assert _closed_together(set()) == []
