"""A linking run over the screened lists, its findings stored in place of the last run's."""

from __future__ import annotations

import time
from dataclasses import dataclass

from magnitsky.index import NameIndex
from magnitsky.linking.finder import find_links
from magnitsky.store import ListStore
from magnitsky.store.links import LinkStore


@dataclass(frozen=True)
class LinkRun:
    entities: int  # entries compared
    stored: dict[str, int]  # pairs stored per status (judged pairs found again are left as judged)
    seconds: float


def relink(store: ListStore, index: NameIndex, actor: str) -> LinkRun:
    """Link the entries of ``index``, the screening index of the store's current lists (entries
    blocked only through their owners, which no list names, are left out); audited as ``links.update``."""
    started = time.perf_counter()
    listed = {version.source for version in store.current_versions()}
    entries = [entity for entity in index.entities if entity.source in listed]
    if len(entries) != len(index.entities):
        index = NameIndex(entries)
    found = find_links(index)
    stored = LinkStore(store.engine).replace_found(found, actor)
    return LinkRun(len(entries), stored, round(time.perf_counter() - started, 2))
