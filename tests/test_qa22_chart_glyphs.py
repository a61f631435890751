"""qa22: a team name in CJK or with an emoji printed matplotlib warnings on the terminal.

`pbrkit cost` on the example with a team named 'Équipe Santé Mentale — Ōkāra 東京 🧠'
printed three 'UserWarning: Glyph 26481 (...) missing from font(s) DejaVu Sans' lines,
each with a source path, before its headline. The chart keeps text as text, so the
browser draws the name with its own fonts: the warning is noise and is not shown.
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt

from pbrkit.reports.charts import to_svg

NAME = "東京 🧠 team"


def test_a_name_without_glyphs_in_dejavu_gives_no_warning_and_stays_text() -> None:
    figure, axes = plt.subplots()
    axes.barh([NAME], [1.0])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        svg = to_svg(figure)
    assert [str(w.message) for w in seen if "Glyph" in str(w.message)] == []
    assert "東京" in svg  # the name is in the chart, for the browser to draw


def test_the_filter_stays_inside_the_chart() -> None:
    # Silenced while the chart is drawn only: a later warning of the same text still
    # shows (a process-wide filter would hide it from everything else too).
    figure, axes = plt.subplots()
    axes.barh([NAME], [1.0])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        to_svg(figure)
        warnings.warn(
            "Glyph 26481 (x) missing from font(s) DejaVu Sans.", UserWarning, stacklevel=1
        )
    assert len([w for w in seen if "Glyph" in str(w.message)]) == 1
