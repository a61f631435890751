"""qa22: a month with no MHS803 submission overstates a period, it does not lose it.

Found re-checking `pbrkit import mhsds` on examples/mhsds without its August 2017 files:
cluster days went UP (59,327 to 60,840) and people in a cluster down (345 to 332), while
the warning said only "a period that ended in such a month may be missing". A closed
period is not submitted again, so a period whose end only the missing month reported is
read as still open, and the person's next period is left out as overlapping.
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import care, caseload_of, reasons, run
from pbrkit.mhsds.importer import MISSING_MONTH_EFFECT

APRIL_2017, AUGUST_2017, MARCH_2018 = 1405, 1409, 1416


def _extract(with_august: bool) -> dict[str, list[dict[str, str]]]:
    """P1 in cluster 3 from 1 April 2017, ended 2 August (reported in August's
    submission only, as MHSDS does for a closed period), then cluster 1 from 2 August."""
    first = {"UniqClustID": "RXX1", "AMHCareClustCodeFin": "03"}
    second = {"UniqClustID": "RXX2", "AMHCareClustCodeFin": "01"}
    second["StartDateCareClust"] = "2017-08-02"
    files = {}
    for month in range(APRIL_2017, MARCH_2018 + 1):
        if month == AUGUST_2017 and not with_august:
            continue
        periods = []
        if month <= AUGUST_2017:
            end = "2017-08-02" if month == AUGUST_2017 else ""
            periods.append({**first, "EndDateCareClust": end, "MHS803UniqID": f"{month}1"})
        if month >= AUGUST_2017:
            periods.append({**second, "MHS803UniqID": f"{month}2"})
        files[f"MHS803CareCluster_{month}.csv"] = [
            care(UniqMonthID=str(month), UniqSubmissionID=str(month), **period)
            for period in periods
        ]
    return files


def test_with_every_month_the_two_periods_are_counted(tmp_path: Path) -> None:
    # Cluster 3: 1 April to 1 August = 30 + 31 + 30 + 31 + 1 = 123 days; cluster 1:
    # 2 August to 31 March = 30 + 30 + 31 + 30 + 31 + 31 + 28 + 31 = 242 days.
    result = run(tmp_path, _extract(with_august=True))
    assert caseload_of(result) == {3: (1, 123, 1, 0), 1: (1, 242, 1, 0)}
    assert result.warnings == ()


def test_without_august_the_first_period_runs_on_and_the_second_is_dropped(
    tmp_path: Path,
) -> None:
    # Without August, cluster 3 reads as open all year (365 days, not 123) and the
    # cluster-1 period that follows overlaps it, so it is left out: nothing is missing
    # from the days, they are in the wrong cluster.
    result = run(tmp_path, _extract(with_august=False))
    assert caseload_of(result) == {3: (1, 365, 1, 0)}
    assert any("overlapping" in reason for reason in reasons(result))
    (warning,) = result.warnings
    assert warning == (
        f"no MHS803CareCluster submission for 1 month(s) of 2017/18: Aug 2017. "
        f"{MISSING_MONTH_EFFECT}"
    )
    # The warning says what happened here, not only that a period "may be missing".
    assert "counted as still open" in warning
    assert "left out as overlapping" in warning
    assert "may be missing" not in warning
