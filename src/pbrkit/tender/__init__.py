"""Tender simulation: outside providers cherry-pick clusters and patients (docs/methodology.md §6).

The pipeline, one module per step:

1. :mod:`~pbrkit.tender.population`: patients with NHS cost c_i and tariff income P_i,
   from patient rows or synthesised from caseload aggregates;
2. :mod:`~pbrkit.tender.model`: bidders, lots and the NHS cost structure;
3. :mod:`~pbrkit.tender.selection`: each bidder's noisy cost signal and its choice of
   patients;
4. :mod:`~pbrkit.tender.award`: fixed-tariff and competitive awards, lot by lot;
5. :mod:`~pbrkit.tender.metrics`: the residue figures;
6. :mod:`~pbrkit.tender.simulate`: Monte Carlo draws → :class:`TenderResult`;
7. :mod:`~pbrkit.tender.sweep` and :mod:`~pbrkit.tender.scenario`: parameter grids and
   scenario files.
"""

from pbrkit.tender.metrics import BIDDER_FIGURES, FIGURES
from pbrkit.tender.model import (
    Bidder,
    CostPool,
    Lot,
    NhsCostStructure,
    TenderSpec,
    parse_cluster_list,
)
from pbrkit.tender.population import (
    check_population,
    deflate_income,
    population_from_patients,
    synthesise_population,
)
from pbrkit.tender.scenario import Scenario, apply_scenario, load_scenario, parse_scenario
from pbrkit.tender.simulate import TenderResult, simulate_tender
from pbrkit.tender.sweep import parse_vary, set_parameter, sweep

__all__ = [
    "BIDDER_FIGURES",
    "FIGURES",
    "Bidder",
    "CostPool",
    "Lot",
    "NhsCostStructure",
    "Scenario",
    "TenderResult",
    "TenderSpec",
    "apply_scenario",
    "check_population",
    "deflate_income",
    "load_scenario",
    "parse_cluster_list",
    "parse_scenario",
    "parse_vary",
    "population_from_patients",
    "set_parameter",
    "simulate_tender",
    "sweep",
    "synthesise_population",
]
