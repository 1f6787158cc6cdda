"""Petitions for removal or variation: the listed person's way back, as the law provides it.

A petitioner (the listed person, or a representative) asks the authority to revoke or vary a
designation on the grounds 31 CFR 501.807 recognises (the basis was insufficient, circumstances
have changed, the person has taken remedial steps) or because they are not the person designated
(mistaken identity). Each petition is a case linked to the designation: evidence (kept like any
evidence, hash-checked with its custody log), exchanges with the petitioner, and a decision with
reasons taken under four eyes (one officer proposes, a decision-maker who is not them decides).
A granted petition orders the change on the designation (:mod:`magnitsky.registry.orders`); a
publisher then publishes it, and the subject's visa and payments clear from that version on.

The petitioner is not a registry user: filing gives a receipt token (only its SHA-256 is kept)
with which they read their own petition's status and write to the authority, and nothing else.
Where the regime says so (the UK: SAMLA 2018 s. 23), a further petition must raise a new matter.
The petitioner's identity stays out of the audit log.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, insert, select, update

from magnitsky.cases.db import canonical, now, utc, writing
from magnitsky.registry.errors import ConflictError, NotFound, PermissionDenied, RegistryError
from magnitsky.registry.evidence import Evidence, EvidenceItem
from magnitsky.registry.orders import listed_row, order_change
from magnitsky.registry.regimes import Regime
from magnitsky.registry.roles import Officer
from magnitsky.registry.schema import registry_petition_messages, registry_petitions
from magnitsky.registry.workflow import check_approver
from magnitsky.store import AuditLog

GROUNDS = {
    "insufficient_basis": "there is an insufficient basis for the designation (31 CFR 501.807)",
    "changed_circumstances": "the circumstances resulting in the designation no longer apply (31 CFR 501.807)",
    "remedial_steps": "the person has taken remedial steps, such as a change in conduct (31 CFR 501.807)",
    "mistaken_identity": "the petitioner is not the person designated",
}
SOUGHT = ("revoke", "vary")
CAPACITIES = ("subject", "representative")
DECISIONS = ("grant", "refuse")
PETITIONER_FIELDS = ("name", "capacity", "representative", "contact")
OFFICERS = ("investigator", "legal_reviewer", "decision_maker")
MAX_TEXT = 20_000


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _text(data: dict[str, Any], name: str, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        if not required and value in ("", None):
            return None
        raise RegistryError(f"petition.{name}: a non-empty text is required")
    if len(value) > MAX_TEXT or "\x00" in value:
        raise RegistryError(f"petition.{name}: longer than {MAX_TEXT} characters or contains a NUL character")
    return value.strip()


def parse_petition(data: Any) -> dict[str, Any]:
    """The petition's fields, checked; every error names the field."""
    if not isinstance(data, dict):
        raise RegistryError("petition: expected an object")
    if unknown := sorted(set(data) - {"sought", "grounds", "statement", "new_matter", "petitioner"}):
        raise RegistryError(f"petition: unknown field(s) {', '.join(unknown)}")
    sought = data.get("sought", "revoke")
    if sought not in SOUGHT:
        raise RegistryError(f"petition.sought: {sought!r}; use one of {', '.join(SOUGHT)}")
    grounds = data.get("grounds")
    if not isinstance(grounds, list) or not grounds:
        raise RegistryError(f"petition.grounds: a list of at least one of {', '.join(GROUNDS)}")
    for number, ground in enumerate(grounds):
        if ground not in GROUNDS:
            raise RegistryError(f"petition.grounds[{number}]: {ground!r}; use one of {', '.join(GROUNDS)}")
    petitioner = data.get("petitioner")
    if not isinstance(petitioner, dict):
        raise RegistryError("petition.petitioner: expected an object with name and capacity")
    if unknown := sorted(set(petitioner) - set(PETITIONER_FIELDS)):
        raise RegistryError(f"petition.petitioner: unknown field(s) {', '.join(unknown)}")
    who = {name: _text(petitioner, name, required=name in ("name", "capacity")) for name in PETITIONER_FIELDS}
    if who["capacity"] not in CAPACITIES:
        raise RegistryError(f"petition.petitioner.capacity: use one of {', '.join(CAPACITIES)}")
    if who["capacity"] == "representative" and not who["representative"]:
        raise RegistryError("petition.petitioner.representative: a representative names whom they represent")
    return {
        "sought": sought,
        "grounds": sorted(set(grounds), key=list(GROUNDS).index),
        "statement": _text(data, "statement"),
        "new_matter": _text(data, "new_matter", required=False),
        "petitioner": {k: v for k, v in who.items() if v},
    }


