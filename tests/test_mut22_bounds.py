"""The audit's pair bounds and the tender's lost-contribution offsets worked by hand
(docs/methodology.md §7, "A total's floor under its count"), against the survivors of
mutation-testing ``pbrkit/audit_bounds.py`` and ``pbrkit/tender/bounds.py``
(benchmarks/mutation-session22.md): each pair's own bounds (not only the largest of a
clinician's cluster's), the names the reports join the bounds on, and the offsets'
columns when a tender takes nobody."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from floor_inputs import audit_tariff
from pbrkit.audit_bounds import money_bounds, pair_bounds
from pbrkit.model import (
    KNOWN_LOST,
    MOST_INCOME_A_PERSON,
    MOST_INCOME_SUGGESTED_A_PERSON,
    MOST_PAID_ABOVE_A_PERSON,
    MOST_PAID_BELOW_A_PERSON,
)
from pbrkit.tender.bounds import lost_offsets
from pbrkit.tender.model import NhsCostStructure

#: Review days by cluster: 4's episodes last 182 days (audit_tariff: 4 is per day, so
#: its price of a day is £10 whatever the period).
REVIEW = pd.Series({1: 84.0, 11: 365.0, 4: 182.0})


def test_each_pairs_own_income_under_the_suggested_cluster() -> None:
    # Clinician's 4 with patients suggested 4 and 11. Under the suggested 11 (£5,000 a
    # year, no admitted-day price) one person brings at most 366 × 5,000 ÷ 365 =
    # £5,013.70 (no admitted part: 366 × max(0, 0) = 0); under the suggested 4, 366 ×
    # (10 + 300) = £113,460. money_bounds keeps only the larger, so the pair's own is
    # read here.
    pairs = pair_bounds(np.array([4, 4]), np.array([4, 11]), audit_tariff(), REVIEW)
    assert pairs.loc[(4, 11), MOST_INCOME_SUGGESTED_A_PERSON] == pytest.approx(366 * 5000 / 365)
    assert pairs.loc[(4, 4), MOST_INCOME_SUGGESTED_A_PERSON] == pytest.approx(366 * 310.0)
    assert pairs.loc[(4, 11), MOST_INCOME_A_PERSON] == pytest.approx(366 * 310.0)


def test_the_bounds_are_keyed_as_the_reports_read_them() -> None:
    # The money table joins money_bounds on its clusters' index, "cluster"; the
    # disagreements reindex pair_bounds by (clinician's, suggested) codes.
    clinician, suggested = np.array([4, 11]), np.array([11, 4])
    pairs = pair_bounds(clinician, suggested, audit_tariff(), REVIEW)
    assert list(pairs.index.names) == ["clinician_cluster", "suggested_cluster"]
    assert money_bounds(clinician, suggested, audit_tariff(), REVIEW).index.name == "cluster"
    # The pairs sorted by code: (4, 11) before (11, 4).
    assert pairs.index.tolist() == [(4, 11), (11, 4)]
    # Paid as 4, suggested 11: (10 − 13.6986) × D + 300 × A, at most 366 × (300 −
    # 3.6986) = £108,446.30 above zero and 366 × 3.6986 = £1,353.70 below.
    year = 366 * 5000 / 365
    assert pairs.loc[(4, 11), MOST_PAID_ABOVE_A_PERSON] == pytest.approx(366 * 310 - year)
    assert pairs.loc[(4, 11), MOST_PAID_BELOW_A_PERSON] == pytest.approx(year - 3660)


def test_the_lost_offsets_of_a_tender_that_takes_nobody_keep_their_columns() -> None:
    # Nobody taken: no rows, but the columns the bound frames are merged on.
    taken = pd.DataFrame({"bidder": [], "cluster": [], "taken_cost": []}, dtype=object)
    known = lost_offsets(taken, NhsCostStructure(fixed_cost_share=0.4))
    assert known.empty
    assert list(known.columns) == ["bidder", "cluster", KNOWN_LOST]
