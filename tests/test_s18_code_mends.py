"""Two code mends (fix11, item 6). Both failed on the old code:

- ``publishing._published_as`` looked its figure up in the registry, then
  ``published_value`` looked the same figure up again: it looks it up once;
- ``io.required.check_required_values`` had no docstring.
"""

from __future__ import annotations

import pytest

from pbrkit.io.required import check_required_values
from pbrkit.reports import publishing
from pbrkit.reports.figures import Figure
from pbrkit.reports.suppression import DisclosurePolicy


@pytest.mark.parametrize(("key", "value"), [("income", 1_234_567.0), ("service_users", 12)])
def test_published_as_looks_its_figure_up_once(
    monkeypatch: pytest.MonkeyPatch, key: str, value: float
) -> None:
    looked_up: list[str] = []
    found = publishing.figure

    def counted(name: str) -> Figure:
        looked_up.append(name)
        return found(name)

    monkeypatch.setattr(publishing, "figure", counted)
    policy = DisclosurePolicy()
    published = publishing._published_as(key, value, policy)
    assert looked_up == [key]
    # The same value as published_value gives (the money base or the count rule).
    monkeypatch.setattr(publishing, "figure", found)
    assert published == publishing.published_value(key, value, policy)


def test_check_required_values_says_what_it_does() -> None:
    assert check_required_values.__doc__ is not None
    assert "blank" in check_required_values.__doc__
