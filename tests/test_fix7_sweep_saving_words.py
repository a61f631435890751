"""The sweep's public-spending range says "(negative: a saving)" only when a value is
negative (fix7, item 5).

``pbrkit sweep probation-style-split.toml --vary nhs.fixed_cost_share=0.5,0.8`` said
"public spending changes by between £1.4m and £3.0m (negative: a saving)": every value
is a rise, so the gloss explained a sign nothing had. The golden sweep
(f = 0.2:0.8:3, from -£60k) keeps it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "scenarios" / "probation-style-split.toml"


def _sweep(tmp_path: Path, values: str) -> tuple[str, list[float]]:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["sweep", str(SCENARIO), "--vary", f"nhs.fixed_cost_share={values}", "--draws", "2",
         "--workers", "1", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = " ".join((out / "report.html").read_text(encoding="utf-8").split())
    found = re.search(r"counting the commissioner and the NHS together, [^<]*", html)
    assert found, html
    sentence = found.group(0)
    pdf = subprocess.run(["pdftotext", str(out / "summary.pdf"), "-"], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    assert sentence in " ".join(pdf.split())  # the same words on the page
    rows = (out / "sweep.csv").read_text().splitlines()
    column = rows[0].split(",").index("public_spending_change")
    return sentence, [float(r.split(",")[column]) for r in rows[1:]]


def test_every_value_a_rise_has_no_saving_gloss(tmp_path: Path) -> None:
    sentence, public = _sweep(tmp_path, "0.5,0.8")
    assert min(public) > 0  # every setting is a rise
    assert "negative: a saving" not in sentence
    assert re.search(r"public spending changes by between £[\d.]+[mk] and £[\d.]+[mk]\.$",
                     sentence), sentence  # fmt: skip


def test_a_negative_value_keeps_it(tmp_path: Path) -> None:
    sentence, public = _sweep(tmp_path, "0.2,0.8")
    assert min(public) < 0
    assert sentence.endswith("(negative: a saving).")
