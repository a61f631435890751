"""Hostile review (round 14, review3): ratings headed as on the HoNOS and SARN forms.

A ratings sheet exported from a form is headed by each scale's number and title:
``1. Overactive, aggressive, disruptive or agitated behaviour`` … ``13. Strong
unreasonable beliefs``, ``A. Historic …``. No header matched an item, so the header
search took the *data* row with the most cells that look like item names (ratings
1, 2, 3 and 4 are the headers of items 1-4) as the header, and the run stopped with
"no patient ID column" (there was one, 'Patient ID'), "columns B '1' and C '1' both
name '1'" and a dozen more such problems about columns named after ratings.

Now (1) a scale's number or letter followed by '.', ':', ')' or a dash and its title
names that scale, and (2) the header search counts the distinct scales a row names,
so a data row (at most the few ratings 1-4 and 9) never outranks a header that names
more of them (before, 18 ratings of 1-4 counted 18).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io.ratings import _header_search, item_name

ROOT = Path(__file__).resolve().parents[1]
ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
TITLES = [
    "Overactive, aggressive, disruptive or agitated behaviour",
    "Non-accidental self-injury",
    "Problem drinking or drug-taking",
    "Cognitive problems",
    "Physical illness or disability problems",
    "Problems associated with hallucinations and delusions",
    "Problems with depressed mood",
    "Other mental and behavioural problems",
    "Problems with relationships",
    "Problems with activities of daily living",
    "Problems with living conditions",
    "Problems with occupation and activities",
    "Strong unreasonable beliefs",
    "Agitated behaviour/expansive mood",
    "Repeat self-harm",
    "Safeguarding other",
    "Engagement",
    "Vulnerability",
]


@pytest.mark.parametrize(
    ("label", "item"),
    [
        ("1. Overactive, aggressive, disruptive or agitated behaviour", "1"),
        ("HoNOS 7: Problems with depressed mood", "7"),
        ("13 - Strong unreasonable beliefs", "13"),
        ("A. Agitated behaviour/expansive mood", "A"),
        ("Historic E) Vulnerability", "E"),
        ("12 – Problems with occupation and activities", "12"),
        # Unchanged: the plain spellings, and what names no scale.
        ("HoNOS 01", "1"),
        ("SARN A", "A"),
        ("14. Agitated", None),  # 14-18 only as bare numbers, never with a title
        ("Overactive behaviour", None),
        ("1.5", None),
        ("2024-25", None),
    ],
)
def test_a_form_heading_names_its_scale(label: str, item: str | None) -> None:
    assert item_name(label) == item


def test_a_data_row_never_outranks_a_header(tmp_path: Path) -> None:
    # A header naming items 1-12 (13, A-E unrecognised) above patients rated 1-4 and 9
    # on every scale: 18 cells that each look like an item name, but only 5 scales.
    header = ["patient_id", *(f"HoNOS {i}" for i in range(1, 13)), *TITLES[12:]]
    data = ["P1", *([1, 2, 3, 4, 9, 1] * 3)]
    best, _ = _header_search([header, data, data])
    assert best == 0


def test_ratings_headed_as_on_the_forms_read_as_the_plain_headers(tmp_path: Path) -> None:
    ratings = pd.read_excel(
        ROOT / "examples" / "ratings.xlsx", sheet_name="ratings", engine="openpyxl"
    ).head(40)
    plain = tmp_path / "plain.csv"
    ratings.to_csv(plain, index=False)
    form = ratings.rename(
        columns={item: f"{item}. {title}" for item, title in zip(ITEMS, TITLES, strict=True)}
    ).rename(columns={"patient_id": "Patient ID"})
    formed = tmp_path / "form.xlsx"
    form.to_excel(formed, sheet_name="ratings", index=False)
    outs = []
    for path in (plain, formed):
        out = tmp_path / path.stem
        result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append((out / "allocations.csv").read_text(encoding="utf-8"))
    assert outs[0] == outs[1]


def test_unrecognised_scale_headers_are_told_under_the_header_row(tmp_path: Path) -> None:
    # No header names a scale ("Scale number 1" ...): the row naming the patient ID
    # column is still the header, so the problem is the missing items, said once,
    # and never "no patient ID column" or "columns B '1' and C '1' both name '1'".
    ratings = pd.read_excel(
        ROOT / "examples" / "ratings.xlsx", sheet_name="ratings", engine="openpyxl"
    ).head(30)
    renamed = ratings.rename(columns={item: f"Scale number {item}" for item in ITEMS})
    path = tmp_path / "unrecognised.xlsx"
    renamed.to_excel(path, sheet_name="ratings", index=False)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "MHCT item columns missing: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, A, B" in text
    assert "no patient ID column" not in text
    assert "both name" not in text
