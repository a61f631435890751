"""Write the example scenarios' results table into README.md, with ``pbrkit compare``.

The table between the ``<!-- results:start -->`` and ``<!-- results:end -->`` markers in
``README.md`` (next to this file) is the output of one command, never edited by hand::

    cd examples/scenarios
    pbrkit compare aqp-fixed-tariff.toml aqp-accept-all.toml probation-style-split.toml \\
        --names "(a) fixed tariff,(b) accept all,(c) probation-style split" --markdown

which this script runs and pastes in (``python examples/scenarios/make_table.py``).
Each scenario runs with its own draws and seed, so the table is the same on every
machine.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from pbrkit.workflows.compare import CompareRun, compare_runs

HERE: Final = Path(__file__).resolve().parent
START: Final = "<!-- results:start -->"
END: Final = "<!-- results:end -->"

#: The scenarios compared, in order (the first is the one the others are compared with).
SCENARIOS: Final = ("aqp-fixed-tariff.toml", "aqp-accept-all.toml", "probation-style-split.toml")
#: Their names in the table's headings (``--names``).
NAMES: Final = ("(a) fixed tariff", "(b) accept all", "(c) probation-style split")
#: The command's arguments after ``pbrkit``, run in this folder.
ARGS: Final = ("compare", *SCENARIOS, "--names", ",".join(NAMES), "--markdown")


def run_all() -> CompareRun:
    """The three scenarios, run and compared (what ``pbrkit compare`` does with ARGS)."""
    return compare_runs([HERE / name for name in SCENARIOS], list(NAMES))


def table(run: CompareRun) -> str:
    """The headline comparison as a Markdown table (``pbrkit compare --markdown``)."""
    return run.markdown().rstrip("\n")


def main() -> None:
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = f"{START}\n{table(run_all())}\n{END}"
    new, count = re.subn(re.escape(START) + r".*?" + re.escape(END), block, text, flags=re.S)
    if count != 1:
        raise SystemExit(f"{readme} needs one {START} … {END} block")
    readme.write_text(new, encoding="utf-8")
    print(block)


if __name__ == "__main__":
    main()
