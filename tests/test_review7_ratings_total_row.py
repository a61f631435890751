"""A Total row under the ratings is checked and skipped, not clustered as a patient (review 7).

Found adding a "Total" row (patient_id "Total", the sum of the cost column) under a copy
of examples/ratings.xlsx: `pbrkit cluster` read it as a 2,001st patient, unrated and
with no clinician's cluster (patients 2,000 → 2,001, no clinician's cluster 9 → 10),
with a cost of £8m; with days and admitted days summed as well it was refused as
"not a valid value (found '470114.00'); expected a number from 0 to 366", while
`pbrkit cost` on the same file (read as patient rows) checks the Total and skips it.
The ratings reader now does as the patients sheet does: the Total's days, admitted
days and cost must equal the rows above to the penny, and the row is skipped with a
note.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pbrkit.errors import InputError
from pbrkit.io.ratings import ITEMS, read_ratings

HEADER = ["patient_id", *ITEMS, "cluster", "days", "cost"]


def write(path: Path, total: list[object]) -> Path:
    rated = [1] * len(ITEMS)
    rows = [HEADER, ["a", *rated, 3, 200, "1000.25"], ["b", *rated, 4, 100, "2000.50"]]
    rows.append(total)
    path.write_text("\n".join(",".join("" if v is None else str(v) for v in r) for r in rows))
    return path


def test_a_total_row_is_checked_and_skipped(tmp_path: Path) -> None:
    # days 200 + 100 = 300; cost £1,000.25 + £2,000.50 = £3,000.75.
    blank = [None] * (len(ITEMS) + 1)
    ratings = read_ratings(write(tmp_path / "r.csv", ["Total", *blank, 300, "3000.75"]))
    assert ratings.patients["patient_id"].tolist() == ["a", "b"]
    assert len(ratings.items) == 2
    assert any("row 4: a Total row, not read as data" in n.detail for n in ratings.notes)


def test_a_total_row_that_does_not_add_up_is_refused(tmp_path: Path) -> None:
    blank = [None] * (len(ITEMS) + 1)
    with pytest.raises(InputError) as caught:
        read_ratings(write(tmp_path / "r.csv", ["Grand total", *blank, 300, "3100.75"]))
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "cost")]
    assert "rows above add up to 3,000.75" in caught.value.problems[0].message
