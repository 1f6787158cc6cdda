"""One person across lists over HTTP: the links and proposals, and a supervisor's judgement.

Analysts read them; confirming or rejecting takes a supervisor's key bound to a reviewer (the
judgement is a person's, recorded with their name). The service screens with the new links at
once: the judgement refreshes the groups of linked entries the current snapshot merges by.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from magnitsky.api.identity import key_actor
from magnitsky.api.keys import ApiKey, Role
from magnitsky.api.models import MAX_ID, NO_NUL
from magnitsky.api.routes.common import AUTH_ERRORS, Responses, StrictJsonRoute, error_response
from magnitsky.api.security import require
from magnitsky.cases.alerts import MAX_RATIONALE
from magnitsky.cases.link_reviews import judge_link
from magnitsky.store.links import AUTO, CONFIRMED, PROPOSED, REJECTED, LinkStore

router = APIRouter(tags=["Links"], route_class=StrictJsonRoute)
EntryId = Annotated[str, Field(min_length=3, max_length=200, pattern=NO_NUL, examples=["ofac_sdn:21186"])]
_JUDGE_ERRORS: Responses = {
    **AUTH_ERRORS,
    403: error_response("The key's role may not do this, or it acts for no reviewer"),
    404: error_response("No link or proposal between the two entries"),
}


class LinkModel(BaseModel):
    left: str
    right: str
    status: str = Field(..., description="auto, proposed, confirmed or rejected.")
    basis: list[str] = Field(..., description="The evidence found, in words.")
    found_at: str
    decided_by: str | None = None
    decided_at: str | None = None
    rationale: str | None = None


class LinkList(BaseModel):
    links: list[LinkModel]
    counts: dict[str, int] = Field(..., description="Stored links per status.")


class Judgement(BaseModel):
    left: EntryId
    right: EntryId
    rationale: str = Field(
        ...,
        min_length=1,
        max_length=MAX_RATIONALE,
        pattern=NO_NUL,
        description="Why: kept with the judgement and in the audit trail.",
        examples=["same passport number on both lists; the UN narrative names him so"],
    )


@router.get("/links", response_model=LinkList, responses=AUTH_ERRORS, summary="Links between lists' entries")
def list_links(
    request: Request,
    key: Annotated[ApiKey, Depends(require(Role.ANALYST))],
    status: Annotated[str, Query(pattern=f"^({AUTO}|{PROPOSED}|{CONFIRMED}|{REJECTED})$")] = PROPOSED,
    entity: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> dict:
    """Entries of different lists found to be one person or company (`auto`), proposed for a
    supervisor (`proposed`, the default), or judged (`confirmed`, `rejected`), with the evidence."""
    links = LinkStore(request.app.state.store.engine)
    return {
        "links": [link.to_dict() for link in links.links(status, entity, limit, offset)],
        "counts": links.counts(),
    }


@router.post("/links/confirm", response_model=LinkModel, responses=_JUDGE_ERRORS, summary="Confirm a link")
def confirm_link(request: Request, body: Judgement, key: Annotated[ApiKey, Depends(require(Role.SUPERVISOR))]) -> dict:
    """The two entries are one person or company: screening reports them as one hit from now on."""
    return _judge(request, key, body, True)


@router.post("/links/reject", response_model=LinkModel, responses=_JUDGE_ERRORS, summary="Reject a link")
def reject_link(request: Request, body: Judgement, key: Annotated[ApiKey, Depends(require(Role.SUPERVISOR))]) -> dict:
    """The two entries are not one: screening reports them apart, whatever later linking runs find."""
    return _judge(request, key, body, False)


def _judge(request: Request, key: ApiKey, body: Judgement, confirm: bool) -> dict:
    person = key_actor(request.app.state.cases.users, key)
    link = judge_link(request.app.state.store.engine, person, body.left, body.right, confirm, body.rationale)
    request.app.state.holder.refresh_links()
    return link.to_dict()
