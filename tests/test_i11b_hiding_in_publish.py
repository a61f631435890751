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
  42 taken, 58 left: 42 → 40 and 58 → 60, nothing hidden; the ratio (1.15 here, not a
  count nor a £ total) stays exact.
"""

from __future__ import annotations

from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.reports.document import Document, Headline, Section
from pbrkit.reports.figures import Unit, figure
from pbrkit.reports.publishing import publish
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED

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


def test_publish_keeps_the_taken_cost_ratio_when_its_count_is_shown() -> None:
    values = publish(_tender_headline(42.0), NHSD_HES_2018).headline().values
    assert (values["taken_patients"], values["residue_patients"]) == (40, 60)
    assert values["taken_cost_ratio"] == 1.15
