"""Golden outputs of every report-writing command on the shipped examples.

Each case runs one command once (a module-scoped fixture) with and without
``--publish``, and compares, as text, with tests/golden/<case>/:

- ``summary.json`` (the varying parts rewritten, see tests/golden_dump.py),
- ``report.xlsx.tsv``: every cell's value, formula, number format and note, and each
  sheet's frozen panes, filter, print setup and charts,
- ``report.html.txt``: the report's sentences and tables as text,
- ``files.txt``: the names of the files written, and ``sweep.csv`` for the sweep.

Numbers are compared exactly as written: the same inputs, seed and code give the
same bytes on any machine (tests/test_determinism.py), so no tolerance is needed.
What the dumps ignore, and why, is in tests/golden_dump.py. Runs set
``SOURCE_DATE_EPOCH`` so the timestamp written into the reports is fixed.

If a change is intended, regenerate and review the diff (tests/golden/README.md):

    PBRKIT_REGEN_GOLDEN=1 pytest tests/test_goldens.py
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from golden_dump import Normaliser, dump_html, dump_json, dump_listing, dump_xlsx
from pbrkit import __version__
from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EPOCH = "1733356800"  # 2024-12-05T00:00:00Z: any fixed time will do
CLUSTERS = "examples/clusters.xlsx"
SCENARIO = "examples/scenarios/probation-style-split.toml"
UNCERTAINTY = "examples/uncertainty.csv"

#: case name → the command line (paths relative to the repository) and its inputs.
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "cost": (["cost", CLUSTERS], [CLUSTERS]),
    "cluster": (["cluster", "examples/ratings.xlsx"], ["examples/ratings.xlsx"]),
    "tender": (["tender", CLUSTERS], [CLUSTERS]),
    "tender-draws5": (["tender", CLUSTERS, "--draws", "5"], [CLUSTERS]),
    # A small grid: three settings of f, three draws each, one process.
    "sweep": (
        [
            "sweep",
            SCENARIO,
            "--vary",
            "nhs.fixed_cost_share=0.2:0.8:3",
            "--draws",
            "3",
            "--workers",
            "1",
        ],
        [CLUSTERS, SCENARIO],
    ),
    # A small PSA: 20 Latin-hypercube samples of the shipped ranges, one process.
    "psa": (
        ["psa", CLUSTERS, "--uncertainty", UNCERTAINTY, "--samples", "20", "--workers", "1"],
        [CLUSTERS, UNCERTAINTY],
    ),
    # A break-even that is crossed, searched again at 5 PSA samples for its range.
    "threshold": (
        [
            "threshold",
            CLUSTERS,
            "--param",
            "nhs.fixed_cost_share",
            "--figure",
            "nhs_surplus_change",
            "--target",
            "-15000000",
            "--uncertainty",
            UNCERTAINTY,
            "--samples",
            "5",
            "--workers",
            "1",
        ],
        [CLUSTERS, UNCERTAINTY],
    ),
}
#: Commands without ``--publish`` (a break-even is a parameter value, about no count).
NO_PUBLISH = frozenset({"threshold"})
CASES = [
    f"{name}{suffix}"
    for name in COMMANDS
    for suffix in ("", "-publish")
    if not (suffix and name in NO_PUBLISH)
]

#: golden file name → (the output it is made from, how it is dumped).
DUMPS: dict[str, tuple[str, Callable[[Path, Normaliser], str]]] = {
    "summary.json": ("summary.json", dump_json),
    "report.xlsx.tsv": ("report.xlsx", dump_xlsx),
    "report.html.txt": ("report.html", dump_html),
    "sweep.csv": ("sweep.csv", lambda path, norm: norm.text(path.read_text(encoding="utf-8"))),
    "psa.parquet.csv": ("psa.parquet", lambda path, norm: _dump_parquet(path)),
}


def _dump_parquet(path: Path) -> str:
    """A per-run table as CSV, every number exactly (``repr``), hidden cells empty."""
    import pandas as pd

    table = pd.read_parquet(path)
    lines = [",".join(map(str, table.columns))]
    for row in table.itertuples(index=False):
        lines.append(",".join("" if pd.isna(v) else repr(v) for v in row))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Run:
    """One command's output folder and the normaliser for its files."""

    case: str
    out: Path
    norm: Normaliser


