"""Versioned list store: every load of a list is a version; versions can be diffed.

Exports are imported on first use (:mod:`magnitsky.lazy`): a module of the store that needs no
database layer (the link statuses the command line's ``--help`` names) comes without SQLAlchemy."""

from typing import TYPE_CHECKING

from magnitsky.lazy import lazy_exports

if TYPE_CHECKING:
    from magnitsky.store.audit import AuditLog, AuditRecord, Verification
    from magnitsky.store.database import DatabaseUnavailable, database_problem, open_database
    from magnitsky.store.lists import (
        Diff,
        EntryChange,
        ListStore,
        LoadResult,
        ProgramCount,
        ShrinkRefused,
        StoreError,
    )
    from magnitsky.store.publications import Publications
    from magnitsky.store.reading import PublicationState, Version

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "magnitsky.store.audit": ("AuditLog", "AuditRecord", "Verification"),
        "magnitsky.store.database": ("DatabaseUnavailable", "database_problem", "open_database"),
        "magnitsky.store.lists": (
            "Diff",
            "EntryChange",
            "ListStore",
            "LoadResult",
            "ProgramCount",
            "ShrinkRefused",
            "StoreError",
        ),
        "magnitsky.store.publications": ("Publications",),
        "magnitsky.store.reading": ("PublicationState", "Version"),
    },
)

__all__ = [
    "database_problem",
    "AuditLog",
    "AuditRecord",
    "Verification",
    "DatabaseUnavailable",
    "open_database",
    "Diff",
    "EntryChange",
    "ListStore",
    "LoadResult",
    "ProgramCount",
    "Publications",
    "PublicationState",
    "ShrinkRefused",
    "StoreError",
    "Version",
]
