"""pbrkit explore: one self-contained page over a sweep's grid.

The page's numbers are the sweep's (same parser, grid, seed and publishing); the page
formats them in JavaScript as reports/format.py does, which is checked in Chromium.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from browser import (
    dump_dom,
    external_page_requests,
    find_chromium,
    load_with_net_log,
    screenshot,
)
from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.model import ReferenceInfo
from pbrkit.reports import format as fmt
from pbrkit.reports.explore import (
    HEADLINE,
    Exploration,
    page_data,
    publish_cluster_residue,
    render_explore_html,
    script_json,
)
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED
from pbrkit.tender.sweep import CLUSTER_COLUMNS
from pbrkit.workflows.provenance import run_metadata

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"
VARY = ("--vary", "nhs.fixed_cost_share=0.2:0.6:2", "--vary", "bidders.*.info_quality=0:1:2")
RUN = ("--draws", "3", "--seed", "7", "--workers", "1")
HOSTILE = "</script><script>alert(1)</script><!--"

chromium_missing = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")


def invoke(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def grid_json(page: str) -> dict[str, Any]:
    """The JSON block the page carries."""
    found = re.search(r'<script type="application/json" id="grid">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same scenario and grid through pbrkit sweep, explore and explore --publish."""
    base = tmp_path_factory.mktemp("explore")
    invoke("sweep", str(SCENARIO), *VARY, *RUN, "--out", str(base / "sweep"))
    invoke("explore", str(SCENARIO), *VARY, *RUN, "--out", str(base / "explore"))
    invoke("explore", str(SCENARIO), *VARY, *RUN, "--publish", "--out", str(base / "published"))
    return {name: base / name for name in ("sweep", "explore", "published")}


def test_the_page_carries_the_sweeps_figures_exactly(runs: dict[str, Path]) -> None:
    sweep = json.loads((runs["sweep"] / "summary.json").read_text(encoding="utf-8"))["sweep"]
    data = grid_json((runs["explore"] / "explore.html").read_text(encoding="utf-8"))
    assert len(sweep) == 4  # 2 × 2 points, the last parameter fastest
    assert data["points"] == [[0.2, 0.0], [0.2, 1.0], [0.6, 0.0], [0.6, 1.0]]
    assert data["points"] == [
        [row["nhs.fixed_cost_share"], row["bidders.*.info_quality"]] for row in sweep
    ]
    for key in HEADLINE:
        assert data["figures"][key] == [row[key] for row in sweep], key
        assert data["figures"][f"{key}_p5"] == [row[f"{key}_p5"] for row in sweep], key
    # The people in each cluster add up to the grid's people taken and left, point by point.
    for i, row in enumerate(sweep):
        for name in ("taken_patients", "residue_patients"):
            assert sum(c[name][i] for c in data["clusters"]) == row[name]


def test_waterfall_hand_worked() -> None:
    # before £100, income kept £30 less cost kept £10 → kept £20, stranded £5, after £40:
    # margin lost = before + kept − stranded − after = 100 + 20 − 5 − 40 = £75,
    # and 100 − 75 + 20 − 5 = 40 = after.
    grid = synthetic_grid(
        {"p": [1.0]},
        nhs_surplus_before=100.0,
        nhs_income_retained=30.0,
        cost_retained_for_taken=10.0,
        stranded_fixed_cost=5.0,
        nhs_surplus_after=40.0,
    )
    steps = page_data(exploration(grid, ["p"]))["waterfall"]
    assert {k: v[0] for k, v in steps.items()} == {
        "nhs_surplus_before": 100.0,
        "taken_margin": 75.0,
        "kept_for_taken": 20.0,
        "stranded_fixed_cost": 5.0,
        "nhs_surplus_after": 40.0,
    }


def test_assumptions_say_which_setting_a_slider_sets() -> None:
    base = {"scenario": "a.toml", "patients": 10231, "fixed_cost_share": 0.3043, "shed_rate": 0.3}
    grid = synthetic_grid({"nhs.fixed_cost_share": [0.2, 0.8]})
    explored = replace(exploration(grid, ["nhs.fixed_cost_share"]), base=base)
    assert page_data(explored)["assumptions"] == [
        ["scenario", "test.toml"],
        ["patients", "10,231"],
        ["fixed_cost_share (as given; a slider sets it)", "0.3043"],
        ["shed_rate", "0.3"],
        ["draws per point", "3"],
        ["seed", "0"],
    ]


