"""pbrkit: the money behind England's mental-health Payment by Results, made visible.

The library functions are pure: they take data frames and options and return result
objects. The ``pbrkit`` command line wraps them; the reports render their results.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is looked up when first asked for: importlib.metadata takes about
    # 0.1 s to import, half of what `pbrkit --help` may take.
    if name != "__version__":
        raise AttributeError(f"module 'pbrkit' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("pbrkit")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
