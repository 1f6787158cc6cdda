"""The audit desk: browse the hash-chained audit trail (newest first, by actor, action or
subject) and verify it against the signed checkpoints, as ``GET /audit/verify`` does.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from magnitsky.store.checkpoints import CheckpointSigner, verify_anchored
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
supervisor = Depends(Signed("supervisor"))
PAGE = 50
Text = Annotated[str, Query(max_length=500)]


@router.get("/audit", dependencies=[supervisor])
def audit_trail(
    request: Request,
    actor: Text = "",
    action: Text = "",
    subject: Text = "",
    before: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> Response:
    return _page(request, actor.strip(), action.strip(), subject.strip(), before)


@router.post("/audit/verify", dependencies=[supervisor])
def verify(request: Request) -> Response:
    """Recompute the whole chain and check it against the checkpoints (a read, but a long one:
    a POST, so no link prefetch or crawler starts it)."""
    state = request.app.state
    result = verify_anchored(state.cases.audit, CheckpointSigner(state.settings.store.home))
    return _page(request, "", "", "", None, result)


def _page(request: Request, actor: str, action: str, subject: str, before: int | None, verification=None):
    records = request.app.state.cases.audit.browse(actor or None, action or None, subject or None, before, PAGE + 1)
    filters = {"actor": actor, "action": action, "subject": subject}
    context = {
        "records": records[:PAGE],
        "older": records[PAGE - 1].seq if len(records) > PAGE else None,
        "filters": filters,
        "filter_query": urlencode({k: v for k, v in filters.items() if v}),
        "paged": before is not None,
        "verification": verification,
    }
    return render(request, "audit.html", context)
