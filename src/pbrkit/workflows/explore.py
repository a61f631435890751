"""``pbrkit explore`` as a library call: a sweep of up to three parameters, kept whole.

:func:`run_explore` runs the scenario over the grid with the sweep
(:func:`pbrkit.workflows.tender.run_sweep`: the same parser, grid, seeds and
publishing), keeping each point's residue per cluster too, and returns an
:class:`ExploreRun` whose one output is ``explore.html``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Final

import pandas as pd

from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.output import Writer
from pbrkit.reference import DEFAULT_REFERENCE
from pbrkit.reports.document import Document
from pbrkit.reports.explore import (
    Exploration,
    hidden_beside_clusters,
    publish_cluster_residue,
    render_explore_html,
)
from pbrkit.reports.layouts.sweep import TABLE as SWEEP_TABLE
from pbrkit.reports.layouts.sweep import base_shown
from pbrkit.reports.render import json
from pbrkit.reports.render.html import write_html
from pbrkit.reports.summary import write_json
from pbrkit.reports.suppression import DisclosurePolicy
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
            document, clusters = self._published
            rows = list(document.table(SWEEP_TABLE).rows)
            figures = pd.DataFrame(rows, index=grid.index)
            per_cluster = [c for c in clusters.columns if str(c).startswith("cluster.")]
            grid = pd.concat([figures, clusters[per_cluster]], axis=1)
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

    @cached_property
    def _published(self) -> tuple[Document, pd.DataFrame]:
        """With ``--publish``: the sweep's published document, its headline counts hidden
        where publishing the clusters hid them, and the clusters' published columns. The
        page and summary.json both come from this document, so neither shows a count
        the other hides (with the page's clusters, summary.json's would give a hidden
        cluster back)."""
        run = self.sweep
        assert run.disclosure is not None  # only a published run is published
        clusters = publish_cluster_residue(run.grid, run.disclosure)
        return hidden_beside_clusters(run.document(), clusters), clusters

    @cached_property
    def _summary(self) -> dict[str, Any]:
        if self.sweep.disclosure is None:
            return {**self.sweep.summary(), "command": "pbrkit explore"}
        return {**json.summary(self._published[0]), "command": "pbrkit explore"}

    def summary(self) -> dict[str, Any]:
        """The sweep's ``summary.json`` object (for ``--json``, the headline and the
        file): made once."""
        return self._summary

    def writers(self) -> dict[str, Writer]:
        """explore.html (the page to share) and summary.json (the grid), by file name."""
        html = render_explore_html(self.exploration())
        summary = self.summary()
        return {
            "explore.html": lambda path: write_html(html, path),
            "summary.json": lambda path: write_json(summary, path),
        }


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
