"""A reference set's currency: its codes, their roles and spellings (docs/methodology.md §3).

Nothing here knows care clusters. Which codes exist, which one is the fallback
(variance), which one means "not assessed", which are unused, how a code may be
written and how the codes group into superclasses all come from the set's
``clusters.csv`` and ``set.toml``, read by :mod:`pbrkit.reference`.

Inside pbrkit every code is held as a small non-negative integer *key* (costing,
pricing and the tender model work on integer arrays). For a set whose codes are
integers the key is the code itself, so nothing changes for care clusters; for a set
with text codes the key is the code's row number in ``clusters.csv`` (1, 2, ...), so
sorting by key keeps the set's own order. :meth:`Currency.code_of` turns a key back
into the code the user wrote, for every report.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Concatenate, Final, Literal, ParamSpec, Protocol, TypeVar

CodeKind = Literal["integer", "text"]
Code = int | str
Target = TypeVar("Target")

#: What a row of ``clusters.csv`` may be, besides an ordinary (profiled) code.
VARIANCE: Final = "variance"
NOT_ASSESSED: Final = "not assessed"
UNUSED: Final = "unused"
ROLES: Final = ("", VARIANCE, NOT_ASSESSED, UNUSED)


@dataclass(frozen=True)
class Currency:
    """The codes of one reference set, in ``clusters.csv`` order.

    ``unit``: the word before a code in messages (``cluster 9``); ``name``: what the
    codes are (``care cluster``); ``prefixes``: words an integer code may be written
    after (``C3``, ``Cluster 3``);
    ``aliases``: other spellings of a code, casefolded, each naming one key.
    """

    unit: str
    name: str
    code_kind: CodeKind
    price_unit: str
    keys: tuple[int, ...]
    codes: tuple[Code, ...]
    names: tuple[str, ...]
    superclasses: tuple[str, ...]
    roles: tuple[str, ...]
    prefixes: tuple[str, ...] = ()
    aliases: Mapping[str, int] = field(default_factory=dict)
    #: Spellings to show in messages, e.g. ``3, 03, C3, Cluster 3, MHCC03``.
    examples: str = ""
    #: What the set says of its unused codes (care clusters: "should not be used").
    unused_note: str = "not used"
    #: Whether ``pbrkit cluster`` applies: MHCT ratings allocated to these codes.
    allocates_from_ratings: bool = False

    def __post_init__(self) -> None:
        pattern = "|".join(re.escape(p) for p in sorted(self.prefixes, key=len, reverse=True))
        prefix = rf"(?:(?:{pattern})[\s_\-]*)?" if pattern else ""
        object.__setattr__(
            self, "_integer_re", re.compile(rf"^{prefix}0*(\d{{1,3}})(?:\.0*)?$", re.IGNORECASE)
        )

    # -- the codes and their roles ------------------------------------------------

    @property
    def integer_pattern(self) -> re.Pattern[str]:
        """How an integer code may be written (``3``, ``03``, ``3.0`` and the prefixes)."""
        pattern: re.Pattern[str] = self._integer_re  # type: ignore[attr-defined]
        return pattern

    def _with_role(self, role: str) -> tuple[int, ...]:
        return tuple(k for k, r in zip(self.keys, self.roles, strict=True) if r == role)

    @functools.cached_property
    def valid(self) -> frozenset[int]:
        """Keys activity may carry: every code but the unused ones."""
        return frozenset(self.keys) - frozenset(self._with_role(UNUSED))

    @functools.cached_property
    def unused(self) -> frozenset[int]:
        """Keys a set lists but that should not be used (cluster 9 for care clusters)."""
        return frozenset(self._with_role(UNUSED))

    @functools.cached_property
    def profiled(self) -> frozenset[int]:
        """Keys an allocation grid may describe: those with no special role."""
        return frozenset(self._with_role(""))

    @functools.cached_property
    def variance(self) -> int | None:
        """The fallback key when no profile fits (None: the set has none)."""
        found = self._with_role(VARIANCE)
        return found[0] if found else None

    @functools.cached_property
    def not_assessed(self) -> int | None:
        """The key for "not assessed" (None: the set has none)."""
        found = self._with_role(NOT_ASSESSED)
        return found[0] if found else None

    def code_of(self, key: int) -> Code:
        """The code as the set writes it."""
        if self.code_kind == "integer":
            return int(key)
        return self.codes[self.keys.index(int(key))]

    def name_of(self, key: int) -> str:
        """The code's name from ``clusters.csv``."""
        return self.names[self.keys.index(int(key))]

    def superclass_of(self, key: int) -> str | None:
        """The key's superclass, None for a key the set does not list."""
        try:
            return self.superclasses[self.keys.index(int(key))]
        except ValueError:
            return None

    # -- reading what users write ---------------------------------------------------

    def key_of(self, text: object) -> int | None:
        """The key a spelling names, listed in the set or not (unused codes included).

        Integer sets: any integer spelling (``C9`` → 9, ``22`` → 22); text sets: a code
        or alias of the set. None when the text names no code.
        """
        spelled = str(text).strip()
        alias = self.aliases.get(spelled.casefold())
        if alias is not None:
            return alias
        if self.code_kind == "integer":
            match = self.integer_pattern.fullmatch(spelled)
            return int(match.group(1)) if match else None
        return None

    def parse(self, text: object) -> int | None:
        """The key of a valid code, None for anything else."""
        key = self.key_of(text)
        return key if key is not None and key in self.valid else None

    def spelled_unused(self, text: object) -> bool:
        """True when the text names one of the set's unused codes."""
        return self.key_of(text) in self.unused

    # -- describing the codes in messages -----------------------------------------

    def describe_valid(self) -> str:
        """``0-8, 10-21, or 99 for not assessed``: the valid codes, runs joined."""
        ordinary = [k for k in self.keys if k in self.valid and k != self.not_assessed]
        text = ", ".join(_runs(ordinary, self))
        if self.not_assessed is not None:
            text += f", or {self.code_of(self.not_assessed)} for not assessed"
        return text

    def ranged_order(self) -> list[int]:
        """Keys a range may span, in the set's order: all but "not assessed"."""
        return [k for k in self.keys if k != self.not_assessed]

    def ranged_span(self) -> str:
        """``0-21``: the first and last code a range may name."""
        order = self.ranged_order()
        return f"{self.code_of(order[0])}-{self.code_of(order[-1])}" if order else ""

    def describe_codes(self) -> str:
        """``0-21 without 9, and 99``: every valid code, in one phrase."""
        if self.code_kind == "integer":
            text = self.ranged_span()
            if self.unused:
                text += " without " + ", ".join(str(k) for k in sorted(self.unused))
        else:
            text = ", ".join(str(self.code_of(k)) for k in self.ranged_order() if k in self.valid)
        if self.not_assessed is not None:
            text += f", and {self.code_of(self.not_assessed)}"
        return text

    def describe_expected(self) -> str:
        """``a cluster code 0-8, 10-21 or 99 (e.g. 3, 03, C3)``: what a cell may hold."""
        runs = list(_runs([k for k in self.keys if k in self.valid], self))
        listed = ", ".join(runs[:-1]) + f" or {runs[-1]}" if len(runs) > 1 else "".join(runs)
        shown = f" (e.g. {self.examples})" if self.examples else ""
        return f"a {self.unit} code {listed}{shown}"

    def unused_message(self, key: int) -> tuple[str, str]:
        """Problem and fix for an unused code, naming it as the set does."""
        message = f"{self.unit} {self.code_of(key)} is not used ('{self.name_of(key)}')"
        fallback = self.variance
        if fallback is None:
            return message, f"use one of {self.describe_valid()}"
        return message, (
            f"re-cluster the activity or record it as {self.code_of(fallback)} "
            f"({self.name_of(fallback).split(' (')[0].casefold()})"
        )

    def describe_list(self, codes: Iterable[Code]) -> str:
        """``1-4, 8-10, 99``: codes (or keys) in the set's order.

        Runs of neighbours among the valid integer codes are collapsed (an unused code
        between two does not break a run: 8-10 for care clusters).
        """
        listed = list(self.codes)
        keys = [self.keys[listed.index(c)] if c in listed else int(c) for c in codes]
        order = [k for k in self.ranged_order() if k in self.valid]
        position = {k: i for i, k in enumerate(order)}
        runs: list[list[int]] = []
        for key in self.natural_order(set(keys)):
            at = position.get(key)
            # Text codes are listed one by one: "PSY_COM-PSY_CRI" would hide what is in it.
            if (
                runs
                and at is not None
                and self.code_kind == "integer"
                and position.get(runs[-1][-1]) == at - 1
            ):
                runs[-1].append(key)
            else:
                runs.append([key])
        return ", ".join(
            str(self.code_of(r[0]))
            if len(r) == 1
            else f"{self.code_of(r[0])}-{self.code_of(r[-1])}"
            for r in runs
        )

    def natural_order(self, keys: Iterable[int]) -> list[int]:
        """Keys in the set's row order; keys it does not list last, ascending."""
        position = {k: i for i, k in enumerate(self.keys)}
        return sorted(keys, key=lambda k: (position.get(k, len(position)), k))


