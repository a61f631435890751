"""--force replaces a folder's reports, all of them: an earlier run's report files that
this run does not write are removed, other files are left alone.

Found in earlier reviews: `pbrkit tender --psa … --out X` then `pbrkit cost … --out X
--force` left psa.parquet (the tender's samples) beside the costing's summary.json.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def test_force_removes_report_files_this_run_does_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "psa.parquet").write_bytes(b"an earlier run's samples")
    (out / "allocations.csv").write_text("patient_id,cluster\n")
    (out / "my notes.txt").write_text("mine")
    done = CliRunner().invoke(cli, ["cost", str(EXAMPLE), "--out", str(out), "--force"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == [
        "my notes.txt", "report.html", "report.xlsx", "summary.json", "summary.pdf"
    ]  # fmt: skip


def test_force_never_removes_an_input_of_the_same_name(tmp_path: Path) -> None:
    # A folder holding a workbook named like a report input: inputs are never removed.
    out = tmp_path / "out"
    out.mkdir()
    workbook = out / "clusters.xlsx"
    workbook.write_bytes(EXAMPLE.read_bytes())
    done = CliRunner().invoke(cli, ["cost", str(workbook), "--out", str(out), "--force"])
    assert done.exit_code == 0, done.output
    assert workbook.read_bytes() == EXAMPLE.read_bytes()


def test_without_force_a_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "psa.parquet").write_bytes(b"an earlier run's samples")
    done = CliRunner().invoke(cli, ["cost", str(EXAMPLE), "--out", str(out)])
    assert done.exit_code == 2
    assert (out / "psa.parquet").read_bytes() == b"an earlier run's samples"
