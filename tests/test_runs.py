"""Runs that behave (issue 9, item 8): re-running into the default folder, a headline
on the terminal, and progress for long work only on a terminal."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.cli.headline import headline
from pbrkit.cli.options import previous_run
from pbrkit.cli.progress import progress_bar, stage

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
RATINGS = ROOT / "examples" / "ratings.xlsx"
SCENARIO = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ----------------------------------------------------------------- the default folder


@pytest.mark.parametrize(
    ("args", "folder"),
    [
        (("cost", CLUSTERS), "clusters"),
        (("tender", CLUSTERS, "--draws", "2"), "clusters-tender"),
    ],
    ids=["cost", "tender"],
)
def test_the_same_command_runs_twice_into_the_default_folder(
    args: tuple[object, ...], folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    second = invoke(*args)
    assert second.exit_code == 0, second.output  # was: exit 2, "output folder not empty"
    out = tmp_path / "pbrkit-out" / folder
    assert {p.name for p in out.iterdir()} == {
        "summary.json",
        "report.xlsx",
        "report.html",
        "summary.pdf",
    }


def test_a_rerun_removes_the_previous_runs_other_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # cluster writes allocations.csv; the same run with --format parquet replaces it
    # with allocations.parquet, and the stale csv (patient IDs) does not linger.
    monkeypatch.chdir(tmp_path)
    assert invoke("cluster", RATINGS).exit_code == 0
    assert invoke("cluster", RATINGS, "--format", "parquet").exit_code == 0
    names = {p.name for p in (tmp_path / "pbrkit-out" / "ratings-cluster").iterdir()}
    assert "allocations.parquet" in names
    assert "allocations.csv" not in names


@pytest.mark.parametrize(
    "extra",
    [
        {"notes.txt": "the user's own notes\n"},
        {"clusters.xlsx": "an input kept beside the reports\n"},
    ],
    ids=["user-file", "input"],
)
def test_a_default_folder_with_anything_else_is_still_refused(
    extra: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("cost", CLUSTERS).exit_code == 0
    out = tmp_path / "pbrkit-out" / "clusters"
    for name, text in extra.items():
        (out / name).write_text(text)
    before = snapshot(out)
    result = invoke("cost", CLUSTERS)
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert snapshot(out) == before


def test_a_summary_json_not_written_by_pbrkit_is_not_a_previous_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert not previous_run(out)
    (out / "summary.json").write_text("old report\n")
    assert not previous_run(out)
    (out / "summary.json").write_text(json.dumps({"command": "something else"}))
    assert not previous_run(out)
    (out / "summary.json").write_text(json.dumps({"pbrkit_version": "0.1", "command": "x"}))
    assert previous_run(out)
    (out / "report.xlsx").write_bytes(b"")
    assert previous_run(out)
    (out / "report.pdf").write_bytes(b"")
    assert not previous_run(out)


def test_an_explicit_out_with_a_previous_run_still_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("cost", CLUSTERS, "--out", out).exit_code == 0
    result = invoke("cost", CLUSTERS, "--out", out)
    assert result.exit_code == 2
    assert "--force" in result.stderr


# ------------------------------------------------------------------------ headline


RUNS = {
    "cost": ("cost", CLUSTERS),
    "cluster": ("cluster", RATINGS),
    "tender": ("tender", CLUSTERS, "--draws", "2"),
    "sweep": ("sweep", SCENARIO, "--vary", "nhs.fixed_cost_share=0.2:0.8:2", "--draws", "1"),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_every_command_prints_a_headline(name: str, tmp_path: Path) -> None:
    result = invoke(*RUNS[name], "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"pbrkit {name}:"
    body = [line for line in lines[1:] if line.startswith("  ") and "Wrote" not in line]
    first_files = lines.index(next(line for line in lines if line.startswith("Wrote")))
    assert 3 <= first_files <= 5, lines  # the command's line and two to four figures
    assert body


@pytest.mark.parametrize("name", sorted(RUNS))
def test_with_json_the_headline_goes_to_stderr(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(*RUNS[name], "--out", out, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads((out / "summary.json").read_text())
    assert result.stderr.startswith(f"pbrkit {name}:\n")


def test_cost_headline_figures() -> None:
    # The example's totals, as summary.json holds them.
    summary = {
        "command": "pbrkit cost",
        "clusters": [{}] * 22,
        "totals": {
            "service_users": 10231.0,
            "cluster_days": 2340106.0,
            "income": 44_893_257.4,
            "cost": 46_452_064.27,
            "surplus": -1_558_806.87,
            "cross_subsidy": 2_442_733.93,
            "loss": 4_001_540.80,
        },
    }
    assert headline(summary) == [
        "pbrkit cost:",
        "  22 care clusters, 10,231 service users, 2,340,106 cluster days",
        "  Income £44.9m, cost £46.5m: a deficit of £1.6m",
        "  Profitable care clusters make £2.4m; losing ones lose £4.0m",
    ]


def test_headline_of_a_hidden_count_is_a_star() -> None:
    # A published summary holds null for a hidden figure.
    summary = {
        "command": "pbrkit tender",
        "draws": 1,
        "residue": {
            "taken_patients": None,
            "residue_patients": 10,
            "nhs_surplus_before": 5.0,
            "nhs_surplus_after": -5.0,
            "nhs_surplus_change": -10.0,
            "casemix_index": None,
        },
    }
    lines = headline(summary)
    assert lines[1] == "  Bidders take * people; 10 people stay with the NHS"
    assert lines[2] == "  The NHS goes from a surplus of £5 to a deficit of £5 (change -£10)"
    assert lines[3] == "  Casemix index of the people left: –"


# ------------------------------------------------------------------------ progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_appears_only_on_a_terminal_after_the_delay() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    with progress_bar("Simulating", stream=terminal, delay=0) as update:
        for done in range(1, 5):
            update(done, 5)
    assert "Simulating" in terminal.getvalue()
    with progress_bar("Simulating", stream=pipe, delay=0) as update:
        update(1, 5)
    assert pipe.getvalue() == ""
    quick = Terminal()
    with progress_bar("Simulating", stream=quick, delay=60) as update:
        update(1, 5)
    assert quick.getvalue() == ""  # work that ends within the delay shows nothing


def test_stage_speaks_only_for_slow_work_on_a_terminal() -> None:
    slow, fast, pipe = Terminal(), Terminal(), io.StringIO()
    with stage("Reading big.xlsx", stream=slow, delay=0.05):
        time.sleep(0.3)
    assert slow.getvalue().startswith("Reading big.xlsx…\nReading big.xlsx: done in ")
    with stage("Reading small.xlsx", stream=fast, delay=60):
        pass
    assert fast.getvalue() == ""
    with stage("Reading big.xlsx", stream=pipe, delay=0.0):
        time.sleep(0.1)
    assert pipe.getvalue() == ""
