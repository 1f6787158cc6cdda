"""What linking compares of one listed entry, computed once per entry: its name keys, birth
dates, documents and countries in the forms the comparisons need."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from magnitsky.index import NameIndex
from magnitsky.model import Entity, NameKind
from magnitsky.names import normalise_identifier

# Documents that name one person or thing: the same number (of a compatible country) on two lists
# is the same holder. Registration and tax numbers are reused across registries; they only propose.
STRONG_DOCUMENTS = frozenset({"passport", "national_id", "imo"})
OTHER_DOCUMENTS = frozenset({"tax_id", "registration", "bic"})
MIN_DOCUMENT = 5  # characters: shorter "numbers" on lists are fragments ("0", "n/a", "12")
KIND_GROUPS = {"Person": "person", "Vessel": "vessel", "Airplane": "airplane"}  # the rest: organisations


def kind_group(schema: str) -> str:
    """Which entries may be compared: a person with a person, any organisation schema with another."""
    return KIND_GROUPS.get(schema, "organisation")


@dataclass(frozen=True)
class Profile:
    entity: Entity
    names: frozenset[
        frozenset[str]
    ]  # each name form's tokens, order-free ("bastrykin alexander" = "alexander bastrykin")
    full_dates: frozenset[str]  # exact birth dates, ISO
    years: frozenset[int]  # every birth year stated (ranges included)
    documents: dict[tuple[str, str], str | None]  # (type, normalised number) -> issuing country
    nationalities: frozenset[str]

    @property
    def id(self) -> str:
        return self.entity.id

    @property
    def group(self) -> str:
        return kind_group(self.entity.schema)

    def name_keys(self) -> set[str]:
        """Blocking keys of the whole names: equal exactly when a form's tokens are equal."""
        return {" ".join(sorted(tokens)) for tokens in self.names}

    def pair_keys(self) -> set[str]:
        """Blocking keys of every two tokens of a name: "alexander bastrykin" meets
        "alexander ivanovich bastrykin", the same man with and without his patronymic."""
        return {" ".join(pair) for tokens in self.names for pair in combinations(sorted(tokens), 2)}


def profiles(index: NameIndex) -> list[Profile]:
    """Every indexed entry's profile, its names taken from the screening index's name forms: the
    normalisation (romanisation, given-name classes, legal forms) is done once, for both."""
    names: list[set[frozenset[str]]] = [set() for _ in index.entities]
    for form, entity_no, (_, kind) in zip(index.forms, index.form_entity, index.form_name):
        entity = index.entities[entity_no]
        if kind is not NameKind.WEAK and (len(form.tokens) >= 2 or entity.schema != "Person"):
            names[entity_no].add(frozenset(form.tokens))
    return [profile(entity, frozenset(found)) for entity, found in zip(index.entities, names)]


def profile(entity: Entity, names: frozenset[frozenset[str]]) -> Profile:
    full_dates = frozenset(
        d.start for d in entity.birth_dates if len(d.start) == 10 and not d.end and not d.approximate
    )
    years = frozenset(year for d in entity.birth_dates for year in d.years())
    documents: dict[tuple[str, str], str | None] = {}
    for identifier in entity.identifiers:
        number = normalise_identifier(identifier.value)
        if identifier.type in STRONG_DOCUMENTS | OTHER_DOCUMENTS and len(number) >= MIN_DOCUMENT:
            documents[(identifier.type, number)] = identifier.country
    return Profile(entity, names, full_dates, years, documents, frozenset(entity.nationalities))
