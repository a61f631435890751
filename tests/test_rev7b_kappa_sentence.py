"""A kappa of 0 or below reads as one plain sentence (review 7b).

Found with a 4-patient audit of my own (clinicians 4, 1, 11, 3; suggested 1, 3, 1, 1):
p_o = 0 ÷ 4 = 0; the row totals (1, 1, 1, 1) and column totals (3 for cluster 1, 1
for 3) give p_e = (1 × 3 + 1 × 1) ÷ 16 = 0.25; κ = (0 − 0.25) ÷ (1 − 0.25) = −0.33.
The finding said "Cohen's kappa is -0.33: poor: no better than chance agreement beyond
chance." (the band's words, "poor: no better than chance", put into the sentence made
for "fair" and the rest). It now says "-0.33: poor, no better than chance." The bands
above 0 keep "… agreement beyond chance".

The test failed on the old code.
"""

from __future__ import annotations

from pbrkit.reports.layouts.cluster_findings import _kappa_sentence, kappa_words


def test_a_kappa_at_or_below_zero_is_one_plain_sentence() -> None:
    kappa = (0.0 - 0.25) / (1 - 0.25)  # the audit above: -1/3
    assert _kappa_sentence(kappa) == "Cohen's kappa is -0.33: poor, no better than chance."
    assert _kappa_sentence(0.0) == "Cohen's kappa is 0.00: poor, no better than chance."


def test_the_bands_above_zero_keep_their_sentence() -> None:
    assert _kappa_sentence(0.34) == "Cohen's kappa is 0.34: fair agreement beyond chance."
    assert _kappa_sentence(0.63) == "Cohen's kappa is 0.63: substantial agreement beyond chance."
    # The headline's short words are unchanged (test_review6_cluster_headline).
    assert kappa_words(-0.01) == "poor: no better than chance"