def _runs(keys: list[int], currency: Currency) -> Iterator[str]:
    """Consecutive integer keys as ``a-b``; text codes one by one."""
    if currency.code_kind != "integer":
        yield from (str(currency.code_of(k)) for k in keys)
        return
    start = previous = None
    for key in [*keys, None]:
        if key is not None and previous is not None and key == previous + 1:
            previous = key
            continue
        if start is not None:
            yield str(start) if start == previous else f"{start}-{previous}"
        start = previous = key


def in_order(codes: Iterable[Code]) -> list[Code]:
    """Codes in the active set's order (``clusters.csv`` rows); unlisted ones last, sorted."""
    listed = {code: i for i, code in enumerate(active_currency().codes)}
    return sorted(codes, key=lambda c: (listed.get(c, len(listed)), str(c)))


def as_code(value: object) -> Code:
    """A code for a report: text as is, a number as a Python int (JSON-ready)."""
    return value if isinstance(value, str) else int(value)  # type: ignore[call-overload]


#: How a list of codes is written, one way for a sheet's cell and a scenario's key
#: (pbrkit.io.parse and pbrkit.tender.model read them): the words for every code but
#: "not assessed", what separates the list's parts, and what joins a range's two ends
#: ("1-4", "1–4" as Excel autocorrects it, "1 to 4").
ALL_CODES_WORDS: Final = frozenset({"all", "*", "any"})
LIST_SEPARATOR: Final = r"[,;]"
RANGE_JOIN: Final = r"(?:-|–|to)"

