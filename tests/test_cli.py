"""The command-line contract (README, Commands): help, exit codes, --out, --force, --json.

Exit codes: 0 success, 1 runtime failure, 2 bad input or usage — and on 1 or 2
nothing is written. Most tests drive ``pbrkit.cli.cli`` in-process with click's
CliRunner; a few run real subprocesses to check what a user's shell would see.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"
REPORTS = {"summary.json", "report.xlsx", "report.html", "summary.pdf"}

#: Sheet contracts of docs/methodology.md §8: every column named there must be in the template.
CONTRACT_COLUMNS = {
    "caseload": [
        "cluster",
        "service_users",
        "cluster_days",
        "admitted_days",
        "episodes",
        "actual_cost",
        "cost_cv",
        "team",
    ],
    "tariff": ["cluster", "price", "unit", "admitted_day_price"],
    "packages": ["cluster", "resource", "quantity", "per"],
    "unit_costs": ["resource", "unit_cost", "source"],
    "nhs": ["fixed_cost_share", "shed_rate", "pool", "amount", "kind"],
    "bidders": [
        "name",
        "cost_factor",
        "info_quality",
        "hurdle_margin",
        "capacity",
        "clusters",
        "screening",
        "risk_aversion",
        "quality_score",
    ],
    "lots": ["name", "clusters", "accept_all", "award", "price_weight", "cost_sharing"],
    "ratings": [
        "patient_id",
        *(str(i) for i in range(1, 14)),
        *"ABCDE",
        "cluster",
        "item8_type",
    ],
}
TEMPLATE_SHEETS = {
    "cost": ["caseload", "tariff", "packages", "unit_costs"],
    "tender": ["caseload", "tariff", "packages", "unit_costs", "nhs", "bidders", "lots"],
    "ratings": ["ratings"],
}


def invoke(*args: str | Path) -> Result:
    """Run ``pbrkit ARGS`` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (hidden ones too) with a hash of its bytes."""
    if not folder.exists():
        return {}
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_dir():
            found[key + "/"] = "dir"
        else:
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def subprocess_env() -> dict[str, str]:
    """The environment with ``src`` importable, for ``python -m pbrkit`` runs."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    return env


@pytest.fixture
def bad_workbook(tmp_workbook: Callable[..., Path]) -> Path:
    """A caseload with cluster 9 (row 3) and text in a number cell (row 4)."""
    return tmp_workbook(
        {
            "caseload": [
                {"team": "North", "cluster": 1, "service_users": 10, "cluster_days": 800},
                {"team": "North", "cluster": 9, "service_users": 10, "cluster_days": 800},
                {"team": "South", "cluster": 3, "service_users": "lots", "cluster_days": 800},
            ]
        },
        name="bad.xlsx",
    )


# ----------------------------------------------------------------------------- help


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*prefix, name))


COMMANDS = list(_command_paths(cli))


def test_every_command_is_covered() -> None:
    assert {"cost", "validate", "template", "reference"} <= {p[0] for p in COMMANDS}


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_shows_an_example(path: tuple[str, ...]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.strip() in ("Example:", "Examples:") for line in lines), result.stdout
    # The example is a runnable command line for this very command.
    assert any(line.strip().startswith(f"pbrkit {' '.join(path)}") for line in lines), result.stdout


def test_top_level_help_shows_examples() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert "pbrkit example clusters.xlsx" in result.stdout
    assert "pbrkit cost clusters.xlsx" in result.stdout
    for name in ("cost", "validate", "template", "reference"):
        assert name in result.stdout


def test_python_dash_m_help_runs_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pbrkit", "--help"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: ")
    assert "cost" in done.stdout


