"""The customer beside the listed entry: the facts a reviewer compares, one row per kind of fact.

A reviewer decides an alert by reading both sides together — is the birth date the same, the
nationality, the passport number? — so each row holds what the customer file says and what the
list says, side by side, in the words of the page; the match explanation says how the score
came about.
"""

from __future__ import annotations

from dataclasses import dataclass

from magnitsky.cases import Alert, Customer
from magnitsky.model import Entity

# customer properties (as in a screening query) shown in each row
_NAMES = ("name", "firstName", "middleName", "lastName", "fatherName", "alias", "previousName")
_BIRTH = ("birthDate",)
_COUNTRIES = ("nationality", "citizenship", "country", "jurisdiction")
_IDENTIFIERS = ("idNumber", "passportNumber", "taxNumber", "registrationNumber", "imoNumber", "swiftBic")


@dataclass(frozen=True)
class Row:
    label: str
    customer: list[str]
    listed: list[str]


def sides(alert: Alert, customer: Customer | None, entity: Entity | None) -> list[Row]:
    """Names, birth dates, countries and identifiers of both sides."""
    mine = customer.properties if customer else {}
    names = _values(mine, _NAMES) or [alert.subject_caption]
    listed_names = [_name(n.full, n.kind.value, n.script) for n in entity.names] if entity else [alert.entity_caption]
    rows = [Row("Names", names, listed_names)]
    if entity is None and customer is None:
        return rows
    rows += [
        Row("Birth dates", _values(mine, _BIRTH), [d.text for d in entity.birth_dates] if entity else []),
        Row(
            "Countries",
            _values(mine, _COUNTRIES),
            sorted({*entity.nationalities, *entity.countries}) if entity else [],
        ),
        Row(
            "Identifiers",
            [f"{p}: {v}" for p in _IDENTIFIERS for v in mine.get(p, [])],
            [_identifier(i.type, i.value, i.country) for i in entity.identifiers] if entity else [],
        ),
    ]
    return rows


def _values(properties: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    return [v for k in keys for v in properties.get(k, [])]


def _name(full: str, kind: str, script: str | None) -> str:
    return f"{full} ({kind}{', ' + script if script else ''})"


def _identifier(kind: str, value: str, country: str | None) -> str:
    return f"{kind}: {value}{f' ({country})' if country else ''}"
