"""Versioned list store: every load of a list is a version; versions can be diffed."""

from magnitsky.store.audit import AuditLog, AuditRecord, Verification
from magnitsky.store.database import database_problem, open_database
from magnitsky.store.home import default_home, private_home, sqlite_url, store_url
from magnitsky.store.lists import Diff, ListStore, LoadResult, ShrinkRefused, StoreError, Version

__all__ = [
    "database_problem",
    "AuditLog",
    "AuditRecord",
    "Verification",
    "open_database",
    "Diff",
    "ListStore",
    "LoadResult",
    "ShrinkRefused",
    "StoreError",
    "Version",
    "default_home",
    "private_home",
    "sqlite_url",
    "store_url",
]
