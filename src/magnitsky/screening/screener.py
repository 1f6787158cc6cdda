"""The screening entry point: "is this person or company on a list?".

``Screener.from_store(store)`` screens against every source's current version. The index for
that set of versions is built once and saved in the data directory, keyed by the versions'
hashes, so a restart loads it instead of rebuilding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Any

from magnitsky.errors import MagnitskyError
from magnitsky.index import NameIndex
from magnitsky.index.name_index import FORMAT_VERSION
from magnitsky.match import Match, Matcher, NameMatch, Query
from magnitsky.match.evidence import Evidence
from magnitsky.model import Entity
from magnitsky.screening.derived import DerivedEntities
from magnitsky.screening.explanation import explanation_json, feature_scores
from magnitsky.screening.linkage import Linkage
from magnitsky.screening.measures import MeasuresTable
from magnitsky.screening.ownership.current import CURRENT_SHA256, derived_key
from magnitsky.screening.ownership.entities import SOURCE as OWNERSHIP
from magnitsky.screening.ownership.entities import derivation_of
from magnitsky.settings import MATCH_THRESHOLD
from magnitsky.store.reading import current_versions, links, location, reading, rows

MERGED_SHARE = 4  # candidates asked for per hit returned when lists are linked: merging takes the rest
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
    # When the entry is linked to entries of other lists (one person listed by several authorities):
    listings: tuple[ScreeningHit, ...] = ()  # the hit on each listing screening scored, best first (this one too)
    linked: tuple[dict[str, Any], ...] = ()  # every listing of the person: id, list, programs, score (None: unscored)
    links: tuple[dict[str, Any], ...] = ()  # the links that merged them, with their evidence

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
        merged = {"listings": list(self.linked), "links": list(self.links)} if self.linked else None
        return explanation_json(self.name, self.evidence, self.schema, self.ownership, merged)

    def each_listing(self) -> tuple[ScreeningHit, ...]:
        """The hit on each listing of the person that screening scored: itself when not linked.
        A decision that cites a list's measures (a visa DENY, a payment HOLD) cites each."""
        return self.listings or (self,)

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
        } | ({"listings": list(self.linked)} if self.linked else {})


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
    def __init__(
        self,
        index: NameIndex,
        threshold: float = DEFAULT_THRESHOLD,
        versions: tuple[str, ...] = (),
        linkage: Linkage | None = None,
    ):
        self.index = index
        self.linkage = linkage or Linkage()  # entries of different lists reported as one person
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
        ownership: Sequence[Entity] | DerivedEntities = (),
    ) -> Screener:
        """Screen against the current versions in ``store``; open a saved index when one fits.

        ``ownership``: entities blocked only by the ownership rule, screened like list entries:
        ``screening.ownership.blocked_by_ownership(store)``, which derives them only when no
        saved index of them exists (or the entities themselves)."""
        versions = store.current_versions()
        derived = ownership if isinstance(ownership, DerivedEntities) else DerivedEntities.of(ownership)
        if cache_dir is None:
            screener = cls(NameIndex(chain(store.entities(versions), derived.derive())), threshold)
        else:
            path = saved_index_path(versions, derived.key, cache_dir)
            index = NameIndex.load(path)
            if index is None:
                index = NameIndex(chain(store.entities(versions), derived.derive()))
                path.parent.mkdir(parents=True, exist_ok=True)
                index.save(path)
            screener = cls(index, threshold)
            screener.index_file = path
        screener.versions = screened_versions(versions, screener.index)
        screener.linkage = Linkage.from_store(store.engine, screener.index.entity_ids)
        screener.origin = store.location()
        return screener

    @classmethod
    def from_saved(
        cls, url: str, cache_dir: Path, threshold: float = DEFAULT_THRESHOLD, measures: MeasuresTable | None = None
    ) -> Screener | None:
        """``from_store`` of the store at ``url`` with ``blocked_by_ownership``'s entities, when
        their index is saved in ``cache_dir``: read with the database's own driver, without
        SQLAlchemy (a quarter of the screen command's start); None when the store must be opened
        (to build the index, or to create, upgrade or explain the database: ``store.reading``)."""
        with reading(url) as connection:
            if connection is None or not (versions := current_versions(connection)):
                return None
            derived = derived_key(rows(connection, CURRENT_SHA256), measures or MeasuresTable.load())
            path = saved_index_path(versions, derived, cache_dir)
            if (index := NameIndex.load(path)) is None:
                return None
            screener = cls(index, threshold)
            screener.linkage = Linkage.from_links(links(connection), index.entity_ids)
        screener.index_file = path
        screener.versions = screened_versions(versions, index)
        screener.origin = location(url)
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
        # a person listed by several lists takes several candidates' places: ask for more, merge, cut
        wanted = limit * MERGED_SHARE if self.linkage.members else limit
        found = self.matcher.match_many(parsed, wanted, threshold if only_matches else None, accept)
        return [
            ScreenResult(query, threshold, self._merged([ScreeningHit.of(m, threshold) for m in matches], limit))
            for query, matches in zip(parsed, found)
        ]

    def _merged(self, hits: list[ScreeningHit], limit: int) -> list[ScreeningHit]:
        """One hit per person, best first: the hit on its best-scoring listing, carrying the others."""
        if not self.linkage.members:
            return hits[:limit]
        grouped: dict[str, list[ScreeningHit]] = {}
        for hit in hits:  # best first: a group's first hit is its best
            grouped.setdefault(self.linkage.group(hit.entity_id)[0], []).append(hit)
        merged = []
        for scored in list(grouped.values())[:limit]:
            best, group = scored[0], self.linkage.group(scored[0].entity_id)
            if len(group) == 1:
                merged.append(best)
                continue
            scores = {hit.entity_id: hit for hit in scored}
            listings = sorted(group, key=lambda entity_id: (entity_id not in scores, -_score(scores, entity_id)))
            linked = tuple(self._listing(entity_id, scores.get(entity_id)) for entity_id in listings)
            merged.append(
                replace(best, listings=tuple(scored), linked=linked, links=tuple(self.linkage.why(best.entity_id)))
            )
        return merged

    def _listing(self, entity_id: str, hit: ScreeningHit | None) -> dict[str, Any]:
        entity = self._entities[entity_id]
        return {
            "entity_id": entity.id,
            "source": entity.source,
            "source_id": entity.source_id,
            "caption": entity.caption,
            "programs": list(entity.programs),
            "score": hit.score if hit else None,
            "match": hit.match if hit else False,
        }

    @cached_property
    def _entities(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.index.entities}


def _score(scores: dict[str, ScreeningHit], entity_id: str) -> float:
    return scores[entity_id].score if entity_id in scores else 0.0


def saved_index_path(versions: Sequence, derived_key: str, cache_dir: Path) -> Path:
    """Where ``from_store`` saves the index of these list versions and derived entities (named
    by ``DerivedEntities.key``): named by their hashes and the index layout, so a file there is
    that index."""
    keys = [f"format:{FORMAT_VERSION}"] + [f"{v.source}:{v.sha256}" for v in versions] + [derived_key]
    digest = hashlib.sha256("|".join(keys).encode()).hexdigest()[:16]
    return Path(cache_dir) / f"index-{digest}.idx"


def screened_versions(versions: Sequence, index: NameIndex) -> tuple[str, ...]:
    """``Screener.versions`` of a screener of these list versions: "source:number" of each, and
    "ownership" when ``index`` holds entities blocked by the ownership rule."""
    return tuple(f"{v.source}:{v.number}" for v in versions) + (("ownership",) if OWNERSHIP in index.sources else ())
