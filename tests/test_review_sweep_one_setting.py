"""A sweep whose figures are one value reads as one value, and one setting is singular.

Found in review 10: `pbrkit sweep s.toml --vary nhs.fixed_cost_share=0.5` (the
four-patient workbook of review10_inputs.py: change in the NHS surplus -£2,375) printed
"Change in the NHS surplus: from -£2,375 to -£2,375" and report.html said "Across 1
settings of nhs.fixed_cost_share".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from review10_inputs import small_workbook


def test_one_setting(tmp_path: Path) -> None:
    small_workbook(tmp_path / "small.xlsx")
    scenario = tmp_path / "s.toml"
    scenario.write_text('schema_version = 1\nworkbook = "small.xlsx"\n', encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "pbrkit", "sweep", str(scenario), "--vary",
         "nhs.fixed_cost_share=0.5", "--draws", "1", "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Change in the NHS surplus: -£2,375 at every setting" in done.stdout
    assert "from -£2,375 to -£2,375" not in done.stdout
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Across 1 setting of nhs.fixed_cost_share" in html
    assert "Across 1 settings" not in html
