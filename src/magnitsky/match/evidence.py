"""Secondary evidence beside the name: birth dates, countries, gender, identifiers.

Each check returns an effect on the name score and a line of explanation. A clear
contradiction (born 1950 vs 1967) subtracts, hard: most false alerts on ordinary names are settled
by the birth date. Agreement closes a share of the distance between the name score and 1.0 (the
positive constants below are those shares), so it raises a fair name match a good deal, a near-
perfect one a little, and only a perfect name can reach 1.0. A matching document number is decisive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from magnitsky.match.query import Query
from magnitsky.model import DateValue, Entity
from magnitsky.names import normalise_identifier

DATE_EXACT = 0.6  # share of the remaining distance to 1.0 that agreement closes
DATE_YEAR = 0.25  # share closed when the years agree and no finer part of either date disagrees
DATE_NEAR = -0.06  # one year apart, or same year with different day/month: typos, calendar issues
DATE_CONTRADICTS = -0.3  # subtracted when the dates are further apart than that: another person
COUNTRY_AGREES = 0.1  # share closed when a query country is one of the entry's
COUNTRY_CONTRADICTS = -0.06  # subtracted when none is: people move and hold several nationalities
GENDER_CONTRADICTS = -0.15  # subtracted when both state a gender and they differ
IDENTIFIER_MATCH = 1.0  # the score becomes this when a document number matches

# What each feature of an explanation compares, in words: the API's ``matcher`` block and
# docs/matching.md show these.
FEATURES = {
    "name": "Similarity of the best-aligned query name and listed name, token by token, weighted by how "
    "rare each token is among listed names (lower for weak aliases).",
    "birth_date": "Birth dates: same day raises the score, same year a little; a clear contradiction lowers it hard.",
    "country": "Nationality/country: shared raises the score a little, disjoint lowers it.",
    "gender": "Gender stated on both sides and different: lowers the score.",
    "identifier": "A document or registration number equal on both sides: the score becomes 1.",
    "company_name": "Company legal forms (LLC, OOO, ООО, JSC, AO ...) are recognised and set aside when names are "
    "compared; a one-word name with legal forms of different classes or of different countries (S.A. against a "
    "Russian АО), a one-word name spelled otherwise with a form the listed name lacks or of a country the listed "
    "company is not known to be of, spelled as another listed word or as a person's name, a weak alias of one "
    "word, a name of two letters (unless written exactly, with the same class of form), or of three with a form "
    "the listed name lacks, is held below the alert threshold.",
}


class Feature(StrEnum):
    """What a piece of evidence compares."""

    BIRTH_DATE = "birth_date"
    COUNTRY = "country"
    GENDER = "gender"
    IDENTIFIER = "identifier"
    COMPANY_NAME = "company_name"


# the members as plain module names: the checks below run for every candidate near a name
BIRTH_DATE, COUNTRY, GENDER, IDENTIFIER, COMPANY_NAME = Feature


@dataclass(frozen=True)
class FeatureDefinition:
    """A feature as documented (the HTTP API's ``matcher`` block, docs/matching.md): its name,
    what it does, and the constants it applies (``weights``, by name)."""

    name: str
    description: str
    weights: Mapping[str, float]


EVIDENCE_FEATURES = (
    FeatureDefinition(
        BIRTH_DATE,
        FEATURES[BIRTH_DATE],
        {"exact": DATE_EXACT, "year": DATE_YEAR, "near": DATE_NEAR, "contradicts": DATE_CONTRADICTS},
    ),
    FeatureDefinition(
        COUNTRY,
        FEATURES[COUNTRY],
        {"agrees": COUNTRY_AGREES, "contradicts": COUNTRY_CONTRADICTS},
    ),
    FeatureDefinition(GENDER, FEATURES[GENDER], {"contradicts": GENDER_CONTRADICTS}),
    FeatureDefinition(
        IDENTIFIER,
        FEATURES[IDENTIFIER],
        {"match": IDENTIFIER_MATCH},
    ),
)


class Evidence(NamedTuple):
    """One check's effect on the name score, and how to word it: ``detail`` is ``describe(*about)``,
    worded only when asked. Screening weighs the evidence on every candidate whose name comes
    near, a few per customer, and explains only the matches it returns."""

    feature: Feature
    effect: float
    describe: Callable[..., str]
    about: tuple

    @property
    def detail(self) -> str:
        return self.describe(*self.about)


def query_evidence(query: Query, entity: Entity) -> list[Evidence]:
    """What a query's birth dates, countries, gender and document numbers say about ``entity``."""
    found = (
        birth_date_evidence(query.birth_dates, entity.birth_dates),
        country_evidence(query.countries, entity),
        gender_evidence(query.gender, entity),
        identifier_evidence(query.identifiers, entity),
    )
    return [e for e in found if e is not None]


def final_score(name_score: float, evidence: list[Evidence]) -> tuple[float, list[Evidence]]:
    """The score of a name scoring ``name_score`` with this evidence, and the evidence with the
    effects it had. Contradictions subtract; each agreement then closes its share of what is left
    to 1.0; a matching document number makes it 1.0. The higher the name score, the higher this."""
    score = name_score + sum(e.effect for e in evidence if e.effect < 0)
    applied = []
    for item in evidence:
        if item.feature != IDENTIFIER and item.effect > 0:
            delta = (1.0 - score) * item.effect
            score += delta
            item = Evidence(item.feature, delta, item.describe, item.about)
        applied.append(item)
    if any(e.feature == IDENTIFIER for e in evidence):
        score = IDENTIFIER_MATCH
    return min(max(score, 0.0), 1.0), applied


def lowest_liftable(threshold: float, has_birth_date: bool, has_country: bool) -> float:
    """The lowest name score that agreeing evidence could still lift to ``threshold``: each
    agreement closes its share of the distance to 1.0, so 1 - score shrinks by (1 - share)."""
    remaining = (1.0 - DATE_EXACT if has_birth_date else 1.0) * (1.0 - COUNTRY_AGREES if has_country else 1.0)
    return 1.0 - (1.0 - threshold) / remaining


def birth_date_evidence(query: tuple[DateValue, ...], listed: tuple[DateValue, ...]) -> Evidence | None:
    """The best agreement between any query date and any listed date."""
    if not query or not listed:
        return None
    compared = ((*_compare_dates(q, c), q, c) for q in query for c in listed)
    effect, why, q, c = max(compared, key=lambda comparison: comparison[0])  # the first of equals, as listed
    return Evidence(BIRTH_DATE, effect, "{}: {} vs listed {}".format, (why, q, c))


def _compare_dates(q: DateValue, c: DateValue) -> tuple[float, str]:
    if q.end is None and c.end is None and len(q.start) == 10 and q.start == c.start:
        return DATE_EXACT, "same date"
    q_first, q_last = q.year, q.last_year  # spans, not sets of years: this runs for every candidate
    c_first, c_last = c.year, c.last_year
    if q_first <= c_last and c_first <= q_last:  # a year in common
        precise = len(q.start) == 10 and len(c.start) == 10 and not (q.end or c.end)
        if precise:
            return DATE_NEAR, "same year, different day"
        common = min(len(q.start), len(c.start))
        if common > 4 and q.start[:common] != c.start[:common]:
            return DATE_NEAR, "same year, different month"
        one_year = q_first == q_last == c_first == c_last
        return DATE_YEAR, "same year" if one_year else "year within range"
    gap = c_first - q_last if q_last < c_first else q_first - c_last
    if gap <= 1 or ((q.approximate or c.approximate) and gap <= 2):
        return DATE_NEAR, f"{gap} year apart"
    return DATE_CONTRADICTS, f"{gap} years apart"


def country_evidence(query: frozenset[str], entity: Entity) -> Evidence | None:
    listed = entity.country_codes
    if not query or not listed:
        return None
    if shared := query & listed:
        return Evidence(COUNTRY, COUNTRY_AGREES, _shared_countries, (shared,))
    return Evidence(COUNTRY, COUNTRY_CONTRADICTS, _other_countries, (query, listed))


def _shared_countries(shared: frozenset[str]) -> str:
    return f"shared: {', '.join(sorted(shared))}"


def _other_countries(query: frozenset[str], listed: frozenset[str]) -> str:
    return f"query {', '.join(sorted(query))} vs listed {', '.join(sorted(listed))}"


def gender_evidence(query: str | None, entity: Entity) -> Evidence | None:
    if query and entity.gender and query != entity.gender:
        return Evidence(GENDER, GENDER_CONTRADICTS, "query {} vs listed {}".format, (query, entity.gender))
    return None


def identifier_evidence(query: tuple[str, ...], entity: Entity) -> Evidence | None:
    if not query or not entity.identifiers:
        return None
    wanted = {normalise_identifier(v): v for v in query}
    for identifier in entity.identifiers:
        if normalise_identifier(identifier.value) in wanted:
            where = f" ({identifier.country})" if identifier.country else ""
            return Evidence(
                IDENTIFIER, IDENTIFIER_MATCH, "{} {}{} matches".format, (identifier.type, identifier.value, where)
            )
    return None
