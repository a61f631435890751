"""rev12: summary.pdf cuts a word wider than its line (a 170-letter bidder name with no
space in the findings ran off the page's right edge, pdftotext -bbox: xMax 595.5 on an
A4 page 595.4 wide) into pieces that fit, in order."""

from __future__ import annotations

from pbrkit.reports.render import pdf

NAME = "Meridian" + "X" * 140 + "HealthcareGroupLimited"


def test_a_word_wider_than_the_line_is_cut_to_fit() -> None:
    width = 6.5  # inches: the findings' room on A4 within the margins
    lines = pdf.wrap(f"{NAME} takes the most: 48 people, £28k profit.", 9.0, width)
    assert all(pdf.text_width(line, 9.0) <= width for line in lines), lines
    # Every character is kept, in order; the sentence after the name follows it.
    assert "".join("".join(lines).split()) == "".join(
        f"{NAME}takesthemost:48people,£28kprofit.".split()
    )
    assert len(lines) >= 2
