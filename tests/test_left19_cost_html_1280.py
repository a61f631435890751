"""The cost report's tables fit a 1280 px screen, as the tender and sweep reports' do.

At 1280 px the Clusters table (15 columns) was 99 px wider than the page's 1,192 px
column: "Cost source" was cut mid-word and "Package cost per community day" hidden
behind a scroll bar that sat below the table's 25 rows, off the screen (and that
overlay scroll bars do not show at all). A table of 13 or more columns now takes
smaller type and padding on screen, so it fits; printing is unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import find_chromium
from pbrkit.cli import cli
from test_report_print import overflow_at

CLUSTERS = Path(__file__).parents[1] / "examples" / "clusters.xlsx"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_chromium() is None, reason="needs Chromium"),
]


def test_cost_tables_fit_a_1280_pixel_screen(tmp_path: Path) -> None:
    out = tmp_path / "o"
    result = CliRunner().invoke(cli, ["cost", str(CLUSTERS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    widths = overflow_at(out / "report.html", tmp_path, 1280)
    assert any(header == "Cluster" for header, _ in widths), widths  # the wide one measured
    assert all(px <= 0 for _, px in widths), widths
