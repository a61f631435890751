"""summary.json's uncertainty objects as types: ``psa`` (of ``pbrkit psa``, ``pbrkit
tender --psa`` and ``pbrkit cost --psa``), its parts, and an entry of ``thresholds``
(docs/uncertainty.md).

Each is generic in the value of a figure, ``N``, and of a parameter's range, ``R``: as
computed here a figure is a number or None (no run has it) and a range a number; once
a report publishes them (``--publish``) either may be hidden, so the reports read them
as ``reports.values.Value``. The fields are read-only (a report reads these objects and
never writes them), which lets an exact object stand where a published one is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Generic, NotRequired, TypeAlias, TypedDict, TypeVar

if TYPE_CHECKING:  # PEP 705, in typing from Python 3.13; only mypy reads it here
    from typing_extensions import ReadOnly

#: A figure's value: exact ``float | None``; published, possibly hidden.
N = TypeVar("N")
#: A parameter's range end or median: exact ``float``; published, possibly hidden.
R = TypeVar("R")


class Percentiles(TypedDict, Generic[N]):
    """The 5th, 50th and 95th percentiles of a figure over the runs."""

    p5: ReadOnly[N]
    p50: ReadOnly[N]
    p95: ReadOnly[N]


class FigureStats(Percentiles[N]):
    """A figure over the runs: mean, percentiles and (with 2+ selection draws a sample)
    its share of variance from the parameters (a costing has none)."""

    mean: ReadOnly[N]
    share_parameters: ReadOnly[NotRequired[N]]


class RangeSummary(TypedDict, Generic[R]):
    """An uncertain parameter's range as given, and what is drawn from it."""

    parameter: ReadOnly[str]
    low: ReadOnly[R]
    high: ReadOnly[R]
    distribution: ReadOnly[str]
    mode: ReadOnly[R | None]
    median: ReadOnly[R]
    source: ReadOnly[str | None]
    p10: ReadOnly[NotRequired[R]]
    p90: ReadOnly[NotRequired[R]]


class BarSummary(TypedDict, Generic[N, R]):
    """One parameter's tornado arm: the figure at its range's low and high ends."""

    parameter: ReadOnly[str]
    low: ReadOnly[R]
    high: ReadOnly[R]
    at_low: ReadOnly[N]
    at_high: ReadOnly[N]
    swing: ReadOnly[N]


class TornadoSummary(TypedDict, Generic[N, R]):
    """Each lead figure with every parameter at its median, and its arms."""

    base: ReadOnly[Mapping[str, N]]
    figures: ReadOnly[Mapping[str, Sequence[BarSummary[N, R]]]]


class VarianceShares(TypedDict, Generic[N]):
    """A figure's variance shares by parameter (a linear metamodel's)."""

    method: ReadOnly[str]
    r_squared: ReadOnly[N]
    shares: ReadOnly[Mapping[str, N]]


class Sensitivity(VarianceShares[N]):
    """The variance shares and the parameter with the largest (None: no shares)."""

    most_important: ReadOnly[str | N]


class ThresholdSpread(Percentiles[N]):
    """A break-even searched again at PSA samples: percentiles over those that cross."""

    samples: ReadOnly[int]
    no_crossing: ReadOnly[int]


class ThresholdSummary(TypedDict, Generic[N]):
    """One entry of summary.json ``thresholds``: a break-even and how it was searched
    for (``steps``: the figure jumps past the target there; ``at_target``, written only
    when true: the figure is at the target at every value tried, so no single value
    breaks even; ``at_bound``, written only when so: "lower" or "upper", the figure
    meets the target at that bound of the search, and is not known to cross it)."""

    parameter: ReadOnly[str]
    figure: ReadOnly[str]
    target: ReadOnly[N]
    bounds: ReadOnly[Sequence[float]]
    tolerance: ReadOnly[float]
    method: ReadOnly[str]
    value: ReadOnly[N]
    steps: ReadOnly[NotRequired[bool]]
    at_target: ReadOnly[NotRequired[bool]]
    at_bound: ReadOnly[NotRequired[str]]
    psa: ReadOnly[NotRequired[ThresholdSpread[N]]]


class PsaSummary(TypedDict, Generic[N, R]):
    """summary.json's ``psa`` object of ``pbrkit psa`` and ``pbrkit tender --psa``
    (``disclosure``: the rule, when published)."""

    samples: ReadOnly[int]
    inner: ReadOnly[int]
    seed: ReadOnly[int]
    parameters: ReadOnly[Sequence[RangeSummary[R]]]
    figures: ReadOnly[Mapping[str, FigureStats[N]]]
    prob_nhs_surplus_falls: ReadOnly[N]
    prob_public_spending_rises: ReadOnly[N]
    tornado: ReadOnly[TornadoSummary[N, R]]
    sensitivity: ReadOnly[Mapping[str, Sensitivity[N]]]
    thresholds: ReadOnly[Sequence[ThresholdSummary[N]]]
    disclosure: ReadOnly[NotRequired[str]]


class PsaRuns(TypedDict):
    """A finished PSA's own figures (``PsaResult.summary()``): its parameters by path
    alone; summary.json's ``psa`` object (:class:`PsaSummary`) gives their ranges and
    adds the tornado, sensitivity and break-evens."""

    samples: int
    inner: int
    seed: int
    parameters: list[str]
    figures: dict[str, FigureStats[float | None]]
    prob_nhs_surplus_falls: float
    prob_public_spending_rises: float


class CostPsaSummary(TypedDict, Generic[N, R]):
    """summary.json's ``psa`` object of ``pbrkit cost --psa``: each surplus over the
    samples and its probability of a deficit."""

    samples: ReadOnly[int]
    seed: ReadOnly[int]
    parameters: ReadOnly[Sequence[RangeSummary[R]]]
    figures: ReadOnly[Mapping[str, FigureStats[N]]]
    prob_deficit: ReadOnly[Mapping[str, N]]


#: As computed: a figure a number or None, a range a number.
Exact = float | None
ExactStats: TypeAlias = FigureStats[Exact]
ExactRange: TypeAlias = RangeSummary[float]
ExactThreshold: TypeAlias = ThresholdSummary[Exact]
ExactPsa: TypeAlias = PsaSummary[Exact, float]
