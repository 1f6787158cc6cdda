"""Scoring candidates: the best name alignment, adjusted by the secondary evidence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from magnitsky.index import NameForm, NameIndex, generated_forms, made_of_syllables, name_forms, written_word_for_word
from magnitsky.index.form_table import token_weights
from magnitsky.index.name_index import ORGANISATION_SCHEMATA
from magnitsky.match.alignment import Alignment
from magnitsky.match.alignment_kernel import Aligned, QueryForm, align_rows, query_form
from magnitsky.match.bounds import query_bounds, reaching
from magnitsky.match.company_names import COMPANY_NAME_FEATURE, company_evidence, listed_countries
from magnitsky.match.evidence import (
    EVIDENCE_FEATURES,
    FEATURES,
    Evidence,
    FeatureDefinition,
    final_score,
    lowest_liftable,
    query_evidence,
)
from magnitsky.match.query import COMPATIBLE, Query
from magnitsky.model import Entity, NameKind

WEAK_ALIAS_FACTOR = 0.92  # a hit on a low-quality alias is worth less than one on a real name
CANDIDATES = 80  # name forms scored per query; an entity's aliases and romanisations share these
RETRIEVAL_FLOOR = 0.25  # forms sharing less than this share of the best form's key weight are not scored
NAME_FLOOR = 0.5  # a name scoring below this is another name: no birth date or country makes it one


NAME_FEATURE = FeatureDefinition(
    "name",
    FEATURES["name"],
    {"weak_alias_factor": WEAK_ALIAS_FACTOR, "floor": NAME_FLOOR},
)
# everything a score is made of, with its constants
FEATURE_DEFINITIONS = (NAME_FEATURE, *EVIDENCE_FEATURES, COMPANY_NAME_FEATURE)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """Which query name matched which listed name (of what kind), and how they align."""

    query: str
    listed: str
    kind: NameKind
    alignment: Alignment


@dataclass
class Match:
    entity: Entity
    score: float
    name_score: float
    name: NameMatch
    evidence: list[Evidence] = field(default_factory=list)


class Matcher:
    """Finds and scores the listed entities that could be the queried one."""

    def __init__(self, index: NameIndex):
        self.index = index
        self._schemata_masks: dict[frozenset[str], np.ndarray] = {}  # see ``_of_schemata``

    def match(
        self,
        query: Query,
        limit: int | None = 10,
        at_least: float | None = None,
        accept: Callable[[Entity], bool] | None = None,
    ) -> list[Match]:
        """The ``limit`` (None: all) best-scoring listed entities with a name scoring NAME_FLOOR
        or more, of those ``accept`` accepts; with ``at_least``, only those scoring that much (names
        that no evidence could lift to it are not even aligned, which is what makes screening for
        matches only faster)."""
        return self.match_many([query], limit, at_least, accept)[0]

    def match_many(
        self,
        queries: Sequence[Query],
        limit: int | None = 10,
        at_least: float | None = None,
        accept: Callable[[Entity], bool] | None = None,
    ) -> list[list[Match]]:
        """``match`` of each query, with the same results. Each compiled step (retrieval's sums,
        the bounds, the alignments) runs for all the queries one after another before the next
        step: each sweeps arrays over the listed forms (sums, postings, the form table), and run
        between the other steps of each query it found them gone from the processor's caches and
        pushed out what those steps had there (screening 5,500 customers in groups of 100, one
        core: 0.42 -> 0.33 ms each with retrieval grouped, 0.31 with all three)."""
        forms = [_query_forms(query) for query in queries]
        companies = [query.schema != "Person" for query in queries]
        retrieved = self.index.candidate_rows_many(forms, CANDIDATES, RETRIEVAL_FLOOR, companies)
        plans = [
            self._plan(query, query_forms, rows, at_least)
            for query, query_forms, (rows, _) in zip(queries, forms, retrieved)
        ]
        for plan in plans:
            plan.rows, plan.bounds = self._worth_aligning(plan)
        for plan in plans:  # each query form with all candidates worth it in one compiled call
            if len(plan.rows):
                plan.aligned = [align_rows(form, plan.rows, self.index.table) for form, _ in plan.prepared]
        return [self._scored(plan, limit, at_least, accept) for plan in plans]

    def _plan(self, query: Query, forms: dict[NameForm, _FormOf], rows: np.ndarray, at_least: float | None) -> _Plan:
        """What scoring a query needs once its name forms (``_query_forms``) retrieved the listed
        forms numbered in ``rows``: those of an allowed schema."""
        floor = NAME_FLOOR
        if at_least is not None:
            floor = max(floor, lowest_liftable(at_least, bool(query.birth_dates), bool(query.countries)) - 1e-9)
        allowed = COMPATIBLE[query.schema]
        if any(form.legal_forms for form in forms):  # "Martin Ltd" is a company, whatever the schema says
            allowed = allowed & ORGANISATION_SCHEMATA
        prepared = [
            (
                query_form(
                    form, token_weights(form.tokens, self.index.token_weight), of.generated, of.syllabic, of.written
                ),
                of.name,
            )
            for form, of in forms.items()
        ]
        rows = rows[self._of_schemata(rows, allowed)].astype(np.intp, copy=False)
        return _Plan(query, floor, allowed, prepared, rows)

    def _scored(
        self, plan: _Plan, limit: int | None, at_least: float | None, accept: Callable[[Entity], bool] | None
    ) -> list[Match]:
        """The matches of a planned query whose candidates worth it (``plan.rows``) are aligned."""
        query, floor, allowed, prepared = plan.query, plan.floor, plan.allowed, plan.prepared
        worth, bounds, aligned = plan.rows, plan.bounds, plan.aligned
        best: dict[str, _Scored] = {}  # per entity, its best-scoring name so far
        evidence: dict[str, list[Evidence]] = {}  # per entity: it depends on the entity, not the name

        def evidence_on(entity: Entity) -> list[Evidence]:
            if entity.id not in evidence:
                evidence[entity.id] = query_evidence(query, entity)
            return evidence[entity.id]

        # Candidates are visited highest bound first. Once ``limit`` entities are found, one whose
        # bound, with its entity's evidence, scores below the limit-th is skipped: it cannot enter.
        # (A document number decides alone: then every candidate is aligned.) A ``Match`` (with
        # its ``Alignment``) is made only for the entities returned.
        ranking = _Ranking(limit) if limit is not None and not query.identifiers else None
        name_scores, best_forms = self._name_scores(worth, aligned)
        for k in np.flatnonzero(name_scores >= floor).tolist():
            entity = self.index.entity_of(row := int(worth[k]))
            if accept is not None and not accept(entity):
                continue
            name_score, form, bound = float(name_scores[k]), int(best_forms[k]), float(bounds[k])
            company = None
            if self.index.table.organisation[row] or query.organisation:
                query_form, listed_form = prepared[form][0].form, self.index.forms[row]
                formless = query_form.legal_forms and not listed_form.legal_forms  # the entity's forms say
                listed_keys = self.index.entity_form_keys(row) if query_form.form_keys else ()
                company = company_evidence(
                    query_form,
                    prepared[form][1],
                    listed_form,
                    name_score,
                    bool(self.index.weak_forms[row]),
                    len(query_form.tokens) == 1 and query_form.tokens[0] in self.index.token_weights,
                    self.index.entity_legal_forms(row) if formless else (),
                    listed_keys,
                    listed_countries(entity.country_codes, listed_keys) if query_form.form_keys else frozenset(),
                )
            held = name_score + company.effect if company else name_score  # where a company's form holds it
            current = best.get(entity.id)
            if current is not None and held <= current.held:
                continue
            # evidence is only looked at once there is a limit-th score to beat
            if (
                ranking is not None
                and ranking.full
                and final_score(bound, evidence_on(entity))[0] < ranking.last - 1e-6
            ):
                continue
            entity_evidence = evidence_on(entity) if company is None else [*evidence_on(entity), company]
            score, applied = final_score(name_score, entity_evidence)
            best[entity.id] = _Scored(score, name_score, held, row, k, form, applied)
            if ranking is not None:
                ranking.add(entity.id, score)
        found: list[tuple[float, str, _Scored | Match]] = [(s.score, e, s) for e, s in best.items()]
        entity_ids = set(best)
        for value in query.identifiers:  # an id hit is a candidate whatever the name says
            for entity in self.index.by_identifier(value):
                if entity.id not in entity_ids and entity.schema in allowed and (accept is None or accept(entity)):
                    match = self._identifier_only(entity, query)
                    match.score, match.evidence = final_score(0.0, query_evidence(query, entity))
                    entity_ids.add(entity.id)
                    found.append((match.score, entity.id, match))
        if at_least is not None:
            found = [f for f in found if f[0] >= at_least]
        found.sort(key=lambda f: (-f[0], f[1]))
        return [
            self._name_match(item, prepared, aligned) if isinstance(item, _Scored) else item
            for _, _, item in found[:limit]
        ]

    def _worth_aligning(self, plan: _Plan) -> tuple[np.ndarray, np.ndarray]:
        """The planned query's candidates worth a full alignment, and their bounds, highest bound
        first: those whose alignment bound (``match.bounds``) reaches the floor."""
        rows, table = plan.rows, self.index.table
        if not len(rows):
            return rows, np.zeros(0)
        bound = query_bounds(plan.prepared[0][0], rows, table)
        for form, _ in plan.prepared[1:]:
            bound = np.maximum(bound, query_bounds(form, rows, table))
        return reaching(rows, bound, plan.floor - 1e-6)

    def _of_schemata(self, rows: np.ndarray, allowed: frozenset[str]) -> np.ndarray:
        """Which of the forms numbered in ``rows`` belong to an entity of an ``allowed`` schema
        (the few sets of schemata queries allow are each turned into a mask once)."""
        mask = self._schemata_masks.get(allowed)
        if mask is None:
            mask = self._schemata_masks[allowed] = self.index.table.schemata_allowed(allowed)
        return mask[self.index.table.schema[rows]]

    def _name_scores(self, rows: np.ndarray, aligned: list[Aligned]) -> tuple[np.ndarray, np.ndarray]:
        """Per listed form in ``rows``: the best score of any query form's alignment with it,
        less for a weak alias, and which query form scores it (the first of them)."""
        if not aligned:
            return np.zeros(0), np.zeros(0, dtype=np.intp)
        scores = np.stack([a.scores for a in aligned])
        forms = scores.argmax(axis=0)
        factor = np.where(self.index.weak_forms[rows], WEAK_ALIAS_FACTOR, 1.0)
        return factor * scores[forms, np.arange(len(rows))], forms

    def _name_match(self, scored: _Scored, prepared: list[tuple[QueryForm, str]], aligned: list[Aligned]) -> Match:
        """The match an entity's best name makes, explained: its alignment, texts, evidence."""
        candidate = self.index.candidate(scored.row)
        query, query_name = prepared[scored.form]
        alignment = aligned[scored.form].alignment(scored.k, query.form, candidate.form)
        return Match(
            candidate.entity,
            scored.score,
            scored.name_score,
            NameMatch(query_name, candidate.name, candidate.kind, alignment),
            scored.evidence,
        )

    def _identifier_only(self, entity: Entity, query: Query) -> Match:
        empty = Alignment(0.0, [], list(query.names), [])
        return Match(entity, 0.0, 0.0, NameMatch(query.names[0], entity.caption, NameKind.PRIMARY, empty))


