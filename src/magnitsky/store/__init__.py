"""Versioned list store: every load of a list is a version; versions can be diffed."""

from magnitsky.store.audit import AuditLog, AuditRecord, Verification
from magnitsky.store.database import DatabaseUnavailable, open_database
from magnitsky.store.lists import Diff, ListStore, LoadResult, ShrinkRefused, StoreError, Version

__all__ = [
    "AuditLog",
    "AuditRecord",
    "Verification",
    "DatabaseUnavailable",
    "open_database",
    "Diff",
    "ListStore",
    "LoadResult",
    "ShrinkRefused",
    "StoreError",
    "Version",
]
