"""A £ difference that rounds to £0 reads as "about the same", not "+£0" or "pays £0
more" (left8, item 4).

Found by running ``pbrkit tender --scenario aqp-fixed-tariff.toml --publish``: the
commissioner's saving, published to the nearest £50,000 (docs/methodology.md §7),
rounded to 0 and the findings said "the commissioner saves £0 net on the people taken";
a differential payment rounding to 0 read "pays £0 more than those people cost", and a
waterfall step rounding to 0 was labelled "+£0" in report.html and summary.pdf. Shown
as £0, the difference's sign is not known (a published 0 is anything within half the
rounding base either way), so the sentence says it is about the same and the chart's
label carries no sign. These tests failed on the old code.
"""

from __future__ import annotations

from pbrkit.reports import charts
from pbrkit.reports.layouts.tender_findings import _money_sentences

# A tender's figures as the findings read them (published: multiples of £50,000).
FIGURES = {
    "nhs_surplus_before": -1_550_000.0,
    "nhs_surplus_after": -5_300_000.0,
    "nhs_surplus_change": -3_750_000.0,
    "residue_cost_gap": 100_000.0,
    "lost_contribution": 4_000_000.0,
    "stranded_fixed_cost": 600_000.0,
    "payments_to_bidders": 6_000_000.0,
    "bidder_profit": 3_400_000.0,
    "differential_payment": 0.0,
    "commissioner_saving": 0.0,
    "public_cost_change": 3_750_000.0,
    "nhs_income_retained": 0.0,  # paid by activity, as the example is
}


def test_a_saving_and_a_differential_of_0_read_as_about_the_same() -> None:
    text = " ".join(_money_sentences(FIGURES, "a year"))
    assert "£0 more" not in text and "saves £0" not in text
    assert (
        "the commissioner pays about what those people cost the NHS to treat (the "
        "differential payment rounds to £0)" in text
    )
    assert (
        "the commissioner spends about the same on the people taken (the change rounds to "
        "£0), while the NHS surplus changes by -£3.75m" in text
    )


def test_a_negative_zero_saving_is_about_the_same_too() -> None:
    # -£0.40 rounds to £0: before, "pays £0 more on the people taken".
    text = " ".join(_money_sentences({**FIGURES, "commissioner_saving": -0.4}, "a year"))
    assert "pays £0" not in text
    assert "spends about the same on the people taken" in text


def test_other_amounts_keep_their_words() -> None:
    figures = {**FIGURES, "differential_payment": 3_200_000.0, "commissioner_saving": -50_000.0}
    text = " ".join(_money_sentences(figures, "a year"))
    assert "the commissioner pays £3.2m more than those people cost" in text
    assert "the commissioner pays £50k more on the people taken" in text


def test_a_waterfall_step_of_0_has_no_plus_sign() -> None:
    # Steps: +£1.4m, £0, -£5.15m; before -£1.55m + 1.4m + 0 - 5.15m = after -£5.3m.
    svg = charts.waterfall(
        ["Before", "Taken", "Stranded", "Kept", "After"],
        [-1_550_000.0, 1_400_000.0, 0.0, -5_150_000.0, -5_300_000.0],
        title="How the NHS surplus changes",
    )
    assert "+£0<" not in svg and ">+£0" not in svg
    assert "+£1.4m" in svg
