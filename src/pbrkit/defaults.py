"""Defaults and choices that ``pbrkit --help`` shows, importable without pandas.

The command line builds its options when it starts; reading these from the modules
that use them would import pandas, numpy, matplotlib and pyarrow before any command
runs (0.9-2 s for ``pbrkit --help``). Those modules import them from here, so each
value is written once.
"""

from __future__ import annotations

from typing import Final

#: The reference set used when no ``--reference`` is given.
DEFAULT_REFERENCE: Final = "illustrative-2014-15"
#: Draws when neither the command line nor the scenario says (one exact draw).
DEFAULT_DRAWS: Final = 1
#: Draws per grid point of ``pbrkit sweep`` unless told otherwise.
DEFAULT_SWEEP_DRAWS: Final = 100
#: The financial year a costing's year 0 is labelled when ``--first-year`` is not given.
DEFAULT_FIRST_YEAR: Final = "2024/25"
#: The blank input workbooks ``pbrkit template`` writes.
TEMPLATE_NAMES: Final = ("cost", "ratings", "tender")
#: The commands whose reading ``pbrkit validate --for`` runs.
VALIDATE_COMMANDS: Final = ("cost", "cluster", "tender")
