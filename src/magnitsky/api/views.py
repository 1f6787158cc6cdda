"""Listed entities as yente shows them: FollowTheMoney properties, datasets, referents.

Our id (``source:source_id``) is the ``id``; the FtM id the same entry has in FtM exports is its
``referents``. ``/entities`` nests the FtM entities kept apart from the thing (its sanction,
documents, links) under the property that points back at it, as yente's nested view does.
"""

from __future__ import annotations

from typing import Any

from followthemoney import model

from magnitsky.api.reload import Snapshot
from magnitsky.match.evidence import FEATURES
from magnitsky.model import Entity
from magnitsky.model.ftm import ftm_id, to_ftm
from magnitsky.screening import ScreeningHit

# yente's ``matcher`` block. The evidence adjusts the name score additively, so each coefficient is 1.
MATCHER = {name: {"description": doc, "coefficient": 1.0, "url": None} for name, doc in FEATURES.items()}


def _record(data: dict[str, Any], source: str, target: bool) -> dict[str, Any]:
    proxy = model.get_proxy(data)
    return {
        "id": data["id"],
        "caption": proxy.caption,
        "schema": data["schema"],
        "properties": {k: list(v) for k, v in data["properties"].items()},
        "datasets": [source],
        "referents": [],
        "target": target,
    }


def entity_view(snapshot: Snapshot, entity: Entity, nested: bool = False) -> dict[str, Any]:
    """The entry as a yente EntityResponse (cached per snapshot: the lists do not change under it)."""
    key = ("view", entity.id, nested)
    cached = snapshot.cache.get(key)
    if cached is not None:
        return cached
    thing, *adjuncts = to_ftm(entity)
    view = _record(thing, entity.source, True)
    version = snapshot.sources.get(entity.source)
    view.update(
        id=entity.id,
        caption=entity.caption,
        referents=[ftm_id(entity.source, entity.source_id)],
        last_seen=version.loaded_at.isoformat() if version else None,
        last_change=entity.updated_on,
    )
    if nested:
        for adjunct in adjuncts:
            schema = model.get(adjunct["schema"])
            for name, values in adjunct["properties"].items():
                prop = schema.get(name) if schema else None
                reverse = prop.reverse if prop else None
                if reverse is not None and thing["id"] in values:
                    view["properties"].setdefault(reverse.name, []).append(_record(adjunct, entity.source, False))
                    break
    snapshot.cache[key] = view
    return view


def scored_view(snapshot: Snapshot, hit: ScreeningHit) -> dict[str, Any]:
    entity = snapshot.by_id[hit.entity_id]
    return {
        **entity_view(snapshot, entity),
        "score": hit.score,
        "match": hit.match,
        "features": hit.features,
        "explanation": hit.explanation,
    }
