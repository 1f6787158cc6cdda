"""Source protection: who submitted a nomination is kept apart from it, encrypted, and read only by
the ``source_protection`` role, every read recorded.

The details go into ``registry_submitters`` as a Fernet token whose key is a file outside the
database (:mod:`magnitsky.registry.keys`). Nothing else stores, logs, exports or publishes them:
the audit record of a read names the nomination and the reader, not what was read.
"""

from __future__ import annotations

import json

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Connection, Engine, insert, select

from magnitsky.cases.db import writing
from magnitsky.registry.errors import IntegrityError
from magnitsky.registry.roles import Officer
from magnitsky.registry.schema import registry_submitters
from magnitsky.store import AuditLog


class Submitters:
    def __init__(self, engine: Engine, cipher: Fernet):
        self.engine = engine
        self.cipher = cipher
        self.audit = AuditLog(engine)

    def keep(self, conn: Connection, nomination_id: int, details: dict[str, str]) -> None:
        token = self.cipher.encrypt(json.dumps(details, ensure_ascii=False).encode("utf-8"))
        conn.execute(insert(registry_submitters).values(nomination_id=nomination_id, token=token.decode("ascii")))

    def read(self, nomination_id: int, officer: Officer, reason: str) -> dict[str, str] | None:
        """The submitter's details (None: anonymous). Recorded in the audit trail, without the details."""
        officer.require("source_protection", doing="read who submitted a nomination")
        with writing(self.engine) as conn:
            row = conn.execute(
                select(registry_submitters.c.token).where(registry_submitters.c.nomination_id == nomination_id)
            ).first()
            details = {"reason": reason, "anonymous": row is None}
            self.audit.append(officer.name, "submitter.read", f"nomination:{nomination_id}", details, conn=conn)
        if row is None:
            return None
        try:
            return json.loads(self.cipher.decrypt(row.token.encode("ascii")))
        except InvalidToken:
            raise IntegrityError(
                f"nomination {nomination_id}: the submitter record cannot be decrypted with this key file"
            ) from None
