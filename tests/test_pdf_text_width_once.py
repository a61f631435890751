"""summary.pdf measures each text's advance once, whatever the sizes it is tried at.

fit_findings tries the findings at 9, 8.5, 8 and 7.5 pt and wrap measures each word:
2,521 measurements at 1 million patients, 877 of them different, but only 298
different texts (issue 16, round 16b). matplotlib's TextToPath lays every text out at
its FONT_SCALE and multiplies the advance by size / FONT_SCALE, so one layout per text
gives every size's width, to the last bit.
"""

from __future__ import annotations

import uuid

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from pbrkit.reports.render import pdf


def _direct(words: str, size: float, bold: bool) -> float:
    """The width as matplotlib measures it at ``size`` (the pre-16b arithmetic)."""
    font = FontProperties(family=pdf.FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = TextToPath().get_text_width_height_descent(words, font, ismath=False)
    return float(width) / 72


def test_every_size_is_the_width_matplotlib_measures_bit_for_bit() -> None:
    for words in ("Findings", "£1,234,567 – cluster 10", "a b", "Ünïcødé …"):
        for size in (7.0, 7.5, 8.0, 8.5, 9.0, 10.5, 13.0, 15.0):
            for bold in (False, True):
                assert pdf.text_width(words, size, bold=bold) == _direct(words, size, bold)


def test_a_text_is_laid_out_once_for_all_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    laid_out: list[str] = []
    real = pdf._MEASURE.get_text_width_height_descent

    def counting(words: str, font: FontProperties, ismath: bool) -> tuple[float, float, float]:
        laid_out.append(words)
        return real(words, font, ismath=ismath)

    monkeypatch.setattr(pdf._MEASURE, "get_text_width_height_descent", counting)
    text = f"measured once {uuid.uuid4().hex}"  # never measured before, in any run order
    widths = [pdf.text_width(text, size) for size in (9.0, 8.5, 8.0, 7.5)]
    # 4 sizes, 1 layout; the widths scale with the size: 9/7.5 = 1.2
    assert laid_out.count(text) == 1
    assert abs(widths[0] / widths[3] - 1.2) < 1e-12
