"""One person or company listed by several lists, seen as one: every value with the listings
that state it, and the same as FollowTheMoney statements (FtM's own per-value provenance).

The listings stay as each list publishes them; this is a view over them, never a rewrite. Which
listings are one person is decided elsewhere (``magnitsky.linking``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

from followthemoney.statement import Statement

from magnitsky.model.entity import Entity, caption_of
from magnitsky.model.ftm import ftm_id, to_ftm

# What the merged view shows, field by field, in this order.
MERGED_FIELDS = (
    "names",
    "birth_dates",
    "birth_places",
    "nationalities",
    "countries",
    "gender",
    "identifiers",
    "positions",
    "addresses",
    "programs",
    "measures",
    "legal_basis",
    "listed_on",
)


def merged_values(listings: Sequence[Entity]) -> dict[str, list[tuple[str, list[str]]]]:
    """Field -> each distinct value (as text) with the ids of the listings that state it."""
    merged: dict[str, dict[str, list[str]]] = {}
    for entity in listings:
        data = entity.to_dict()
        for field in MERGED_FIELDS:
            values = data.get(field)
            if values is None:
                continue
            for value in values if isinstance(values, list) else [values]:
                text = _text(field, value)
                holders = merged.setdefault(field, {}).setdefault(text, [])
                if entity.id not in holders:
                    holders.append(entity.id)
    return {field: list(merged[field].items()) for field in MERGED_FIELDS if field in merged}


def _text(field: str, value: Any) -> str:
    if field == "names":
        return f"{value['full']} ({value.get('kind', 'primary')})"
    if field == "identifiers":
        country = f", {value['country']}" if value.get("country") else ""
        return f"{value['type']} {value['value']}{country}"
    if field == "addresses":
        return value["full"]
    return str(value)


def canonical_id(listings: Sequence[Entity]) -> str:
    """The merged person's FtM id: the same for the same listings, whatever their order."""
    digest = hashlib.sha1("|".join(sorted(e.id for e in listings)).encode()).hexdigest()[:20]
    return f"magnitsky-{digest}"


def merged_statements(listings: Sequence[Entity]) -> Iterator[Statement]:
    """Every FtM value of the listings as a statement: its own list's entity id and dataset (the
    source of the value), and the merged person's ``canonical_id`` when there are several."""
    canonical = canonical_id(listings) if len(listings) > 1 else None
    for entity in listings:
        for record in to_ftm(entity):
            own = record["id"]
            for prop, values in record["properties"].items():
                for value in values:
                    yield Statement(
                        own,
                        prop,
                        record["schema"],
                        value,
                        entity.source,
                        canonical_id=canonical if own == ftm_id(entity.source, entity.source_id) else None,
                    )


def merged_entity(listings: Sequence[Entity]) -> list[dict[str, Any]]:
    """The listings as FtM entities, one thing for the person: its values are every listing's,
    its ``datasets`` the lists, its ``referents`` each list's own id; each list's Sanction and
    documents point at it. One listing alone is written as ``to_ftm`` writes it."""
    records = [record for entity in listings for record in to_ftm(entity)]
    if len(listings) == 1:
        return records
    canonical = canonical_id(listings)
    own = {ftm_id(e.source, e.source_id) for e in listings}
    things = [r for r in records if r["id"] in own]
    thing: dict[str, Any] = {
        "id": canonical,
        "schema": things[0]["schema"],
        "caption": caption_of([name for entity in listings for name in entity.names]),
        "properties": {},
        "datasets": sorted({e.source for e in listings}),
        "referents": sorted(own),
    }
    for record in things:
        for prop, values in record["properties"].items():
            kept = thing["properties"].setdefault(prop, [])
            kept.extend(v for v in values if v not in kept)
    others = []
    for record in records:
        if record["id"] in own:
            continue
        properties = {
            prop: [canonical if v in own else v for v in values] for prop, values in record["properties"].items()
        }
        others.append({**record, "properties": properties})
    return [thing, *others]
