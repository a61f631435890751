"""One-way sensitivity: each parameter at its low and high, the others at their medians.

Every arm runs with the same noise seed (inner draw 0's), so a bar's length is the
parameter's effect alone. Bars are ranked by swing, |figure at high − figure at low|,
largest first (ties by path).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pbrkit.uncertainty.executor import Executor, Progress
from pbrkit.uncertainty.model import NHS_SURPLUS, PUBLIC_SPENDING, Model
from pbrkit.uncertainty.params import UncertainParameter
from pbrkit.uncertainty.sampling import inner_seeds
from pbrkit.uncertainty.summaries import BarSummary, TornadoSummary


@dataclass(frozen=True)
class Arm:
    """One work unit: the parameters' values for one run."""

    values: dict[str, float]
    seed: int


def run_arm(model: Model, arm: Arm) -> dict[str, float]:
    """The figures at one arm."""
    return model(arm.values, arm.seed)


@dataclass(frozen=True)
class TornadoBar:
    """One parameter's bar for one figure."""

    parameter: str
    low: float
    high: float
    at_low: float
    at_high: float

    @property
    def swing(self) -> float:
        """|figure at high − figure at low|."""
        return abs(self.at_high - self.at_low)

    def as_dict(self) -> BarSummary[float, float]:
        """For summary.json."""
        return {
            "parameter": self.parameter,
            "low": self.low,
            "high": self.high,
            "at_low": self.at_low,
            "at_high": self.at_high,
            "swing": self.swing,
        }


@dataclass(frozen=True)
class Tornado:
    """Bars per figure, ranked; ``base`` is every figure with all parameters at medians."""

    base: dict[str, float]
    bars: dict[str, list[TornadoBar]]

    def summary(self) -> TornadoSummary[float, float]:
        """The ``tornado`` object of summary.json."""
        return {
            "base": self.base,
            "figures": {f: [b.as_dict() for b in bars] for f, bars in self.bars.items()},
        }


def run_tornado(
    model: Model,
    params: Sequence[UncertainParameter],
    *,
    seed: int = 0,
    figures: Sequence[str] = (NHS_SURPLUS, PUBLIC_SPENDING),
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Tornado:
    """Run the base and two arms per parameter, and rank the bars for each figure."""
    noise = inner_seeds(seed, 1)[0]
    medians = {p.name: p.median for p in params}
    arms = [Arm(dict(medians), noise)]
    for p in params:
        arms += [Arm({**medians, p.name: p.low}, noise), Arm({**medians, p.name: p.high}, noise)]
    runs = (executor or Executor(workers=1)).map(run_arm, model, arms, progress)
    bars = {
        figure: sorted(
            (
                # The ends as the tender ran them (a capacity as a whole number of people).
                TornadoBar(
                    p.name,
                    p.path.as_run(p.low),
                    p.path.as_run(p.high),
                    runs[1 + 2 * k][figure],
                    runs[2 + 2 * k][figure],
                )
                for k, p in enumerate(params)
            ),
            key=lambda bar: (-bar.swing, bar.parameter),
        )
        for figure in figures
    }
    return Tornado(base=runs[0], bars=bars)