_ACTIVE: ContextVar[Currency | None] = ContextVar("pbrkit_currency", default=None)


def active_currency() -> Currency:
    """The currency being read: the one set by :func:`using_currency`, else the default set's."""
    current = _ACTIVE.get()
    if current is not None:
        return current
    from pbrkit.reference import default_currency

    return default_currency()


def in_currency(
    currency: Currency | None, writers: Mapping[str, Callable[[Target], None]]
) -> dict[str, Callable[[Target], None]]:
    """``writers`` that each run inside :func:`using_currency` (as is for None)."""
    if currency is None:
        return dict(writers)

    def bound(write: Callable[[Target], None]) -> Callable[[Target], None]:
        def run(target: Target) -> None:
            with using_currency(currency):
                write(target)

        return run

    return {name: bound(write) for name, write in writers.items()}


@contextmanager
def using_currency(currency: Currency) -> Iterator[Currency]:
    """Read and report codes in ``currency`` inside the ``with`` block."""
    token = _ACTIVE.set(currency)
    try:
        yield currency
    finally:
        _ACTIVE.reset(token)


class _HasCurrency(Protocol):
    @property
    def currency(self) -> Currency: ...


_P = ParamSpec("_P")
_R = TypeVar("_R")
_Ref = TypeVar("_Ref", bound=_HasCurrency)


def in_reference_currency(
    read: Callable[Concatenate[Path, _Ref, _P], _R],
) -> Callable[Concatenate[Path, _Ref, _P], _R]:
    """Make a reader ``read(path, reference, ...)`` read in the reference set's currency.

    The codes and spellings a workbook may use are the reference set's (its
    currency), so every reader of a workbook against a reference set runs inside it.
    """

    @functools.wraps(read)
    def reader(path: Path, reference: _Ref, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with using_currency(reference.currency):
            return read(path, reference, *args, **kwargs)

    return reader
