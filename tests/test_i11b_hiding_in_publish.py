"""Issue 11, round 13 (i11b): the last two hiding rules outside ``publish()``.

Found reading the layouts for the issue's "one ``publish(document, policy)``":
``layouts/tender_json._selection`` hid summary.json's ``selection.taken_cost_ratio``
itself when the people taken were hidden, and ``layouts/uncertainty._shares`` hid a
lead figure's ``most_important`` parameter itself when its shares were. Neither figure
was registered, so a document holding either could not be published by the generic
pass. Now both are registered figures *about* their counts and sit in the headline
(not shown: summary.json and the sentences read them from the published document),
and ``publish()`` hides them with those counts like any other figure.

Hand-worked, counts published to 5 with 1-7 hidden (NHS Digital HES 2018):
  a tender of 100 people, 3 taken, 97 left: 3 is hidden (1-7), 97 then is the only
  other count in the line 100 = 3 + 97 and is hidden too; the ratio about the 3 goes.
  42 taken, 58 left: 42 → 40 and 58 → 60, nothing hidden; the ratio (1.15 here) was
  kept exact, until disc found it gives the 42 back beside the rounded cost of the
  people taken: it is now hidden under --publish whatever the count.
"""

from __future__ import annotations

from typing import Any

from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports.document import Document, Headline, Section
from pbrkit.reports.figures import Unit, figure
from pbrkit.reports.publishing import publish
from pbrkit.reports.registry_psa import LEADS
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED
from test_uncertainty_publish import document as psa_document_of
from test_uncertainty_publish import exact_psa, psa_object_of, runs_table

META = RunMetadata(
    pbrkit_version="test", command="pbrkit tender", inputs=[],
    reference=ReferenceInfo(name="r", status="illustrative", title="r"),
    generated_at="2024-12-05T00:00:00+00:00",
)  # fmt: skip


def _tender_headline(taken: float) -> Document:
    values = {"service_users": 100.0, "taken_patients": taken, "residue_patients": 100.0 - taken,
              "taken_cost_ratio": 1.15}  # fmt: skip
    headline = Headline(values, ("service_users", "taken_patients", "residue_patients"),
                        json_key=None, lines=(("service_users", "taken_patients",
                                                "residue_patients"),))  # fmt: skip
    return Document("tender", "t", META, (Section("Summary", (headline,)),))


def test_taken_cost_ratio_is_a_registered_ratio_about_the_people_taken() -> None:
    fig = figure("taken_cost_ratio")
    assert fig.unit is Unit.RATIO and fig.about == ("taken_patients",)


def test_publish_hides_the_taken_cost_ratio_with_its_count() -> None:
    values = publish(_tender_headline(3.0), NHSD_HES_2018).headline().values
    assert values["taken_patients"] is SUPPRESSED  # 3 is 1-7
    assert values["taken_cost_ratio"] is SUPPRESSED


def test_publish_hides_the_taken_cost_ratio_when_its_count_is_shown_too() -> None:
    # disc: exact, beside the rounded cost of the people taken, the ratio gave their
    # count back (tests/test_disc_taken_ratio.py), so it is hidden whatever the count.
    values = publish(_tender_headline(42.0), NHSD_HES_2018).headline().values
    assert (values["taken_patients"], values["residue_patients"]) == (40, 60)
    assert values["taken_cost_ratio"] is SUPPRESSED


def test_most_important_is_registered_about_its_lead_figures_people() -> None:
    for lead in LEADS:
        fig = figure(f"{lead}_most_important")
        assert fig.unit is Unit.TEXT and fig.about == figure(lead).about


def test_most_important_is_in_the_psa_headline_and_hidden_there_by_publish() -> None:
    # Run 0 takes 3 people (hidden): every statistic over the runs about them goes.
    runs = runs_table()
    exact = psa_document_of(runs).headline().values
    assert exact["nhs_surplus_change_most_important"] == "x"
    published = publish(psa_document_of(runs), NHSD_HES_2018).headline().values
    assert published["nhs_surplus_change_most_important"] is SUPPRESSED


def test_most_important_is_read_from_the_document() -> None:
    """summary.json's ``most_important`` is the document's (published) value, not one the
    layout works out again from the shares: a document naming "x" gives "x", though
    "y" has the larger share here."""
    psa: dict[str, Any] = exact_psa()
    shares = {"x": 0.3, "y": 0.6}
    psa["sensitivity"]["nhs_surplus_change"] = {
        "method": "m", "r_squared": 0.9, "shares": shares, "most_important": "x"}  # fmt: skip
    runs = runs_table().iloc[1:].reset_index(drop=True)  # no run hidden
    out = psa_object_of(publish(psa_document_of(runs, psa), NHSD_HES_2018))
    assert out["sensitivity"]["nhs_surplus_change"]["most_important"] == "x"
