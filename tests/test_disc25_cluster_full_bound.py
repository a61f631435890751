"""`pbrkit cluster --publish` bounds the £ at stake by the whole of what one person can
bring in a year, 366 × (the price of a day + the admitted-day price), as `pbrkit cost`
does (docs/methodology.md §7): the community day alone hid a cluster's income with
many admitted days that no reader could narrow its count with (the shipped example's
cluster 0: 50 patients, £250,000, mostly £360 admitted days). No output of `pbrkit
cluster` publishes admitted days, so no reader can take their part K off first, and
there is no second floor.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from floor_inputs import audit_tariff
from pbrkit.audit_bounds import money_bounds, pair_bounds
from pbrkit.cli import cli
from pbrkit.model import (
    MOST_INCOME_A_PERSON,
    MOST_INCOME_SUGGESTED_A_PERSON,
    MOST_PAID_ABOVE_A_PERSON,
    MOST_PAID_BELOW_A_PERSON,
)
from pbrkit.pricing import day_income_a_person_at_most, day_price

ROOT = Path(__file__).resolve().parents[1]
CODES = [*range(0, 9), *range(10, 22)]
ITEMS = [*(str(i) for i in range(1, 14)), *"ABCDE"]


def test_a_days_price_worked_by_hand() -> None:
    # Per day: P; per episode: P ÷ the review days; per year: P ÷ 365; any other unit:
    # NaN. £1,500 an episode of 84 days = £17.857 a day; £5,000 a year = £13.699.
    price = np.array([10.0, 1500.0, 5000.0, 7.0])
    unit = np.array([0.0, 1.0, 2.0, np.nan])
    review = np.array([84.0, 84.0, 84.0, 84.0])
    got = day_price(price, unit, review)
    assert got[:3] == pytest.approx([10.0, 1500 / 84, 5000 / 365])
    assert math.isnan(got[3])


def test_the_community_day_bound_is_366_days_at_the_days_price() -> None:
    # pricing's m′ reads the same day price: 366 × £1,500 ÷ 84 = £6,535.71.
    review = pd.Series({1: 84.0, 11: 365.0, 4: 182.0})
    got = day_income_a_person_at_most([1, 11, 4], audit_tariff(), review)
    assert got == pytest.approx([366 * 1500 / 84, 366 * 5000 / 365, 3660.0])


def test_the_money_at_stake_bounds_with_admitted_days_worked_by_hand() -> None:
    # Clinician's cluster 4 (£10 a day + £300 an admitted day) with patients suggested
    # 4 and 11 (£5,000 a year: £13.6986 a day, no admitted-day price); clinician's 11
    # with one suggested 4. One person has at most 366 days, all of which may be
    # admitted: in 4, 366 × (10 + 300) = £113,460; in 11, 366 × 13.6986 = £5,013.70.
    review = pd.Series({1: 84.0, 11: 365.0, 4: 182.0})
    clinician, suggested = np.array([4, 4, 11]), np.array([4, 11, 4])
    bounds = money_bounds(clinician, suggested, audit_tariff(), review)
    year, dear = 366 * 5000 / 365, 366 * 310.0
    # The difference of a person paid as 4, suggested 11: (10 − 13.6986) × D + 300 × A
    # with A ≤ D ≤ 366: at most 366 × (300 − 3.6986) = £108,446.30 above zero (every
    # day admitted), 366 × 3.6986 = £1,353.70 below (none admitted).
    above, below = dear - year, year - 3660.0
    assert bounds.loc[4].to_dict() == pytest.approx(
        {
            MOST_INCOME_A_PERSON: dear,
            MOST_INCOME_SUGGESTED_A_PERSON: dear,
            MOST_PAID_ABOVE_A_PERSON: above,
            MOST_PAID_BELOW_A_PERSON: below,
        }
    )
    # Paid as 11, suggested 4: the same gaps the other way round.
    assert bounds.loc[11].to_dict() == pytest.approx(
        {
            MOST_INCOME_A_PERSON: year,
            MOST_INCOME_SUGGESTED_A_PERSON: dear,
            MOST_PAID_ABOVE_A_PERSON: below,
            MOST_PAID_BELOW_A_PERSON: above,
        }
    )
    # Each pair on its own (a disagreement's £): (4, 4) moves nothing.
    pairs = pair_bounds(clinician, suggested, audit_tariff(), review)
    assert pairs.loc[(4, 4), MOST_PAID_ABOVE_A_PERSON] == 0.0
    assert pairs.loc[(4, 4), MOST_PAID_BELOW_A_PERSON] == 0.0
    assert pairs.loc[(4, 11), MOST_PAID_ABOVE_A_PERSON] == pytest.approx(above)


def _cluster(tmp_path: Path, people: int, days: int, admitted: int, *publish: str) -> Any:
    """``people`` of the example's cluster 4 patients, paid as 4 at £2 a day + £300 an
    admitted day (every other cluster £1 a day + £300), each ``days`` days of which
    ``admitted`` admitted."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    example = pd.read_excel(ROOT / "examples" / "ratings.xlsx", sheet_name="ratings",
                            engine="openpyxl")  # fmt: skip
    example.columns = [str(c) for c in example.columns]
    chosen = example.loc[example["cluster"] == 4].head(people)
    rows = [{"patient_id": f"P{i}", **{c: r[c] for c in ITEMS}, "cluster": 4, "days": days,
             "admitted_days": admitted} for i, (_, r) in enumerate(chosen.iterrows())]  # fmt: skip
    pd.DataFrame(rows).to_csv(folder / "ratings.csv", index=False)
    prices = "".join(f"{c},{2.0 if c == 4 else 1.0},per_day,300\n" for c in CODES)
    (folder / "tariff.csv").write_text("cluster,price,unit,admitted_day_price\n" + prices)
    args = ["cluster", str(folder / "ratings.csv"), "--tariff", str(folder / "tariff.csv"),
            "--out", str(folder / "out"), *publish]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((folder / "out" / "summary.json").read_text(encoding="utf-8"))
    return {r["cluster"]: r for r in summary["allocation"]["money_at_stake_by_cluster"]}


