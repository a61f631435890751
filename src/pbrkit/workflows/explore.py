"""``pbrkit explore`` as a library call: a sweep of up to three parameters, kept whole.

:func:`run_explore` runs the scenario over the grid with the sweep
(:func:`pbrkit.workflows.tender.run_sweep`: the same parser, grid, seeds and
publishing), keeping each point's residue per cluster too, and returns an
:class:`ExploreRun` whose one output is ``explore.html``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.output import Writer
from pbrkit.reference import DEFAULT_REFERENCE
from pbrkit.reports.explore import Exploration, publish_cluster_residue, render_explore_html
from pbrkit.reports.layouts.sweep import TABLE as SWEEP_TABLE
from pbrkit.reports.layouts.sweep import base_shown
from pbrkit.reports.render.html import write_html
from pbrkit.reports.summary import write_json
from pbrkit.reports.suppression import SUPPRESSED, DisclosurePolicy, is_suppressed
from pbrkit.workflows.tender import Progress, SweepRun, run_sweep

#: Most parameters the explorer varies (a slider each).
MOST_PARAMETERS: Final = 3


@dataclass(frozen=True)
class ExploreRun:
    """A finished exploration: the sweep with per-cluster columns, published if asked."""

    sweep: SweepRun

    def exploration(self) -> Exploration:
        """What the page shows: with ``--publish`` the published sweep (its document)
        and the per-cluster residue published cluster by cluster."""
        run = self.sweep
        grid, base, meta = run.grid, run.base, run.meta
        if run.disclosure is not None:
            document = run.document()
            rows = list(document.table(SWEEP_TABLE).rows)
            figures = pd.DataFrame(rows, index=grid.index)
            clusters = publish_cluster_residue(grid, run.disclosure)
            per_cluster = [c for c in clusters.columns if str(c).startswith("cluster.")]
            grid = pd.concat([_hidden_beside(figures, clusters), clusters[per_cluster]], axis=1)
            base, meta = base_shown(document), document.meta
        return Exploration(
            grid=grid,
            parameters=run.parameters,
            draws=run.draws,
            seed=run.seed,
            scenario=run.scenario,
            base=base,
            meta=meta.model_copy(update={"command": "pbrkit explore"}),
            sizes=tuple(int(run.grid[p].nunique()) for p in run.parameters),
        )

    def summary(self) -> dict[str, Any]:
        """The sweep's ``summary.json`` object (for ``--json`` and the headline)."""
        return {**self.sweep.summary(), "command": "pbrkit explore"}

    def writers(self) -> dict[str, Writer]:
        """explore.html (the page to share) and summary.json (the grid), by file name."""
        html = render_explore_html(self.exploration())
        summary = self.summary()
        return {
            "explore.html": lambda path: write_html(html, path),
            "summary.json": lambda path: write_json(summary, path),
        }


def _hidden_beside(figures: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """The published grid's figures, with a headline count hidden where publishing the
    clusters hid it (:func:`publish_cluster_residue`)."""
    out = figures.copy()
    for name in clusters.columns.intersection(figures.columns):
        hidden = clusters[name].map(is_suppressed)
        if hidden.any():
            out[name] = out[name].astype(object).where(~hidden, SUPPRESSED)
    return out


def run_explore(
    scenario_path: Path,
    vary: Sequence[str] | Mapping[str, Sequence[object]],
    *,
    draws: int | None = None,
    seed: int | None = None,
    workers: int | None = None,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    publish: DisclosurePolicy | None = None,
) -> ExploreRun:
    """Run the scenario at every point of a grid of one to three parameters.

    Arguments as :func:`~pbrkit.workflows.tender.run_sweep`; with ``publish`` the
    residue per cluster is published too (:func:`publish_cluster_residue`).

    Raises:
        InputError: a bad scenario or --vary, more than three parameters, or a value
            a parameter cannot take (every point is checked before any runs).
    """
    run = run_sweep(
        scenario_path,
        vary,
        draws=draws,
        seed=seed,
        workers=workers,
        reference=reference,
        tariff_file=tariff_file,
        limits=limits,
        progress=progress,
        publish=publish,
        most=MOST_PARAMETERS,
        clusters=True,
        command="pbrkit explore",
    )
    return ExploreRun(sweep=run)
