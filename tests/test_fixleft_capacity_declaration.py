"""One declaration that a capacity counts people (fixleft item 4).

Before: the registry's ``capacity`` figure said ``rounded=True`` (published as a
count), ``uncertainty.params.WHOLE`` said the same for ``bidders.*.capacity`` (a drawn
or searched value is run as a whole number, and ``break_even.counts_people`` reads it),
and ``reports/layouts/tender_json._published_capacities`` published summary.json's
``tender.bidders[].capacity`` with its own call to the policy: three places, which
could disagree. Now the registry's figure takes ``rounded`` from ``WHOLE`` (the one
declaration), and summary.json's capacities are the published Assumptions table's, the
table the generic ``publish()`` reaches: no layout publishes anything itself.
"""

from __future__ import annotations

import inspect

from pbrkit.reports.figures import figure
from pbrkit.reports.layouts import tender_json
from pbrkit.uncertainty.params import WHOLE, parse_path


def test_the_registry_takes_capacity_from_the_one_declaration() -> None:
    assert ("bidders", "capacity") in WHOLE
    assert figure("capacity").rounded is parse_path("bidders.Acme.capacity").whole


def test_no_layout_publishes_capacities_itself() -> None:
    source = inspect.getsource(tender_json)
    assert "_published_capacities" not in source
    assert "policy.publish(" not in source
