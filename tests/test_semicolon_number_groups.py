"""A CSV file separated by semicolons: `1.234` and `1,234` are refused in number columns.

Found in review 12 (December 2026): Excel in a continental locale saves "CSV" with
semicolons, and writes numbers as shown there: a dot groups thousands and a comma marks
decimals. `1.234` days (1,234 days) was read as 1.234 days, and `1,234` (1.234) as
1234, with no message: a misread of a thousand times either way. pbrkit reads a decimal
point and a thousands comma, so in a semicolon-separated file a number with one dot or
comma and three digits after it could mean either, and is refused at its row (methodology
§8). In a comma-separated file both keep their UK reading, and a number that is plain in
either locale (`336.5`, `£1,234.50`, `1747.2`, `0.125`) is read in a semicolon one too.
"""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path
from typing import Any

import pytest

from pbrkit.errors import InputError
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.reference import ReferenceSet
from test_reader import BOOK


def _folder(tmp_path: Path, delimiter: str, price: str) -> Path:
    """The reader tests' book as CSVs, cluster 3's tariff price written as ``price``."""
    book: dict[str, list[list[Any]]] = copy.deepcopy(BOOK)
    book["tariff"][2][1] = price  # cluster 3, price (1747.2 in the book)
    folder = tmp_path / "csvs"
    folder.mkdir()
    for name, rows in book.items():
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows(
            [["" if v is None else str(v) for v in row] for row in rows]
        )
        (folder / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return folder


@pytest.mark.parametrize("price", ["1.234", "1,234", "£12.500", "(1,234)"])
def test_one_group_in_a_semicolon_file_is_refused(
    tmp_path: Path, ref: ReferenceSet, price: str
) -> None:
    with pytest.raises(InputError) as caught:
        read_cost_inputs(_folder(tmp_path, ";", price), ref)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("tariff", 3, "price")
    assert problem.value == price
    assert "separated by semicolons" in problem.message
    assert problem.fix is not None and "1234" in problem.fix


@pytest.mark.parametrize(("price", "read"), [("1.234", 1.234), ("1,234", 1234.0)])
def test_a_comma_separated_file_keeps_the_uk_reading(
    tmp_path: Path, ref: ReferenceSet, price: str, read: float
) -> None:
    inputs, _ = read_cost_inputs(_folder(tmp_path, ",", price), ref)
    assert inputs.tariff.loc[3, "price"] == read


@pytest.mark.parametrize(
    ("price", "read"), [("1747.2", 1747.2), ("0.125", 0.125), ("1.2340", 1.234), ("12", 12.0)]
)
def test_a_semicolon_file_reads_what_is_plain(
    tmp_path: Path, ref: ReferenceSet, price: str, read: float
) -> None:
    # 0.125 cannot be thousands (no group starts with 0); 1.2340 has four places.
    inputs, _ = read_cost_inputs(_folder(tmp_path, ";", price), ref)
    assert inputs.tariff.loc[3, "price"] == read
    assert inputs.caseload["actual_cost"].tolist()[1] == 1234.5  # "£1,234.50": plain


def test_the_ratings_patient_columns_follow_the_same_rule(tmp_path: Path) -> None:
    # A ratings CSV from a continental Excel: a cost of 1.234 (£1,234) was read as
    # £1.234. The items (0-4, one digit) cannot look like either.
    from pbrkit.io.ratings import read_ratings

    items = [str(i) for i in range(1, 14)] + ["A", "B", "C", "D", "E"]
    header = ";".join(["patient_id", *items, "days", "cost"])
    rows = [";".join(["P1", *(["0"] * 18), "84", "1.234"]),
            ";".join(["P2", *(["1"] * 18), "1,5", "700"])]  # fmt: skip
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_ratings(path)
    found = {(p.row, p.column, str(p.value)): p.message for p in caught.value.problems}
    assert "separated by semicolons" in found[(2, "cost", "1.234")]
    assert (3, "days", "1,5") in found  # a decimal comma: refused as before


def test_a_reference_set_saved_with_semicolons_follows_the_same_rule(tmp_path: Path) -> None:
    # A user's own reference folder (--reference), its tariff re-saved by a continental
    # Excel: cluster 1's price 1.357 (£1,357) would have been £1.357.
    import shutil

    from pbrkit.reference import load_reference_set

    folder = tmp_path / "myref"
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "tariffs" / "illustrative-2014-15", folder
    )
    tariff = folder / "tariff.csv"
    rows = list(csv.reader(tariff.read_text(encoding="utf-8").splitlines()))
    rows[2][1] = "1.357"  # cluster 1 (357.00 in the shipped set)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    tariff.write_text(buffer.getvalue(), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_reference_set(folder)
    found = [(p.sheet, p.row, p.column, p.value) for p in caught.value.problems]
    assert ("tariff.csv", 3, "price", "1.357") in found
