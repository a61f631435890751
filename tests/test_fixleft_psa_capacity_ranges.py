"""`--publish`: a capacity's range ends in a PSA's tables are published as counts
(fixleft item 3, the PSA part).

A table row whose parameter counts people (``Table.count_rows``: a bidder's capacity,
from the one declaration uncertainty.params.WHOLE) showed its range's ends, mode and
median as whole numbers, exactly. A run drawn at the low end of 3 beside a full
bidder bounds its count of people taken by 3. Now the generic publish reads each cell's
figure as the table shows it (``Table.figure_at``), and a parameter value shown as a
count is published as one: 3 → *, 12 → 10, 7.6 (a median) → 10 (nearest 5: 7.6 is a
count of 8 people once run, rounded to 10); a fixed cost share's range (0.35 to 0.75)
is not a count and stays.
"""

from __future__ import annotations

from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports.document import Document, Headline, Section, Table
from pbrkit.reports.publishing import publish
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED

CAPACITY = "bidders.Acme.capacity"


def test_capacity_range_ends_are_published_as_counts() -> None:
    meta = RunMetadata(
        pbrkit_version="test", command="pbrkit psa", inputs=[],
        reference=ReferenceInfo(name="r", status="illustrative", title="r"),
        generated_at="2024-12-05T00:00:00+00:00",
    )  # fmt: skip
    rows = (
        {"parameter": CAPACITY, "low": 3.0, "high": 12.0, "median": 7.6},
        {"parameter": "nhs.fixed_cost_share", "low": 0.35, "high": 0.75, "median": 0.55},
    )
    table = Table("parameters", None, ("parameter", "low", "high", "median"), rows,
                  ids=("parameter",), total_is_everyone=False,
                  count_rows=frozenset({CAPACITY}))  # fmt: skip
    everyone = Headline({"service_users": 100.0}, (), json_key=None)
    document = Document("psa", "t", meta, (Section("Ranges", (everyone, table)),))
    capacity, share = publish(document, NHSD_HES_2018).table("parameters").rows
    assert (capacity["low"], capacity["high"], capacity["median"]) == (SUPPRESSED, 10, 10)
    assert (share["low"], share["high"], share["median"]) == (0.35, 0.75, 0.55)
