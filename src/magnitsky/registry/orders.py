"""A decision taken elsewhere (a granted petition, a periodic review) orders a designation varied or revoked.

The decision was already taken under four eyes, so it becomes an *approved* proposal on the
designation, with its proposer and approver: a publisher who is neither carries it out with
:meth:`~magnitsky.registry.service.Registry.publish`, exactly as for a variation or revocation
decided on the nomination itself. One path to the list store, one separation of duties.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from magnitsky.registry.clocks import start_clocks
from magnitsky.registry.errors import ConflictError, NotFound
from magnitsky.registry.regimes import Regime
from magnitsky.registry.schema import registry_nominations, registry_proposals
from magnitsky.registry.workflow import LISTED_STATES
from magnitsky.store import AuditLog

ORDERABLE = ("vary", "revoke")


def listed_row(conn: Connection, nomination_id: int, doing: str):
    """The nomination, when its designation is in force; else why ``doing`` cannot apply to it."""
    row = conn.execute(select(registry_nominations).where(registry_nominations.c.id == nomination_id)).first()
    if row is None:
        raise NotFound(f"no nomination {nomination_id}")
    if row.state not in LISTED_STATES:
        raise ConflictError(f"cannot {doing} nomination {nomination_id}: it is {row.state}, not a designation in force")
    return row


def open_proposal(conn: Connection, nomination_id: int):
    """The nomination's proposal awaiting approval or publication, if any (there is at most one)."""
    return conn.execute(
        select(registry_proposals).where(
            registry_proposals.c.nomination_id == nomination_id,
            registry_proposals.c.state.in_(("pending", "approved")),
        )
    ).first()


def order_change(
    conn: Connection,
    audit: AuditLog,
    regimes: dict[str, Regime],
    nomination_id: int,
    action: str,
    reasons: str,
    proposed_by: str,
    approved_by: str,
    at: datetime,
    origin: str,
) -> int:
    """Record ``action`` (vary or revoke) as an approved proposal on the designation; its id.

    The designation goes under review (if it was not already) and waits for a publisher; a
    revocation starts the clocks its regimes start on one (the notice before a removal)."""
    row = listed_row(conn, nomination_id, f"order to {action}")
    if (waiting := open_proposal(conn, nomination_id)) is not None:
        raise ConflictError(f"nomination {nomination_id} already has an open proposal ({waiting.id})")
    proposal_id = conn.execute(
        insert(registry_proposals)
        .values(
            nomination_id=nomination_id,
            action=action,
            state="approved",
            reasons=reasons,
            proposed_by=proposed_by,
            proposed_at=at,
            approved_by=approved_by,
            approved_at=at,
        )
        .returning(registry_proposals.c.id)
    ).scalar_one()
    conn.execute(
        update(registry_nominations)
        .where(registry_nominations.c.id == nomination_id)
        .values(state="under_review", updated_at=at)
    )
    details = {"proposal": proposal_id, "action": action, "origin": origin, "from": row.state, "to": "under_review"}
    audit.append(approved_by, "proposal.ordered", f"nomination:{nomination_id}", details, conn=conn)
    if action == "revoke":
        concerning = f"removal of designation {row.designation_id} ordered ({origin})"
        start_clocks(conn, audit, regimes, "revocation", nomination_id, proposed_by, approved_by, concerning)
    return proposal_id
