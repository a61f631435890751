"""`pbrkit tender --years N --publish`: later years' £ figures must not narrow year 1's.

Found in round 10 (fixleft, item 1). Each year's £ figures were rounded to the money
base on their own, from the exact year. The years are not all a fixed factor of year 1
(prices re-based, contracts re-let), but many of them are: without a re-let the
stranded fixed cost is S_t = f·(1 − s)^t·Σ_T (1 − r)·c·g^(t−1), i.e. year 1's × a factor
the reader has from the Assumptions sheet ((1 − s)·g a year, g = (1 + inflation)(1 −
efficiency)); the residue's cost is year 1's × g^(t−1), its payment (no re-basing)
year 1's × (1 − deflator)^(t−1), and the surplus, bidders' profit and public spending
are sums of two or three such series with fixed coefficients. Each rounded year is
an interval around the same exact year-1 figure, and the intervals intersect.

Worked by hand (money base B = £50,000, so a published r means r ± £25,000), shed
rate s = 0.1, g = 1 (no inflation), exact year-1 stranded cost S = £1,012,000:

  year 1: 1,012,000          → published 1,000,000 → S in [975,000, 1,025,000]
  year 2: S × 0.9  = 910,800 → published   900,000 → S in [875,000 / 0.9,  925,000 / 0.9]
                                                     = [972,222, 1,027,778]
  year 3: S × 0.81 = 819,720 → published   800,000 → S in [775,000 / 0.81, 825,000 / 0.81]
                                                     = [956,790, 1,018,519]
  year 4: S × 0.729 = 737,748 → published  750,000 → S in [725,000 / 0.729, 775,000 / 0.729]
                                                     = [994,513, 1,063,100]
  together: S in [994,513, 1,018,519], a window of £24,006 where year 1 alone
  left £50,000: less than half, and more years narrow it further (a £ total known to
  better than ± 2 of a price's units gives its count back more closely than the
  counts' own rounding).

So the published years can narrow year 1's exact figures: the fix is generic
(reports/publishing.py, a table of one projection's years, ``Table.series``): in the
rows after the first, a £ figure about people (or an index about them) is published
only where it is worked out from published figures (a :class:`Compound` projection,
as a cost run's years are); otherwise it is hidden. Counts stay (each year's people are
published as counts in their line), and so does year 1.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.suppression import NHSD_HES_2018

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MONEY = ("residue_cost_per_head", "residue_payment_per_head", "nhs_surplus",
         "cumulative_surplus", "stranded_fixed_cost", "cut_per_head", "cut_share",
         "bidder_profit", "public_spending_change")  # fmt: skip


def _window(exact: float, factors: list[float], base: float) -> tuple[float, float]:
    """What a reader learns of ``exact`` from each year's rounded ``exact × factor``."""
    policy = replace(NHSD_HES_2018, money_base=base)
    low, high = -math.inf, math.inf
    for factor in factors:
        shown = base * math.floor(exact * factor / base + 0.5)  # nearest, halves up
        assert abs(shown - policy.round_money(exact * factor)) < 1e-6
        low, high = max(low, (shown - base / 2) / factor), min(high, (shown + base / 2) / factor)
    return low, high


def test_rounded_years_narrow_year_one_by_hand() -> None:
    low, high = _window(1_012_000, [1.0, 0.9, 0.81, 0.729], 50_000)
    assert round(low) == 994_513 and round(high) == 1_018_519
    assert high - low < 25_000  # under half of the £50,000 one year leaves


def _years(tmp_path: Path, *extra: str) -> dict[str, object]:
    out = tmp_path / ("published" if extra else "plain")
    result = CliRunner().invoke(cli, ["tender", str(EXAMPLES / "clusters.xlsx"), "--years", "4",
                                      "--out", str(out), *extra])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def test_published_later_years_hide_their_money(tmp_path: Path) -> None:
    summary = _years(tmp_path, "--publish")
    rows = summary["years"]["rows"]  # type: ignore[index]
    first, *later = rows
    assert first["stranded_fixed_cost"] % 50_000 == 0  # year 1 is published, rounded
    assert first["nhs_surplus"] is not None
    # Year 1 restates the headline: its bidders' profit is hidden with the headline's
    # (the example's payments to bidders, and so their profit, are hidden).
    residue = summary["residue"]  # type: ignore[index]
    assert residue["bidder_profit"] is None and first["bidder_profit"] is None
    for row in later:
        assert all(row[k] is None for k in MONEY), row
        assert row["taken_patients"] == first["taken_patients"]  # counts stay
    suppressed = summary["disclosure"]["suppressed"]  # type: ignore[index]
    assert "/years/rows/1/stranded_fixed_cost" in suppressed
    # a total over the years would include the hidden years
    assert summary["years"]["totals"]["nhs_surplus"] is None  # type: ignore[index]


def test_unpublished_years_keep_every_figure(tmp_path: Path) -> None:
    rows = _years(tmp_path)["years"]["rows"]  # type: ignore[index]
    assert all(row[k] is not None for row in rows for k in ("nhs_surplus", "stranded_fixed_cost"))
