"""Compiled kernels whose on-disk cache never outlives the code it was compiled from.

Retrieval and matching kernels are compiled with numba and cached on disk (beside the package, or in
``$NUMBA_CACHE_DIR``). numba's own cache (``@njit(cache=True)``) checks only the source file of the
function it loads. A kernel's cached machine code holds the kernels it calls and the constants it
reads, compiled in, so when another module changes (an upgrade of Magnitsky, a developer's edit) a
kernel whose own file did not change runs the old callees and the old constants.

It also breaks numba's bookkeeping of environments (the Python objects compiled code reads at run
time, such as the dtype of an array it returns to Python): an environment is named after its function,
argument types and a count of compilations in the process that made it, and a cached kernel brings its
callees' environments along. With ``bounds.py`` unchanged after ``alignment_kernel.py`` changed,
``alignment_bounds_kernel`` came from the cache with the old ``query_letter_sets`` environment (one
constant); ``query_letter_sets``, recompiled under the same name in that process, added its dtype to the
environment already there as a second constant and was cached so. Every later process that loaded both
gave ``query_letter_sets``, called from Python, the one-constant environment: "In
'NRT_adapt_ndarray_to_python', 'descr' is NULL".

So each kernel's cache entry is stamped with the content of every module that defines kernels
(``KERNEL_MODULES``: kernels call only kernels of these modules and read constants only from them), not
of its own file alone: a change to any of them compiles every kernel afresh, in one process, from one
version of the code.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from numba import njit
from numba.core.caching import (
    CompileResultCacheImpl,
    FunctionCache,
    InTreeCacheLocator,
    UserProvidedCacheLocator,
    UserWideCacheLocator,
)
from numba.core.runtime import rtsys

PACKAGE = Path(__file__).resolve().parent
# every module that defines a kernel (tests/test_kernel_cache.py checks the list is complete)
KERNEL_MODULES = (
    "index/form_table.py",
    "index/letter_sets.py",
    "index/top_forms.py",
    "match/alignment.py",
    "match/alignment_kernel.py",
    "match/bounds.py",
    "match/string_distances.py",
)


@functools.cache
def kernel_sources_digest() -> str:
    """A digest of the kernel modules' sources, names included."""
    digest = hashlib.sha256()
    for module in KERNEL_MODULES:
        digest.update(module.encode() + b"\0" + (PACKAGE / module).read_bytes() + b"\0")
    return digest.hexdigest()


class _StampedWithAllKernels:
    """A numba cache locator whose stamp covers every kernel module, not the function's file alone."""

    def get_source_stamp(self):
        return super().get_source_stamp(), kernel_sources_digest()  # type: ignore[misc]


class _UserProvided(_StampedWithAllKernels, UserProvidedCacheLocator):
    pass


class _InTree(_StampedWithAllKernels, InTreeCacheLocator):
    pass


class _UserWide(_StampedWithAllKernels, UserWideCacheLocator):
    pass


class _KernelCacheImpl(CompileResultCacheImpl):
    _locator_classes = [_UserProvided, _InTree, _UserWide]  # numba's own order, for a package on disk


class _KernelCache(FunctionCache):
    _impl_class = _KernelCacheImpl

    def load_overload(self, sig, target_context):
        """numba's, without first loading every implementation numba has into ``target_context``
        (its ``refresh``: importing and registering all of numba's lowering, 0.2 s of a warm screen
        command's 1.3). Machine code loaded from the cache needs none of it, only numba's run-time
        library (``rtsys``: what compiled code allocates arrays with); a kernel not in the cache is
        compiled by numba's compiler, which refreshes the context itself first."""
        rtsys.initialize(target_context)
        with self._guard_against_spurious_io_errors():
            return self._load_overload(sig, target_context)


def kernel(function):
    """``function`` compiled with numba in nopython mode, cached on disk (see the module docstring)."""
    dispatcher = njit(cache=True)(function)
    # numba has no option for a cache class of its own
    dispatcher._cache = _KernelCache(function)  # type: ignore[attr-defined]
    return dispatcher
