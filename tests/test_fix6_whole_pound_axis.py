"""A money axis is in whole pounds (or £k, £m), never pennies (fix6).

Found at the last stop (review3): `pbrkit cost --publish` on a small trust rounds every
cluster's surplus to £0, and matplotlib fits an axis of -0.055 to 0.055 to bars of
height 0, so the surplus chart's axis read -£0.04, -£0.02, £0, £0.02, £0.04 in
report.html and summary.pdf. A £ axis now takes whole-pound ticks only: an all-£0 chart
shows one tick, £0. Where matplotlib's ticks were whole pounds already they are
unchanged (the goldens did not move).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports import charts
from review9b_inputs import pdf_words

PENNIES = re.compile(r"£\d+\.\d")


def _tick_labels(svg: str) -> list[str]:
    return [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if "£" in t]


def test_all_zero_bars_have_one_tick_of_0() -> None:
    svg = charts.signed_bars(["3", "4"], [0.0, 0.0], title="Surplus", xlabel="Cluster")
    assert _tick_labels(svg) == ["£0"]
    svg = charts.signed_hbars(["A team", "B team"], [0.0, 0.0], title="Surplus")
    assert _tick_labels(svg) == ["£0"]


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        # matplotlib's own ticks were -£0.4 … £0.5 (0.1 apart): now whole pounds.
        ([0.0, 0.4, -0.3], ["£0"]),
        # 0, 2.5, 5, … 22.5 before; whole-pound steps of 5 now.
        ([0.0, 20.3], ["£0", "£5", "£10", "£15", "£20", "£25"]),
        # Already whole pounds: unchanged (£0 to £8, 1 apart).
        ([0.0, 7.0], [f"£{i}" for i in range(9)]),
    ],
)
def test_small_surpluses_get_whole_pound_ticks(values: list[float], ticks: list[str]) -> None:
    svg = charts.signed_bars([str(i) for i in range(len(values))], values, title="S", xlabel="C")
    shown = _tick_labels(svg)
    assert not [t for t in shown if PENNIES.search(t)], shown
    assert [t for t in shown if t in ticks] == shown


def test_a_published_small_trust(tmp_path: Path) -> None:
    # 10 people, 20 days in each of clusters 3 and 4: each surplus rounds to £0 under
    # --publish, so every bar of the surplus chart is £0.
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n3,10,20\n4,10,20\n", encoding="utf-8"
    )
    out = tmp_path / "pub"
    result = CliRunner().invoke(cli, ["cost", str(folder), "--publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    surplus = next(s for s in re.findall(r"<svg.*?</svg>", html, re.S) if "Surplus" in s)
    assert _tick_labels(surplus) == ["£0"]
    assert not PENNIES.search(pdf_words(out)), pdf_words(out)
    # report.xlsx's native chart: Excel's own axis for bars of £0 runs 0 to 1 in steps
    # of 0.2, which "£#,##0" labels £0, £0, £0, £1, £1, £1 (LibreOffice draws it so).
    # A step of £1 is set on a money axis whose bars span under £5.
    assert _value_axes(out / "report.xlsx") == ['<c:majorUnit val="1"/>']


def test_a_chart_of_ordinary_sums_keeps_excels_own_steps(tmp_path: Path) -> None:
    out = tmp_path / "out"
    example = Path(__file__).parents[1] / "examples" / "clusters.xlsx"
    result = CliRunner().invoke(cli, ["cost", str(example), "--out", str(out)])
    assert result.exit_code == 0, result.output
    axes = _value_axes(out / "report.xlsx")
    assert axes and set(axes) == {""}, axes


def _value_axes(book: Path) -> list[str]:
    """The majorUnit of each £ chart's value axis in ``book`` ('' where Excel picks)."""
    found = []
    with zipfile.ZipFile(book) as archive:
        for name in sorted(n for n in archive.namelist() if n.startswith("xl/charts/")):
            xml = archive.read(name).decode("utf-8")
            if "£#,##0" not in xml:
                continue
            axis = re.search(r"<c:valAx>.*?</c:valAx>", xml, re.S)
            assert axis is not None
            found.append("".join(re.findall(r"<c:majorUnit [^>]*/>", axis.group(0))))
    return found