def test_income_mostly_of_admitted_days_is_no_longer_hidden(tmp_path: Path) -> None:
    # 50 patients of 100 days, 10 of them admitted: 50 × (2 × 100 + 300 × 10) = £160,000,
    # published £160,000 (base 5 × £300 = £1,500, up to £2,000; h = £1,000) beside 50
    # (f = 48). The community day alone (366 × £2 = £732) made it (160,000 − 1,000) ÷
    # 732 = 217 people, above 47: hidden. One person brings at most 366 × (2 + 300) =
    # £110,532: 159,000 ÷ 110,532 = 1.4 ≤ 47, shown (no output gives the admitted days).
    money = _cluster(tmp_path, 50, 100, 10)
    assert money[4]["income_clinician"] == pytest.approx(160_000)
    published = _cluster(tmp_path, 50, 100, 10, "--publish")
    assert published[4]["patients"] == 50
    assert published[4]["income_clinician"] == 160_000


def test_income_of_twelve_admitted_all_year_beside_ten_stays_hidden(tmp_path: Path) -> None:
    # 12 patients admitted every day of the year: 12 × 365 × (2 + 300) = £1,322,760,
    # published £1,322,000 (base £2,000, h = £1,000) beside 10 (f = 8): (1,322,000 −
    # 1,000) ÷ 110,532 = 11.95 > 7, so at least 12 where 10 says 8: hidden.
    money = _cluster(tmp_path, 12, 365, 365)
    assert money[4]["income_clinician"] == pytest.approx(1_322_760)
    published = _cluster(tmp_path, 12, 365, 365, "--publish")
    assert published[4]["patients"] == 10
    assert published[4]["income_clinician"] is None
