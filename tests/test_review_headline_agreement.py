"""The tender's terminal headline agrees its verb with the number of people left.

Found in review 10: `pbrkit tender one.xlsx` (three patients in cluster 1, the bidder
takes the two cheap ones) printed "Bidders take 2 people; 1 person stay with the NHS".
"""

from __future__ import annotations

from typing import Any

from pbrkit.cli.headline import tender_headline


def summary(left: Any) -> dict[str, Any]:
    return {
        "draws": 1,
        "residue": {
            "taken_patients": 2.0,
            "residue_patients": left,
            "nhs_surplus_before": 1500.0,
            "nhs_surplus_after": -875.0,
            "nhs_surplus_change": -2375.0,
            "casemix_index": 2.0,
        },
    }


def test_one_person_stays() -> None:
    assert tender_headline(summary(1.0))[0] == "Bidders take 2 people; 1 person stays with the NHS"


def test_several_people_stay() -> None:
    assert tender_headline(summary(3.0))[0] == "Bidders take 2 people; 3 people stay with the NHS"


def test_no_one_stays() -> None:
    assert tender_headline(summary(0.0))[0] == "Bidders take 2 people; 0 people stay with the NHS"
