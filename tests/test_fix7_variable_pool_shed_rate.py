"""summary.json gives no shed rate for a variable cost pool (fix7, item 4).

A variable pool goes when its activity goes; the shed rate s weighs the fixed pools
alone (docs/methodology.md §6.2), so a variable pool has none. The Assumptions tables
left it blank (review 10), but summary.json's ``nhs.pools`` still listed the model's
default, ``"shed_rate": 0.25``, for a variable pool whose row gave none, as if it
applied. It is now null there, as blank in the tables; a fixed pool keeps its rate.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

NHS = (
    "pool,amount,kind,shed_rate,serves_taken\n"
    "Community staff,600000,variable,,no\n"
    "Wards,300000,fixed,0.1,yes\n"
    "Estates,100000,fixed,,no\n"
)


def test_a_variable_pool_has_no_shed_rate_in_summary_json(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (book / "caseload.csv").write_text("cluster,service_users,cluster_days\n4,50,9100\n")
    (book / "nhs.csv").write_text(NHS)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(book), "--draws", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    rates = {p["pool"]: p["shed_rate"] for p in summary["nhs"]["pools"]}
    # Estates gives none: the default 0.25 applies to a fixed pool. Community staff is
    # variable: no shed rate at all.
    assert rates == {"Community staff": None, "Wards": 0.1, "Estates": 0.25}
    # s = the amount-weighted shed rate of the fixed pools that do not serve the people
    # taken: Estates alone (Wards serves them), so s = 0.25; the variable pool is not in it.
    assert summary["nhs"]["shed_rate"] == 0.25