def test_published_cluster_counts_hand_worked() -> None:
    # Cluster 1: 12 people, 5 taken, 7 left: 5 and 7 are 1-7 → hidden, 12 → 10 (to 5);
    # the residue cost gap is about the 7 left → hidden. Cluster 2: 100, 40, 60; the
    # page's headline shows 45 taken and 67 left in all (published 45 and 65), so
    # cluster 2's 40 taken and 60 left are hidden too (rev12: else 45 − 40 and 67 − 60
    # give cluster 1's back within the rounding), and its gap with its people left.
    grid = synthetic_grid({"p": [1.0]}, clusters={1: (12, 5, 7, 900.0), 2: (100, 40, 60, -50.0)},
                          taken_patients=45, residue_patients=67)  # fmt: skip
    out = publish_cluster_residue(grid, NHSD_HES_2018).iloc[0]
    assert out["cluster.1.patients"] == 10
    assert out["cluster.1.taken_patients"] is SUPPRESSED
    assert out["cluster.1.residue_patients"] is SUPPRESSED
    assert out["cluster.1.residue_cost_gap"] is SUPPRESSED
    hidden = [SUPPRESSED] * 3
    assert [out[f"cluster.2.{n}"] for n in CLUSTER_COLUMNS] == [100, *hidden]
    assert out["taken_patients"] == 45 and out["residue_patients"] == 67  # the grid's own
    # With the run's money base (5 × a £357 price = £1,785 → £2,000), a shown gap is
    # rounded to it: −£50 is under half a step, £0; −£1,000 is half a step, −£2,000.
    policy = NHSD_HES_2018.for_rates([357.0])
    grid = synthetic_grid({"p": [1.0, 2.0]}, clusters={2: (100, 40, 60, -50.0)},
                          taken_patients=40, residue_patients=60)  # fmt: skip
    grid.loc[1, "cluster.2.residue_cost_gap"] = -1_000.0
    out = publish_cluster_residue(grid, policy)
    assert list(out["cluster.2.residue_cost_gap"]) == [0.0, -2_000.0]


def test_published_page(runs: dict[str, Path]) -> None:
    page = (runs["published"] / "explore.html").read_text(encoding="utf-8")
    assert 'data-disclosure="on"' in page and "Not for publication" not in page
    data = grid_json(page)
    for cluster in data["clusters"]:
        for name in ("patients", "taken_patients", "residue_patients"):
            assert all(v == "*" or v % 5 == 0 for v in cluster[name]), cluster
        for left, gap in zip(cluster["residue_patients"], cluster["residue_cost_gap"], strict=True):
            assert left != "*" or gap == "*"
            assert gap == "*" or gap % 50_000 == 0  # the money base (methodology §7)
    unpublished = (runs["explore"] / "explore.html").read_text(encoding="utf-8")
    assert 'data-disclosure="off"' in unpublished


def test_more_than_three_parameters_is_a_usage_error(tmp_path: Path) -> None:
    four = [a for p in ("a", "b", "c", "d") for a in ("--vary", f"nhs.{p}=0:1:2")]
    result = CliRunner().invoke(cli, ["explore", str(SCENARIO), *four, "--out", str(tmp_path)])
    assert result.exit_code == 2 and "one to 3 times" in result.output
    assert not any(tmp_path.iterdir())


def test_a_value_given_twice_is_refused(tmp_path: Path) -> None:
    args = ["explore", str(SCENARIO), "--vary", "nhs.shed_rate=0.1,0.2,0.1"]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "nhs.shed_rate: the value 0.1 is given twice" in result.output
    assert not (tmp_path / "out").exists()


def test_three_parameters_are_one_more_than_a_sweep_takes() -> None:
    from pbrkit.tender.sweep import sweep

    three = {"nhs.shed_rate": [0.1], "nhs.fixed_cost_share": [0.2], "x": [1]}
    with pytest.raises(InputError, match="one or two parameters"):
        sweep(pd.DataFrame(), None, three)  # type: ignore[arg-type]


@given(st.text())
def test_script_json_cannot_end_its_block(text: str) -> None:
    escaped = script_json({"name": text})
    assert not set("<>&") & set(escaped)
    assert json.loads(escaped) == {"name": text}


def test_a_hostile_scenario_name_stays_data() -> None:
    grid = synthetic_grid({"p": [1.0, 2.0]})
    page = render_explore_html(replace(exploration(grid, ["p"]), scenario=HOSTILE))
    # An HTML parser ends a script at "</script" whatever follows, and "<!--" in a
    # script changes how it looks for the end: neither may come from the data.
    assert page.count("</script") == 2  # the JSON block's and the script's own
    assert "<script>alert" not in page and "<!--" not in page
    assert ["scenario", HOSTILE] in grid_json(page)["assumptions"]


