"""Two MHSDS assessments of one person on one date: the one with the higher UniqClustID
is kept, its digits compared as numbers (left8, item 8).

``latest_assessments`` sorted UniqClustID as text, so "RXX9" came after "RXX10" (the
character 9 after 1) and the 9th assessment was taken as the later one. UniqClustID is
a provider's code followed by its own running number (the example extract's
RZZCL0000001); the order is now the natural one, each run of digits compared as a
number (RXX9 < RXX10), the text between as text, and equal numbers written with other
leading zeros (RXX09, RXX9) by the text as written (docs/methodology.md §9). This test
failed on the old code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.mhsds.clean import KEY, PERSON, natural_rank
from pbrkit.mhsds.items import latest_assessments
from pbrkit.mhsds.quality import FILE, RECORD, QualityLog
from pbrkit.mhsds.year import FinancialYear


def _tool(keys: list[str]) -> pd.DataFrame:
    rows = [{KEY: k, "OrgIDProv": "RXX", "Person_ID": "P1", "LocalPatientId": "",
             "AssToolCompDate": "2017-06-01"} for k in keys]  # fmt: skip
    frame = pd.DataFrame(rows).replace("", None).astype(pd.StringDtype("pyarrow"))
    frame[FILE] = pd.Categorical(["a.csv"] * len(frame), categories=["a.csv"])
    frame[RECORD] = np.arange(1, len(frame) + 1)
    return frame


def test_rxx10_is_higher_than_rxx9() -> None:
    for keys in (["RXX9", "RXX10"], ["RXX10", "RXX9"]):  # either order in the file
        chosen = latest_assessments(_tool(keys), FinancialYear(2017), QualityLog())
        assert chosen[KEY].tolist() == ["RXX10"]
        assert chosen[PERSON].tolist() == ["P1"]


def test_the_natural_order() -> None:
    keys = pd.Series(["RXX10", "RXX9", "RXX09", "RYY1", "RXX100", "9", "RXX9A"])
    # Sorted: 9 (a number before text) < RXX09 = RXX9 as numbers, then as written
    # ("RXX09" < "RXX9") < RXX9A < RXX10 < RXX100 < RYY1.
    rank = natural_rank(keys)
    ordered = [k for _, k in sorted(zip(rank, keys, strict=True))]
    assert ordered == ["9", "RXX09", "RXX9", "RXX9A", "RXX10", "RXX100", "RYY1"]
