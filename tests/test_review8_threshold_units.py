"""A break-even of a figure that is not money says its target in the figure's own unit (review 8).

Found running ``pbrkit threshold`` on our own 300-person workbook for figures other
than the two £ lead figures (the --figure list offers every headline figure):

- ``--figure taken_patients --target 150``: "Taken_patients crosses £150 at …";
- ``--figure casemix_index --target 0.7``: "… casemix_index does not cross £1 …";
- ``--figure residue_cost_to_payment --target 0.97``: "Residue_cost_to_payment crosses
  £1 at …".

The sentence wrote every target as money, rounded to the pound (0.7 and 0.97 became
"£1"), and named the figure by its summary.json key. It now names it as the reports
do and writes the target as that figure is written (150 people, an index 0.70, a ratio
0.97); the £ lead figures keep their wording.
"""

from __future__ import annotations

from pbrkit.reports.uncertainty_narrative import threshold_sentence


def _sentence(figure: str, target: float, value: float | None) -> str:
    sentence = threshold_sentence({
        "parameter": "nhs.fixed_cost_share", "figure": figure, "target": target,
        "bounds": [0.0, 1.0], "value": value,
    })  # fmt: skip
    assert sentence is not None
    return sentence


def test_a_count_target_is_people_not_pounds() -> None:
    said = _sentence("taken_patients", 150, 0.25)
    assert said.startswith("People taken by bidders crosses 150 at nhs.fixed_cost_share = 0.2500")
    assert "£" not in said


def test_an_index_target_keeps_its_decimals() -> None:
    said = _sentence("casemix_index", 0.7, None)
    assert "casemix index of the residue does not cross 0.70 anywhere" in said
    assert "£" not in said


def test_a_ratio_target_keeps_its_decimals() -> None:
    said = _sentence("residue_cost_to_payment", 0.97, 0.456)
    assert said.startswith("Residue's cost ÷ payment crosses 0.97 at")


def test_the_lead_figures_keep_their_words() -> None:
    said = _sentence("public_spending_change", 0, 0.3)
    assert said.startswith(
        "The change in public spending (commissioner and NHS together) crosses £0 at"
    )