def test_console_script_help() -> None:
    script = shutil.which("pbrkit") or shutil.which("pbrkit", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the pbrkit console script is not installed (pip install -e . makes it)")
    done = subprocess.run(
        [script, "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: pbrkit" in done.stdout


# ----------------------------------------------------------------------------- cost


def test_cost_writes_the_three_reports(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("cost", EXAMPLE, "--out", out)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == REPORTS  # and no staging folder left
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["command"] == "pbrkit cost"
    assert summary["reference"]["status"] == "illustrative"
    assert summary["totals"]["income"] > 0
    for name in REPORTS:
        assert (out / name).stat().st_size > 0
    assert str(out) in result.stdout


def test_cost_json_prints_one_object_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("cost", EXAMPLE, "--out", out, "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)  # fails on anything before or after the object
    assert isinstance(printed, dict)
    assert printed == json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_cost_json_in_a_real_process(tmp_path: Path) -> None:
    """Nothing (a library warning, a progress bar) reaches fd 1 besides the JSON."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pbrkit",
            "cost",
            str(EXAMPLE),
            "--out",
            str(tmp_path / "o"),
            "--json",
            "--years",
            "3",
        ],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert isinstance(printed, dict)
    assert len(printed["projection"]) == 3


def test_cost_default_out_is_pbrkit_out_stem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("cost", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "pbrkit-out" / "clusters").iterdir()} == REPORTS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pbrkit-out"]


def _occupied(out: Path) -> Path:
    out.mkdir()
    (out / "summary.json").write_text("old report\n")
    (out / "notes.txt").write_text("the user's own notes\n")
    return out


def test_non_empty_out_without_force_is_refused(tmp_path: Path) -> None:
    out = _occupied(tmp_path / "out")
    before = snapshot(out)
    result = invoke("cost", EXAMPLE, "--out", out)
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert "--force" in result.stderr
    assert snapshot(out) == before


def test_force_replaces_the_reports_and_keeps_other_files(tmp_path: Path) -> None:
    out = _occupied(tmp_path / "out")
    result = invoke("cost", EXAMPLE, "--out", out, "--force")
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == REPORTS | {"notes.txt"}
    assert json.loads((out / "summary.json").read_text())["command"] == "pbrkit cost"
    assert (out / "notes.txt").read_text() == "the user's own notes\n"


@pytest.mark.parametrize("force", [True, False], ids=["force", "no-force"])
def test_input_named_like_a_report_inside_out_is_never_overwritten(
    tmp_path: Path, force: bool
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    workbook = out / "report.xlsx"
    shutil.copyfile(EXAMPLE, workbook)
    before = snapshot(out)
    result = invoke("cost", workbook, "--out", out, *(["--force"] if force else []))
    assert result.exit_code == 2
    if force:
        assert "overwrite an input" in result.stderr
    assert snapshot(out) == before  # input intact, nothing added, no staging folder


def test_input_inside_out_under_another_name_survives_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    workbook = out / "clusters.xlsx"
    shutil.copyfile(EXAMPLE, workbook)
    digest = hashlib.sha256(workbook.read_bytes()).hexdigest()
    result = invoke("cost", workbook, "--out", out, "--force")
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == REPORTS | {"clusters.xlsx"}
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == digest


def test_bad_input_exits_2_names_the_cells_and_writes_nothing(
    tmp_path: Path, bad_workbook: Path
) -> None:
    out = tmp_path / "out"
    result = invoke("cost", bad_workbook, "--out", out, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""  # --json prints nothing when there is no summary
    assert "sheet 'caseload', row 3, column 'cluster'" in result.stderr
    assert "sheet 'caseload', row 4, column 'service_users'" in result.stderr
    assert "'lots'" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["cost", "--no-such-option", str(EXAMPLE)],
        ["cost"],
        ["cost", "no-such-file.xlsx"],
        ["cost", str(EXAMPLE), "--years", "0"],
        ["cost", str(EXAMPLE), "--on-missing", "ignore"],
        ["no-such-command"],
        ["template", "--kind", "nonsense", "x.xlsx"],
    ],
    ids=[
        "unknown-option",
        "no-workbook",
        "missing-file",
        "bad-years",
        "bad-choice",
        "command",
        "kind",
    ],
)
def test_usage_errors_exit_2_and_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.stderr or "Error" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("writer", ["json", "excel", "html"])
@pytest.mark.parametrize("existing", [True, False], ids=["out-exists", "out-missing"])
def test_failure_while_writing_leaves_out_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str, existing: bool
) -> None:
    import importlib

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full (simulated)")

    # Each renderer writes one file; break one of them in the middle of the run.
    # summary.json is written from the run's one summary object (reports/summary.py).
    module, name = {"json": ("pbrkit.reports.summary", "write_json")}.get(
        writer, (f"pbrkit.reports.render.{writer}", "write")
    )
    monkeypatch.setattr(importlib.import_module(module), name, broken)
    out = _occupied(tmp_path / "out") if existing else tmp_path / "out"
    before = snapshot(out)
    result = invoke("cost", EXAMPLE, "--out", out, *(["--force"] if existing else []))
    assert result.exit_code == 1
    assert "disk full (simulated)" in result.stderr
    assert out.exists() is existing
    assert snapshot(out) == before  # no partial reports, no .pbrkit-staging-* folder
    assert result.stdout == ""


# ------------------------------------------------------------------------- validate


def test_validate_accepts_the_example() -> None:
    result = invoke("validate", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout


def test_validate_lists_every_problem_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad_workbook: Path
) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    before = snapshot(tmp_path)
    result = invoke("validate", bad_workbook)
    assert result.exit_code == 2
    assert "2 problems found" in result.stderr
    assert "row 3, column 'cluster'" in result.stderr
    assert "row 4, column 'service_users'" in result.stderr
    assert snapshot(tmp_path) == before


# ------------------------------------------------------------------------- template


@pytest.mark.parametrize("kind", sorted(TEMPLATE_SHEETS))
def test_template_sheets_and_headers_follow_the_contracts(tmp_path: Path, kind: str) -> None:
    target = tmp_path / f"{kind}.xlsx"
    result = invoke("template", "--kind", kind, target)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no staging left
    book = openpyxl.load_workbook(target)
    for sheet in TEMPLATE_SHEETS[kind]:
        assert sheet in book.sheetnames, book.sheetnames
        header = [c.value for c in book[sheet][1] if c.value is not None]
        missing = [c for c in CONTRACT_COLUMNS[sheet] if c not in header]
        assert not missing, f"{kind}/{sheet} lacks {missing}"
        assert book[sheet].freeze_panes is not None


def test_template_refuses_to_replace_a_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"precious")
    assert invoke("template", target).exit_code == 2
    assert target.read_bytes() == b"precious"
    assert invoke("template", "--force", target).exit_code == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "About"


def test_template_needs_an_xlsx_name(tmp_path: Path) -> None:
    assert invoke("template", tmp_path / "mine.csv").exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_filled_cost_template_validates_and_costs(tmp_path: Path) -> None:
    target = tmp_path / "caseload.xlsx"
    assert invoke("template", "--kind", "cost", target).exit_code == 0
    book = openpyxl.load_workbook(target)
    sheet = book["caseload"]
    header = [c.value for c in sheet[1]]
    row: dict[str, int | str] = {
        "cluster": 3,
        "service_users": 100,
        "cluster_days": 17000,
        "team": "CMHT North",
    }
    for name, value in row.items():
        sheet.cell(row=2, column=header.index(name) + 1, value=value)
    book.save(target)

    result = invoke("validate", target)
    assert result.exit_code == 0, result.output
    # The blank tariff/packages/unit_costs sheets count as absent: the reference set
    # supplies them, and `cost` agrees with `validate`.
    result = invoke("cost", target, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [c["cluster"] for c in summary["clusters"]] == [3]
    assert summary["totals"]["service_users"] == 100


# ------------------------------------------------------------------------ reference


def test_reference_list_shows_the_shipped_set_and_its_status() -> None:
    result = invoke("reference", "list")
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("illustrative-2014-15"))
    assert "illustrative" in line.split("\t")[1]


def test_reference_show_prints_the_status() -> None:
    result = invoke("reference", "show", "illustrative-2014-15")
    assert result.exit_code == 0
    assert "illustrative-2014-15" in result.stdout
    assert "status: illustrative" in result.stdout.lower()


def test_reference_show_table_prints_csv() -> None:
    result = invoke("reference", "show", "illustrative-2014-15", "--table", "tariff")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split(",")[:3] == ["cluster", "price", "unit"]
    assert len(lines) == 1 + 22  # a price for clusters 0-8, 10-21 and 99
    assert "illustrative" in result.stdout


def test_unknown_reference_exits_2_listing_the_sets(tmp_path: Path) -> None:
    result = invoke("reference", "show", "no-such-set")
    assert result.exit_code == 2
    assert "no-such-set" in result.stderr
    assert "illustrative-2014-15" in result.stderr
    result = invoke("cost", EXAMPLE, "--reference", "no-such-set", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "illustrative-2014-15" in result.stderr
    assert not (tmp_path / "out").exists()
