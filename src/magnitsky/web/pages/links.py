"""The links desk: entries of different lists proposed as one person or company, side by side
with the evidence, for a supervisor to confirm or reject; and the links found or judged before.

A judgement is the same call as ``POST /links/confirm`` and ``magnitsky links confirm``
(:func:`magnitsky.cases.link_reviews.judge_link`): a supervisor's, with a rationale, audited, kept
across list versions; the running service screens with it at once.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from magnitsky.api.errors import status_of
from magnitsky.cases import Actor
from magnitsky.cases.link_reviews import judge_link
from magnitsky.errors import MagnitskyError
from magnitsky.model import Entity
from magnitsky.store import StoreError
from magnitsky.store.links import AUTO, CONFIRMED, PROPOSED, REJECTED, Link, LinkStore
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
supervisor = Signed("supervisor")
STATUSES = (PROPOSED, AUTO, CONFIRMED, REJECTED)
PAGE = 25
EntryId = Annotated[str, Form(min_length=3, max_length=200)]
Status = Literal["proposed", "auto", "confirmed", "rejected"]


@router.get("/links", dependencies=[Depends(supervisor)])
def link_review(
    request: Request,
    status: Annotated[Status, Query()] = "proposed",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """The links of one status (proposals first), each pair of entries side by side."""
    return _page(request, status, offset)


@router.post("/links/{step}")
def judge(
    request: Request,
    step: Literal["confirm", "reject"],
    actor: Annotated[Actor, Depends(supervisor)],
    left: EntryId,
    right: EntryId,
    status: Annotated[Status, Form()] = "proposed",
    offset: Annotated[int, Form(ge=0, le=10_000_000)] = 0,
    rationale: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Confirm (one person: screening gives one hit) or reject (two: kept apart whatever later
    linking runs find) the pair, then back to the list it was judged from."""
    try:
        judge_link(request.app.state.store.engine, actor, left, right, step == "confirm", rationale)
    except MagnitskyError as refused:
        return _page(request, status, offset, (left, right, str(refused), rationale), status_of(refused))
    request.app.state.holder.refresh_links()
    query = urlencode({"status": status, "offset": offset, "judged": f"{left}|{right}"})
    return RedirectResponse(f"/ui/links?{query}", 303)


def _page(
    request: Request,
    status: str,
    offset: int,
    refused: tuple[str, str, str, str] | None = None,
    code: int = 200,
) -> Response:
    links = LinkStore(request.app.state.store.engine)
    shown = links.links(status, None, PAGE + 1, offset)
    context = {
        "status": status,
        "statuses": STATUSES,
        "counts": links.counts(),
        "pairs": [(link, _entry(request, link.left), _entry(request, link.right)) for link in shown[:PAGE]],
        "offset": offset,
        "more": len(shown) > PAGE,
        "page_size": PAGE,
        "refused": refused,
        "judged": _judged(links, request.query_params.get("judged", "")),
    }
    return render(request, "links/review.html", context, code)


def _judged(links: LinkStore, pair: str) -> Link | None:
    """The pair just judged (``left|right`` in the address the judgement redirected to), to confirm it on the page."""
    left, sep, right = pair.partition("|")
    try:
        return links.link(left, right) if sep else None
    except StoreError:
        return None


def _entry(request: Request, entity_id: str) -> Entity | None:
    """The entry as its list's current version gives it; None once its list no longer has it."""
    try:
        return request.app.state.store.entity(entity_id)
    except StoreError:
        return None
