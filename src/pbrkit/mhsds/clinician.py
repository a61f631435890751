"""The clinician's cluster of each person's chosen assessment, from the periods kept.

The ``ratings`` sheet must agree with the ``patients`` sheet: an assessment's clinician's
cluster is that of the kept period with the same UniqClustID (the MHSDS link between
MHS801 and MHS803). When that period was left out (overlapping an earlier one, say) or
has no MHS803 row, it is the cluster of the person's kept period at the same provider
that holds the assessment date, as the overlap rule counts the person there on that day
(docs/methodology.md §9); with none, it is blank. Review 7b found the ratings sheet
giving cluster 13, from an overlapping period the import had left out, to a person the
patients sheet had in cluster 12.
"""

from __future__ import annotations

import pandas as pd

from pbrkit.mhsds.clean import KEY, PERSON, column
from pbrkit.mhsds.columns import CLUSTER_TOOL
from pbrkit.mhsds.quality import QualityLog

_ROW = "_row"


def clinician_clusters(
    chosen: pd.DataFrame, tool: pd.DataFrame, kept: pd.DataFrame, log: QualityLog
) -> pd.Series:
    """UniqClustID of each chosen assessment → its clinician's cluster (absent: blank).

    ``chosen`` holds ``_key``, ``_person`` and ``date`` (a day number); ``tool`` is the
    de-duplicated MHS801 table (for each assessment's ``OrgIDProv``); ``kept`` the
    periods the import kept, with ``_person``, ``OrgIDProv``, ``_key``, ``cluster``,
    ``start`` and ``end`` (exclusive, both clipped to the year).
    """
    own = chosen[KEY].map(kept.set_index(KEY)["cluster"])
    elsewhere = chosen.loc[own.isna().to_numpy()]
    provider = column(tool, "OrgIDProv").fillna("").astype(object).set_axis(tool[KEY].to_numpy())
    held = _holding_period(elsewhere.assign(OrgIDProv=elsewhere[KEY].map(provider)), kept)
    log.record(
        CLUSTER_TOOL,
        "assessment's care-cluster period not kept (left out, or no MHS803 row): "
        "clinician's cluster from the person's kept period holding the assessment date",
        elsewhere.loc[held.index],
        note="informational",
        left_out=False,
    )
    log.record(
        CLUSTER_TOOL,
        "assessment's care-cluster period not kept (left out, or no MHS803 row) and no kept "
        "period of the person holds its date: clinician's cluster blank",
        elsewhere.drop(index=held.index),
        note="the person's ratings row is kept, with no clinician's cluster to audit",
        left_out=False,
    )
    clusters: pd.Series = pd.concat([own.dropna(), held]).astype("int64")
    return clusters.set_axis(chosen.loc[clusters.index, KEY].to_numpy())


def _holding_period(assessments: pd.DataFrame, kept: pd.DataFrame) -> pd.Series:
    """Per assessment (its index), the cluster of the kept period of the same person and
    provider whose days hold its date; kept periods of one person at one provider never
    overlap, so there is at most one."""
    pairs = assessments[[PERSON, "OrgIDProv", "date"]].reset_index(names=_ROW)
    pairs = pairs.merge(kept[[PERSON, "OrgIDProv", "cluster", "start", "end"]])
    inside = (pairs["start"] <= pairs["date"]) & (pairs["date"] < pairs["end"])
    found = pairs.loc[inside].drop_duplicates(_ROW)
    return pd.Series(found["cluster"].to_numpy(), index=pd.Index(found[_ROW].to_numpy()))


def with_days(ratings: pd.DataFrame, patients: pd.DataFrame) -> pd.DataFrame:
    """The ratings sheet with each person's ``days`` and ``admitted_days`` in their
    clinician's cluster: the patients sheet's figures for that person and cluster.

    ``pbrkit cluster`` prices a changed patient over their days, else over one review
    period of the clinician's cluster (methodology §5.4); without these columns an
    imported workbook's £ at stake was priced on review periods though the real days
    sat in the patients sheet (review 7b). A blank cluster gives blank days.
    """
    days = patients[["patient_id", "cluster", "days", "admitted_days"]].astype(
        {"cluster": "Int64", "days": "Int64", "admitted_days": "Int64"}
    )
    joined = ratings[["patient_id", "cluster"]].merge(days, how="left", validate="many_to_one")
    at = list(ratings.columns).index("cluster") + 1
    sheet = ratings.copy()
    sheet.insert(at, "admitted_days", joined["admitted_days"].to_numpy())
    sheet.insert(at, "days", joined["days"].to_numpy())
    return sheet
