"""numba, imported only when a compiled pass is first wanted (the ``fast`` extra).

The allocation kernel, the group-bys and the pricing pass each compile a few
functions with numba. Importing numba costs 0.15-0.5 s, so a command or a run too
small to use a pass must not pay for it: each module declares its passes with
:func:`loader`, which imports numba and compiles them on the first call only, and
gives None when numba is not installed (the callers then use numpy or pandas, with
the same results). :func:`required` is for code that has already asked.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable
from typing import Any, TypeVar

Passes = TypeVar("Passes")


def installed() -> bool:
    """Whether numba (the optional ``fast`` extra) is installed (numba not imported)."""
    return importlib.util.find_spec("numba") is not None


def loader(build: Callable[[Any], Passes]) -> Callable[[], Passes | None]:
    """A function giving ``build(numba)``, made on its first call and kept; None
    without numba."""

    @functools.cache
    def load() -> Passes | None:
        if not installed():
            return None
        import numba

        return build(numba)

    return load


def required(load: Callable[[], Passes | None]) -> Passes:
    """The passes of ``load``, for callers that have checked they can be used."""
    passes = load()
    if passes is None:  # callers ask their module's gate (compiled(), usable()) first
        raise RuntimeError("numba is not installed")
    return passes
