"""Packages that name their public API without importing it.

``from magnitsky.cases import Alerts`` imports ``magnitsky.cases.alerts`` when ``Alerts`` is
first asked for (PEP 562), not when any module of the package is imported. A package whose
``__init__`` imported every module made each of its modules cost them all: the command line,
which must answer ``--help`` in a fraction of a second, imported SQLAlchemy, numba and ICU to
read a list of role names.

A package lists its exports once for the type checker (imports under ``TYPE_CHECKING``) and once
here, by module; ``tests/test_startup.py`` checks that every name in ``__all__`` resolves.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, modules: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, exporting the names listed per module
    (``{"magnitsky.cases.alerts": ("Alerts",), ...}``); each is imported on first use and kept."""
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)  # asked once: later lookups find it directly
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__