def test_a_three_by_eleven_step_grid_is_under_two_megabytes() -> None:
    # Full-precision figures with their percentiles, 23 clusters: the worst case.
    steps = list(np.linspace(0, 1, 11))
    grid = synthetic_grid({"a": steps, "b": steps, "c": steps}, clusters=23, noisy=True)
    page = render_explore_html(exploration(grid, ["a", "b", "c"]))
    assert len(grid) == 1331
    assert len(page.encode("utf-8")) < 2_000_000


# ----------------------------------------------------------------------- Chromium


@pytest.mark.slow
@chromium_missing
def test_a_link_opens_at_its_point(runs: dict[str, Path], tmp_path: Path) -> None:
    page = runs["explore"] / "explore.html"
    sweep = json.loads((runs["sweep"] / "summary.json").read_text(encoding="utf-8"))["sweep"]
    dom, requests = load_with_net_log(
        page, tmp_path / "net.json", fragment="nhs.fixed_cost_share=0.6&bidders.*.info_quality=1"
    )
    assert 'data-point="3"' in dom  # (0.6, 1): the last point
    point = sweep[3]
    for key in ("nhs_surplus_change", "residue_cost_gap", "public_spending_change"):
        assert shown(dom, key) == fmt.money(point[key]), key
    assert shown(dom, "residue_patients") == fmt.count(point["residue_patients"])
    assert shown(dom, "casemix_index") == fmt.fixed(point["casemix_index"])
    assert re.search(r'data-parameter="nhs.fixed_cost_share">0.6<', dom)
    # No request but the file itself.
    assert external_page_requests(requests) == []
    uri = page.resolve().as_uri()
    assert {r.url.split("#")[0] for r in requests if r.from_page} <= {uri}


@pytest.mark.slow
@chromium_missing
def test_moving_a_slider_shows_its_point(runs: dict[str, Path], tmp_path: Path) -> None:
    # A copy of the page with a script that moves the first slider to its last step,
    # as a reader's drag does (an input event), then records the address it wrote.
    sweep = json.loads((runs["sweep"] / "summary.json").read_text(encoding="utf-8"))["sweep"]
    page = (runs["explore"] / "explore.html").read_text(encoding="utf-8")
    mover = (
        "<script>var s = document.getElementById('slider-0'); s.value = '1';"
        "s.dispatchEvent(new Event('input'));"
        "document.body.setAttribute('data-hash', location.hash);</script></body>"
    )
    moved = tmp_path / "moved.html"
    moved.write_text(page.replace("</body>", mover), encoding="utf-8")
    dom = dump_dom(moved)
    assert 'data-point="2"' in dom  # (0.6, 0): first parameter's last step
    assert 'data-hash="#nhs.fixed_cost_share=0.6&amp;bidders.*.info_quality=0"' in dom
    assert shown(dom, "nhs_surplus_change") == fmt.money(sweep[2]["nhs_surplus_change"])
    assert shown(dom, "taken_patients") == fmt.count(sweep[2]["taken_patients"])


@pytest.mark.slow
@chromium_missing
def test_the_page_formats_as_the_reports_do(tmp_path: Path) -> None:
    # Halves away from zero from the shortest decimal form, as reports/format.py.
    money = [10612.5, -10612.5, 2.5, -0.4, 0.49999999999999994, 1234567.5, 1e-7, -2.5]
    people = [2.5, 3.5, 1234.5, 0.5, 0.0, 12.0, 7.5, 1000000.5]
    clusters = {i + 1: (p, 0.0, p, m) for i, (p, m) in enumerate(zip(people, money, strict=True))}
    grid = synthetic_grid(
        {"p": [0.2, 0.6000000000000001]},  # np.linspace(0.2, 1, 3)[1]
        clusters=clusters,
        casemix_index=2.675,
        residue_cost_to_payment=1.005,
        nhs_surplus_change=999999999999999.5,
    )
    page = tmp_path / "explore.html"
    page.write_text(render_explore_html(exploration(grid, ["p"])), encoding="utf-8")
    dom = dump_dom(page, fragment="p=0.6")
    assert 'data-point="1"' in dom and '<output id="value-0">0.6</output>' in dom
    assert shown(dom, "casemix_index") == fmt.fixed(2.675) == "2.68"
    assert shown(dom, "residue_cost_to_payment") == fmt.fixed(1.005) == "1.01"
    assert shown(dom, "nhs_surplus_change") == fmt.money(999999999999999.5)
    for code, (count, _, _, gap) in clusters.items():
        row = re.search(rf'<tr data-cluster="{code}">(.*?)</tr>', dom, re.S)
        assert row is not None
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))
        assert cells[1] == fmt.count(count)
        assert cells[-1] == fmt.money(gap), gap