class Petitions:
    def __init__(self, engine: Engine, regimes: dict[str, Regime], evidence: Evidence):
        self.engine = engine
        self.regimes = regimes
        self.evidence = evidence
        self.audit = AuditLog(engine)

    def file(
        self, nomination_id: int, data: Any, officer: Officer, evidence: Sequence[dict[str, Any]] = ()
    ) -> tuple[dict[str, Any], str]:
        """File a petition against the designation of nomination ``nomination_id``: the petition and
        the petitioner's receipt token (shown once; only its hash is kept).

        ``officer``: the public channel, or an officer recording a petition received by post."""
        if not officer.roles & {"submitter", *OFFICERS}:
            raise PermissionDenied(f"{officer.name} may not file a petition")
        petition = parse_petition(data)
        token = secrets.token_urlsafe(24)
        with writing(self.engine) as conn:
            row = listed_row(conn, nomination_id, "petition against")
            self._check_further(conn, nomination_id, row.regimes, petition["new_matter"])
            items = [self.evidence.add(nomination_id, by=officer.name, conn=conn, **item) for item in evidence]
            petition_id = conn.execute(
                insert(registry_petitions)
                .values(
                    nomination_id=nomination_id,
                    state="open",
                    sought=petition["sought"],
                    grounds=canonical(petition["grounds"]),
                    statement=petition["statement"],
                    new_matter=petition["new_matter"],
                    petitioner=canonical(petition["petitioner"]),
                    evidence=canonical([item.id for item in items]),
                    token_hash=_token_hash(token),
                    filed_at=now(),
                    filed_by=officer.name,
                )
                .returning(registry_petitions.c.id)
            ).scalar_one()
            details = {
                "petition": petition_id,
                "sought": petition["sought"],
                "grounds": petition["grounds"],
                "new_matter": petition["new_matter"] is not None,
                "evidence": [item.id for item in items],
            }
            self.audit.append(officer.name, "petition.file", f"nomination:{nomination_id}", details, conn=conn)
        return self.view(petition_id), token

    def _check_further(self, conn, nomination_id: int, regimes: str, new_matter: str | None) -> None:
        """A further petition without a new matter is refused where a regime of the designation says so."""
        rules = [self.regimes[r].further_petition for r in json.loads(regimes) if r in self.regimes]
        rules = [rule for rule in rules if rule]
        if not rules or new_matter:
            return
        earlier = conn.execute(
            select(registry_petitions.c.id).where(registry_petitions.c.nomination_id == nomination_id)
        ).first()
        if earlier is not None:
            raise ConflictError(
                f"a petition (number {earlier.id}) was already made against this designation: {rules[0]}; "
                "state the new matter (new_matter)"
            )

    def _row(self, conn, petition_id: int):
        row = conn.execute(select(registry_petitions).where(registry_petitions.c.id == petition_id)).first()
        if row is None:
            raise NotFound(f"no petition {petition_id}")
        return row

    def _by_token(self, conn, token: str):
        row = conn.execute(
            select(registry_petitions).where(registry_petitions.c.token_hash == _token_hash(token))
        ).first()
        if row is None:
            raise NotFound("no petition has this receipt token")
        return row

    def _messages(self, conn, petition_id: int) -> list[dict[str, Any]]:
        rows = conn.execute(
            select(registry_petition_messages)
            .where(registry_petition_messages.c.petition_id == petition_id)
            .order_by(registry_petition_messages.c.id)
        )
        return [{"at": utc(r.at).isoformat(), "from": r.sender, "text": r.text} for r in rows]

    def view(self, petition_id: int, officer: Officer | None = None) -> dict[str, Any]:
        """Everything an officer sees of a petition, the petitioner included."""
        if officer is not None:
            officer.require(*OFFICERS, "auditor", doing="read petitions")
        with self.engine.connect() as conn:
            row = self._row(conn, petition_id)
            messages = self._messages(conn, petition_id)
        return {
            "id": row.id,
            "nomination": row.nomination_id,
            "state": row.state,
            "sought": row.sought,
            "grounds": json.loads(row.grounds),
            "statement": row.statement,
            "new_matter": row.new_matter,
            "petitioner": json.loads(row.petitioner),
            "evidence": json.loads(row.evidence),
            "filed_at": utc(row.filed_at).isoformat(),
            "filed_by": row.filed_by,
            "decision": row.decision,
            "reasons": row.reasons,
            "proposed_by": row.proposed_by,
            "decided_by": row.decided_by,
            "decided_at": utc(row.decided_at).isoformat() if row.decided_at else None,
            "messages": messages,
        }

    def read_evidence(
        self, petition_id: int, evidence_id: int, officer: Officer, reason: str
    ) -> tuple[EvidenceItem, bytes]:
        """A file the petitioner sent, for whoever reads petitions: the same read as a nomination's
        evidence (:meth:`Evidence.read`: hash-checked, never served altered, custody and audit
        logged), limited to the items this petition brought, so the petition's number cannot open
        another case's files."""
        officer.require(*OFFICERS, "auditor", doing="read petitions' evidence")
        with self.engine.connect() as conn:
            row = self._row(conn, petition_id)
        if evidence_id not in json.loads(row.evidence):
            raise NotFound(f"petition {petition_id} brought no evidence item {evidence_id}")
        return self.evidence.read(evidence_id, officer.name, reason)

    def list(self, officer: Officer, nomination_id: int | None = None, state: str | None = None) -> list[dict]:
        officer.require(*OFFICERS, "auditor", doing="read petitions")
        query = select(registry_petitions).order_by(registry_petitions.c.id)
        if nomination_id is not None:
            query = query.where(registry_petitions.c.nomination_id == nomination_id)
        if state:
            query = query.where(registry_petitions.c.state == state)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            {
                "id": r.id,
                "nomination": r.nomination_id,
                "state": r.state,
                "sought": r.sought,
                "grounds": json.loads(r.grounds),
                "filed_at": utc(r.filed_at).isoformat(),
                "decision": r.decision,
            }
            for r in rows
        ]

    def status(self, token: str) -> dict[str, Any]:
        """What the petitioner sees with their receipt token: their petition's progress, the
        exchanges with them, and the decision with its reasons once taken. Nothing else."""
        with self.engine.connect() as conn:
            row = self._by_token(conn, token)
            messages = self._messages(conn, row.id)
        decided = row.state in ("granted", "refused")
        return {
            "petition": row.id,
            "state": {"decision": "open"}.get(row.state, row.state),  # a pending proposal is not yet a decision
            "sought": row.sought,
            "grounds": json.loads(row.grounds),
            "filed_at": utc(row.filed_at).isoformat(),
            "decided_at": utc(row.decided_at).isoformat() if decided and row.decided_at else None,
            "reasons": row.reasons if decided else None,
            "messages": [m if m["from"] == "petitioner" else {**m, "from": "authority"} for m in messages],
        }

    def message(self, petition_id: int, text: str, officer: Officer) -> dict[str, Any]:
        """An officer writes to the petitioner (a request for information, a notice)."""
        officer.require(*OFFICERS, doing="write to a petitioner")
        with writing(self.engine) as conn:
            self._add_message(conn, self._row(conn, petition_id), officer.name, text)
        return self.view(petition_id)

    def reply(self, token: str, text: str) -> dict[str, Any]:
        """The petitioner writes to the authority, with their receipt token."""
        with writing(self.engine) as conn:
            self._add_message(conn, self._by_token(conn, token), "petitioner", text)
        return self.status(token)

    def _add_message(self, conn, row, sender: str, text: str) -> None:
        body = _text({"text": text}, "text")
        if row.state in ("granted", "refused"):
            raise ConflictError(f"petition {row.id} is decided ({row.state}): no further exchanges")
        conn.execute(insert(registry_petition_messages).values(petition_id=row.id, at=now(), sender=sender, text=body))
        details = {"petition": row.id, "from": "petitioner" if sender == "petitioner" else "authority"}
        actor = "public" if sender == "petitioner" else sender
        self.audit.append(actor, "petition.message", f"nomination:{row.nomination_id}", details, conn=conn)

    def propose(self, petition_id: int, decision: str, reasons: str, officer: Officer) -> dict[str, Any]:
        """Propose to grant or refuse, with the reasons the petitioner will read."""
        officer.require("legal_reviewer", "decision_maker", doing="propose a decision on a petition")
        if decision not in DECISIONS:
            raise RegistryError(f"decision {decision!r}: use one of {', '.join(DECISIONS)}")
        body = _text({"reasons": reasons}, "reasons")
        with writing(self.engine) as conn:
            row = self._row(conn, petition_id)
            if row.state != "open":
                raise ConflictError(f"petition {petition_id} is {row.state}: only an open petition gets a proposal")
            conn.execute(
                update(registry_petitions)
                .where(registry_petitions.c.id == petition_id)
                .values(state="decision", decision=decision, reasons=body, proposed_by=officer.name, proposed_at=now())
            )
            details = {"petition": petition_id, "decision": decision, "sought": row.sought}
            self.audit.append(officer.name, "petition.propose", f"nomination:{row.nomination_id}", details, conn=conn)
        return self.view(petition_id)

    def decide(self, petition_id: int, officer: Officer, agree: bool = True) -> dict[str, Any]:
        """A decision-maker other than the proposer takes the proposed decision (``agree``) or sends
        it back. Granting orders the designation revoked or varied, for a publisher to publish."""
        with writing(self.engine) as conn:
            row = self._row(conn, petition_id)
            if row.state != "decision":
                raise ConflictError(f"petition {petition_id} has no proposed decision awaiting approval")
            check_approver(officer, row.proposed_by)
            at = now()
            subject = f"nomination:{row.nomination_id}"
            if not agree:
                conn.execute(
                    update(registry_petitions)
                    .where(registry_petitions.c.id == petition_id)
                    .values(state="open", decision=None, reasons=None, proposed_by=None, proposed_at=None)
                )
                details = {"petition": petition_id, "decision": row.decision}
                self.audit.append(officer.name, "petition.return", subject, details, conn=conn)
                return self.view(petition_id)
            proposal = None
            if row.decision == "grant":
                reasons = f"petition {petition_id} granted: {row.reasons}"
                origin = f"petition:{petition_id}"
                proposal = order_change(
                    conn,
                    self.audit,
                    self.regimes,
                    row.nomination_id,
                    row.sought,
                    reasons,
                    row.proposed_by,
                    officer.name,
                    at,
                    origin,
                )
            state = "granted" if row.decision == "grant" else "refused"
            conn.execute(
                update(registry_petitions)
                .where(registry_petitions.c.id == petition_id)
                .values(state=state, decided_by=officer.name, decided_at=at)
            )
            details = {"petition": petition_id, "outcome": state, "sought": row.sought, "proposal": proposal}
            self.audit.append(officer.name, "petition.decide", subject, details, conn=conn)
        return self.view(petition_id)
