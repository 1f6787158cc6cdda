"""Fault injection for the crash tests: ``MAGNITSKY_CRASH_AT=POINT[:N]`` makes the process kill
itself (SIGKILL, no clean-up, as a power cut or an OOM kill would) the N-th time it reaches
``POINT``. Points sit inside write transactions, just before the commit, where a crash must
leave nothing half-written. Unset in production, the check is one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_passes: Counter = Counter()


def crash_point(name: str) -> None:
    spec = os.environ.get("MAGNITSKY_CRASH_AT")
    if not spec:
        return
    point, _, count = spec.partition(":")
    if point != name:
        return
    _passes[name] += 1
    if _passes[name] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
