"""What a tender is made of: bidders, lots and the NHS cost structure (methodology §8, §6).

These are frozen pydantic models that forbid unknown keys, so a misspelt field in a
workbook or scenario file is an error rather than a silently ignored default. Row data
(patients) never lives here: it stays in data frames (see :mod:`pbrkit.tender.population`).

Defaults are the docs/methodology.md §8 tender defaults, and each is exported as a constant so the
reports' Assumptions sheet can quote the same numbers the model used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Annotated, Final, Literal, Protocol, Self, TypeVar

import pandas as pd
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, model_validator

from pbrkit.currency import (
    ALL_CODES_WORDS,
    LIST_SEPARATOR,
    RANGE_JOIN,
    Currency,
    active_currency,
)
from pbrkit.model import (
    HURDLE_MARGIN_ABOVE,
    HURDLE_MARGIN_AT_MOST,
    HURDLE_MARGIN_BELOW_WHY,
    bare_percent,
)

#: docs/methodology.md §8 tender defaults.
DEFAULT_FIXED_COST_SHARE: Final = 0.5
DEFAULT_SHED_RATE: Final = 0.25
DEFAULT_INFO_QUALITY: Final = 0.5
DEFAULT_HURDLE_MARGIN: Final = 0.05
DEFAULT_RISK_AVERSION: Final = 0.0
DEFAULT_QUALITY_SCORE: Final = 0.5
DEFAULT_PRICE_WEIGHT: Final = 0.4
DEFAULT_COST_SHARING: Final = 0.0
DEFAULT_PAYMENT: Final = "activity"
DEFAULT_ALLOCATION: Final = "best_value"
DEFAULT_PRICING: Final = "second_score"
#: The bidder assumed when a workbook has no ``bidders`` sheet: as efficient as the NHS,
#: so the result isolates selection (docs/methodology.md §8 tender defaults).
DEFAULT_BIDDER_NAME: Final = "Outside provider"
#: The lot assumed when a workbook has no ``lots`` sheet: every cluster, at the tariff.
DEFAULT_LOT_NAME: Final = "All clusters"


Award = Literal["fixed_tariff", "competitive"]
PoolKind = Literal["variable", "fixed"]
#: How the NHS provider is paid (docs/methodology.md §6.2): the share v of a taken patient's tariff
#: income it loses is 1 (activity), 0 (block) or ``variable_share`` (blended).
Payment = Literal["activity", "block", "blended"]
#: How fixed-tariff lots are shared out among bidders (docs/methodology.md §6.4, stage 2).
Allocation = Literal["best_value", "random_order", "sheet_order"]
#: What the winner of a competitive lot is paid (docs/methodology.md §6.4).
Pricing = Literal["second_score", "own_bid"]


def _between(lo: float, hi: float) -> AfterValidator:
    """A validator with the message a finance user reads: 'must be between 0 and 1'."""

    def check(value: float) -> float:
        if not lo <= value <= hi:  # also rejects NaN
            raise ValueError(f"must be between {lo:g} and {hi:g}")
        return value

    return AfterValidator(check)


def _positive(value: float) -> float:
    if not value > 0:
        raise ValueError("must be greater than 0")
    return value


def _not_negative(value: float) -> float:
    if not value >= 0:
        raise ValueError("must be 0 or more")
    return value


def _hurdle_margin(value: float) -> float:
    # The bidders sheet's limits (pbrkit.model says why), in its words for a bare 10.
    if not value > HURDLE_MARGIN_ABOVE:
        raise ValueError(f"must be greater than -1 ({HURDLE_MARGIN_BELOW_WHY})")
    if value > HURDLE_MARGIN_AT_MOST:
        what, fix = bare_percent(value, percent_sign=False)
        raise ValueError(f"must be at most 1 (100%): {what}; {fix}")
    return value


def _not_negative_int(value: int) -> int:
    if value < 0:
        raise ValueError("must be 0 or more")
    return value


def _name(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be blank")
    return value


#: One code, or a range ``1-4``, ``1–4`` or ``1 to 4``, as a sheet's cluster list reads
#: them (:func:`pbrkit.io.parse.parse_cluster_list`; qa23: a scenario refused "1–4").
_RANGE = re.compile(rf"^(\S+?)\s*(?:{RANGE_JOIN}\s*(\S+))?$")


def parse_cluster_list(value: object) -> frozenset[int]:
    """Read a cluster list written ``1, 2, 3``, ``1-4`` (or ``1–4``, ``1 to 4``), both
    (``;`` separating parts too), ``all``, or as a list of codes, as a sheet reads one.

    The codes, and which of them a range skips, are the reference set's
    (:func:`pbrkit.currency.active_currency`; docs/methodology.md §3).

    Args:
        value: a string such as ``"1-4, 7"``, an integer, or an iterable of integers.

    Returns:
        The set of code keys.

    Raises:
        ValueError: a part is not a code or a range, or a code is not valid in the set.
    """
    currency = active_currency()
    codes: set[int] = set()
    if isinstance(value, str) and value.strip().casefold() in ALL_CODES_WORDS:
        return frozenset(currency.valid - {currency.not_assessed})
    if isinstance(value, str):
        for part in (p.strip() for p in re.split(LIST_SEPARATOR, value)):
            if part:
                codes.update(_list_part(part, currency))
    elif isinstance(value, bool):
        raise ValueError(f"must be a list of {currency.unit} codes")
    elif isinstance(value, int | float):
        codes.add(_whole(value))
    elif isinstance(value, Iterable):
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise ValueError(f"{item!r} is not a {currency.unit} code")
            codes.add(_whole(item))
    else:
        raise ValueError(f"must be a list of {currency.unit} codes")
    bad = sorted(codes - currency.valid)
    if bad:
        shown = ", ".join(str(currency.code_of(b)) for b in bad)
        raise ValueError(
            f"not a {currency.unit} code: {shown} (codes are {currency.describe_codes()})"
        )
    if not codes:
        raise ValueError(f"must name at least one {currency.unit}")
    return frozenset(codes)


def _list_part(part: str, currency: Currency) -> list[int]:
    """One code, or a range of codes in the set's order (unused codes skipped)."""
    whole = currency.key_of(part)
    if whole is not None:
        return [whole]  # checked against the valid codes by the caller
    match = _RANGE.match(part)
    low = currency.key_of(match.group(1)) if match else None
    high = currency.key_of(match.group(2)) if match and match.group(2) else None
    if low is None or high is None:
        raise ValueError(f"'{part}' is not a {currency.unit} code or a range like 1-4")
    order = currency.ranged_order()
    if high not in order or low not in order or order.index(high) < order.index(low):
        raise ValueError(f"range '{part}' must run upwards within {currency.ranged_span()}")
    # A range such as 8-10 spans an unused code; only naming it alone is an error.
    return [k for k in order[order.index(low) : order.index(high) + 1] if k in currency.valid]


