"""Run the example scenarios and write their results table into README.md.

The table between the ``<!-- results:start -->`` and ``<!-- results:end -->`` markers in
``README.md`` (next to this file) is generated, never edited by hand::

    python examples/scenarios/make_table.py

Each scenario runs with its own draws and seed, so the table is the same on every
machine. Scenario (c) is run twice, at the fixed-cost share its file sets (20%) and at
77%, to show how far its conclusion rests on that one assumption.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Final

from pbrkit.reports.format import money_short
from pbrkit.tender import TenderSpec, simulate_tender
from pbrkit.workflows.tender import prepare_tender

HERE: Final = Path(__file__).resolve().parent
START: Final = "<!-- results:start -->"
END: Final = "<!-- results:end -->"

#: (column heading, scenario file, change to the scenario's spec)
RUNS: Final[list[tuple[str, str, Callable[[TenderSpec], TenderSpec] | None]]] = [
    ("(a) fixed tariff", "aqp-fixed-tariff.toml", None),
    ("(b) accept all", "aqp-accept-all.toml", None),
    ("(c) f = 20%", "probation-style-split.toml", None),
    (
        "(c) f = 77%",
        "probation-style-split.toml",
        lambda spec: spec.model_copy(
            update={"nhs": spec.nhs.model_copy(update={"fixed_cost_share": 0.77})}
        ),
    ),
]

#: (row label, figure, how it is shown)
ROWS: Final = [
    ("people taken", "taken_patients", "count"),
    ("people left with the NHS", "residue_patients", "count"),
    ("casemix index of those left", "casemix_index", "index"),
    ("… from which clusters are left", "casemix_between", "index"),
    ("… from which people within them", "casemix_within", "index"),
    ("residue's cost ÷ payment (before: 1.03)", "residue_cost_to_payment", "index"),
    ("cost the NHS keeps for people taken", "cost_retained_for_taken", "money"),
    ("stranded fixed cost S", "stranded_fixed_cost", "money"),
    ("change in NHS surplus", "nhs_surplus_change", "money"),
    ("change in commissioner's cost", "commissioner_cost_change", "money"),
    ("**change in public spending**", "public_spending_change", "money"),
]


def run_all() -> dict[str, dict[str, float]]:
    """Each column's residue figures (medians over the scenario's draws)."""
    results: dict[str, dict[str, float]] = {}
    for heading, file, change in RUNS:
        prepared = prepare_tender(None, scenario=HERE / file)
        spec = change(prepared.spec) if change is not None else prepared.spec
        result = simulate_tender(
            prepared.population, spec, draws=prepared.draws, seed=prepared.seed
        )
        results[heading] = result.residue
    return results


def table(results: dict[str, dict[str, float]]) -> str:
    """The results as a Markdown table."""
    headings = list(results)
    lines = [
        "| | " + " | ".join(headings) + " |",
        "|---|" + "---|" * len(headings),
    ]
    for label, figure, kind in ROWS:
        cells = [_shown(results[h][figure], kind) for h in headings]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _shown(value: float, kind: str) -> str:
    if kind == "count":
        return f"{value:,.0f}"
    if kind == "index":
        return f"{value:.2f}" if value == value else "–"
    return money_short(value)


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
