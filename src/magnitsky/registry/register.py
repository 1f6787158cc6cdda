"""The public register: what the authority has published about each designation, for anyone to read.

Only what publication itself makes public (:mod:`magnitsky.registry.publication`): the subject's
names, birth dates, nationalities, documents and positions, the regimes with their programs,
legal bases and measures, the listing date and the statement of reasons (releasable paragraphs
only), and each publication that changed the entry. Never the conduct as alleged, the related
parties, the evidence, the confidential annex or anything about who nominated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from magnitsky.cases.db import utc
from magnitsky.registry.errors import NotFound
from magnitsky.registry.schema import registry_nominations, registry_publications
from magnitsky.registry.service import Registry
from magnitsky.registry.workflow import LISTED_STATES

PUBLIC_STATES = (*sorted(LISTED_STATES), "revoked")  # a revoked designation keeps its page and history
PUBLIC_SUBJECT_FIELDS = (  # what publication puts in the FtM and CSV files (publication.ftm_records)
    "schema",
    "name",
    "original_names",
    "transliterations",
    "aliases",
    "birth_dates",
    "nationalities",
    "documents",
    "positions",
)


@dataclass(frozen=True)
class RegisterEntry:
    designation_id: str
    in_force: bool
    listed_on: str
    subject: dict[str, Any]  # PUBLIC_SUBJECT_FIELDS only
    regimes: list[dict[str, Any]]  # id, title, program, legal_basis, measures
    measures: list[str]
    reasons: str
    history: list[dict[str, Any]]  # publication number, date, change

    @property
    def names(self) -> list[str]:
        s = self.subject
        return [s["name"], *s["original_names"], *s["transliterations"], *s["aliases"]]


class PublicRegister:
    """Reads the published designations of ``registry``."""

    def __init__(self, registry: Registry):
        self.registry = registry

    def entries(self, search: str = "", include_revoked: bool = False) -> list[RegisterEntry]:
        """Designations by id; ``search`` matches any of the names or the designation id, ignoring case."""
        states = PUBLIC_STATES if include_revoked else tuple(sorted(LISTED_STATES))
        history = self._history()
        found = [self._entry(row, history) for row in self._rows(states)]
        needle = " ".join(search.split()).casefold()
        if needle:
            found = [
                e
                for e in found
                if needle in e.designation_id.casefold() or any(needle in n.casefold() for n in e.names)
            ]
        return sorted(found, key=lambda e: e.designation_id)

    def entry(self, designation_id: str) -> RegisterEntry:
        rows = [r for r in self._rows(PUBLIC_STATES) if r.designation_id == designation_id]
        if not rows:
            raise NotFound(f"no published designation {designation_id!r}")
        return self._entry(rows[0], self._history())

    def _rows(self, states: tuple[str, ...]) -> list:
        query = select(registry_nominations).where(
            registry_nominations.c.state.in_(states), registry_nominations.c.designation_id.is_not(None)
        )
        with self.registry.engine.connect() as conn:
            return list(conn.execute(query).all())

    def _history(self) -> dict[str, list[dict[str, Any]]]:
        """Per designation, the publications that changed it, oldest first."""
        with self.registry.engine.connect() as conn:
            rows = conn.execute(select(registry_publications).order_by(registry_publications.c.number)).all()
        history: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            for change in json.loads(row.changes):
                history.setdefault(change["designation"], []).append(
                    {
                        "publication": row.number,
                        "published_at": utc(row.published_at).date().isoformat(),
                        "change": change["change"],
                    }
                )
        return history

    def _entry(self, row, history: dict[str, list[dict[str, Any]]]) -> RegisterEntry:
        body = json.loads(row.body)
        regimes = [self.registry.regimes[r] for r in json.loads(row.regimes) if r in self.registry.regimes]
        return RegisterEntry(
            designation_id=row.designation_id,
            in_force=row.state in LISTED_STATES,
            listed_on=row.listed_on,
            subject={k: body["subject"][k] for k in PUBLIC_SUBJECT_FIELDS},
            regimes=[
                {
                    "id": r.id,
                    "title": r.title,
                    "program": r.program,
                    "legal_basis": r.legal_basis,
                    "measures": list(r.measures),
                }
                for r in regimes
            ],
            measures=sorted({m for r in regimes for m in r.measures}),
            reasons=self.registry.statement_of_reasons(row.id),
            history=history.get(row.designation_id, []),
        )
