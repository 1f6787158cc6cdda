"""A kernel loaded from numba's on-disk cache is the kernel of the code as it is now.

numba's own cache checks only the file a kernel is written in; a kernel whose callee changed in
another file (an upgrade, an edit) ran its old callee, and the environments of the two versions
mixed ("In 'NRT_adapt_ndarray_to_python', 'descr' is NULL", ``magnitsky.kernel_cache``). These tests
change a kernel module of a copy of the package between two processes sharing one cache directory.
"""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

import magnitsky
from magnitsky.index.letter_sets import letter_set
from magnitsky.kernel_cache import KERNEL_MODULES

# the letter sets of "klyuev" and its skeleton "klv", as written and as spelled
LETTER_SETS = """
import numpy as np
from magnitsky.match.alignment_kernel import query_letter_sets
words = ("klyuev", "klv")
codes = np.zeros((2, 2, 1, 6), dtype=np.int32)
lengths = np.zeros((2, 2, 1), dtype=np.int32)
for side in range(2):
    for kind, word in enumerate(words):
        codes[side, kind, 0, : len(word)] = [ord(c) for c in word]
        lengths[side, kind, 0] = len(word)
print(query_letter_sets(codes, lengths).ravel().tolist())
"""
ONE_BIT_PER_LETTER = "mask |= np.uint64(1) << np.uint64(a[i] & 63)"


def _package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "src" / "magnitsky"
    shutil.copytree(Path(magnitsky.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _letter_sets(package: Path, cache: Path) -> list[int]:
    env = {**os.environ, "PYTHONPATH": str(package.parent), "NUMBA_CACHE_DIR": str(cache)}
    run = subprocess.run([sys.executable, "-c", LETTER_SETS], env=env, capture_output=True, text=True, check=True)
    return ast.literal_eval(run.stdout)


def _expected(word: str) -> int:
    return int(letter_set(np.array([ord(c) for c in word], dtype=np.int32), len(word)))


def test_a_cached_kernel_is_compiled_again_when_a_kernel_it_calls_changes(tmp_path):
    """``query_letter_sets`` (alignment_kernel.py) calls ``letter_set`` (letter_sets.py): once
    letter_sets.py gives each letter the next bit, the cached ``query_letter_sets`` is not used."""
    package, cache = _package_copy(tmp_path), tmp_path / "numba"
    assert _letter_sets(package, cache) == [_expected("klyuev"), _expected("klv")] * 2
    letter_sets = package / "index" / "letter_sets.py"
    source = letter_sets.read_text()
    assert ONE_BIT_PER_LETTER in source
    letter_sets.write_text(source.replace(ONE_BIT_PER_LETTER, "mask |= np.uint64(1) << np.uint64((a[i] + 1) & 63)"))
    shifted = [_expected("klyuev") << 1, _expected("klv") << 1]  # no letter of these is at bit 63
    assert _letter_sets(package, cache) == shifted * 2


def test_an_unchanged_package_loads_its_kernels_from_the_cache(tmp_path):
    """The second process compiles nothing: the stamp is the same for the same code."""
    package, cache = _package_copy(tmp_path), tmp_path / "numba"
    _letter_sets(package, cache)
    cached = sorted(path.name for path in cache.rglob("*.nbi"))
    stamps = {path.name: path.stat().st_mtime_ns for path in cache.rglob("*.nb*")}
    _letter_sets(package, cache)
    assert cached and sorted(path.name for path in cache.rglob("*.nbi")) == cached
    assert {path.name: path.stat().st_mtime_ns for path in cache.rglob("*.nb*")} == stamps  # nothing written again


def test_every_module_defining_a_kernel_is_in_the_stamp():
    root = Path(magnitsky.__file__).parent
    defining = sorted(
        path.relative_to(root).as_posix() for path in root.rglob("*.py") if "\n@kernel\n" in path.read_text()
    )
    assert defining == sorted(KERNEL_MODULES)
    assert "@njit" not in "".join(path.read_text() for path in root.rglob("*.py") if path.name != "kernel_cache.py")
