"""Each run builds its document once: summary.json and every report render that one.

``pbrkit cost|cluster|tender|psa|sweep`` used to build (and, with ``--publish``,
publish) the document once for the summary and the terminal line and again for the
four report files; a PSA run built it again for psa.parquet (and ``tender --psa`` for
its psa object and again for psa.parquet). The builder each workflow calls is counted
over one CLI run; so is the making of the summary.json object, which the file and the
terminal line now share.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

CLUSTERS = "examples/clusters.xlsx"
RATINGS = "examples/ratings.xlsx"
PSA = ["--uncertainty", "examples/uncertainty.csv", "--samples", "4", "--workers", "1"]

#: (the command line, the workflow module and the name of the builder it calls)
CASES: dict[str, tuple[list[str], str, str]] = {
    "cost": (["cost", CLUSTERS], "pbrkit.workflows.cost", "cost_document"),
    "cluster": (["cluster", RATINGS], "pbrkit.workflows.cluster", "cluster_document"),
    "tender": (["tender", CLUSTERS], "pbrkit.workflows.tender", "tender_document"),
    "psa": (["psa", CLUSTERS, *PSA], "pbrkit.workflows.uncertainty", "psa_document"),
    # tender --psa: the PSA's document gives both the tender's psa object and psa.parquet.
    "tender-psa": (
        ["tender", CLUSTERS, "--psa", "4", *PSA[:2], *PSA[-2:]],
        "pbrkit.workflows.uncertainty",
        "psa_document",
    ),
}


def counting(calls: list[str], build: Callable[..., object]) -> Callable[..., object]:
    def counted(*args: object, **kwargs: object) -> object:
        calls.append(build.__name__)
        return build(*args, **kwargs)

    return counted


@pytest.mark.parametrize("publish", [[], ["--publish"]], ids=["exact", "publish"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_run_builds_its_document_once(
    case: str, publish: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, module_name, builder = CASES[case]
    module = importlib.import_module(module_name)
    calls: list[str] = []
    monkeypatch.setattr(module, builder, counting(calls, getattr(module, builder)))

    result = CliRunner().invoke(cli, [*args, *publish, "--out", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "summary.json").is_file()
    assert calls == [builder]


#: explore: the page's summary.json was made for the terminal and again for the file.
EXPLORE = ["explore", "examples/scenarios/probation-style-split.toml", "--draws", "2",
           "--vary", "nhs.fixed_cost_share=0.2:0.8:2"]  # fmt: skip


@pytest.mark.parametrize("command", [["cost", CLUSTERS], EXPLORE], ids=["cost", "explore"])
@pytest.mark.parametrize("publish", [[], ["--publish"]], ids=["exact", "publish"])
def test_summary_json_is_made_once_for_the_file_and_the_terminal(
    command: list[str], publish: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The terminal line (and --json's stdout) and summary.json were each made from the
    # document; now one object is made and the file written from it.
    from pbrkit.reports.render import json as render_json

    calls: list[str] = []
    monkeypatch.setattr(render_json, "summary", counting(calls, render_json.summary))
    out = tmp_path / "out"

    result = CliRunner().invoke(cli, [*command, *publish, "--out", str(out), "--json"])

    assert result.exit_code == 0, result.output
    assert (out / "summary.json").read_text(encoding="utf-8") == result.stdout
    assert calls == ["summary"]
