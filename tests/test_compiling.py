"""The first screening after an install compiles the kernels, and says so on stderr.

numba caches compiled kernels on disk; with ``NUMBA_CACHE_DIR`` pointing at an empty directory a
process compiles them as on a fresh install, which is what these tests do.
"""

import os
import subprocess
import sys

from magnitsky.data import default_lists

SCREEN = """
import sys
from magnitsky.match.compiling import report_compiling
from magnitsky.index.letter_sets import letter_set
import numpy as np

events = []
report_compiling(lambda name: events.append(("start", name)), lambda name: events.append(("end", name)))
letter_set(np.array([ord(c) for c in "klyuev"], dtype=np.int32), 6)
print(events)
"""


def _compile_in_child(cache_dir) -> str:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache_dir)}
    return subprocess.run([sys.executable, "-c", SCREEN], env=env, capture_output=True, text=True, check=True).stdout


def test_a_compilation_is_reported_and_a_cached_kernel_is_not(tmp_path):
    first = _compile_in_child(tmp_path)
    assert "('start', 'letter_set')" in first and "('end', 'letter_set')" in first
    assert "np_" not in first  # numba's own helpers compiled along the way are not ours to report
    assert _compile_in_child(tmp_path) == "[]\n"  # loaded from the cache: nothing compiled


def test_the_cli_announces_compiling_once_with_progress(tmp_path):
    home = str(tmp_path / "home")
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba")}
    cli = [sys.executable, "-m", "magnitsky.cli", "--home", home]
    subprocess.run([*cli, "load", *map(str, default_lists())], env=env, capture_output=True, check=True)
    first = subprocess.run([*cli, "screen", "KLIUEV DMITRII"], env=env, capture_output=True, text=True, check=True)
    assert first.stderr.count("Compiling the screening kernels") == 1
    assert "  compiled 1: " in first.stderr and "ofac_sdn:16399" in first.stdout
    again = subprocess.run([*cli, "screen", "KLIUEV DMITRII"], env=env, capture_output=True, text=True, check=True)
    assert "Compiling" not in again.stderr
