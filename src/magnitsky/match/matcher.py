"""Scoring candidates: the best name alignment, adjusted by the secondary evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from magnitsky.index import NameIndex, name_forms
from magnitsky.index.form_table import token_weights
from magnitsky.index.name_index import ORGANISATION_SCHEMATA, is_organisation
from magnitsky.match.alignment import Alignment, align
from magnitsky.match.bounds import alignment_bounds
from magnitsky.match.evidence import (
    Evidence,
    birth_date_evidence,
    country_evidence,
    gender_evidence,
    identifier_evidence,
    lowest_liftable,
)
from magnitsky.match.query import COMPATIBLE, Query
from magnitsky.model import Entity, NameKind

WEAK_ALIAS_FACTOR = 0.92  # a hit on a low-quality alias is worth less than one on a real name
CANDIDATES = 80  # name forms scored per query; an entity's aliases and romanisations share these
RETRIEVAL_FLOOR = 0.25  # forms sharing less than this share of the best form's key weight are not scored
NAME_FLOOR = 0.5  # a name scoring below this is another name: no birth date or country makes it one


@dataclass
class Match:
    entity: Entity
    score: float
    name_score: float
    query_name: str
    listed_name: str
    listed_kind: NameKind
    alignment: Alignment
    evidence: list[Evidence] = field(default_factory=list)

    def explain(self) -> dict:
        return {
            "name": {
                "query": self.query_name,
                "list": self.listed_name,
                "kind": self.listed_kind.value,
                **self.alignment.explain(),
            },
            "evidence": [e.explain() for e in self.evidence],
            "schema": self.entity.schema,
        }


class Matcher:
    """Finds and scores the listed entities that could be the queried one."""

    def __init__(self, index: NameIndex):
        self.index = index

    def match(self, query: Query, limit: int | None = 10, at_least: float | None = None,
              accept: Callable[[Entity], bool] | None = None) -> list[Match]:
        """The ``limit`` (None: all) best-scoring listed entities with a name scoring NAME_FLOOR
        or more, of those ``accept`` accepts; with ``at_least``, only those scoring that much (names
        that no evidence could lift to it are not even aligned, which is what makes screening for
        matches only faster)."""
        floor = NAME_FLOOR
        if at_least is not None:
            floor = max(floor, lowest_liftable(at_least, bool(query.birth_dates), bool(query.countries)) - 1e-9)
        forms = {}
        for name in query.names:
            for form in name_forms(name, query.organisation):
                forms.setdefault(form, name)
        allowed = COMPATIBLE[query.schema]
        if any(form.legal_form for form in forms):  # "Martin Ltd" is a company, whatever the schema says
            allowed = allowed & ORGANISATION_SCHEMATA
        best: dict[str, Match] = {}
        rows, _ = self.index.candidate_rows(forms, CANDIDATES, RETRIEVAL_FLOOR)
        weighted = [(form, name, token_weights(form.tokens, self.index.token_weight)) for form, name in forms.items()]
        for row in self._worth_aligning(rows, forms, allowed, floor):
            match = self._name_match(row, weighted)
            current = best.get(match.entity.id)
            if match.name_score >= floor and (current is None or match.name_score > current.name_score):
                best[match.entity.id] = match
        for value in query.identifiers:  # an id hit is a candidate whatever the name says
            for entity in self.index.by_identifier(value):
                if entity.id not in best and entity.schema in allowed:
                    best[entity.id] = self._identifier_only(entity, query)
        results = [self._with_evidence(m, query) for m in best.values() if accept is None or accept(m.entity)]
        if at_least is not None:
            results = [m for m in results if m.score >= at_least]
        results.sort(key=lambda m: (-m.score, m.entity.id))
        return results[:limit]

    def _worth_aligning(self, rows: np.ndarray, forms, allowed, floor: float) -> list[int]:
        """The retrieved forms worth a full alignment: of an allowed schema, and whose alignment
        bound (``match.bounds``) reaches ``floor``."""
        index = self.index
        rows = rows[index.table.of_schemata(rows, allowed)]
        if not len(rows):
            return []
        bound = np.max([alignment_bounds(form, rows, index.table, index.token_weight) for form in forms], axis=0)
        return rows[bound >= floor - 1e-6].tolist()  # the bound is summed in float32

    def _name_match(self, row: int, weighted: list) -> Match:
        """The best alignment of any query form (with its token weights) with listed form ``row``."""
        candidate = self.index.candidate(row)
        listed_weights = self.index.table.row_weights[row]
        organisation = is_organisation(candidate.entity.schema)
        best: tuple[Alignment, str] | None = None
        for form, name, weights in weighted:
            alignment = align(form, candidate.form, weights, listed_weights, organisation)
            if best is None or alignment.score > best[0].score:
                best = (alignment, name)
        alignment, query_name = best
        score = alignment.score * (WEAK_ALIAS_FACTOR if candidate.kind is NameKind.WEAK else 1.0)
        return Match(candidate.entity, score, score, query_name, candidate.name, candidate.kind, alignment)

    def _identifier_only(self, entity: Entity, query: Query) -> Match:
        empty = Alignment(0.0, [], list(query.names), [])
        return Match(entity, 0.0, 0.0, query.names[0], entity.caption, NameKind.PRIMARY, empty)

    def _with_evidence(self, match: Match, query: Query) -> Match:
        entity = match.entity
        evidence = [
            e
            for e in (
                birth_date_evidence(query.birth_dates, entity.birth_dates),
                country_evidence(query.countries, entity),
                gender_evidence(query.gender, entity),
                identifier_evidence(query.identifiers, entity),
            )
            if e is not None
        ]
        score = match.name_score + sum(e.effect for e in evidence if e.effect < 0)
        applied = []
        for item in evidence:
            if item.feature == "identifier":
                applied.append(item)
            elif item.effect > 0:  # agreement closes a share of the distance to 1.0
                delta = (1.0 - score) * item.effect
                score += delta
                applied.append(replace(item, effect=delta))
            else:
                applied.append(item)
        if any(e.feature == "identifier" for e in evidence):
            score = 1.0
        match.evidence = applied
        match.score = min(max(score, 0.0), 1.0)
        return match
