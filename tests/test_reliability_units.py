"""The reliability checks as library calls: each rule, its edges, and its invariants.

The command-line behaviour of the same rules is in ``tests/test_hostile_reliability.py``;
these tests pin the functions down, including the cases a subprocess cannot reach.
"""

from __future__ import annotations

import math
import os
import signal
from pathlib import Path
from typing import Any

import click
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pbrkit.cli import Stopped, cli, stopping_on_signals
from pbrkit.cli.options import DRAWS, SEED, FiniteFloat, bounded_weights, run_inputs
from pbrkit.errors import InputError
from pbrkit.io import output
from pbrkit.io.limits import (
    MAX_BIDDER_LOTS,
    SEED_LIMIT,
    check_input_path,
    check_regular_file,
)
from pbrkit.io.output import check_output_folder, holding_interrupts, write_outputs
from pbrkit.reports.csv_safe import write_safe_csv
from pbrkit.tender.model import Bidder, Lot, TenderSpec
from pbrkit.tender.scenario import check_tender_size, scenario_number_problems
from pbrkit.tender.sweep import MAX_POINTS, check_grid, parse_vary

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "clusters.xlsx"


def _write(path: Path) -> None:
    path.write_text("new\n", encoding="utf-8")


# --- inputs protected ----------


def test_output_into_an_input_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "csvs"
    folder.mkdir()
    (folder / "caseload.csv").write_text("cluster\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="overwrite an input"):
        write_outputs(folder, {"summary.json": _write}, inputs=[folder])
    with pytest.raises(InputError, match="is the input folder"):
        check_output_folder(folder, force=True, inputs=[folder])
    check_output_folder(folder / "sub", force=True, inputs=[folder])  # never read: allowed
    assert sorted(p.name for p in folder.iterdir()) == ["caseload.csv"]


def test_stale_files_that_are_inputs_are_kept(tmp_path: Path) -> None:
    """A published run removes an earlier allocations.csv, unless it is an input."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "allocations.csv").write_text("an input\n", encoding="utf-8")
    write_outputs(
        out, {"summary.json": _write}, inputs=[out / "allocations.csv"], stale=["allocations.csv"]
    )
    assert (out / "allocations.csv").read_text(encoding="utf-8") == "an input\n"


def test_run_inputs_adds_the_scenario_workbook_and_a_reference_folder(tmp_path: Path) -> None:
    (tmp_path / "book.xlsx").write_bytes(EXAMPLE.read_bytes())
    toml = tmp_path / "s.toml"
    toml.write_text('schema_version = 1\nworkbook = "book.xlsx"\n', encoding="utf-8")
    reference = tmp_path / "ref"
    reference.mkdir()
    inputs = run_inputs(None, scenario=toml, reference=str(reference))
    assert inputs == [toml, (tmp_path / "book.xlsx").resolve(), reference]
    assert run_inputs(EXAMPLE) == [EXAMPLE]  # a shipped set's name is not a folder here


def test_unwritable_out_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only --out (mkdtemp refused) is exit 2, and no folder is left behind."""

    def refuse(*args: Any, **kwargs: Any) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkdtemp", refuse)
    out = tmp_path / "new" / "out"
    with pytest.raises(InputError, match=r"cannot write to --out .*Permission denied") as error:
        write_outputs(out, {"summary.json": _write}, inputs=[])
    assert error.value.exit_code == 2
    assert not (tmp_path / "new").exists()


def test_out_below_a_file_is_an_input_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="which is a file"):
        check_output_folder(blocker / "a" / "b", force=True, inputs=[])


# --- regular files only ----------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_only_regular_files_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "caseload.csv"
    os.mkfifo(fifo)
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    good = tmp_path / "good.csv"
    good.write_text("a\n", encoding="utf-8")
    check_regular_file(good, "input")
    (tmp_path / "link.csv").symlink_to(good)
    check_regular_file(tmp_path / "link.csv", "input")  # a link is judged by its target
    with pytest.raises(InputError, match="named pipe"):
        check_regular_file(fifo, "input")
    with pytest.raises(InputError, match="a device"):
        check_regular_file(link, "input")
    with pytest.raises(InputError, match="a folder"):
        check_regular_file(tmp_path, "input")
    with pytest.raises(InputError, match="cannot be read"):
        check_regular_file(tmp_path / "missing.csv", "input")
    with pytest.raises(InputError, match="named pipe"):
        check_input_path(tmp_path, "input")  # a folder holding a FIFO


# --- finite, bounded options ----------


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "NaN", "1e309"])
def test_finite_float_refuses_non_finite(text: str) -> None:
    with pytest.raises(click.BadParameter, match=r"not a finite number|not in the range"):
        FiniteFloat(min=-1e6, max=1e6).convert(text, None, None)


def test_finite_float_keeps_finite_values_in_range() -> None:
    kind = FiniteFloat(min=0, max=1)
    assert kind.convert("0.018", None, None) == 0.018
    with pytest.raises(click.BadParameter):
        kind.convert("1.5", None, None)


