"""Uncertainty that tells the truth: which assumptions matter, and how much.

1. :mod:`~pbrkit.uncertainty.params` and :mod:`~pbrkit.uncertainty.distributions`:
   uncertain parameters (an 80% interval each) and their fitted distributions;
2. :mod:`~pbrkit.uncertainty.sampling`: Latin hypercube samples and noise seeds;
3. :mod:`~pbrkit.uncertainty.psa`: probabilistic sensitivity analysis;
4. :mod:`~pbrkit.uncertainty.tornado`: one parameter at a time;
5. :mod:`~pbrkit.uncertainty.sensitivity`: each parameter's share of the variance;
6. :mod:`~pbrkit.uncertainty.threshold`: break-even points;
7. :mod:`~pbrkit.uncertainty.executor`: where work units run;
8. :mod:`~pbrkit.uncertainty.tender_model`: the adapter to the tender model.

Everything but the adapter sees a model only as ``model(values, seed) → figures``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pbrkit.lazy_exports import exports

if TYPE_CHECKING:  # imported on first use (pbrkit.lazy_exports): params alone is light
    from pbrkit.uncertainty.executor import Executor
    from pbrkit.uncertainty.params import (
        ParameterCheck,
        ParameterPath,
        ParameterRow,
        UncertainParameter,
        check_parameters,
        parse_path,
    )
    from pbrkit.uncertainty.psa import PsaResult, run_psa
    from pbrkit.uncertainty.sensitivity import variance_shares
    from pbrkit.uncertainty.threshold import Threshold, ThresholdSearch, run_threshold
    from pbrkit.uncertainty.tornado import Tornado, run_tornado

__getattr__ = exports(
    __name__,
    {
        "executor": ("Executor",),
        "params": (
            "ParameterCheck",
            "ParameterPath",
            "ParameterRow",
            "UncertainParameter",
            "check_parameters",
            "parse_path",
        ),
        "psa": ("PsaResult", "run_psa"),
        "sensitivity": ("variance_shares",),
        "threshold": ("Threshold", "ThresholdSearch", "run_threshold"),
        "tornado": ("Tornado", "run_tornado"),
    },
)

__all__ = [
    "Executor",
    "ParameterCheck",
    "ParameterPath",
    "ParameterRow",
    "PsaResult",
    "Threshold",
    "ThresholdSearch",
    "Tornado",
    "UncertainParameter",
    "check_parameters",
    "parse_path",
    "run_psa",
    "run_threshold",
    "run_tornado",
    "variance_shares",
]
