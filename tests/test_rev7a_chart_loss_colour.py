"""report.xlsx colours each bar of a signed chart by its sign, in LibreOffice too (rev7a).

Found in review rev7a: report.xlsx of the example, opened in LibreOffice (and converted
to PDF by it), drew every bar of "Surplus (deficit) by cluster" green, the deficits of
clusters 8, 13, 17, 20 … included. The bars were green with Excel's "invert if
negative" colour for the negative ones, an Excel 2010 extension (c14:invertSolidFillFmt)
that LibreOffice ignores. Each bar now has its own fill: red (C62828) where its figure
is negative, green (2E7D32) otherwise, as report.html draws them.

The expected colours come from summary.json, not from the workbook: the example's
clusters in order 0, 1, …, 21, 99; cluster 13's surplus is −£1,061,…, so its bar
(index 13 − 1 = 12, since there is no cluster 9) is red; cluster 4's (+£7xx,xxx) green.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = str(ROOT / "examples" / "clusters.xlsx")
RED, GREEN = "C62828", "2E7D32"


def _chart(path: Path, title: str) -> str:
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist()
                  if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]  # fmt: skip
    (found,) = [xml for xml in charts if f"<a:t>{title}</a:t>" in xml]
    return found


def _point_colours(xml: str) -> dict[int, str]:
    points = re.findall(r"<c:dPt>(.*?)</c:dPt>", xml, re.S)
    colours = {}
    for point in points:
        index = int(re.search(r'<c:idx val="(\d+)"/>', point).group(1))  # type: ignore[union-attr]
        colours[index] = re.search(r'<a:srgbClr val="([0-9A-F]{6})"', point).group(1)  # type: ignore[union-attr]
    return colours


def test_each_cluster_bar_is_red_for_a_deficit_and_green_for_a_surplus(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", CLUSTERS, "--out", str(out)])
    assert result.exit_code == 0, result.output
    clusters = json.loads((out / "summary.json").read_text())["clusters"]
    expected = {i: RED if c["surplus"] < 0 else GREEN for i, c in enumerate(clusters)}
    assert sorted(c["cluster"] for c in clusters if c["surplus"] < 0) == [
        8,
        10,
        13,
        14,
        16,
        17,
        20,
        21,
    ]
    colours = _point_colours(_chart(out / "report.xlsx", "Surplus (deficit) by cluster"))
    assert colours == expected
    assert colours[12] == RED  # cluster 13
    assert colours[4] == GREEN  # cluster 4
