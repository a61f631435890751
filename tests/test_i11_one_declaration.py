"""Issue 11: a figure list is declared once (``duplicates`` on reports/, round 12).

The PSA's percentiles (``p5``, ``p50``, ``p95``, with the mean) were spelled out in
nine places of reports/, and a tender run's line of people (everyone = taken + left)
in two; each is now one constant (``registry_psa.PERCENTILES``/``STATISTICS``,
``registry.EVERYONE_LINE``), so a new statistic cannot reach some outputs and not
others. Round 16: a costing's money (income, cost, surplus: ``registry.COSTING_MONEY``) and a
range's columns (``registry_psa.RANGE_COLUMNS``) too.
"""

from __future__ import annotations

from pathlib import Path

REPORTS = Path(__file__).resolve().parents[1] / "src" / "pbrkit" / "reports"
LISTS = {
    '"p5", "p50", "p95"': "registry_psa.py",
    '"patients", T, R': "registry.py",
    '"patients", "taken_patients", "residue_patients"': None,
    # round 16 (i11t): a costing's money, and an uncertain parameter's range columns
    '"income", "cost", "surplus"': "registry.py",
    '"low", "high", "distribution", "mode", "median"': "registry_psa.py",
}


def test_each_figure_list_is_spelled_once() -> None:
    for text, home in LISTS.items():
        places = sorted(p.name for p in REPORTS.rglob("*.py") if text in p.read_text("utf-8"))
        assert places == ([home] if home else []), f"{text} in {places}"
