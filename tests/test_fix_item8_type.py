"""``item8_type`` holds one of the MHCT item 8 problem-type letters A-J (round 12, fix 5).

HoNOS/MHCT item 8 ("other mental and behavioural problems") is rated with the type of
the problem: A phobic, B anxiety, C obsessive-compulsive, D stress, E dissociative,
F somatoform, G eating, H sleep, I sexual, J other (NHS Data Dictionary, HoNOS
scales). pbrkit read any text ("phobic", "K", "8") and kept it as the patient's item 8
type. Now a value other than A-J (either case) or blank is refused, one message per
cell naming sheet, row and column; lower-case letters are read as capitals.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pbrkit.errors import InputError
from pbrkit.io.ratings import read_ratings

ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]


def ratings_csv(path: Path, types: list[str]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["patient_id", *ITEMS, "item8_type"])
        for i, kind in enumerate(types):
            writer.writerow([f"P{i}", *([2] * 7), 3, *([1] * 10), kind])
    return path


def test_letters_a_to_j_and_blank_are_read_as_capitals(tmp_path: Path) -> None:
    read = read_ratings(ratings_csv(tmp_path / "r.csv", ["A", "j", "", " h "]))
    assert list(read.patients["item8_type"].fillna("")) == ["A", "J", "", "H"]


def test_other_values_are_refused_one_message_each(tmp_path: Path) -> None:
    # Rows 2-6 (row 1 is the header): "phobic", "K" and "8" are not type letters.
    path = ratings_csv(tmp_path / "r.csv", ["B", "phobic", "K", "", "8"])
    with pytest.raises(InputError) as caught:
        read_ratings(path)
    problems = caught.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "item8_type", "phobic"),
        (4, "item8_type", "K"),
        (6, "item8_type", "8"),
    ]
    assert all("A-J" in (p.expected or "") for p in problems)
    assert "not an item 8 problem type" in str(problems[0])
