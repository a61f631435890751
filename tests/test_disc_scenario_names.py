"""A scenario's bidders and lots are told apart ignoring case, as the workbook's are
(disc, item 2).

The workbook refuses "Acme" below "acme" (review 8: one bidder typed twice, not two
that every report shows alike), but a scenario's ``[[bidders]]`` "Acme" and "acme" made
two bidders, and "acme care" beside the workbook's "Acme Care" made a new bidder next
to it instead of changing it. Both are now refused (exit 2), one problem naming both
spellings, the table entry and how to fix it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.tender.model import Bidder, Lot, TenderSpec
from pbrkit.tender.scenario import apply_scenario, parse_scenario

ROOT = Path(__file__).resolve().parents[1]
SPEC = TenderSpec(
    bidders=[Bidder(name="Acme Care", cost_factor=1.0)],
    lots=[Lot(name="Psychosis", clusters=[11])],
)


def _problems(data: dict[str, object]) -> list[str]:
    with pytest.raises(InputError) as error:
        apply_scenario(SPEC, parse_scenario({"schema_version": 1, **data}))
    return [str(p) for p in error.value.problems]


def test_two_entries_differing_only_in_capitals() -> None:
    got = _problems({"bidders": [{"name": "Acme", "cost_factor": 1},
                                 {"name": "acme", "cost_factor": 2}]})  # fmt: skip
    assert got == [
        "bidders[1].name: bidder name 'acme' differs from 'Acme' at bidders[0] only in "
        "capitals (one bidder name written two ways). Fix: give each bidder its own name, "
        "or delete the entry if it repeats the first"
    ]


def test_an_entry_in_other_capitals_than_the_workbook() -> None:
    got = _problems({"lots": [{"name": "PSYCHOSIS", "accept_all": True}]})
    assert got == [
        "lots[0].name: lot name 'PSYCHOSIS' differs from 'Psychosis' in the workbook's lots "
        "sheet only in capitals (one lot name written two ways). Fix: write 'Psychosis' to "
        "change the workbook's lot, or give a new lot a name of its own"
    ]


def test_replacing_the_workbook_s_bidders_frees_their_names() -> None:
    entry = {"name": "acme care", "cost_factor": 0.9}
    scenario = parse_scenario({"schema_version": 1, "replace_bidders": True, "bidders": [entry]})
    assert [b.name for b in apply_scenario(SPEC, scenario).bidders] == ["acme care"]


def test_the_same_spelling_still_changes_the_workbook_s_bidder() -> None:
    entry = {"name": "Acme Care", "info_quality": 0.9}
    scenario = parse_scenario({"schema_version": 1, "bidders": [entry]})
    bidders = apply_scenario(SPEC, scenario).bidders
    assert [(b.name, b.info_quality) for b in bidders] == [("Acme Care", 0.9)]


def test_tender_exits_2_with_the_message(tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    workbook = (ROOT / "examples" / "clusters.xlsx").as_posix()
    scenario.write_text(
        f'schema_version = 1\nworkbook = "{workbook}"\n'
        '[[bidders]]\nname = "Acme"\ncost_factor = 1\n'
        '[[bidders]]\nname = "ACME"\ncost_factor = 1.1\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["tender", "--scenario", str(scenario),
                                      "--out", str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "bidders[1].name: bidder name 'ACME' differs from 'Acme' at bidders[0]" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
