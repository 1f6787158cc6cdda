"""The first page after signing in: the desks this person's role opens."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from magnitsky.web import sessions
from magnitsky.web.templating import render

router = APIRouter()


@router.get("/", dependencies=[Depends(sessions.Signed("analyst"))])
async def home(request: Request) -> Response:
    return render(request, "home.html")
