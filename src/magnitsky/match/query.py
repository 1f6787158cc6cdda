"""A screening query: a FollowTheMoney-style entity dict, validated.

``{"schema": "Person", "properties": {"name": [...], "birthDate": [...], "nationality": [...],
"idNumber": [...]}}``. Bad input gets a :class:`QueryError` that names the property and value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from magnitsky.errors import InputError
from magnitsky.model import DateValue, parse_date, to_country
from magnitsky.names import normalize

MAX_NAME_LENGTH = 500  # longer "names" are documents, not names
MAX_VALUES = 50  # values per property

QUERY_SCHEMATA = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Company",
    "LegalEntity": "LegalEntity",
    "Vessel": "Vessel",
    "Airplane": "Airplane",
    "Thing": "Thing",  # anything: a name with no known type, e.g. from free text
    "PublicBody": "Organization",
}
# Which listed schemata a query schema may match: a person never matches a vessel.
COMPATIBLE = {
    "Person": frozenset({"Person"}),
    "Organization": frozenset({"Organization", "Company", "LegalEntity"}),
    "Company": frozenset({"Organization", "Company", "LegalEntity"}),
    "LegalEntity": frozenset({"Person", "Organization", "Company", "LegalEntity"}),
    "Vessel": frozenset({"Vessel"}),
    "Airplane": frozenset({"Airplane"}),
    "Thing": frozenset({"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane"}),
}
_NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
_COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "birthCountry")
_ID_PROPS = (
    "idNumber",
    "passportNumber",
    "taxNumber",
    "registrationNumber",
    "imoNumber",
    "swiftBic",
    "innCode",
    "ogrnCode",
    "leiCode",
    "vatCode",
    "socialSecurityNumber",
)

# Every property the screening reads; the rest of a query's properties are accepted (yente clients
# send whole entities) but play no part in the answer.
SCREENED_PROPERTIES = frozenset((*_NAME_PROPS, *_PART_PROPS, *_COUNTRY_PROPS, *_ID_PROPS, "birthDate", "gender"))


class QueryError(InputError):
    """The query cannot be screened as given; the message says which property and why."""


@dataclass(frozen=True)
class Query:
    schema: str
    names: tuple[str, ...]
    birth_dates: tuple[DateValue, ...] = ()
    countries: frozenset[str] = frozenset()
    identifiers: tuple[str, ...] = ()
    gender: str | None = None

    @property
    def organisation(self) -> bool:
        return self.schema in ("Organization", "Company", "LegalEntity")

    @classmethod
    def from_dict(cls, data: Any) -> Query:
        if not isinstance(data, dict):
            raise QueryError("a query must be an object with 'schema' and 'properties'")
        schema = data.get("schema", "Thing")
        if schema not in QUERY_SCHEMATA:
            raise QueryError(f"unknown schema {schema!r}; use one of {', '.join(QUERY_SCHEMATA)}")
        props = data.get("properties", {})
        if not isinstance(props, dict):
            raise QueryError("'properties' must be an object of lists of strings")
        values = {key: _strings(key, value) for key, value in props.items()}
        names = [n for key in _NAME_PROPS for n in values.get(key, [])]
        parts = [p for key in _PART_PROPS for p in values.get(key, [])]
        if parts:
            names.append(" ".join(parts))
        for name in names:
            if len(name) > MAX_NAME_LENGTH:
                raise QueryError(f"name of {len(name)} characters is longer than {MAX_NAME_LENGTH}")
        names = [n for n in names if normalize(n)]
        if not names:
            raise QueryError("the query has no name to screen (properties.name is empty or has no letters)")
        return cls(
            schema=QUERY_SCHEMATA[schema],
            names=tuple(dict.fromkeys(names)),
            birth_dates=tuple(_date(v) for v in values.get("birthDate", [])),
            countries=frozenset(_country(k, v) for k in _COUNTRY_PROPS for v in values.get(k, [])),
            identifiers=tuple(_identifier(k, v) for k in _ID_PROPS for v in values.get(k, [])),
            gender=_gender(values.get("gender", [])),
        )


def _strings(key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QueryError(f"properties.{key} must be a list of strings")
    if len(value) > MAX_VALUES:
        raise QueryError(f"properties.{key} has {len(value)} values; at most {MAX_VALUES}")
    return [v.strip() for v in value if v.strip()]


def _identifier(key: str, text: str) -> str:
    if len(text) > MAX_NAME_LENGTH:
        raise QueryError(f"properties.{key} value of {len(text)} characters is longer than {MAX_NAME_LENGTH}")
    return text


def _date(text: str) -> DateValue:
    value = parse_date(text)
    if value is None:
        raise QueryError(f"birthDate {text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def _country(key: str, text: str) -> str:
    code = to_country(text)
    if code is None:
        raise QueryError(f"{key} {text!r} is not a country name or ISO code")
    return code


def _gender(values: list[str]) -> str | None:
    for value in values:
        if value.lower() in ("male", "m"):
            return "male"
        if value.lower() in ("female", "f"):
            return "female"
    return None