def _whole(value: float) -> int:
    if value != int(value):
        raise ValueError(f"{value!r} is not a cluster code")
    return int(value)


def _blank(value: object) -> bool:
    """A missing cell: ``None``, NaN or pandas' NA."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _optional_clusters(value: object) -> object:
    """``None``, a blank (NaN) or ``"all"`` mean every cluster."""
    if _blank(value) or (isinstance(value, str) and value.strip().lower() == "all"):
        return None
    return parse_cluster_list(value)


def _optional_capacity(value: object) -> object:
    """``None``, ``"unlimited"`` or a blank (NaN) mean no limit."""
    if _blank(value) or (
        isinstance(value, str) and value.strip().lower() in ("", "unlimited", "none")
    ):
        return None
    return value


Name = Annotated[str, AfterValidator(_name)]
Share = Annotated[float, _between(0, 1)]
Clusters = Annotated[frozenset[int], BeforeValidator(parse_cluster_list)]
OptionalClusters = Annotated[frozenset[int] | None, BeforeValidator(_optional_clusters)]
Capacity = Annotated[
    Annotated[int, AfterValidator(_not_negative_int)] | None, BeforeValidator(_optional_capacity)
]
CostFactor = Annotated[float, AfterValidator(_positive)]
Margin = Annotated[float, AfterValidator(_hurdle_margin)]
NotNegative = Annotated[float, AfterValidator(_not_negative)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bidder(_Frozen):
    """An outside provider deciding which lots, and which patients, to take (methodology §6).

    Attributes:
        name: how reports name it; unique within a tender.
        cost_factor: θ, its cost of treating patient i is θ·c_i (θ > 1 is allowed:
            ISTC wave-1 prices ran above NHS cost, docs/methodology.md).
        info_quality: ρ, correlation of its cost signal with the true (log) cost;
            0 = it knows only the cluster, 1 = it knows each patient's cost.
        hurdle_margin: h, the margin over tariff it needs: it takes patient i only when
            predicted profit is at least h·P_i (and a whole lot only when the lot's
            predicted profit is at least h·ΣP).
        capacity: K, most patients it can take across all its lots; ``None`` = no limit.
        clusters: the clusters it is willing to treat; ``None`` = all.
        screening: whether it can pick patients within a lot; without screening it
            takes the whole lot or nothing.
        risk_aversion: γ, it bids only when Σπ̂ − γ·SD > 0.
        quality_score: its quality mark in a competitive award, 0 to 1.
        recharge: whether it pays the NHS for the services that stay with the NHS
            (r·c_i for each patient it takes, docs/methodology.md §6.2).
    """

    name: Name
    cost_factor: CostFactor
    info_quality: Share = DEFAULT_INFO_QUALITY
    hurdle_margin: Margin = DEFAULT_HURDLE_MARGIN
    capacity: Capacity = None
    clusters: OptionalClusters = None
    screening: bool = True
    risk_aversion: NotNegative = DEFAULT_RISK_AVERSION
    quality_score: Share = DEFAULT_QUALITY_SCORE
    recharge: bool = False

    def considers(self, lot: Lot) -> bool:
        """Whether the bidder looks at ``lot``: all the lot's clusters must be its own."""
        return self.clusters is None or lot.clusters <= self.clusters


