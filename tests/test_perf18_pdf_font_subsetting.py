"""summary.pdf is written without running fontTools' subsetter.

matplotlib's PDF backend imports ``fontTools.subset`` when it loads (about 0.1 s of
CPU in a fresh process), but only TrueType (``pdf.fonttype`` 42) fonts are subset with
it; summary.pdf embeds its font as Type 3, whose glyphs matplotlib writes itself
(benchmarks/results.md, "Round 18 (fixed cost)"). The subsetter is imported on its
first use instead, and is whole when used.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = (
    "import sys\n"
    "from pbrkit.cli import main\n"
    "sys.argv = ['pbrkit', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    print('subsetter run:', 'fontTools.subset.cff' in sys.modules, flush=True)\n"
)


def test_summary_pdf_is_written_without_running_the_subsetter(tmp_path: Path) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "pbrkit", "example", "ratings.xlsx", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-c", PROBE, "cluster", str(tmp_path / "ratings.xlsx"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert (out / "summary.pdf").read_bytes().startswith(b"%PDF")
    # On main the PDF backend's import ran fontTools.subset, and with it its CFF part.
    assert run.stdout.splitlines()[-1] == "subsetter run: False"


SUBSETTER_PROBE = (
    "import sys\n"
    "from pbrkit.reports.render import pdf\n"
    "from matplotlib.backends import _backend_pdf_ps\n"
    "print('before use:', 'fontTools.subset.cff' in sys.modules)\n"
    "options = _backend_pdf_ps.subset.Options(glyph_names=True)\n"
    "from fontTools import subset\n"
    "print('after use:', 'fontTools.subset.cff' in sys.modules, options.glyph_names,\n"
    "      subset.Subsetter is sys.modules['fontTools.subset'].Subsetter)\n"
)


def test_the_subsetter_is_whole_on_first_use() -> None:
    # A TrueType PDF (pdf.fonttype 42) subsets its font: the first use imports it.
    run = subprocess.run(
        [sys.executable, "-c", SUBSETTER_PROBE], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["before use: False", "after use: True True True"]
