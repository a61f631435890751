"""``python benchmarks/run.py --quick`` runs every benchmark case once, on small inputs.

A smoke test: the suite must finish and write its report; nothing is asserted on time
(the machine may be busy). Without DuckDB (a benchmark-only dependency) the DuckDB
comparison is skipped, and the report says how to install it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Generous: --quick takes well under a minute on a quiet 2-core machine.
BUDGET_SECONDS = 900


def test_quick_benchmarks_finish(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=BUDGET_SECONDS,
        cwd=tmp_path,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = out.read_text()
    assert "## Machine" in report
    assert "## Targets" in report
    for case in ("read.pbrkit", "cluster.pbrkit", "cost.pbrkit", "write.pbrkit", "tender.pbrkit"):
        assert f"| {case} |" in report, case
    assert "failed" not in report
    try:
        import duckdb  # noqa: F401
    except ImportError:
        assert "pip install '.[bench]'" in report
    else:
        assert "| cost.duckdb |" in report
