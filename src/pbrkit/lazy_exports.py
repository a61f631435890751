"""A package's names imported on first use (PEP 562), not when the package is imported.

Importing any module of a package runs the package's ``__init__`` first, so a package
that imports every module's names there makes a command needing one light module pay
for all of them. ``pbrkit cluster`` needs, for the figure registry, a parameter path of
:mod:`pbrkit.uncertainty`, and loaded scipy's optimize and stats with the package's
other modules: about 1 s of CPU in every run (benchmarks/results.md, "Round 14").

A name the same as a module of its package (``pbrkit.tender``'s ``sweep``) cannot be
exported so: importing the module binds its name in the package to the module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def exports(package: str, modules: Mapping[str, tuple[str, ...]]) -> Callable[[str], object]:
    """The module ``__getattr__`` of ``package``: the names ``modules`` gives for each of
    the package's modules are imported from that module when first used."""
    homes = {name: module for module, names in modules.items() for name in names}
    if clashes := sorted(homes.keys() & modules.keys()):
        raise ValueError(f"{package}: {', '.join(clashes)} name both a module and a name in it")

    def attribute(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{home}"), name)

    return attribute
