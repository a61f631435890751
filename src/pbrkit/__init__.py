"""pbrkit: the money behind England's mental-health Payment by Results, made visible.

The library functions are pure: they take data frames and options and return result
objects. The ``pbrkit`` command line wraps them; the reports render their results.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pbrkit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
