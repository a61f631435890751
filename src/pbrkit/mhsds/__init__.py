"""Read what trusts hold: MHSDS care-cluster extracts into a pbrkit input workbook.

From January 2016 to March 2024 every care-cluster assignment, clustering-tool
assessment and rated item a trust recorded went into the Mental Health Services Data
Set tables MHS803CareCluster, MHS801ClusterTool and MHS802ClusterAssess; hospital spells
went into MHS501HospProvSpell. :func:`import_mhsds` turns a folder of those tables
(monthly submissions, CSV or Parquet) into the ``caseload``, ``patients`` and
``ratings`` sheets that ``pbrkit cost``, ``cluster`` and ``tender`` read, with every row
left out counted and explained. The rules are in docs/methodology.md, "Importing MHSDS
extracts".

One module per job: :mod:`.year` (financial years and month ids), :mod:`.columns`
(table and column names, ``--columns``), :mod:`.read` (files into columnar frames),
:mod:`.clean` (codes, dates, people, de-duplication), :mod:`.quality` (rows left out),
:mod:`.periods` (days, caseload, admitted days), :mod:`.items` (rated items),
:mod:`.workbook` (the output) and :mod:`.importer` (the whole import).
"""

from __future__ import annotations

from pbrkit.mhsds.importer import MhsdsImport, import_mhsds

__all__ = ["MhsdsImport", "import_mhsds"]
