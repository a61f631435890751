"""The figures only ``pbrkit cluster``'s outputs show (see ``reports/registry.py``)."""

from __future__ import annotations

from pbrkit.reports.figures import Figure, Unit, register

__all__ = ["Figure", "Unit", "register"]
