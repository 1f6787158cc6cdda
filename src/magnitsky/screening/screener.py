"""The screening entry point: "is this person or company on a list?".

``Screener.from_store(store)`` screens against every source's current version. The index for
that set of versions is built once and saved in the data directory, keyed by the versions'
hashes, so a restart loads it instead of rebuilding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from magnitsky.errors import MagnitskyError
from magnitsky.index import NameIndex
from magnitsky.index.name_index import FORMAT_VERSION
from magnitsky.match import Match, Matcher, NameMatch, Query
from magnitsky.match.evidence import Evidence
from magnitsky.model import Entity
from magnitsky.screening.explanation import explanation_json, feature_scores
from magnitsky.screening.ownership.entities import derivation_of
from magnitsky.settings import MATCH_THRESHOLD

DEFAULT_THRESHOLD = MATCH_THRESHOLD  # a candidate scoring this or more is a match: an alert, a REFER, a HOLD


class NoListsError(MagnitskyError, RuntimeError):
    """Screening against nothing: no list is loaded where the screener looked (an empty store, a
    mistyped data directory). Raised instead of answering "no hits", which would read as "clear"."""


@dataclass(frozen=True)
class ScreeningHit:
    """One listed entity that could be the queried one: the stable output contract. Why it was
    found is kept typed (``name``, ``evidence``, ``ownership``); ``explanation`` is its JSON."""

    entity_id: str
    source: str
    source_id: str
    schema: str
    caption: str
    score: float
    match: bool
    name: NameMatch  # the best-matching names and their alignment
    evidence: tuple[Evidence, ...]
    ownership: dict[str, Any] | None = None  # through whom the ownership rule blocks it (``derivation_of``)

    @classmethod
    def of(cls, found: Match, threshold: float) -> ScreeningHit:
        entity = found.entity
        return cls(
            entity.id,
            entity.source,
            entity.source_id,
            entity.schema,
            entity.caption,
            round(found.score, 4),
            found.score >= threshold,
            found.name,
            tuple(found.evidence),
            derivation_of(entity),
        )

    @property
    def explanation(self) -> dict[str, Any]:
        """Why it was found, as JSON (``screening.explanation``)."""
        return explanation_json(self.name, self.evidence, self.schema, self.ownership)

    @property
    def features(self) -> dict[str, float]:
        """yente's ``features``: the name's score and each evidence's effect."""
        return feature_scores(self.name, self.evidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "source": self.source,
            "source_id": self.source_id,
            "schema": self.schema,
            "caption": self.caption,
            "score": self.score,
            "match": self.match,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class ScreenResult:
    query: Query
    threshold: float
    matches: list[ScreeningHit]

    @property
    def hits(self) -> list[ScreeningHit]:
        """Only the matches at or above the threshold."""
        return [m for m in self.matches if m.match]


class Screener:
    def __init__(self, index: NameIndex, threshold: float = DEFAULT_THRESHOLD, versions: tuple[str, ...] = ()):
        self.index = index
        self.matcher = Matcher(index)
        self.threshold = threshold
        self.versions = versions  # "source:number" of every list version screened against
        self.index_file: Path | None = None  # where ``from_store`` saved (or found) the index
        self.origin = "the entities given"  # where the lists came from, for the error on screening nothing

    @classmethod
    def from_entities(cls, entities: Iterable[Entity], threshold: float = DEFAULT_THRESHOLD) -> Screener:
        return cls(NameIndex(entities), threshold)

    @classmethod
    def from_store(
        cls,
        store,
        cache_dir: Path | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        ownership: Sequence[Entity] = (),
    ) -> Screener:
        """Screen against the current versions in ``store``; reuse a saved index when one fits.

        ``ownership``: entities blocked only by the ownership rule
        (``screening.ownership.blocked_entities(store)``), screened like list entries."""
        versions = store.current_versions()
        labels = screened_versions(versions, ownership)
        if cache_dir is None:
            screener = cls(NameIndex(chain(store.entities(versions), ownership)), threshold, labels)
        else:
            path = saved_index_path(versions, ownership, cache_dir)
            index = NameIndex.load(path)
            if index is None:
                index = NameIndex(chain(store.entities(versions), ownership))
                path.parent.mkdir(parents=True, exist_ok=True)
                index.save(path)
            screener = cls(index, threshold, labels)
            screener.index_file = path
        screener.origin = store.location()
        return screener

    def screen(
        self,
        query: dict | Query,
        threshold: float | None = None,
        limit: int = 10,
        only_matches: bool = False,
        accept: Callable[[Entity], bool] | None = None,
    ) -> ScreenResult:
        """The ``limit`` listed entities most like ``query``, best first; ``match`` marks those at
        the threshold. ``only_matches``: leave out candidates below the threshold (and do less
        work for them). ``accept``: only entities it accepts (a caller's filters, applied before
        the limit)."""
        return self.screen_many([query], threshold, limit, only_matches, accept)[0]

    def screen_many(
        self,
        queries: Sequence[dict | Query],
        threshold: float | None = None,
        limit: int = 10,
        only_matches: bool = False,
        accept: Callable[[Entity], bool] | None = None,
    ) -> list[ScreenResult]:
        """``screen`` of each query, with the same results in less time per query when there are
        many (a batch's hundred: ``Matcher.match_many``). Raises :class:`NoListsError` when
        there is nothing to screen against."""
        if not self.index.entities:
            raise NoListsError(f"no list is loaded in {self.origin}: load one first (magnitsky load FILE)")
        parsed = [query if isinstance(query, Query) else Query.from_dict(query) for query in queries]
        threshold = self.threshold if threshold is None else threshold
        found = self.matcher.match_many(parsed, limit, threshold if only_matches else None, accept)
        return [
            ScreenResult(query, threshold, [ScreeningHit.of(m, threshold) for m in matches])
            for query, matches in zip(parsed, found)
        ]


def saved_index_path(versions: Sequence, ownership: Sequence[Entity], cache_dir: Path) -> Path:
    """Where ``from_store`` saves the index of these list versions (and entities blocked by
    ownership): named by their hashes and the index layout, so a file there is that index."""
    keys = [f"format:{FORMAT_VERSION}"] + [f"{v.source}:{v.sha256}" for v in versions]
    keys += [e.fingerprint() for e in ownership]
    digest = hashlib.sha256("|".join(keys).encode()).hexdigest()[:16]
    return Path(cache_dir) / f"index-{digest}.pkl"


def screened_versions(versions: Sequence, ownership: Sequence[Entity]) -> tuple[str, ...]:
    """``Screener.versions`` of a screener of these list versions and ownership entities."""
    return tuple(f"{v.source}:{v.number}" for v in versions) + (("ownership",) if ownership else ())
