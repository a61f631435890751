"""What the uncertainty machinery needs of a model, and the figures it reports on."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

#: ``model(values, seed) → {figure: value}``: one run at parameter ``values`` (path →
#: number; paths not given stay as the inputs have them) with selection noise ``seed``.
#: It must be a pure function of its arguments, and picklable to run on other processes.
Model = Callable[[Mapping[str, float], int], dict[str, float]]

#: The two figures the reports lead with (the NHS provider's, and the whole public
#: sector's, change in money).
NHS_SURPLUS: Final = "nhs_surplus_change"
PUBLIC_SPENDING: Final = "public_spending_change"
