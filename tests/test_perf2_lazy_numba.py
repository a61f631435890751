"""One lazy numba loader for the three compiled modules (issue 16, round 13).

group_kernel, income_kernel and allocation_kernel each had their own way of
importing numba (two lazily, with the same ``_passes``/``_pass`` pair, one on import);
they now share :mod:`pbrkit.lazy_numba`. The behaviour is the same: without numba
every gate says no and a pass asked for anyway says "numba is not installed"
(simulated in a fresh interpreter with ``sys.modules["numba"] = None``, which makes
``import numba`` fail and ``find_spec`` find nothing); with it, the passes are compiled
once and numba is imported only when one is first wanted.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from pbrkit import lazy_numba


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_without_numba_every_gate_says_no() -> None:
    out = _python(
        """
        import sys
        sys.modules["numba"] = None  # as if the fast extra were not installed
        import numpy as np
        from pbrkit import allocation_kernel, group_kernel, income_kernel, lazy_numba
        from pbrkit.allocation import allocate, compile_profiles
        from pbrkit.reference import load_reference_set

        assert not lazy_numba.installed()
        keys = np.zeros(max(group_kernel.MIN_ROWS, income_kernel.MIN_ROWS), dtype=np.int64)
        assert not group_kernel.compiled(keys)
        assert not income_kernel.usable(len(keys), keys)
        assert not allocation_kernel.installed() and not allocation_kernel.available()
        for module in (group_kernel, income_kernel):
            try:
                module._pass()
            except RuntimeError as error:
                print(error)
        grid = compile_profiles(load_reference_set().profiles)
        ratings = np.zeros((3, 18), dtype=np.int8)
        try:
            allocate(ratings, grid, kernel="compiled")
        except RuntimeError as error:
            print(error)
        print(allocate(ratings, grid).suggested.tolist())
        """
    )
    assert out.splitlines() == [
        "numba is not installed",
        "numba is not installed",
        "the compiled kernel needs numba: pip install 'pbrkit[fast]'",
        out.splitlines()[-1],
    ]


@pytest.mark.skipif(not lazy_numba.installed(), reason="numba (the fast extra) is absent")
def test_numba_imported_only_when_a_pass_is_wanted() -> None:
    out = _python(
        """
        import sys
        import numpy as np
        from pbrkit import allocation_kernel, group_kernel, income_kernel
        from pbrkit.allocation import allocate, compile_profiles
        from pbrkit.reference import load_reference_set

        grid = compile_profiles(load_reference_set().profiles)
        allocate(np.zeros((3, 18), dtype=np.int8), grid)  # numpy: too few patients
        print("numba" in sys.modules)
        assert allocation_kernel.available() and allocation_kernel.installed()
        print("numba" in sys.modules)
        assert group_kernel._pass() is group_kernel._pass()  # compiled once
        assert income_kernel._pass() is income_kernel._pass()
        print("numba" in sys.modules)
        compiled = allocate(np.zeros((3, 18), dtype=np.int8), grid, kernel="compiled")
        numpy = allocate(np.zeros((3, 18), dtype=np.int8), grid, kernel="numpy")
        print(compiled.suggested.tolist() == numpy.suggested.tolist())
        """
    )
    assert out.splitlines() == ["False", "False", "True", "True"]
