"""Knowing when numba compiles the screening kernels, so a caller can say so.

Retrieval (``index``), the alignment bound and the alignment itself (``match``) are compiled with
numba on first use and cached on disk (``cache=True``: beside the package, or in
``$NUMBA_CACHE_DIR``). The first screening after an install therefore compiles them all, which
takes minutes on a small machine and, unannounced, looks like a hang. numba announces each
compilation as a ``numba:compile`` event (a cache hit compiles nothing and announces nothing);
:func:`report_compiling` passes those on.
"""

from __future__ import annotations

from collections.abc import Callable

from numba.core import event


class _Compilations(event.Listener):
    """Passes on each kernel compilation's start and end (nested ones included: a kernel compiles
    the kernels it calls)."""

    def __init__(self, on_start: Callable[[str], None], on_end: Callable[[str], None]):
        self.started, self.ended = on_start, on_end

    def on_start(self, event: event.Event) -> None:
        if _ours(event):
            self.started(event.data["dispatcher"].py_func.__qualname__)

    def on_end(self, event: event.Event) -> None:
        if _ours(event):
            self.ended(event.data["dispatcher"].py_func.__qualname__)


def _ours(event: event.Event) -> bool:
    """A kernel of this package, not one of numba's own helpers it compiles along the way."""
    return event.data["dispatcher"].py_func.__module__.startswith("magnitsky.")


def report_compiling(on_start: Callable[[str], None], on_end: Callable[[str], None]) -> None:
    """From now on, call ``on_start(kernel name)`` and ``on_end(kernel name)`` around every
    compilation of a kernel in this process (a kernel loaded from the cache is not compiled)."""
    event.register("numba:compile", _Compilations(on_start, on_end))