class Lot(_Frozen):
    """Clusters a commissioner tenders together, and how the contract is awarded.

    Attributes:
        name: how reports name it; unique within a tender.
        clusters: the clusters in the lot.
        accept_all: an "accept all referrals" duty: a bidder takes the whole lot or
            nothing (the lever that blocks dumping, docs/methodology.md).
        award: ``fixed_tariff`` (every qualifying bidder takes its patients at the
            tariff, AQP-style) or ``competitive`` (one winner on price and quality).
        price_weight: weight of the price score in a competitive award.
        cost_sharing: λ, share of the bidder's own cost the commissioner reimburses
            in place of the same share of the price (Ellis & McGuire mixed payment);
            fixed-tariff lots only.
        allocation: how a fixed-tariff lot's patients are shared among bidders:
            ``best_value`` (highest predicted profit first, whatever the row order),
            ``random_order`` (bidder priority drawn per draw) or ``sheet_order`` (v1).
        pricing: what a competitive winner is paid: ``second_score`` (the largest
            price at which it still wins; the tariff for a sole bidder) or ``own_bid``.
    """

    name: Name
    clusters: Clusters
    accept_all: bool = False
    award: Award = "fixed_tariff"
    price_weight: Share = DEFAULT_PRICE_WEIGHT
    cost_sharing: Share = DEFAULT_COST_SHARING
    allocation: Allocation = DEFAULT_ALLOCATION
    pricing: Pricing = DEFAULT_PRICING


class CostPool(_Frozen):
    """One pool of the NHS provider's costs, from the ``nhs`` sheet.

    Attributes:
        pool: its name, e.g. "AMHP service".
        amount: £ a year.
        kind: ``variable`` (goes when activity goes) or ``fixed``.
        shed_rate: share of a fixed pool the provider can remove if activity leaves
            (0 for statutory services such as the AMHP rota). Ignored for variable pools.
        serves_taken: whether the pool keeps serving patients an outside provider
            takes (AMHP and Mental Health Act work, crisis, inpatient beds).
    """

    pool: Name
    amount: NotNegative
    kind: PoolKind
    shed_rate: Share = DEFAULT_SHED_RATE
    serves_taken: bool = False