@dataclass(frozen=True, slots=True)
class _FormOf:
    """What a query form is of: the (first) name it is a form of, whether that name is made of
    syllables (``made_of_syllables``), whether the form is only a generated spelling
    (``generated_forms``) of every name it is a form of, and whether it is one of them as written,
    word for word (``written_word_for_word``: only so may a name of syllables add a word)."""

    name: str
    syllabic: bool
    generated: bool
    written: bool = False


def _query_forms(query: Query) -> dict[NameForm, _FormOf]:
    """The distinct forms of a query's names, each with what it is a form of; each name is read
    once, whatever the number of its forms."""
    forms: dict[NameForm, _FormOf] = {}
    for name in query.names:
        generated = generated_forms(name, query.organisation)
        written = None if query.organisation else written_word_for_word(name)
        syllabic = made_of_syllables(name)
        for form in name_forms(name, query.organisation):
            first = forms.get(form) or _FormOf(name, syllabic, True)
            forms[form] = _FormOf(
                first.name, first.syllabic, first.generated and form in generated, first.written or form == written
            )
    return forms


@dataclass(slots=True)
class _Plan:
    """A query on its way through ``Matcher.match_many``: its name floor, allowed schemata, prepared
    forms (``QueryForm`` and name), and candidates: those retrieved, then those worth
    aligning with their ``bounds``, then their alignments per query form (``aligned``)."""

    query: Query
    floor: float
    allowed: frozenset[str]
    prepared: list[tuple[QueryForm, str]]
    rows: np.ndarray
    bounds: np.ndarray = field(default_factory=lambda: np.zeros(0))
    aligned: list[Aligned] = field(default_factory=list)


@dataclass(slots=True)
class _Scored:
    """An entity's best name so far: its scores and where its alignment is (listed form ``row``,
    the ``k``-th aligned with query form ``form``), to make its ``Match`` from if it is returned."""

    score: float
    name_score: float
    held: float  # the name score less what a company's legal form or length takes off (``company_names``)
    row: int
    k: int
    form: int
    evidence: list[Evidence]


class _Ranking:
    """The final scores of the best ``limit`` entities scored so far."""

    def __init__(self, limit: int):
        self.limit = limit
        self.scores: dict[str, float] = {}
        self.last = 0.0  # the limit-th best score, 0 until there are that many

    @property
    def full(self) -> bool:
        """Whether there are ``limit`` scores, so that ``last`` is one to beat."""
        return len(self.scores) >= self.limit

    def add(self, entity_id: str, score: float) -> None:
        self.scores[entity_id] = max(score, self.scores.get(entity_id, 0.0))
        if self.full:
            self.last = sorted(self.scores.values(), reverse=True)[self.limit - 1]
