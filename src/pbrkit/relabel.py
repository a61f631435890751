"""Codes as the reference set writes them, for the reports (docs/methodology.md §3).

Costing and the tender model hold each code as an integer key
(:mod:`pbrkit.currency`). For a set with integer codes (care clusters) the key is
the code and nothing here changes a result, so those reports stay as they were. For
a set with text codes, the keys in a finished result are swapped for the codes
(``PSY_COM``) just before the reports are written.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

import pandas as pd

from pbrkit.costing import CostingResult, CostInputs
from pbrkit.currency import Currency
from pbrkit.tender.accounts import TenderAccounts
from pbrkit.tender.model import TenderSpec

Frame = TypeVar("Frame", pd.DataFrame, pd.Series)

#: Columns that hold a code key, wherever they appear in a result's frames.
CODE_COLUMNS = ("cluster", "clinician_cluster", "suggested_cluster")


def with_codes(frame: Frame, currency: Currency) -> Frame:
    """``frame`` with every code key (index level or column named as one) as its code."""
    if currency.code_kind == "integer":
        return frame
    out = frame.copy()
    names = list(out.index.names)
    if any(name in CODE_COLUMNS for name in names):
        if isinstance(out.index, pd.MultiIndex):
            levels: list[Any] = [
                level.map(lambda k: currency.code_of(int(k)))
                if level.name in CODE_COLUMNS
                else level
                for level in out.index.levels
            ]
            out.index = out.index.set_levels(levels)
        else:
            out.index = out.index.map(lambda k: currency.code_of(int(k))).rename(names[0])
    if isinstance(out, pd.DataFrame):
        for column in CODE_COLUMNS:
            if column in out.columns:
                out[column] = [
                    k if pd.isna(k) else currency.code_of(int(k)) for k in out[column].tolist()
                ]
    return out


Result = TypeVar("Result", CostingResult, CostInputs)


def costing_with_codes(result: Result, currency: Currency) -> Result:
    """Costing inputs or a result with the set's codes in every frame (integer codes: as is)."""
    if currency.code_kind == "integer":
        return result
    frames = {
        f.name: with_codes(getattr(result, f.name), currency)
        for f in dataclasses.fields(result)
        if isinstance(getattr(result, f.name), pd.DataFrame | pd.Series)
    }
    return dataclasses.replace(result, **frames)


def spec_with_codes(spec: TenderSpec, currency: Currency) -> TenderSpec:
    """A tender whose lots and bidders name the set's codes, for the reports only."""
    if currency.code_kind == "integer":
        return spec

    def codes(keys: frozenset[int] | None) -> frozenset[Any] | None:
        return None if keys is None else frozenset(currency.code_of(k) for k in keys)

    # model_copy does not validate: the code sets are for display, never simulated.
    lots = tuple(lot.model_copy(update={"clusters": codes(lot.clusters)}) for lot in spec.lots)
    bidders = tuple(b.model_copy(update={"clusters": codes(b.clusters)}) for b in spec.bidders)
    return spec.model_copy(update={"lots": lots, "bidders": bidders})


def tender_with_codes(report: TenderAccounts, currency: Currency) -> TenderAccounts:
    """A tender report with the set's codes in every table and lot (integer codes: as is)."""
    if currency.code_kind == "integer":
        return report
    result = report.result
    frames = {
        f.name: with_codes(getattr(result, f.name), currency)
        for f in dataclasses.fields(result)
        if isinstance(getattr(result, f.name), pd.DataFrame)
    }
    result = dataclasses.replace(result, spec=spec_with_codes(result.spec, currency), **frames)
    years = None if report.years is None else with_codes(report.years, currency)
    return dataclasses.replace(
        report, result=result, clusters=with_codes(report.clusters, currency), years=years
    )