#: fix19: cluster → (patients, taken, left, residue cost gap G). G > 0 (the people left
#: cost more than the tariff pays for them) is bad news for the NHS, G < 0 good news, and
#: £0.40 shows as £0: neither (docs/methodology.md, "Colours").
GAPS: dict[int, tuple[float, float, float, float]] = {
    1: (10.0, 5.0, 5.0, 5000.0),
    2: (10.0, 5.0, 5.0, -5000.0),
    3: (10.0, 5.0, 5.0, 0.4),
}


def test_the_page_knows_each_figures_bad_side() -> None:
    # fix19: the bars drew G > 0 in the neutral blue. The page now carries the side of
    # zero that is bad news (the registry's, as the headline's red): G above it, the
    # change in the NHS surplus below it, a count of people neither.
    labels = page_data(exploration(synthetic_grid({"p": [1.0]}, clusters=GAPS), ["p"]))["labels"]
    sides = {key: labels[key]["bad_side"] for key in HEADLINE}
    assert sides["residue_cost_gap"] == 1
    assert sides["nhs_surplus_change"] == -1
    assert sides["taken_patients"] == 0


@pytest.mark.slow
@chromium_missing
def test_the_cluster_gap_bars_are_coloured_by_their_news(tmp_path: Path) -> None:
    grid = synthetic_grid({"p": [1.0]}, clusters=GAPS)
    page = tmp_path / "explore.html"
    page.write_text(render_explore_html(exploration(grid, ["p"])), encoding="utf-8")
    dom = dump_dom(page)
    bars = {
        int(code): css
        for code, css in re.findall(
            r'<tr data-cluster="(\d+)">.*?<td class="bar"><span class="([^"]*)"', dom, re.S
        )
    }
    assert bars == {1: "loss", 2: "gain", 3: ""}, bars
    # and the page's style draws them in the reports' red and green
    assert "td.bar span.loss { background: var(--down); }" in dom
    assert "td.bar span.gain { background: var(--up); }" in dom


@pytest.mark.slow
@chromium_missing
def test_screenshot(runs: dict[str, Path], tmp_path: Path) -> None:
    png = screenshot(runs["explore"] / "explore.html", tmp_path / "explore.png", height=1800)
    assert png.stat().st_size > 10_000


def shown(dom: str, key: str) -> str:
    found = re.search(rf'class="value(?: neg)?" data-figure="{key}">([^<]*)<', dom)
    assert found is not None, key
    return found.group(1)


# ----------------------------------------------------------------------- helpers


def exploration(grid: pd.DataFrame, parameters: list[str]) -> Exploration:
    meta = run_metadata(
        "pbrkit explore", [], ReferenceInfo(name="illustrative-2014-15", status="illustrative")
    )
    return Exploration(
        grid=grid,
        parameters=parameters,
        draws=3,
        seed=0,
        scenario="test.toml",
        base={"scenario": "test.toml", "patients": 100},
        meta=meta,
    )


def synthetic_grid(
    vary: dict[str, list[float]],
    *,
    clusters: int | dict[int, tuple[float, float, float, float]] = 0,
    noisy: bool = False,
    **figures: float,
) -> pd.DataFrame:
    """A grid as :func:`pbrkit.tender.sweep.sweep` returns it, with made-up figures."""
    index = pd.MultiIndex.from_product(list(vary.values()), names=list(vary))
    grid = index.to_frame(index=False)
    rng = np.random.default_rng(0)
    n = len(grid)

    def value(scale: float) -> Any:
        return rng.normal(0, scale, n) if noisy else np.full(n, scale)

    names = [*HEADLINE, "nhs_surplus_before", "nhs_surplus_after", "stranded_fixed_cost"]
    names += ["nhs_income_retained", "cost_retained_for_taken"]
    for name in names:
        grid[name] = figures.get(name, value(1e6))
        if noisy:
            grid[f"{name}_p5"] = value(1e6)
            grid[f"{name}_p95"] = value(1e6)
    table = (
        dict.fromkeys(range(1, clusters + 1), (500.0, 250.0, 250.0, 100000.0))
        if isinstance(clusters, int)
        else clusters
    )
    columns = {
        f"cluster.{code}.{name}": value(v) if noisy and "cost" in name else np.full(n, v)
        for code, values in table.items()
        for name, v in zip(CLUSTER_COLUMNS, values, strict=True)
    }
    return pd.concat([grid, pd.DataFrame(columns)], axis=1)
