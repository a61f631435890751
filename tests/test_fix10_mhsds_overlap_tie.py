"""Two overlapping MHSDS periods of one person at one provider with the same start: the
one with the lower UniqClustID is kept, its digits compared as numbers (fix10, item 3).

The overlap rule sorted UniqClustID as text, so "RXX10" came before "RXX9" (the
character 1 before 9) and the 10th period was kept; the tie-break of two assessments on
one date already used the natural order (RXX9 < RXX10, commit dcdf50d). Both now use
``natural_rank`` (docs/methodology.md §9). This test failed on the old code (RXX10 kept).
"""

from __future__ import annotations

from pathlib import Path

from mhsds_helpers import care, reasons, run


def test_rxx9_is_lower_than_rxx10_when_two_periods_start_together(tmp_path: Path) -> None:
    # Both start 2017-04-01 and are open, so they overlap every day; RXX9 (cluster 3) is
    # the lower UniqClustID and is kept, RXX10 (cluster 11) is left out.
    for order in (("RXX9", "RXX10"), ("RXX10", "RXX9")):  # either order in the file
        clusters = {"RXX9": "03", "RXX10": "11"}
        rows = [
            care(UniqClustID=key, AMHCareClustCodeFin=clusters[key], MHS803UniqID=str(n))
            for n, key in enumerate(order, start=1)
        ]
        result = run(tmp_path / "-".join(order), {"MHS803CareCluster.csv": rows})
        assert result.patients["cluster"].tolist() == [3], order
        assert (
            reasons(result)["overlapping periods for one person (the later one is left out)"] == 1
        )