def test_seed_and_draws_ranges() -> None:
    assert SEED.convert(str(SEED_LIMIT - 1), None, None) == 2**128 - 1
    assert SEED.convert("0", None, None) == 0
    for bad in (str(SEED_LIMIT), "-1", "1.5", "1e3"):
        with pytest.raises(click.BadParameter):
            SEED.convert(bad, None, None)
    assert DRAWS.convert("1000000", None, None) == 1_000_000
    with pytest.raises(click.BadParameter):
        DRAWS.convert("1000001", None, None)


def test_weights_are_bounded() -> None:
    assert bounded_weights("must=1000,unlikely=-1000").must == 1000
    with pytest.raises(InputError, match="must=1e\\+308 is beyond"):
        bounded_weights("must=1e308")


# --- scenario numbers ----------

scalars = st.one_of(
    st.integers(-(10**15), 10**15),
    st.floats(-1e15, 1e15, allow_nan=False),
    st.text(max_size=5),
    st.booleans(),
)
data = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text("abc", max_size=3), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(data)
def test_finite_scenario_data_has_no_number_problems(value: object) -> None:
    assert scenario_number_problems({"x": value}) == []


@given(data, st.sampled_from([math.inf, -math.inf, math.nan, 1e16, -1e300, 10**20]))
def test_one_bad_number_anywhere_is_found_with_its_path(value: object, bad: float) -> None:
    problems = scenario_number_problems({"x": [value, {"deep": [bad]}]})
    assert [p.message.split(":")[0] for p in problems] == ["x[1].deep[0]"]


def test_deep_scenario_data_is_walked_without_recursion() -> None:
    value: object = math.inf
    for _ in range(100_000):
        value = [value]
    problems = scenario_number_problems({"x": value})
    assert len(problems) == 1 and problems[0].message.endswith("must be a finite number")


def test_seed_has_its_own_range_in_scenario_data() -> None:
    assert scenario_number_problems({"seed": 2**70}) == []


# --- tender size and sweep grids ----------


def _spec(bidders: int, lots: int) -> TenderSpec:
    return TenderSpec(
        bidders=tuple(Bidder(name=f"B{i}", cost_factor=1.0) for i in range(bidders)),
        lots=tuple(Lot(name=f"L{i}", clusters=(1,)) for i in range(lots)),
    )


def test_tender_size_limit_is_on_bidder_lot_pairs() -> None:
    check_tender_size(_spec(MAX_BIDDER_LOTS, 1))  # 500 × 1 = 500: at the limit
    check_tender_size(_spec(50, 10))  # 500
    with pytest.raises(InputError, match="501 bidder-lot pairs"):
        check_tender_size(_spec(MAX_BIDDER_LOTS + 1, 1))
    with pytest.raises(InputError, match="510 bidder-lot pairs"):
        check_tender_size(_spec(51, 10))


def test_grid_is_counted_not_built() -> None:
    check_grid({"a": range(100), "b": range(100)})  # 10,000 points: the limit
    with pytest.raises(InputError, match="not 10,100"):
        check_grid({"a": range(101), "b": range(100)})
    with pytest.raises(InputError, match="not 1,000,000,000,000"):
        check_grid({"a": range(10**6), "b": range(10**6)})  # ranges: nothing allocated


@pytest.mark.parametrize(
    "text",
    [
        f"nhs.shed_rate=0:1:{MAX_POINTS + 1}",
        "nhs.shed_rate=0:1:1000000000000",
        "nhs.shed_rate=0:inf:3",
        "nhs.shed_rate=nan:1:3",
        "nhs.shed_rate=0,nan",
        "nhs.shed_rate=1e300,1",
    ],
)
def test_parse_vary_refuses_before_allocating(text: str) -> None:
    with pytest.raises(InputError, match="--vary"):
        parse_vary(text)


# --- CSV headers ----------


def test_csv_headers_are_neutralised(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"patient_id": ["P1"], '=HYPERLINK("http://evil.invalid","x")': ["a"], "-1": [2], 3: [4]}
    )
    path = tmp_path / "out.csv"
    write_safe_csv(frame, path)
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == 'patient_id,"\'=HYPERLINK(""http://evil.invalid"",""x"")",\'-1,3'
    assert list(frame.columns)[1].startswith("=")  # the caller's frame is unchanged


# --- signals ----------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_become_stopped(signum: int) -> None:
    with pytest.raises(Stopped) as stopped, stopping_on_signals():
        os.kill(os.getpid(), signum)  # the handler runs before the next bytecode
    assert stopped.value.signum == signum
    assert isinstance(stopped.value, KeyboardInterrupt)
    assert signal.getsignal(signum) == signal.SIG_DFL


def test_signals_are_held_during_the_renames() -> None:
    with holding_interrupts() as received:
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGHUP)
    assert received == [signal.SIGTERM, signal.SIGHUP]


def test_cli_exit_codes_for_stops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The command line maps Stopped(SIGTERM) to 143 and says nothing was written."""
    # The command imports run_cost when it runs (lazy start-up), so patch it at its home.
    import pbrkit.workflows.cost as cost_module

    def stopped(*args: Any, **kwargs: Any) -> None:
        raise Stopped(signal.SIGTERM)

    monkeypatch.setattr(cost_module, "run_cost", stopped)
    result = CliRunner().invoke(cli, ["cost", str(EXAMPLE), "--out", str(tmp_path / "o")])
    assert result.exit_code == 143
    assert "Stopped by SIGTERM: nothing was written." in result.stderr