@pytest.fixture(scope="module", params=CASES)
def run(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch_module: pytest.MonkeyPatch,
) -> Run:
    case: str = request.param
    args, inputs = COMMANDS[case.removesuffix("-publish")]
    out = tmp_path_factory.mktemp(case) / "out"
    argv = [*args, "--out", str(out), *(["--publish"] if case.endswith("-publish") else [])]
    monkeypatch_module.chdir(ROOT)  # relative input paths, as a user would type them
    result = CliRunner(env={"SOURCE_DATE_EPOCH": EPOCH}).invoke(cli, argv)
    assert result.exit_code == 0, result.output
    norm = Normaliser(__version__, ROOT, out, tuple(ROOT / p for p in inputs))
    return Run(case, out, norm)


@pytest.fixture(scope="module")
def monkeypatch_module() -> pytest.MonkeyPatch:
    with pytest.MonkeyPatch.context() as mp:
        yield mp  # type: ignore[misc]


def _check(expected_path: Path, actual: str) -> None:
    if os.environ.get("PBRKIT_REGEN_GOLDEN") == "1":
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8", newline="\n")
        pytest.skip(f"regenerated {expected_path.relative_to(ROOT)}: review its diff")
    assert expected_path.is_file(), f"no {expected_path}: run with PBRKIT_REGEN_GOLDEN=1"
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "golden", "now", lineterm="", n=1
        )
        shown = list(diff)
        more = f"\n… {len(shown) - 80} more diff lines" if len(shown) > 80 else ""
        pytest.fail(f"{expected_path.relative_to(ROOT)} differs:\n" + "\n".join(shown[:80]) + more)


def test_files_written_match_golden(run: Run) -> None:
    _check(GOLDEN / run.case / "files.txt", dump_listing(run.out))


@pytest.mark.parametrize("golden", list(DUMPS))
def test_output_matches_golden(run: Run, golden: str) -> None:
    source, dump = DUMPS[golden]
    path = run.out / source
    if not path.is_file():
        # files.txt pins which outputs exist; a dump is only for what this command writes.
        assert not (GOLDEN / run.case / golden).is_file(), f"{source} was not written"
        pytest.skip(f"{run.case} writes no {source}")
    _check(GOLDEN / run.case / golden, dump(path, run.norm))


# --- the dumps themselves: a golden is only as good as what it reads -------------------


def test_dump_html_keeps_sentences_tables_and_figures(tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    page.write_text(
        "<html><head><title>T</title><style>p{}</style></head><body><h2>Money</h2>"
        "<p>Cost  is\n <strong>£1,234</strong>.</p><svg><text>glyph</text></svg>"
        '<div class="kpi"><div class="label">People</div>'
        '<div class="value" data-figure="service_users">10,231</div></div>'
        "<table><thead><tr><th>Cluster</th><th>£</th></tr></thead>"
        "<tbody><tr><td>1</td><td>£5</td></tr></tbody></table></body></html>",
        encoding="utf-8",
    )
    norm = Normaliser("9.9", ROOT, tmp_path)
    assert dump_html(page, norm).splitlines() == [
        "charts (inline SVG): 1",
        "",
        "== sentences",
        "title: T",
        "h2: Money",
        "p: Cost is £1,234.",  # whitespace squashed, inline tags joined, no SVG text
        "div.kpi: People 10,231",
        "figure service_users: 10,231",
        "",
        "== table 1 under 'Money'",
        "H | Cluster | £",
        "R | 1 | £5",
    ]


def test_normaliser_rewrites_only_the_true_hash_and_pbrkits_version(tmp_path: Path) -> None:
    data = ROOT / "examples" / "scenarios" / "probation-style-split.toml"
    norm = Normaliser("9.9", ROOT, tmp_path, (data,))
    true_hash = hashlib.sha256(data.read_bytes()).hexdigest()
    wrong_hash = "0" * 64
    assert norm.text(f"{true_hash} {wrong_hash}") == (
        "{sha256 of examples/scenarios/probation-style-split.toml} " + wrong_hash
    )
    assert norm.text("Made by pbrkit 9.9; tariff 9.9") == "Made by pbrkit {version}; tariff 9.9"
    assert norm.text(f"{tmp_path}/report.xlsx in {ROOT}") == "{out}/report.xlsx in {repo}"
