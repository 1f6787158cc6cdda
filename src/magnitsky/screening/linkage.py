"""Which listed entries screening reports as one person: the groups of linked entries, and why.

Built from the store's links (``magnitsky.store.links``: automatic ones and those a reviewer
confirmed, never across a rejected pair) for the entries being screened. A hit on any entry of a
group is reported once, for the group, with every listing (``Screener.screen``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from magnitsky.linking.clusters import groups
from magnitsky.store.link_statuses import AUTO, CONFIRMED, REJECTED
from magnitsky.store.reading import Link

if TYPE_CHECKING:  # the screen command reads the links without SQLAlchemy (``from_links``)
    from sqlalchemy import Engine


@dataclass(frozen=True)
class Linkage:
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # entry id -> its group's ids
    links: dict[str, tuple[Link, ...]] = field(default_factory=dict)  # a group's first id -> its links

    @classmethod
    def from_store(cls, engine: Engine, present: Collection[str] | None = None) -> Linkage:
        """The groups of the entries ``present`` (the lists screened now; None: every linked entry)."""
        from magnitsky.store.links import LinkStore

        return cls.from_links(LinkStore(engine).all(), present)

    @classmethod
    def from_links(cls, stored: Sequence[Link], present: Collection[str] | None = None) -> Linkage:
        """The groups of the entries ``present`` by every stored link (``LinkStore.all``)."""
        by_status: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for link in stored:
            by_status[link.status].append((link.left, link.right))
        members = groups(by_status[CONFIRMED], by_status[AUTO], by_status[REJECTED], present)
        within: dict[str, list[Link]] = defaultdict(list)
        for link in stored:
            group = members.get(link.left)
            if link.linked and group is not None and link.right in group:
                within[group[0]].append(link)
        return cls(members, {key: tuple(found) for key, found in within.items()})

    def group(self, entity_id: str) -> tuple[str, ...]:
        """The ids of the entry's group (just its own when it is linked to none)."""
        return self.members.get(entity_id, (entity_id,))

    def why(self, entity_id: str) -> list[dict[str, Any]]:
        """The links that make the entry's group, for an explanation."""
        return [
            {"left": link.left, "right": link.right, "status": link.status, "basis": list(link.basis)}
            | ({"decided_by": link.decided_by} if link.decided_by else {})
            for link in self.links.get(self.group(entity_id)[0], ())
        ]
