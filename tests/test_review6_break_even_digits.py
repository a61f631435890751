"""A break-even's sentence gives the value as its table does: to four decimal places (review 6).

Found by running ``pbrkit threshold examples/clusters.xlsx --param "pools.Estates &
overheads.amount" --bounds 0:50000000 --figure nhs_surplus_change --target -15500000``:
the sentence said "crosses -£15.5m at pools.Estates & overheads.amount = 3.429e+07"
while the table beside it said 34,288,610.8273 (a £ amount in scientific notation, good
to £5,000). And ``pbrkit psa`` on a small run said "crosses £0 at nhs.fixed_cost_share =
0.06047" above a table saying 0.0605. The sentence used four significant figures
(``:.4g``), the tables four decimal places (docs/uncertainty.md §5: "to four decimal
places"); the sentence now uses the tables' format.
"""

from __future__ import annotations

from pbrkit.reports.figures import HTML_FORMATTERS, Unit
from pbrkit.reports.layouts.break_even import range_words
from pbrkit.reports.layouts.tender_psa import tornado_chart
from pbrkit.reports.uncertainty_narrative import threshold_sentence


def _threshold(value: float | None, **psa: object) -> dict:  # type: ignore[type-arg]
    return {
        "parameter": "pools.Estates & overheads.amount",
        "figure": "nhs_surplus_change",
        "target": -15_500_000.0,
        "bounds": [0.0, 50_000_000.0],
        "value": value,
        **({"psa": psa} if psa else {}),
    }


def test_a_pound_amount_is_not_written_in_scientific_notation() -> None:
    sentence = threshold_sentence(_threshold(34_288_610.827_31))
    assert sentence == (
        "The change in the NHS provider's surplus crosses -£15.5m at "
        "pools.Estates & overheads.amount = 34,288,610.8273."
    )


def test_the_sentence_and_the_table_agree_on_a_share() -> None:
    # 0.060471...: four decimal places 0.0605, as the Break-even column shows it.
    value = 0.060_471_625_964_801_69
    sentence = threshold_sentence({**_threshold(value), "parameter": "nhs.fixed_cost_share"})
    assert sentence is not None
    assert sentence.endswith("at nhs.fixed_cost_share = 0.0605.")
    assert HTML_FORMATTERS[Unit.PARAMETER](value) == "0.0605"


def test_the_psa_spread_uses_the_same_places() -> None:
    sentence = threshold_sentence(
        _threshold(
            1_541.500_007, samples=40, no_crossing=0, p5=1_200.25, p50=1_500.0, p95=12_345.678_9
        )
    )
    assert sentence is not None
    assert "= 1,541.5000 (5th to 95th percentile over 40 PSA samples: 1,200.2500 to " in sentence
    assert sentence.endswith("12,345.6789).")


def test_a_pools_range_and_its_tornado_label_are_plain_numbers() -> None:
    # The same :g wrote a pool of £4,000,000 to £6,500,000 as "4e+06 to 6.5e+06" in the
    # ranges' words and the tornado's labels.
    pool = {
        "parameter": "pools.Estates & overheads.amount",
        "low": 4_000_000.0,
        "high": 6_500_000.0,
        "distribution": "normal",
        "mode": None,
        "median": 5_250_000.0,
    }
    words = range_words(pool)
    assert "e+06" not in words
    assert "1 run in 10 below 4,000,000, 1 in 10 above 6,500,000, median 5,250,000" in words
    (table, _chart) = tornado_chart(
        "nhs_surplus_change", [{**pool, "at_low": -1.0, "at_high": 1.0}], 0.0
    )
    assert table.rows[0]["range_words"] == (
        "pools.Estates & overheads.amount (4,000,000 to 6,500,000)"
    )


def test_the_share_ranges_keep_their_words() -> None:
    share = {"parameter": "nhs.fixed_cost_share", "low": 0.15, "high": 0.5,
             "distribution": "normal", "mode": None, "median": 0.326_481_343_256_386}  # fmt: skip
    assert "1 run in 10 below 0.15, 1 in 10 above 0.5, median 0.3265;" in range_words(share)