class NhsCostStructure(_Frozen):
    """How the NHS provider is paid, and what of a taken patient's cost stays with it.

    Attributes:
        fixed_cost_share: f, the share of the cost of patients who leave that is fixed
            (stays when the patient leaves unless shed). High by default: Transforming
            Rehabilitation assumed 20% and found 77% (National Audit Office, December 2017).
        shed_rate: s, share of the fixed cost of departed activity the provider can
            remove each year; the rest is stranded.
        retained_share: r, the share of each taken patient's cost that stays with the
            NHS because the pools that carry it serve taken patients too (0 without
            pools).
        payment: ``activity`` (v = 1), ``block`` (v = 0) or ``blended`` (v =
            ``variable_share``, the NHS Payment Scheme's aligned payment and incentive).
        variable_share: the variable part of a blended payment.
        pools: the cost pools f, s and r were derived from, if any (for the reports).
    """

    fixed_cost_share: Share = DEFAULT_FIXED_COST_SHARE
    shed_rate: Share = DEFAULT_SHED_RATE
    retained_share: Share = 0.0
    payment: Payment = DEFAULT_PAYMENT
    variable_share: Share | None = None
    pools: tuple[CostPool, ...] = ()

    @model_validator(mode="after")
    def _blended_has_share(self) -> Self:
        if self.payment == "blended" and self.variable_share is None:
            raise ValueError("a blended payment needs a variable_share (0 to 1)")
        return self

    @property
    def income_at_risk(self) -> float:
        """v: the share of a taken patient's tariff income the NHS loses (methodology §6.2)."""
        if self.payment == "activity":
            return 1.0
        if self.payment == "block":
            return 0.0
        return float(self.variable_share or 0.0)

    @classmethod
    def from_pools(
        cls,
        pools: Iterable[CostPool],
        *,
        payment: Payment = DEFAULT_PAYMENT,
        variable_share: float | None = None,
    ) -> Self:
        """Derive r, f and s from cost pools (docs/methodology.md §6.2).

        r = pools that serve taken patients ÷ all pools. f and s are worked out over
        the other pools: f = their fixed pools ÷ all of them; s = the amount-weighted
        shed rate of their fixed pools (the default when they hold no fixed cost,
        where it is moot).

        Raises:
            ValueError: there are no pools, or they add up to £0.
        """
        pools = tuple(pools)
        total = sum(p.amount for p in pools)
        if total <= 0:
            raise ValueError("cost pools must add up to more than £0")
        kept = [p for p in pools if p.serves_taken]
        rest = [p for p in pools if not p.serves_taken]
        rest_total = sum(p.amount for p in rest)
        fixed = sum(p.amount for p in rest if p.kind == "fixed")
        shed = (
            sum(p.amount * p.shed_rate for p in rest if p.kind == "fixed") / fixed
            if fixed > 0
            else DEFAULT_SHED_RATE
        )
        return cls(
            fixed_cost_share=fixed / rest_total if rest_total > 0 else 0.0,
            shed_rate=shed,
            retained_share=sum(p.amount for p in kept) / total,
            payment=payment,
            variable_share=variable_share,
            pools=pools,
        )


