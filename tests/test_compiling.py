"""The first screening after an install compiles the kernels, and says so on stderr.

numba caches compiled kernels on disk; with ``NUMBA_CACHE_DIR`` pointing at an empty directory a
process compiles them as on a fresh install, which is what these tests do (with the smallest
kernel, ``letter_set``: compiling them all takes minutes).
"""

import os
import subprocess
import sys

import pytest

COMPILE = """
import numpy as np
from magnitsky.index.letter_sets import letter_set
from magnitsky.match.compiling import report_compiling
{announce}
letter_set(np.array([ord(c) for c in "klyuev"], dtype=np.int32), 6)
letter_set(np.array([ord(c) for c in "dmitry"], dtype=np.int32), 6)  # compiled already: no news
"""
EVENTS = """
events = []
report_compiling(lambda name: events.append(("start", name)), lambda name: events.append(("end", name)))
import atexit
atexit.register(lambda: print(events))
"""
CLI = """
from magnitsky.commands.context import announce_compiling
announce_compiling()
announce_compiling()  # twice: still one announcement
"""


def _child(cache_dir, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache_dir)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)


def test_a_compilation_is_reported_and_a_cached_kernel_is_not(tmp_path):
    first = _child(tmp_path, COMPILE.format(announce=EVENTS)).stdout
    assert first == "[('start', 'letter_set'), ('end', 'letter_set')]\n"  # numba's own helpers are not ours
    assert _child(tmp_path, COMPILE.format(announce=EVENTS)).stdout == "[]\n"  # from the cache: nothing compiled


def test_the_cli_announces_compiling_once_with_progress(tmp_path):
    first = _child(tmp_path, COMPILE.format(announce=CLI)).stderr
    assert first.count("Compiling the screening kernels") == 1 and "compiled 1: letter_set (" in first
    assert "compiled 2" not in first
    assert _child(tmp_path, COMPILE.format(announce=CLI)).stderr == ""


SPECIALISATIONS = """
import sys
from magnitsky.screening import Screener
from magnitsky.sources import open_list
from magnitsky.store import ListStore
from numba.core.registry import CPUDispatcher

store = ListStore(sys.argv[1])
store.load(open_list(sys.argv[2]))
screener = Screener.from_store(store)
for name in ("Usama bin Ladin", "Abdul Rauf Azhar", "Azhar Abdulrauf", "Al Qaida", "Mohammed Omar"):
    screener.screen({"schema": "Thing", "properties": {"name": [name]}})
for module, found in list(sys.modules.items()):
    for kernel in vars(found).values() if module.startswith("magnitsky.") else ():
        if isinstance(kernel, CPUDispatcher) and kernel.__module__ == module:
            for signature in kernel.signatures:
                print(kernel.py_func.__qualname__, *signature, sep="|")
"""


@pytest.mark.slow  # compiles every kernel: a minute or more
def test_no_kernel_is_compiled_once_per_constant_it_is_given(tmp_path, fixtures):
    """numba compiles a kernel once per distinct literal argument (``f(x, 1)``, ``f(x, 2)``): the
    kernels pass numpy scalars to the kernels they call, so none is specialised on a constant."""
    excerpt = fixtures / "un_xml" / "consolidated_excerpt.xml"
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba")}
    run = [sys.executable, "-c", SPECIALISATIONS, f"sqlite:///{tmp_path / 'magnitsky.db'}", str(excerpt)]
    signatures = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    kernels = {line.split("|")[0] for line in signatures}
    assert {"_option", "_token_similarity", "edit_distance", "_score", "_holds"} <= kernels  # compiled here
    assert [line for line in signatures if "Literal" in line] == []
