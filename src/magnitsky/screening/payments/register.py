"""Stored payment decisions and the frozen-assets register.

A decision is stored once per message, keyed by (message type, sender, message id): screening a
message again returns the stored decision and records nothing new; the same key with different
content is refused, since a changed message must carry a new id. A BLOCK writes one register row
per blocked transaction (amount, currency, parties, list entries, legal basis, date, message
reference). The decision, its register rows and the ``payment.decide`` audit record are written
in one transaction, so there is never a block without its record or a record without its block.

Register rows are never deleted or edited. Funds leave the register only through a release
under four eyes: one person asks for it with a rationale (``request_release``, a pending
four-eyes request) and a second, different person approves it (``decide_release``); only then is
the release row written, naming both, in the transaction that records the approval. Who may ask
and who may approve (roles) is the cases module's rule (:mod:`magnitsky.cases.releases`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TextIO

from sqlalchemy import (
    Column,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.exc import IntegrityError

from magnitsky.errors import ConflictError, NotFoundError, StateError
from magnitsky.screening.payments.decision import (
    Decision,
    PaymentDecision,
    TransactionDecision,
)
from magnitsky.screening.payments.parties import (
    CREDITOR,
    CREDITOR_AGENT,
    DEBTOR,
    DEBTOR_AGENT,
    INSTRUCTED_AGENT,
    PaymentMessage,
)
from magnitsky.sources.csv_cells import safe_row
from magnitsky.store import AuditLog
from magnitsky.store.audit import lock_chain
from magnitsky.store.requests import Request, Requests
from magnitsky.store.schema import metadata  # one database, one catalogue

payment_decisions = Table(
    "payment_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("message_type", String(20), nullable=False),
    Column("sender", String(140), nullable=False),
    Column("message_id", String(140), nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("decision", String(10), nullable=False),
    Column("decided_at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("details", Text, nullable=False),  # the whole decision as JSON, returned on a repeat
    UniqueConstraint("message_type", "sender", "message_id", name="uq_payment_message"),
)

frozen_assets = Table(
    "frozen_assets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("decision_id", Integer, ForeignKey("payment_decisions.id"), nullable=False),
    Column("message_type", String(20), nullable=False),
    Column("message_id", String(140), nullable=False),
    Column("transaction_id", String(140), nullable=False),
    Column("uetr", String(36)),
    Column("blocked_at", String(32), nullable=False),
    Column("amount", String(40), nullable=False),  # the decimal as written: exact on every backend
    Column("currency", String(3), nullable=False),
    Column("owner", Text, nullable=False),
    Column("programs", Text, nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("parties", Text, nullable=False),  # JSON list of every party of the transaction
    Column("entries", Text, nullable=False),  # JSON list of the list entries / rules that blocked it
    UniqueConstraint("decision_id", "transaction_id", name="uq_frozen_transaction"),
)

frozen_asset_releases = Table(
    "frozen_asset_releases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asset_id", Integer, ForeignKey("frozen_assets.id"), nullable=False, unique=True),
    Column("released_at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),  # who approved the release
    Column("rationale", Text, nullable=False),
    Column("requested_by", String(200)),  # who asked for it (migration 0009; NULL before four-eyes)
)

# Fields of a blocked-property report (OFAC Report of Blocked Property, TD F 90-22.50), in order.
REPORT_FIELDS = (
    "asset_id",
    "status",
    "date_blocked",
    "owner",
    "program",
    "legal_basis",
    "list_entries",
    "property_description",
    "value",
    "currency",
    "location",
    "originator",
    "originator_bank",
    "beneficiary",
    "beneficiary_bank",
    "intermediaries",
    "message_type",
    "message_reference",
    "transaction_id",
    "uetr",
    "released_at",
    "released_by",
    "release_requested_by",
    "release_rationale",
)
RELEASE = "frozen.release"  # the four-eyes request kind


class RegisterError(StateError):
    """A register operation that cannot be done as asked; says why."""


class MessageConflict(RegisterError, ConflictError):
    """The message key was already decided for different content."""


class UnknownDecision(RegisterError, NotFoundError):
    """No stored payment decision with that id."""


@dataclass(frozen=True)
class StoredDecision:
    id: int
    decided_at: str
    actor: str
    details: dict[str, Any]

    @property
    def decision(self) -> Decision:
        return Decision(self.details["decision"])

    def to_dict(self) -> dict[str, Any]:
        return {"decision_id": self.id, "decided_at": self.decided_at, "decided_by": self.actor, **self.details}


def subject(message: PaymentMessage) -> str:
    """The audit subject of a message's decision."""
    return f"payment:{message.type}:{message.sender}:{message.message_id}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FrozenAssetsRegister:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.audit = AuditLog(engine)

    def find(self, message: PaymentMessage, content_sha256: str) -> StoredDecision | None:
        """The stored decision for this message, None if new; refuses a changed message under an old key."""
        query = select(payment_decisions).where(
            payment_decisions.c.message_type == message.type,
            payment_decisions.c.sender == message.sender,
            payment_decisions.c.message_id == message.message_id,
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        if row.content_sha256 != content_sha256:
            raise MessageConflict(
                f"{message.type} message {message.message_id!r} from {message.sender or 'unknown sender'} "
                f"was decided on "
                f"{row.decided_at} (decision {row.id}: {row.decision}) with different content; "
                "a changed message needs a new message id"
            )
        return StoredDecision(row.id, row.decided_at, row.actor, json.loads(row.details))

    def record(self, decision: PaymentDecision, content_sha256: str, actor: str) -> tuple[StoredDecision, bool]:
        """Store the decision, its register rows and its audit record together, and say so (True).

        When another worker stored the same message meanwhile, its decision is returned (False)."""
        message, at = decision.message, _now()
        text = json.dumps(decision.to_dict(), ensure_ascii=False, sort_keys=True, default=str)
        details = json.loads(text)  # exactly what a repeat will read back
        try:
            with self.engine.begin() as conn:
                decision_id = conn.execute(
                    payment_decisions.insert()
                    .values(
                        message_type=message.type,
                        sender=message.sender,
                        message_id=message.message_id,
                        content_sha256=content_sha256,
                        decision=decision.decision.value,
                        decided_at=at,
                        actor=actor,
                        details=text,
                    )
                    .returning(payment_decisions.c.id)
                ).scalar_one()
                assets = [
                    conn.execute(
                        frozen_assets.insert()
                        .values(_asset_row(decision_id, message, tx, at))
                        .returning(frozen_assets.c.id)
                    ).scalar_one()
                    for tx in decision.transactions
                    if tx.decision is Decision.BLOCK
                ]
                self.audit.append(
                    actor,
                    "payment.decide",
                    subject(message),
                    {
                        "decision_id": decision_id,
                        "decision": decision.decision.value,
                        "frozen_assets": assets,
                        "content_sha256": content_sha256,
                        "causes": [_summary(t, c) for t in decision.transactions for c in t.causes],
                        **{
                            k: details[k]
                            for k in ("thresholds", "list_versions", "measures_table", "jurisdiction_rules")
                        },
                    },
                    conn=conn,
                )
        except IntegrityError:
            stored = self.find(message, content_sha256)  # decided concurrently by another worker
            if stored is None:
                raise
            return stored, False
        return StoredDecision(decision_id, at, actor, details), True

    # -- the register ------------------------------------------------------------------------------

    def assets(self, include_released: bool = True) -> list[dict[str, Any]]:
        """Every register row with its release, oldest first, as blocked-property report fields."""
        query = (
            select(
                frozen_assets,
                frozen_asset_releases.c.released_at,
                frozen_asset_releases.c.actor.label("released_by"),
                frozen_asset_releases.c.requested_by.label("release_requested_by"),
                frozen_asset_releases.c.rationale,
            )
            .outerjoin(frozen_asset_releases, frozen_asset_releases.c.asset_id == frozen_assets.c.id)
            .order_by(frozen_assets.c.id)
        )
        with self.engine.connect() as conn:
            rows = [_report(row) for row in conn.execute(query)]
        return rows if include_released else [r for r in rows if r["status"] == "frozen"]

    def request_release(self, asset_id: int, by: str, via: str, rationale: str) -> Request:
        """Ask for frozen funds to be released; nothing leaves the register until a second person
        approves (``decide_release``). RegisterError or, for the request itself (one pending per
        asset), :class:`magnitsky.store.requests.RequestError` says why not."""
        if not rationale or not rationale.strip():
            raise RegisterError("a release needs a rationale (the licence, delisting or error that justifies it)")
        with self.engine.begin() as conn:
            lock_chain(conn)
            asset = self._frozen(conn, asset_id)
            return Requests(self.engine).propose(
                conn,
                RELEASE,
                f"frozen_asset:{asset_id}",
                {"asset_id": asset_id},
                by,
                via,
                rationale,
                public=_described(asset),
            )

    def decide_release(self, request_id: int, by: str, via: str, rationale: str, approve: bool = True) -> Request:
        """Approve (the release row is written, naming who asked and who approved) or reject a
        release request, as someone other than who asked."""

        def apply(conn, request: Request) -> dict[str, Any]:
            asset_id = request.payload["asset_id"]
            asset = self._frozen(conn, asset_id)
            conn.execute(
                frozen_asset_releases.insert().values(
                    asset_id=asset_id,
                    released_at=_now(),
                    actor=by,
                    rationale=request.rationale,
                    requested_by=request.requested_by,
                )
            )
            return _described(asset)

        return Requests(self.engine).decide(request_id, (RELEASE,), by, via, approve, rationale, apply)

    def asset(self, asset_id: int) -> dict[str, Any]:
        found = [a for a in self.assets() if a["asset_id"] == asset_id]
        if not found:
            raise RegisterError(f"no frozen asset {asset_id} in the register")
        return found[0]

    @staticmethod
    def _frozen(conn, asset_id: int):
        """The register row of ``asset_id``, refused when unknown or released already."""
        asset = conn.execute(select(frozen_assets).where(frozen_assets.c.id == asset_id)).first()
        if asset is None:
            raise RegisterError(f"no frozen asset {asset_id} in the register")
        released = conn.execute(
            select(frozen_asset_releases).where(frozen_asset_releases.c.asset_id == asset_id)
        ).first()
        if released is not None:
            raise RegisterError(
                f"frozen asset {asset_id} was already released on {released.released_at} by {released.actor}"
            )
        return asset

    def decisions(
        self, outcomes: Collection[str] | None = None, newest_first: bool = False, limit: int | None = None
    ) -> Iterator[StoredDecision]:
        """Stored decisions by id, optionally only those whose message was decided one of ``outcomes``
        (the payments desk shows HOLD and BLOCK), newest first, and at most ``limit`` of them."""
        query = select(payment_decisions).order_by(
            payment_decisions.c.id.desc() if newest_first else payment_decisions.c.id
        )
        if outcomes is not None:
            query = query.where(payment_decisions.c.decision.in_(sorted(outcomes)))
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield StoredDecision(row.id, row.decided_at, row.actor, json.loads(row.details))

    def decision(self, decision_id: int) -> StoredDecision:
        with self.engine.connect() as conn:
            row = conn.execute(select(payment_decisions).where(payment_decisions.c.id == decision_id)).first()
        if row is None:
            raise UnknownDecision(f"no payment decision {decision_id}")
        return StoredDecision(row.id, row.decided_at, row.actor, json.loads(row.details))


def write_report_csv(assets: list[dict[str, Any]], target: TextIO) -> None:
    """The register rows as a blocked-property report in CSV, every cell spreadsheet-safe (a payer
    name from another bank must not become a formula), as ``magnitsky frozen export`` and the
    payments desk give it."""
    writer = csv.DictWriter(target, REPORT_FIELDS)
    writer.writeheader()
    writer.writerows(safe_row(asset) for asset in assets)


def frozen_totals(assets: list[dict[str, Any]]) -> dict[str, Decimal]:
    """The value still frozen per currency (released rows left out), summed exactly, by currency code."""
    totals: dict[str, Decimal] = {}
    for asset in assets:
        if asset["status"] == "frozen":
            totals[asset["currency"]] = totals.get(asset["currency"], Decimal(0)) + Decimal(asset["value"])
    return dict(sorted(totals.items()))


def _described(asset) -> dict[str, Any]:
    """What the audit records of a release say about the funds."""
    return {
        "asset_id": asset.id,
        "amount": asset.amount,
        "currency": asset.currency,
        "owner": asset.owner,
        "message": f"{asset.message_type}:{asset.message_id}",
        "transaction_id": asset.transaction_id,
    }


def _summary(tx: TransactionDecision, cause) -> dict[str, Any]:
    """A cause as the audit record keeps it: everything but the long match explanation (kept in the decision)."""
    return {"transaction": tx.transaction.id, **{k: v for k, v in cause.to_dict().items() if k != "explanation"}}


def _asset_row(decision_id: int, message: PaymentMessage, tx: TransactionDecision, at: str) -> dict[str, Any]:
    blocking = [c for c in tx.causes if c.decision is Decision.BLOCK]
    t = tx.transaction
    owners = dict.fromkeys(f"{c.party} ({c.role})" for c in blocking if c.party)
    programs = dict.fromkeys(p for c in blocking for p in (c.programs or ((c.rule,) if c.rule else ())))
    basis = dict.fromkeys(b for c in blocking for b in c.basis)
    debtor, creditor = t.party(DEBTOR), t.party(CREDITOR)
    holder = t.party(INSTRUCTED_AGENT) or t.party(CREDITOR_AGENT) or t.party(DEBTOR_AGENT)
    return {
        "decision_id": decision_id,
        "message_type": message.type,
        "message_id": message.message_id,
        "transaction_id": t.id,
        "uetr": t.uetr,
        "blocked_at": at,
        "amount": str(t.amount),
        "currency": t.currency,
        "owner": "; ".join(owners) or "(see entries)",
        "programs": "; ".join(programs),
        "legal_basis": "; ".join(basis),
        "description": (
            f"funds transfer {t.amount} {t.currency} ({message.version} {message.message_id}, transaction {t.id}) "
            f"from {debtor.label if debtor else 'unknown'} to {creditor.label if creditor else 'unknown'}"
            + (f", value date {t.value_date}" if t.value_date else "")
        ),
        "location": f"held by {holder.label} ({holder.role})" if holder else "held by the screening institution",
        "parties": json.dumps([p.to_dict() for p in t.parties], ensure_ascii=False, default=str),
        "entries": json.dumps(
            [
                {
                    k: v
                    for k, v in c.to_dict().items()
                    if k in ("entity_id", "caption", "score", "programs", "measures", "rule", "field", "reason")
                }
                for c in blocking
            ],
            ensure_ascii=False,
        ),
    }


def _report(row) -> dict[str, Any]:
    parties = json.loads(row.parties)

    def labels(*roles: str) -> str:
        return "; ".join(p.get("name") or p.get("bic") or p.get("account", "") for p in parties if p["role"] in roles)

    entries = json.loads(row.entries)
    return {
        "asset_id": row.id,
        "status": "released" if row.released_at else "frozen",
        "date_blocked": row.blocked_at,
        "owner": row.owner,
        "program": row.programs,
        "legal_basis": row.legal_basis,
        "list_entries": "; ".join(
            f"{e.get('entity_id') or 'rule ' + str(e.get('rule'))} {e.get('caption', '')}".strip() for e in entries
        ),
        "property_description": row.description,
        "value": row.amount,
        "currency": row.currency,
        "location": row.location,
        "originator": labels(DEBTOR),
        "originator_bank": labels(DEBTOR_AGENT),
        "beneficiary": labels(CREDITOR),
        "beneficiary_bank": labels(CREDITOR_AGENT),
        "intermediaries": labels("intermediary_agent_1", "intermediary_agent_2", "intermediary_agent_3"),
        "message_type": row.message_type,
        "message_reference": row.message_id,
        "transaction_id": row.transaction_id,
        "uetr": row.uetr,
        "released_at": row.released_at,
        "released_by": row.released_by,
        "release_requested_by": row.release_requested_by,
        "release_rationale": row.rationale,
    }
