"""``--publish`` for the uncertainty analysis (``--psa``, ``pbrkit psa``).

Each run of a PSA (a sample × an inner draw) is treated like a sweep's grid point: its
people taken and people left are published with the people in all (one line, by
:func:`~pbrkit.reports.suppression.suppress_counts`: 1 to 7 hidden, the rest rounded
to 5, a second count hidden when one alone is), and in a run whose count is hidden
the £ figures about those people are hidden too. That gives psa.parquet.

A statistic over runs (a percentile, the mean, a probability, a variance share) mixes
every run, so it is published only when every run it summarises is: when any run's
count of people taken (or left) is hidden, every PSA output of a figure about those
people is hidden — its mean and percentiles, the probability that it falls or rises,
its tornado, its variance shares and the break-even points found on it. The counts'
own mean and percentiles are published as counts (hidden if 1 to 7, else rounded to
5). Figures about nobody in particular (the surplus before tendering, the parameter
values) are published as they are. docs/uncertainty.md ("Publishing") says the same
for readers.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from pbrkit.reports.suppression import (
    SUPPRESSED,
    DisclosurePolicy,
    Published,
    is_suppressed,
    suppress_counts,
)

#: What summary.json's ``psa.disclosure`` says of the rule (with the policy's own).
PSA_RULE: Final = (
    "each run's people taken and left are published as counts (hidden if 1 to 7, else "
    "rounded to 5) in psa.parquet, with the £ figures about a hidden count hidden in that "
    "run; a statistic over runs (mean, percentiles, probability, tornado, variance "
    "shares, break-even) of a figure about people taken or left is hidden when any "
    "run's count of them is hidden"
)

#: The PSA's counts of people.
PSA_COUNTS: Final = ("taken_patients", "residue_patients")

#: PSA figures by the count of people they are about (docs/methodology.md §6: the
#: money lost with the patients taken, and the cost and case-mix of those left).
PSA_FIGURES_OF: Final[dict[str, tuple[str, ...]]] = {
    "taken_patients": (
        "lost_contribution",
        "stranded_fixed_cost",
        "cost_retained_for_taken",
        "payments_to_bidders",
        "bidder_profit",
        "differential_payment",
        "nhs_surplus_change",
        "commissioner_cost_change",
        "public_spending_change",
    ),
    "residue_patients": (
        "residue_cost_gap",
        "nhs_income_retained",
        "nhs_surplus_after",
        "nhs_surplus_change",
        "casemix_index",
        "casemix_between",
        "casemix_within",
        "residue_cost_to_payment",
    ),
}


def publish_runs(
    samples: pd.DataFrame, patients: float, policy: DisclosurePolicy
) -> tuple[pd.DataFrame, frozenset[str]]:
    """The per-run table fit to publish, and the counts hidden in at least one run.

    In each run the people taken and left are published with ``patients`` (the people
    in all, the same in every run); a hidden count hides the £ figures about the same
    people in that run. Hidden cells are NaN (null in psa.parquet), so every column
    stays a number column.
    """
    present = [c for c in PSA_COUNTS if c in samples.columns]
    counts: dict[Hashable, float] = {("patients",): float(patients)}
    lines: list[list[Hashable]] = []
    for i in range(len(samples)):
        line: list[Hashable] = [("patients",)]
        for column in present:
            counts[(column, i)] = float(samples[column].iloc[i])
            line.append((column, i))
        lines.append(line)
    published: Mapping[Hashable, Published] = suppress_counts(counts, lines, policy).values
    out = samples.copy()
    hidden_somewhere = set()
    for column in present:
        values = [published[(column, i)] for i in range(len(samples))]
        mask = np.array([is_suppressed(v) for v in values], dtype=bool)
        out[column] = np.array(
            [np.nan if h else float(v) for v, h in zip(values, mask, strict=True)]
        )
        if mask.any():
            hidden_somewhere.add(column)
            for figure in PSA_FIGURES_OF[column]:
                if figure in out.columns:
                    out.loc[mask, figure] = np.nan
    return out, frozenset(hidden_somewhere)


def hidden_figures(hidden_counts: Iterable[str]) -> frozenset[str]:
    """The figures whose PSA statistics are hidden, given the counts hidden in some run."""
    return frozenset(f for count in hidden_counts for f in PSA_FIGURES_OF[count])


def publish_psa(
    psa: Mapping[str, Any], hidden_counts: Iterable[str], policy: DisclosurePolicy
) -> dict[str, Any]:
    """summary.json's ``psa`` object fit to publish (hidden values are ``SUPPRESSED``).

    ``hidden_counts``: the counts hidden in at least one run (:func:`publish_runs`).
    """
    hidden = hidden_figures(hidden_counts)
    out = dict(psa)
    figures: dict[str, dict[str, Any]] = {}
    for name, stats in psa["figures"].items():
        if name in hidden:
            figures[name] = dict.fromkeys(stats, SUPPRESSED)
        elif name in PSA_COUNTS:
            figures[name] = {
                k: (v if k == "share_parameters" or v is None else policy.publish(v))
                for k, v in stats.items()
            }
        else:
            figures[name] = dict(stats)
    out["figures"] = figures
    for key, figure in (
        ("prob_nhs_surplus_falls", "nhs_surplus_change"),
        ("prob_public_spending_rises", "public_spending_change"),
    ):
        if key in out and figure in hidden:
            out[key] = SUPPRESSED
    if "tornado" in psa:
        out["tornado"] = _tornado(psa["tornado"], hidden)
    if "sensitivity" in psa:
        out["sensitivity"] = {
            f: _hidden_shares(s) if f in hidden else s for f, s in psa["sensitivity"].items()
        }
    if "thresholds" in psa:
        out["thresholds"] = publish_thresholds(psa["thresholds"], hidden)
    return out


def _tornado(tornado: Mapping[str, Any], hidden: frozenset[str]) -> dict[str, Any]:
    base = {f: SUPPRESSED if f in hidden else v for f, v in tornado["base"].items()}
    bars = {
        f: [
            {**bar, "at_low": SUPPRESSED, "at_high": SUPPRESSED, "swing": SUPPRESSED}
            if f in hidden
            else bar
            for bar in figure_bars
        ]
        for f, figure_bars in tornado["figures"].items()
    }
    return {**tornado, "base": base, "figures": bars}


def _hidden_shares(sensitivity: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **sensitivity,
        "r_squared": SUPPRESSED,
        "shares": dict.fromkeys(sensitivity["shares"], SUPPRESSED),
        "most_important": SUPPRESSED,
    }


#: A break-even point's values found on its figure.
_THRESHOLD_VALUES: Final = ("value",)
_SPREAD_VALUES: Final = ("p5", "p50", "p95")


def publish_thresholds(
    thresholds: Iterable[Mapping[str, Any]], hidden: Iterable[str]
) -> list[dict[str, Any]]:
    """Break-even points with those found on a hidden figure hidden."""
    hide = frozenset(hidden)
    out = []
    for threshold in thresholds:
        entry = dict(threshold)
        if entry["figure"] in hide:
            entry.update(dict.fromkeys(_THRESHOLD_VALUES, SUPPRESSED))
            if entry.get("psa"):
                entry["psa"] = {**entry["psa"], **dict.fromkeys(_SPREAD_VALUES, SUPPRESSED)}
        out.append(entry)
    return out
