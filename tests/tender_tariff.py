"""The small tariff the tender population tests price against (shared, so the hand-worked
figures of test_tender_population.py and test_mutation_population.py rest on one table).

Cluster 1 is paid £10 a day; 3 £2,000 an episode plus £300 an admitted day; 11 £5,000 a
year. Review periods 84, 182 and 365 days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TARIFF = pd.DataFrame(
    {
        "price": [10.0, 2000.0, 5000.0],
        "unit": ["per_day", "per_episode", "per_year"],
        "admitted_day_price": [np.nan, 300.0, np.nan],
    },
    index=pd.Index([1, 3, 11], name="cluster"),
)
REVIEW_DAYS = pd.Series({1: 84, 3: 182, 11: 365})
