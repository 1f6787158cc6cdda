"""The entity model every layer shares: listed persons, companies, vessels and their attributes.

Field names follow FollowTheMoney's vocabulary; :mod:`magnitsky.model.ftm` converts to and from
FtM entities for interchange.
"""

from magnitsky.model.countries import to_country
from magnitsky.model.dates import DateValue, parse_date
from magnitsky.model.entity import (
    SCHEMATA,
    Address,
    Entity,
    Identifier,
    Name,
    NameKind,
    Relation,
)

__all__ = [
    "Address",
    "DateValue",
    "Entity",
    "Identifier",
    "Name",
    "NameKind",
    "Relation",
    "SCHEMATA",
    "parse_date",
    "to_country",
]
