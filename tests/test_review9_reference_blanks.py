"""A copied reference set's blank required cell is refused, not dropped (rev9, December 2026).

An analyst copies the shipped set's folder, edits it and runs ``--reference myref``.
A required cell left blank in its CSVs was read as a missing row, silently: a blank
``quantity`` in packages.csv dropped that package row, so cluster 10's care package
lost its care coordination (2 hours a week) and its cost fell with no message; a blank
``price`` in tariff.csv was reported as "no price in reference set" and a blank
``unit_cost`` as "add a row to the unit_costs sheet", both naming the wrong cause.
The same blank in the workbook's own sheets is refused at its cell; the set's files
are now read by the same rule (file, row, column, "required value is blank").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pbrkit.errors import InputError
from pbrkit.reference import DEFAULT_REFERENCE, load_reference_set, tariffs_root


def _copy_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "myref"
    shutil.copytree(tariffs_root() / DEFAULT_REFERENCE, target)
    path = target / file
    text = path.read_text("utf-8")
    assert old in text  # the edit below really blanks a cell of the shipped set
    path.write_text(text.replace(old, new, 1), "utf-8")
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "column"),
    [
        # packages.csv row 33 (header row 1): cluster 10's care coordination hours.
        ("packages.csv", "10,care_coordination_hour,2,week", "10,care_coordination_hour,,week",
         "quantity"),
        ("tariff.csv", "10,6606.50,per_year", "10,,per_year", "price"),
        ("unit_costs.csv", "care_coordination_hour,32.00,hour", "care_coordination_hour,,hour",
         "unit_cost"),
    ],
)  # fmt: skip
def test_a_blank_required_cell_in_a_copied_set_is_refused_at_its_cell(
    tmp_path: Path, file: str, old: str, new: str, column: str
) -> None:
    folder = _copy_with(tmp_path, file, old, new)
    with pytest.raises(InputError) as caught:
        load_reference_set(folder)
    blanks = [p for p in caught.value.problems if p.message == "required value is blank"]
    # Before the fix: the row was dropped (packages) or no problem named the cell.
    assert [(p.file, p.column) for p in blanks] == [(file, column)]
    lines = (folder / file).read_text("utf-8").splitlines()
    assert blanks[0].row == next(i for i, line in enumerate(lines, 1) if line.startswith(new))


def test_the_shipped_set_has_no_blank_required_cell() -> None:
    load_reference_set(tariffs_root() / DEFAULT_REFERENCE)  # raises if it had one
