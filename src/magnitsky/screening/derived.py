"""Entities screened besides the lists' own, named so that a saved index of them can be found
without deriving them (:class:`DerivedEntities`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from magnitsky.model import Entity


@dataclass(frozen=True)
class DerivedEntities:
    """Entities screened besides the lists' (those the ownership rule blocks), derived only when
    an index must be built: ``key`` names all they follow from besides the list versions (the
    ownership data, the measures table), so a saved index of them is found without deriving
    them again on every start."""

    key: str
    derive: Callable[[], Sequence[Entity]]

    @classmethod
    def of(cls, entities: Sequence[Entity]) -> DerivedEntities:
        """Entities at hand, named by their fingerprints."""
        return cls("|".join(e.fingerprint() for e in entities), lambda: entities)
