"""``--tariff-change``, ``--cost-change`` and ``--efficiency``: the what-if levers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from pbrkit.errors import InputError
from pbrkit.levers import Change, Levers, parse_share, read_changes

F = TypeVar("F", bound=Callable[..., Any])


def _changes(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[Change, ...]:
    # The values only: a code is read against the reference set once it loads (the
    # workflow), since --reference may name a set whose codes are text (PSY_CRI).
    try:
        return read_changes(value, param.opts[0])
    except InputError as error:
        raise click.BadParameter(_unnamed(error, param), ctx, param) from None


def _efficiency(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    # Below 100%: a cost cannot fall by all of itself every year.
    if value is None:
        return None
    try:
        share = parse_share(value, "--efficiency", low=0.0, high=0.99)
    except InputError as error:
        message = _unnamed(error, param)
        written = value.strip()
        if not written.endswith("%") and _number(written) >= 1:
            # "1.1" is the Payment Scheme's 1.1% without its sign, read as 110%.
            message += (
                f" (a number without % is a fraction, 0.011 is 1.1%: write {written}% "
                "if that is meant)"
            )
        raise click.BadParameter(message, ctx, param) from None
    return share


def _unnamed(error: InputError, param: click.Parameter) -> str:
    """The lever's message without its leading option name: click already starts it
    with "Invalid value for '--tariff-change':" (a scenario file or a library caller
    gets the name from the message itself)."""
    message = str(error)
    named = f"{param.opts[0]}: "
    return message.removeprefix(named)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def lever_options(function: F) -> F:
    """``--tariff-change``, ``--cost-change`` (repeatable) and ``--efficiency`` 0%."""
    return _levers(function, efficiency_default="0%")


def tender_lever_options(function: F) -> F:
    """The levers for ``pbrkit tender``: each one given replaces the scenario's."""
    return _levers(function, efficiency_default=None)


def _levers(function: F, *, efficiency_default: str | None) -> F:
    default_text = "" if efficiency_default else " [default: the scenario's, else 0%]"
    function = click.option(
        "--efficiency",
        default=efficiency_default,
        metavar="PCT",
        show_default=efficiency_default is not None,
        callback=_efficiency,
        help="Yearly cost improvement in a projection (--years 2 or more), e.g. 1.1% (the "
        "NHS Payment Scheme 2023/24 efficiency factor): cost × (1 − e) a year." + default_text,
    )(function)
    function = click.option(
        "--cost-change",
        "cost_changes",
        multiple=True,
        callback=_changes,
        metavar="[CODE=]PCT",
        help="What-if: change every unit cost (e.g. -3%) or one code's costs (e.g. 14=8%, or "
        "PSY_CRI=8% in a set with text codes). Repeatable; a code's own change replaces the "
        "all-code one for it.",
    )(function)
    function = click.option(
        "--tariff-change",
        "tariff_changes",
        multiple=True,
        callback=_changes,
        metavar="[CODE=]PCT",
        help="What-if: change every price (e.g. 5%) or one code's (e.g. 13=10%, or "
        "PSY_CRI=10% in a set with text codes). Repeatable; a code's own change replaces "
        "the all-code one for it.",
    )(function)
    return function


def levers_from(tariff_changes: tuple[Change, ...], cost_changes: tuple[Change, ...]) -> Levers:
    """The :class:`Levers` for the options' values (codes read once the set loads)."""
    return Levers(tariff=tariff_changes, cost=cost_changes)
