"""Loading list files as versions, reading them back, and diffing versions.

A load runs in one database transaction: if the file turns out to be bad halfway through, the
transaction is rolled back and the previous version stays the current one. Loading a file whose
bytes equal the current version's is a no-op. A load that would remove more than
the shrink limit (the setting ``store.shrink_limit``, by default ``SHRINK_LIMIT``) of a list's
entries is refused unless the caller allows it: a file that parses
cleanly but lost its second half (a cut download, an export gone wrong) must not quietly stop
people from being screened.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select, text, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from magnitsky.errors import MagnitskyError
from magnitsky.model import Entity
from magnitsky.model.programs import NONE, program_match, program_name
from magnitsky.model.repeats import Listing, merge_listings
from magnitsky.settings import SHRINK_LIMIT
from magnitsky.sources import ListFile
from magnitsky.store.audit import AuditLog, lock_chain
from magnitsky.store.database import open_database
from magnitsky.store.reading import CURRENT_VERSIONS, Version, version_of
from magnitsky.store.schema import entity_blobs, list_versions, version_entities, version_programs

_BATCH = 2000  # entities per spooled batch and per insert


class StoreError(MagnitskyError, RuntimeError):
    """A store operation that cannot be done as asked (unknown source, version, entity...)."""


class ShrinkRefused(StoreError):
    """A load refused because the file holds fewer entries than it should: more than the allowed
    share fewer than the current version, or fewer than the file itself states."""


@dataclass(frozen=True)
class ProgramCount:
    """One program of one list and its entries; ``name`` when the list writes only a code."""

    source: str
    program: str
    name: str | None
    entries: int


@dataclass(frozen=True)
class LoadResult:
    version: Version
    unchanged: bool  # True when the file equals the current version and nothing was written
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntryChange:
    """One step in an entry's history: the version where it was ``listed``, ``changed`` (with the
    fields that changed) or ``removed``."""

    version: Version
    kind: str
    before: str | None = None  # fingerprints of the entry before and after a change
    after: str | None = None
    fields: tuple[str, ...] = ()


@dataclass
class Diff:
    source: str
    old: Version | None
    new: Version
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # entity id -> changed fields

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "from": self.old.number if self.old else None,
            "to": self.new.number,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
        }


class ListStore:
    """The versioned store of every list loaded."""

    def __init__(self, url: str):
        self.engine = open_database(url)

    def location(self) -> str:
        """The database, for messages: its URL without the password."""
        return self.engine.url.render_as_string(hide_password=True)

    # -- loading -----------------------------------------------------------------------------

    def load(
        self,
        listfile: ListFile,
        on_entity: Callable[[int], None] | None = None,
        actor: str = "system",
        allow_shrink: bool = False,
        shrink_limit: float = SHRINK_LIMIT,
        allow_empty: bool = False,
    ) -> LoadResult:
        """Load ``listfile`` as the next version of its source; atomic, idempotent and audited.

        Raises :class:`ShrinkRefused` when the new version would lack more than ``shrink_limit``
        of the current version's entries, or the file holds fewer entries than it states, unless
        ``allow_shrink``. A file with no entries is refused unless ``allow_empty``: only a list
        the caller writes itself may become empty on purpose (the designation registry after its
        last designation is revoked); a downloaded list with nothing in it is a failed download.
        """
        meta = listfile.meta
        sha = meta.sha256()
        current = self.current_version(meta.source)
        if current and current.sha256 == sha:
            return LoadResult(current, unchanged=True)
        warnings: list[str] = []
        # Parse first, into a spool file, and only then write: the write transaction locks a SQLite
        # database against every other writer (the service's audit records), so it must last for
        # the inserts only, not for seconds of parsing (and first-use imports) of a big list.
        with tempfile.TemporaryFile() as spool:
            counts, ids, repeats = _spool_entities(listfile.entities(), spool, on_entity, warnings)
            if not counts and not allow_empty:
                raise StoreError(f"{listfile.path}: the file holds no entries; nothing was loaded")
            spool.seek(0)
            with self.engine.begin() as conn:
                # Another load of this source may have committed since ``current`` was read: wait
                # for any still running, then compare against the version that is current now.
                _lock_source(conn, meta.source)
                current = _current_version(conn, meta.source)
                if current and current.sha256 == sha:
                    return LoadResult(current, unchanged=True)
                number = current.number + 1 if current else 1
                removed = len(_fingerprints(conn, current).keys() - ids) if current else 0
                if not allow_shrink:
                    _refuse_shrink(listfile, current, sum(counts.values()), removed, shrink_limit)
                version = version_of(
                    conn.execute(
                        insert(list_versions)
                        .values(
                            source=meta.source,
                            number=number,
                            format=meta.format,
                            sha256=sha,
                            publication_date=meta.publication_date,
                            loaded_at=datetime.now(UTC),
                            files=json.dumps([p.name for p in meta.files]),
                            entity_count=sum(counts.values()),
                            schema_counts=json.dumps(dict(counts)),
                        )
                        .returning(list_versions)
                    ).one()
                )
                for blobs, rows, programs in _unspool(spool, repeats):
                    conn.execute(self._insert_ignore(entity_blobs), blobs)
                    conn.execute(insert(version_entities), [{**row, "version_id": version.id} for row in rows])
                    if programs:
                        conn.execute(insert(version_programs), [{**p, "version_id": version.id} for p in programs])
                details = {
                    "version": number,
                    "format": meta.format,
                    "sha256": sha,
                    "entities": sum(counts.values()),
                    "publication_date": meta.publication_date,
                    "files": [p.name for p in meta.files],
                    "removed": removed,
                    "allow_shrink": allow_shrink,
                    "warnings": warnings,
                }
                AuditLog(self.engine).append(actor, "list.load", f"list:{meta.source}", details, conn=conn)
        return LoadResult(version, unchanged=False, warnings=tuple(warnings))

    def _insert_ignore(self, table):
        dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(self.engine.dialect.name)
        if dialect is None:
            raise StoreError(f"unsupported database {self.engine.dialect.name}; use SQLite or PostgreSQL")
        return dialect.insert(table).on_conflict_do_nothing()

    # -- versions ----------------------------------------------------------------------------

    def versions(self, source: str | None = None) -> list[Version]:
        query = select(list_versions).order_by(list_versions.c.source, list_versions.c.number)
        if source:
            query = query.where(list_versions.c.source == source)
        with self.engine.connect() as conn:
            return [version_of(row) for row in conn.execute(query)]

    def current_version(self, source: str) -> Version | None:
        with self.engine.connect() as conn:
            return _current_version(conn, source)

    def current_versions(self) -> list[Version]:
        """The newest version of every source, in source order."""
        with self.engine.connect() as conn:
            return [version_of(row) for row in conn.exec_driver_sql(CURRENT_VERSIONS)]

    def version(self, source: str, number: int | None = None) -> Version:
        """A given version of ``source``, or its current one."""
        if number is None:
            found = self.current_version(source)
        else:
            found = next((v for v in self.versions(source) if v.number == number), None)
        if found is None:
            known = sorted({v.source for v in self.current_versions()})
            what = f"version {number} of {source!r}" if number is not None else f"source {source!r}"
            raise StoreError(f"no {what} in the store (sources: {', '.join(known) or 'none loaded'})")
        return found

    # -- entities ----------------------------------------------------------------------------

    def entities(self, versions: Iterable[Version] | None = None, program: str | None = None) -> Iterator[Entity]:
        """Entities of the given versions (default: every source's current version)."""
        chosen = list(versions if versions is not None else self.current_versions())
        ids = [v.id for v in chosen]
        query = (
            select(entity_blobs.c.data)
            .join(version_entities, version_entities.c.fingerprint == entity_blobs.c.fingerprint)
            .where(version_entities.c.version_id.in_(ids))
            .order_by(version_entities.c.version_id, version_entities.c.entity_id)
        )
        if program:
            version_of = {v.source: v.id for v in chosen}
            named = [(version_of[c.source], c.program) for c in self.programs(chosen, named=program)]
            members = select(version_programs.c.entity_id).where(
                tuple_(version_programs.c.version_id, version_programs.c.program).in_(named)
            )
            query = query.where(version_entities.c.entity_id.in_(members))
        with self.engine.connect() as conn:
            for (data,) in conn.execution_options(yield_per=1000).execute(query):
                yield Entity.from_dict(json.loads(data))

    def entity(self, entity_id: str, number: int | None = None) -> Entity:
        """One entity by ``source:source_id`` from its source's current (or given) version."""
        source, sep, source_id = entity_id.partition(":")
        if not sep or not source_id:
            raise StoreError(f"expected SOURCE:SOURCE_ID, got {entity_id!r}")
        version = self.version(source, number)
        query = (
            select(entity_blobs.c.data)
            .join(version_entities, version_entities.c.fingerprint == entity_blobs.c.fingerprint)
            .where(version_entities.c.version_id == version.id, version_entities.c.entity_id == entity_id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise StoreError(f"no entry {source_id!r} in {source} version {version.number}")
        return Entity.from_dict(json.loads(row[0]))

    def captions(self, version: Version, entity_ids: Iterable[str]) -> dict[str, str]:
        """The names ``version`` shows for these entries (a diff lists them by name)."""
        wanted = list(entity_ids)
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                query = select(version_entities.c.entity_id, version_entities.c.caption).where(
                    version_entities.c.version_id == version.id,
                    version_entities.c.entity_id.in_(wanted[start : start + 500]),
                )
                out.update(conn.execute(query).all())
        return out

    def programs(self, versions: Iterable[Version] | None = None, named: str | None = None) -> list[ProgramCount]:
        """Each list's programs with their number of entries in the given (default: current)
        versions: a regime of one name on two lists is two rows, never one sum. ``named`` keeps
        the programs it names by code or name in any case: the exact matches when there are any,
        else those having all its words (:mod:`magnitsky.model.programs`); none is a StoreError."""
        chosen = list(versions if versions is not None else self.current_versions())
        source_of = {v.id: v.source for v in chosen}
        query = (
            select(version_programs.c.version_id, version_programs.c.program, func.count())
            .where(version_programs.c.version_id.in_(source_of))
            .group_by(version_programs.c.version_id, version_programs.c.program)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        counts = sorted(
            (
                ProgramCount(source_of[vid], program, program_name(source_of[vid], program), n)
                for vid, program, n in rows
            ),
            key=lambda c: (c.source, c.program),
        )
        if named is None:
            return counts
        graded = [(program_match(named, c.source, c.program), c) for c in counts]
        best = max((grade for grade, _ in graded), default=NONE)
        if best == NONE:
            raise StoreError(f"no program of the current lists is named {named!r} (magnitsky programs lists them)")
        return [c for grade, c in graded if grade == best]

    # -- diff ------------------------------------------------------------------------------

    def diff(self, source: str, old: int | None = None, new: int | None = None) -> Diff:
        """What changed in ``source`` between two versions (default: previous -> current)."""
        new_version = self.version(source, new)
        if old is None:
            old_version = next((v for v in reversed(self.versions(source)) if v.number < new_version.number), None)
        else:
            old_version = self.version(source, old)
        after = self._fingerprints(new_version)
        before = self._fingerprints(old_version) if old_version else {}
        result = Diff(source, old_version, new_version)
        result.added = sorted(after.keys() - before.keys())
        result.removed = sorted(before.keys() - after.keys())
        changed = sorted(k for k in after.keys() & before.keys() if after[k] != before[k])
        blobs = self._blobs({before[k] for k in changed} | {after[k] for k in changed})
        for key in changed:
            old_data, new_data = blobs[before[key]], blobs[after[key]]
            result.changed[key] = _changed_fields(old_data, new_data)
        return result

    def history(self, entity_id: str) -> list[EntryChange]:
        """How one entry changed across its source's versions, oldest first: when it was listed,
        each version that changed it (with the fields), when it was removed (and relisted).
        Versions that left it as it was are not reported. Reads only this entry's rows."""
        source, sep, _ = entity_id.partition(":")
        versions = self.versions(source) if sep else []
        if not versions:
            return []
        query = select(version_entities.c.version_id, version_entities.c.fingerprint).where(
            version_entities.c.entity_id == entity_id,
            version_entities.c.version_id.in_([v.id for v in versions]),
        )
        with self.engine.connect() as conn:
            held = dict(conn.execute(query).all())
        changes: list[EntryChange] = []
        before: str | None = None
        for version in versions:
            after = held.get(version.id)
            if after == before:
                continue
            if before is None:
                changes.append(EntryChange(version, "listed"))
            elif after is None:
                changes.append(EntryChange(version, "removed"))
            else:
                changes.append(EntryChange(version, "changed", before, after))
            before = after
        blobs = self._blobs({fp for c in changes for fp in (c.before, c.after) if fp})
        return [
            replace(c, fields=tuple(_changed_fields(blobs[c.before], blobs[c.after]))) if c.before and c.after else c
            for c in changes
        ]

    def _fingerprints(self, version: Version) -> dict[str, str]:
        with self.engine.connect() as conn:
            return _fingerprints(conn, version)

    def _blobs(self, fingerprints: set[str]) -> dict[str, dict]:
        out: dict[str, dict] = {}
        chunk = list(fingerprints)
        with self.engine.connect() as conn:
            for start in range(0, len(chunk), 500):
                query = select(entity_blobs).where(entity_blobs.c.fingerprint.in_(chunk[start : start + 500]))
                out.update((fp, json.loads(data)) for fp, data in conn.execute(query))
        return out


def _changed_fields(old: dict, new: dict) -> list[str]:
    """The fields (of two stored entries) whose values differ."""
    return sorted(f for f in old.keys() | new.keys() if old.get(f) != new.get(f))


def _refuse_shrink(listfile: ListFile, current: Version | None, total: int, removed: int, limit: float) -> None:
    """Raise :class:`ShrinkRefused` when ``listfile`` looks short against its stated count or the current version."""
    stated = listfile.stated_count()
    if stated is not None and total < stated:
        raise ShrinkRefused(
            f"{listfile.path}: the file states {stated:,} entries but holds {total:,}: it is incomplete"
        )
    if current and removed > limit * current.entity_count:
        raise ShrinkRefused(
            f"{current.source}: the new file would remove {removed:,} of the {current.entity_count:,} entries of "
            f"version {current.number} ({removed / current.entity_count:.1%}), more than the {limit:.0%} "
            "one load may remove"
        )


def _spool_entities(
    entities: Iterable[Entity], spool, on_entity, warnings: list[str]
) -> tuple[Counter, set[str], dict[str, list[Entity]]]:
    """Parse every entity into batches of rows, pickled into ``spool``; the count per schema, the
    ids, and the later listings of subjects the list repeats under one id (see
    :mod:`magnitsky.model.repeats`), to be merged into the first as the spool is read back."""
    counts: Counter = Counter()
    listings: dict[str, Listing] = {}
    repeats: dict[str, list[Entity]] = {}
    blobs: list[dict] = []
    rows: list[dict] = []
    programs: list[dict] = []
    for entity in entities:
        first = listings.get(entity.id)
        if first is not None and first.same_subject(later := Listing.of(entity)):
            listings[entity.id] = first.merged(later)
            repeats.setdefault(entity.id, []).append(entity)
            continue
        if first is not None:  # keep both entries, the repeat under a suffixed id, and say so
            original = entity.source_id
            suffix = 2
            while f"{entity.source}:{original}#{suffix}" in listings:
                suffix += 1
            entity = replace(entity, source_id=f"{original}#{suffix}")
            warnings.append(
                f"two entries share the list id {original!r}; the later one is stored as {entity.source_id!r}"
            )
        listings[entity.id] = Listing.of(entity)
        blob, row, entity_programs = _rows(entity)
        blobs.append(blob)
        rows.append(row)
        programs.extend(entity_programs)
        counts[entity.schema] += 1
        if len(rows) >= _BATCH:
            pickle.dump((blobs, rows, programs), spool, protocol=pickle.HIGHEST_PROTOCOL)
            blobs, rows, programs = [], [], []
        if on_entity:
            on_entity(len(listings))
    if rows:
        pickle.dump((blobs, rows, programs), spool, protocol=pickle.HIGHEST_PROTOCOL)
    if repeats:
        many = len(repeats) > 1
        warnings.append(
            f"{len(repeats)} subject{'s' if many else ''} listed once per programme under one id "
            f"{'were each' if many else 'was'} merged into one entry: {', '.join(sorted(repeats))}"
        )
    return counts, set(listings), repeats


def _rows(entity: Entity) -> tuple[dict, dict, list[dict]]:
    """The stored blob, the version's row and the program rows of one entity."""
    fingerprint = entity.fingerprint()
    blob = {"fingerprint": fingerprint, "data": entity.to_json()}
    row = {"entity_id": entity.id, "schema": entity.schema, "caption": entity.caption, "fingerprint": fingerprint}
    return blob, row, [{"entity_id": entity.id, "program": p} for p in set(entity.programs)]


def _unspool(spool, repeats: dict[str, list[Entity]]) -> Iterator[tuple[list, list, list]]:
    """The spooled batches, each entry with repeats merged in as its later listings."""
    while True:
        try:
            blobs, rows, programs = pickle.load(spool)
        except EOFError:
            return
        for i, row in enumerate(rows):
            if later := repeats.get(row["entity_id"]):
                entity = Entity.from_dict(json.loads(blobs[i]["data"]))
                for listing in later:
                    entity = merge_listings(entity, listing)
                blobs[i], rows[i], merged_programs = _rows(entity)
                programs = [p for p in programs if p["entity_id"] != entity.id] + merged_programs
        yield blobs, rows, programs


def _current_version(conn: Connection, source: str) -> Version | None:
    query = select(list_versions).where(list_versions.c.source == source).order_by(list_versions.c.number.desc())
    row = conn.execute(query.limit(1)).first()
    return version_of(row) if row else None


def _fingerprints(conn: Connection, version: Version) -> dict[str, str]:
    query = select(version_entities.c.entity_id, version_entities.c.fingerprint).where(
        version_entities.c.version_id == version.id
    )
    return dict(conn.execute(query).all())


def _lock_source(conn: Connection, source: str) -> None:
    """Hold, until ``conn``'s transaction ends, the lock that serialises loads of ``source``: two
    loads started together then run one after the other (the second finds the first's version)
    instead of both numbering the same version and one failing. PostgreSQL: an advisory lock keyed
    by the source, so loads of other sources and other writers go on; SQLite: the database's write
    lock (it has no finer one), taken through the audit chain head every writer locks anyway."""
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"magnitsky list load {source}".encode()).digest()[:8], "big", signed=True)
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        lock_chain(conn)
