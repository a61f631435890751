"""Write ``mhnrg.xlsx``: a tiny ILLUSTRATIVE caseload in resource groups, not care clusters.

It goes with the reference set ``illustrative-mhnrg`` (``tariffs/illustrative-mhnrg``),
shaped like NHS England's successor currency (population groups, each in a community,
inpatient or crisis setting; string codes; priced per person-year). Its codes and
prices are invented, and so is every figure here: nine rows chosen so that the costing
can be checked by hand (days are multiples of 73 = 365 ÷ 5, so a per-person-year price
× days ÷ 365 comes out in whole pounds; see ``tests/test_mhnrg_currency.py``).

Usage::

    python examples/make_mhnrg.py            # rewrite examples/mhnrg.xlsx
    python examples/make_mhnrg.py --out DIR  # write it somewhere else

Then::

    pbrkit cost examples/mhnrg.xlsx --reference illustrative-mhnrg
    pbrkit tender examples/mhnrg.xlsx --reference illustrative-mhnrg
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd

HERE = Path(__file__).resolve().parent

#: code -> (people, days in the year). Hand-picked, not drawn: see the module docstring.
CASELOAD: dict[str, tuple[int, int]] = {
    "PSY_COM": (12, 2555),
    "PSY_INP": (3, 365),
    "PSY_CRI": (5, 73),
    "MA_COM": (20, 5110),
    "MA_INP": (2, 146),
    "MA_CRI": (4, 73),
    "NC_COM": (8, 2555),
    "NC_INP": (1, 219),
    "NC_CRI": (2, 73),
}

ABOUT = [
    "pbrkit example: ILLUSTRATIVE resource groups (the successor-currency shape)",
    "",
    "Every figure is MADE UP, and so are the codes and the prices in the reference set",
    "illustrative-mhnrg. Only the shape is real: NHS England's mental health and",
    "neurodevelopmental resource groups put people in population groups, each in a",
    "community, inpatient or crisis setting (https://hfma.org.uk/articles/new-mental-health-currency-unveiled).",
    "It shows that pbrkit takes its codes from the reference set, not from care clusters.",
    "Regenerate with: python examples/make_mhnrg.py",
    "",
    "Sheets",
    "  caseload: people and days per resource group (nine rows, one per code).",
    "  nhs: two invented cost pools. bidders: one invented outside provider.",
    "  lots: the community groups in one lot, crisis in another (codes written as text).",
    "",
    "Commands",
    "  pbrkit cost examples/mhnrg.xlsx --reference illustrative-mhnrg",
    "  pbrkit tender examples/mhnrg.xlsx --reference illustrative-mhnrg",
    "  (pbrkit cluster does not apply: allocation from ratings is for care clusters only.)",
]


def _make_examples() -> ModuleType:
    """``make_examples.py``, for its workbook writer (one format for every example)."""
    spec = importlib.util.spec_from_file_location("make_examples", HERE / "make_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build() -> dict[str, pd.DataFrame]:
    """The sheets of ``mhnrg.xlsx`` (no writing)."""
    caseload = pd.DataFrame(
        [
            {"cluster": code, "service_users": people, "cluster_days": days}
            for code, (people, days) in CASELOAD.items()
        ]
    )
    nhs = pd.DataFrame(
        {
            "pool": ["community and crisis teams", "inpatient wards"],
            "amount": [120_000, 265_000],
            "kind": ["variable", "fixed"],
            "shed_rate": [1.0, 0.0],
        }
    )
    bidders = pd.DataFrame(
        {"name": ["Invented Care Ltd"], "cost_factor": [0.9], "info_quality": [0.6]}
    )
    lots = pd.DataFrame(
        {
            "name": ["Community", "Crisis"],
            "clusters": ["PSY_COM, MA_COM, NC_COM", "PSY_CRI, MA_CRI, NC_CRI"],
            "award": ["fixed_tariff", "fixed_tariff"],
        }
    )
    return {"caseload": caseload, "nhs": nhs, "bidders": bidders, "lots": lots}


def main(out_dir: str | Path | None = None) -> Path:
    """Write ``mhnrg.xlsx`` into ``out_dir`` (default: this folder); return its path."""
    out = Path(out_dir) if out_dir is not None else HERE
    out.mkdir(parents=True, exist_ok=True)
    path = out / "mhnrg.xlsx"
    _make_examples().write_workbook(path, build(), ABOUT, {"amount": "£#,##0"})
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder")
    print(main(parser.parse_args().out))
