"""Same inputs, options and seed → the same bytes (issue 5 §7; SOURCE_DATE_EPOCH honoured).

summary.json carries no timestamp, so it is byte-identical whatever the clock says;
report.xlsx and report.html carry one declared timestamp, the run's generation
time, which SOURCE_DATE_EPOCH fixes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def _run(out: Path, monkeypatch: pytest.MonkeyPatch, epoch: str | None) -> dict[str, str]:
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = CliRunner().invoke(cli, ["cost", str(EXAMPLE), "--out", str(out), "--years", "3"])
    assert result.exit_code == 0, result.output
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_same_epoch_gives_identical_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _run(tmp_path / "a", monkeypatch, "1700000000")
    second = _run(tmp_path / "b", monkeypatch, "1700000000")
    assert first == second
    assert set(first) == {"summary.json", "report.xlsx", "report.html", "summary.pdf"}


def test_only_the_timestamp_differs_between_epochs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _run(tmp_path / "a", monkeypatch, "1700000000")
    second = _run(tmp_path / "b", monkeypatch, "1800000000")
    # The JSON has no timestamp; the reports declare one, so they differ only there.
    assert first["summary.json"] == second["summary.json"]
    html_a = (tmp_path / "a" / "report.html").read_text(encoding="utf-8")
    html_b = (tmp_path / "b" / "report.html").read_text(encoding="utf-8")
    assert html_a.replace("2023-11-14T22:13:20+00:00", "T") == html_b.replace(
        "2027-01-15T08:00:00+00:00", "T"
    )
