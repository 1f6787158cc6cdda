"""Intake screening: is the nominated subject already listed, by whom, and was it nominated before?

The subject is screened with the project's matcher against every loaded list's current version
and against the subjects of earlier nominations. The result says, per source, listed or not
(with the entries and their programs), and which earlier nominations look like the same subject:
"already listed by ofac_sdn (GLOMAG); not by un_sc, eu_fsf".
"""

from __future__ import annotations

from typing import Any

from magnitsky.model import Entity
from magnitsky.registry.nomination import Nomination
from magnitsky.screening import Screener
from magnitsky.store import ListStore

NOMINATIONS = "nomination"  # source name of earlier nominations' subjects in the duplicate check


def screen_subject(
    nomination: Nomination, screener: Screener, store: ListStore, earlier: list[Entity]
) -> dict[str, Any]:
    query = nomination.query()
    hits = screener.screen(query, only_matches=True).hits
    sources = {v.source: v.number for v in store.current_versions()}
    lists: dict[str, dict[str, Any]] = {
        source: {"version": number, "entries": []} for source, number in sources.items()
    }
    for hit in hits:
        if hit.source not in lists:  # entities derived by the ownership rule, not a list of its own
            continue
        programs = list(store.entity(hit.entity_id).programs)
        lists[hit.source]["entries"].append(
            {"entity_id": hit.entity_id, "caption": hit.caption, "score": hit.score, "programs": programs}
        )
    duplicates = []
    if earlier:
        for hit in Screener.from_entities(earlier).screen(query, only_matches=True).hits:
            duplicates.append({"nomination": int(hit.source_id), "caption": hit.caption, "score": hit.score})
    return {"lists": lists, "duplicates": duplicates, "summary": summary(lists, duplicates)}


def summary(lists: dict[str, dict[str, Any]], duplicates: list[dict[str, Any]]) -> str:
    listed = [
        f"{source} ({', '.join(sorted({p for e in status['entries'] for p in e['programs']})) or 'no program'})"
        for source, status in sorted(lists.items())
        if status["entries"]
    ]
    unlisted = [source for source, status in sorted(lists.items()) if not status["entries"]]
    parts = [f"already listed by {', '.join(listed)}" if listed else "not listed by any loaded list"]
    if listed and unlisted:
        parts.append(f"not by {', '.join(unlisted)}")
    elif unlisted:
        parts[0] += f" ({', '.join(unlisted)})"
    if duplicates:
        parts.append("possible duplicate of nomination " + ", ".join(str(d["nomination"]) for d in duplicates))
    return "; ".join(parts)
