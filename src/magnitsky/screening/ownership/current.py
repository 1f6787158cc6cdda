"""What the entities the ownership rule blocks follow from, besides the lists: the current
ownership version and the measures table. Read without SQLAlchemy, so that the screen command
finds the saved index of those entities (``Screener.from_saved``) with the database's own driver;
the store reads the same statement (``blocked_by_ownership``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from magnitsky.screening.measures import MeasuresTable

# Created by migration 0004_ownership; the newest version is the one the rule follows.
CURRENT_SHA256 = "SELECT sha256 FROM ownership_versions ORDER BY number DESC LIMIT 1"


def derived_key(rows: Sequence[Sequence[Any]], measures: MeasuresTable) -> str:
    """``DerivedEntities.key`` of the blocked entities: ``rows`` of :data:`CURRENT_SHA256` (none
    when no ownership file is loaded) and the measures table's fingerprint."""
    return f"ownership:{rows[0][0] if rows else '-'}|measures:{measures.fingerprint()}"
