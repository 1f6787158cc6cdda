"""Versioned list store: every load of a list is a version; versions can be diffed."""

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
    Version,
)
from magnitsky.store.publications import Publications, PublicationState

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