class TenderSpec(_Frozen):
    """Everything about a tender except the patients: bidders, lots and the NHS side.

    Bidders and lots keep sheet order for the reports; the result depends on it only
    under ``allocation = sheet_order`` (docs/methodology.md §6.4).
    """

    bidders: tuple[Bidder, ...] = ()
    lots: tuple[Lot, ...] = ()
    nhs: NhsCostStructure = NhsCostStructure()

    @model_validator(mode="after")
    def _unique_names(self) -> Self:
        for kind, names in (
            ("bidder", [b.name for b in self.bidders]),
            ("lot", [lot.name for lot in self.lots]),
        ):
            repeated = sorted({n for n in names if names.count(n) > 1})
            if repeated:
                raise ValueError(f"{kind} names must be unique; repeated: {', '.join(repeated)}")
        rules = {lot.allocation for lot in self.lots if stage_two(lot)}
        if len(rules) > 1:
            raise ValueError(
                "fixed-tariff lots without an accept-all duty are shared out together, so "
                f"they need one allocation; found {', '.join(sorted(rules))}"
            )
        return self

    @property
    def allocation(self) -> Allocation:
        """The allocation of the fixed-tariff lots shared out together (stage 2)."""
        for lot in self.lots:
            if stage_two(lot):
                return lot.allocation
        return DEFAULT_ALLOCATION

    def bidder(self, name: str) -> Bidder:
        """The bidder called ``name``.

        Raises:
            KeyError: no bidder has that name.
        """
        return _by_name(self.bidders, name, "bidder")

    def lot(self, name: str) -> Lot:
        """The lot called ``name``.

        Raises:
            KeyError: no lot has that name.
        """
        return _by_name(self.lots, name, "lot")


def stage_two(lot: Lot) -> bool:
    """Whether a lot is shared out in stage 2: fixed tariff and no accept-all duty."""
    return lot.award == "fixed_tariff" and not lot.accept_all


#: Why a competitive lot's cost share is refused (methodology §6.3-6.4), after "cost_sharing".
COST_SHARING_FIXED_TARIFF_ONLY: Final = (
    "applies to fixed-tariff lots only: a competitive winner is paid its price, so a "
    "cost share here would be read and ignored (docs/methodology.md §6.3)"
)


def ignores_cost_sharing(lot: Lot) -> bool:
    """Whether ``lot`` gives a cost share λ that would not apply: λ is the mixed payment
    of fixed-tariff lots (methodology §6.3), and a competitive winner is paid its price."""
    return lot.award == "competitive" and lot.cost_sharing > 0


def competitive_cost_share(
    setter: str, lot: str, lots: Iterable[Lot], otherwise: str
) -> tuple[str, str]:
    """What is wrong with ``setter`` giving competitive lot ``lot`` a cost share λ, and
    how to fix it: name the tender's fixed-tariff ``lots`` instead (λ applies to them
    only: methodology §6.3), or do ``otherwise``. One for each such lot, in a sweep's
    grid (``--vary``) as in an uncertainty row or ``--param``.
    """
    fixed = [f"lots.{x.name}.cost_sharing" for x in lots if x.award == "fixed_tariff"]
    fix = (
        f"name the fixed-tariff lots instead ({', '.join(fixed)}), or {otherwise}"
        if fixed
        else f"{otherwise}: no lot of this tender is fixed-tariff"
    )
    return f"{setter} on competitive lot '{lot}', which {COST_SHARING_FIXED_TARIFF_ONLY}", fix


def unused_variable_share(payment: str) -> str:
    """Why a ``variable_share`` beside a payment that is not blended is refused: v is
    the variable share only under a blended payment (methodology §6.2)."""
    return (
        f"a variable_share is used only with a blended payment, and the payment is "
        f"'{payment}' (v = {1 if payment == 'activity' else 0}), so it would be read and "
        "ignored (docs/methodology.md §6.2)"
    )


def default_bidder() -> Bidder:
    """The bidder assumed without a ``bidders`` sheet: cost factor 1.0, §3 defaults."""
    return Bidder(name=DEFAULT_BIDDER_NAME, cost_factor=1.0)


def default_lot(clusters: Iterable[int]) -> Lot:
    """The lot assumed without a ``lots`` sheet: every cluster present, at the tariff."""
    return Lot(name=DEFAULT_LOT_NAME, clusters=frozenset(clusters))


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_T = TypeVar("_T", bound=_Named)


def _by_name(items: Iterable[_T], name: str, kind: str) -> _T:
    for item in items:
        if item.name == name:
            return item
    raise KeyError(f"no {kind} called {name!r}")
