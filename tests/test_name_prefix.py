"""``--name-prefix``: every file a command writes starts with it, so several runs'
reports can share one folder; a prefix that is not a plain file-name start is a
usage error and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.cli.options import check_name_prefix
from pbrkit.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CLUSTERS = str(EXAMPLES / "clusters.xlsx")
SCENARIO = str(EXAMPLES / "scenarios" / "aqp-fixed-tariff.toml")
PREFIX = "trust-2024-25-"


def _run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args)


def _ranges(tmp_path: Path) -> str:
    path = tmp_path / "ranges.csv"
    path.write_text("parameter,low,high,source\nnhs.fixed_cost_share,0.35,0.75,test\n")
    return str(path)


#: Each command that writes a folder of reports, and the files it writes.
REPORTS: set[str] = {"summary.json", "report.xlsx", "report.html", "summary.pdf"}
COMMANDS: dict[str, tuple[list[str], set[str]]] = {
    "cost": (["cost", CLUSTERS], REPORTS),
    "cluster": (
        ["cluster", str(EXAMPLES / "ratings.xlsx")],
        {"summary.json", "report.xlsx", "report.html", "summary.pdf", "allocations.csv"},
    ),
    "tender": (["tender", CLUSTERS, "--draws", "2"], REPORTS),
    "sweep": (
        ["sweep", SCENARIO, "--vary", "nhs.fixed_cost_share=0.2:0.8:2", "--draws", "1"],
        {"summary.json", "sweep.csv", "report.xlsx", "report.html", "summary.pdf"},
    ),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_file_gets_the_prefix(name: str, tmp_path: Path) -> None:
    args, files = COMMANDS[name]
    out = tmp_path / "out"
    result = _run([*args, "--out", str(out), "--name-prefix", PREFIX])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {PREFIX + f for f in files}
    summary = json.loads((out / f"{PREFIX}summary.json").read_text(encoding="utf-8"))
    assert summary["command"] == f"pbrkit {name}"


def test_psa_files_get_the_prefix(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["psa", CLUSTERS, "--uncertainty", _ranges(tmp_path), "--samples", "3"]
    result = _run([*args, "--workers", "1", "--out", str(out), "--name-prefix", "a-"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {
        "a-summary.json", "a-psa.parquet", "a-report.xlsx", "a-report.html", "a-summary.pdf"
    }  # fmt: skip


def test_threshold_files_get_the_prefix(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run(
        ["threshold", CLUSTERS, "--param", "nhs.fixed_cost_share", "--figure",
         "nhs_surplus_change", "--target", "-15000000", "--out", str(out), "--name-prefix", "b-"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} and all(p.name.startswith("b-") for p in out.iterdir())


def test_import_mhsds_prefixes_its_workbook(tmp_path: Path) -> None:
    out = tmp_path / "trust.xlsx"
    result = _run(
        ["import", "mhsds", str(EXAMPLES / "mhsds"), "--year", "2017/18", str(out),
         "--name-prefix", PREFIX]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [f"{PREFIX}trust.xlsx"]


def test_two_runs_share_a_folder_without_force(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    for prefix in ("trust-a-", "trust-b-"):
        result = _run(["cost", CLUSTERS, "--out", str(out), "--name-prefix", prefix])
        assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 8  # four reports a run
    # The same prefix again would replace that run's files: that still needs --force.
    again = _run(["cost", CLUSTERS, "--out", str(out), "--name-prefix", "trust-a-"])
    assert again.exit_code == 2
    assert "--force" in again.output
    forced = _run(["cost", CLUSTERS, "--out", str(out), "--name-prefix", "trust-a-", "--force"])
    assert forced.exit_code == 0, forced.output


def test_default_folder_rerun_with_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without --out, a second identical run replaces its own files (as without a prefix),
    # and leaves another prefix's run alone.
    monkeypatch.chdir(tmp_path)
    for prefix in ("x-", "y-", "x-"):
        result = _run(["cost", CLUSTERS, "--name-prefix", prefix])
        assert result.exit_code == 0, result.output
    folder = tmp_path / "pbrkit-out" / "clusters"
    assert len(list(folder.iterdir())) == 8  # x- and y-: four reports each


def test_published_cluster_run_removes_its_own_stale_allocations(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ratings = str(EXAMPLES / "ratings.xlsx")
    assert _run(["cluster", ratings, "--out", str(out), "--name-prefix", "p-"]).exit_code == 0
    assert (out / "p-allocations.csv").exists()
    published = _run(
        ["cluster", ratings, "--out", str(out), "--name-prefix", "p-", "--publish", "--force"]
    )
    assert published.exit_code == 0, published.output
    assert not (out / "p-allocations.csv").exists()  # patient IDs never left beside it


@pytest.mark.parametrize(
    ("prefix", "says"),
    [
        ("../up-", "path separator"),
        ("a/b-", "path separator"),
        ("a\\b-", "path separator"),
        (".hidden-", "starts with '.'"),
        ("x" * 65, "65 characters long; at most 64"),
        ("trust 2024-", "not a portable file name character"),
        ("trust:a-", "not a portable file name character"),
        ("café-", "not a portable file name character"),
    ],
)
def test_bad_prefix_is_a_usage_error_and_writes_nothing(
    prefix: str, says: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = _run(["cost", CLUSTERS, "--out", str(out), "--name-prefix", prefix])
    assert result.exit_code == 2
    assert says in result.output
    assert not out.exists()


def test_prefix_rules() -> None:
    assert check_name_prefix("") == ""
    assert check_name_prefix("x" * 64) == "x" * 64
    assert check_name_prefix("Trust_2024.25-") == "Trust_2024.25-"
    with pytest.raises(InputError):
        check_name_prefix(".")
