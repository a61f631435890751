"""`--publish`: a projection (:class:`Compound`) is published by its figure's unit.

Found in round 10 (fixleft, item 8): ``publishing.project`` rounded every Compound
figure to the money base, as if each were a £ total. A projected count (episodes,
registered ``rounded``: published as a count) came out as a multiple of £50,000, and a
projected price (a public rate, shown exactly) was rounded too.

Hand-worked, money base £50,000, deflator 10%, the rounded base year's values:
  episodes: base 980 (a published count) → year 2: 980 × 0.9² = 793.8 → published as a
            count, 795 (nearest 5); rounded to £50,000 it was 0 (793.8 is nearer 0
            than 50,000), a count of 0 episodes.
  income:   base £44,900,000 → year 2: 44,900,000 × 0.81 = 36,369,000 → £36,350,000
            (a £ total: to the money base, as before).
  price:    base £357 (MONEY_PENCE, a public rate) → year 2: 357 × 0.81 = 289.17,
            shown as it is.
"""

from __future__ import annotations

from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports.document import Document, Pairs, Section, Table
from pbrkit.reports.formulas import Compound
from pbrkit.reports.publishing import project
from pbrkit.reports.suppression import NHSD_HES_2018

POLICY = NHSD_HES_2018.for_rates([8_030.0])  # 5 × £8,030 → £50,000


def _document() -> Document:
    meta = RunMetadata(
        pbrkit_version="test", command="pbrkit cost", inputs=[],
        reference=ReferenceInfo(name="r", status="illustrative", title="r"),
        generated_at="2024-12-05T00:00:00+00:00",
    )  # fmt: skip
    base = Pairs("Year 0", (("episodes", 980.0), ("income", 44_900_000.0), ("price", 357.0),
                            ("deflator", 0.1)),
                 names={0: "episodes_0", 1: "income_0", 2: "price_0", 3: "deflator"})  # fmt: skip
    rates = (("deflator", True),)
    formulas = {k: Compound(f"{k}_0", "year", rates) for k in ("episodes", "income", "price")}
    rows = tuple({"year": t, "episodes": 0.0, "income": 0.0, "price": 0.0} for t in range(3))
    table = Table("projection", None, ("year", "episodes", "income", "price"), rows,
                  total_is_everyone=False, formulas=formulas)  # fmt: skip
    return Document("cost", "t", meta, (Section("Projection", (base, table)),))


def test_projection_is_published_by_unit() -> None:
    assert POLICY.money_base == 50_000
    year_2 = project(_document(), POLICY).table("projection").rows[2]
    assert year_2["episodes"] == 795  # a count: 793.8 to the nearest 5
    assert year_2["income"] == 36_350_000  # a £ total: 36,369,000 to £50,000
    assert abs(float(year_2["price"]) - 289.17) < 1e-9  # a public rate, as it is
