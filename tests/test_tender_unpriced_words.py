"""The tender's last guard against a patient with no price names the codes as the set
writes them and agrees with its count.

It is reached only by a library caller (the readers fill or refuse missing prices
first), so it is tested on ``_check_priced`` itself. review5 read "1 people are in
clusters with no price"; a text-code set's internal key would have been shown too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.currency import using_currency
from pbrkit.errors import MissingTariff
from pbrkit.reference import load_reference_set
from pbrkit.tender.population import _check_priced

CLUSTERS = load_reference_set("illustrative-2014-15").currency
GROUPS = load_reference_set("illustrative-mhnrg").currency


def test_one_person_in_a_care_cluster_with_no_price() -> None:
    frame = pd.DataFrame({"cluster": [3, 4], "income": [np.nan, 10.0]})
    with using_currency(CLUSTERS), pytest.raises(MissingTariff) as caught:
        _check_priced(frame, "patients")
    (problem,) = caught.value.problems
    assert problem.message == "1 person is in clusters with no price: 3"
    assert problem.sheet == "patients"


def test_a_text_set_shows_its_codes_not_its_keys() -> None:
    key = GROUPS.key_of("PSY_CRI")
    other = GROUPS.key_of("PSY_COM")
    frame = pd.DataFrame({"cluster": [key, key, other], "income": [np.nan, np.nan, 5.0]})
    with using_currency(GROUPS), pytest.raises(MissingTariff) as caught:
        _check_priced(frame, "caseload")
    (problem,) = caught.value.problems
    assert problem.message == f"2 people are in {GROUPS.unit}s with no price: PSY_CRI"
    assert caught.value.hint is not None and f"{GROUPS.unit}s" in caught.value.hint
