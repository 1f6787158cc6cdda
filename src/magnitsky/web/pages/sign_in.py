"""Signing in and out.

A wrong name and a wrong password get the same answer (no probing for names); repeated wrong
passwords lock the account for a while (:meth:`magnitsky.cases.users.Users.authenticate`). After
signing in the person returns to the page that sent them here, if it is one of ours.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from magnitsky.cases import PermissionDenied
from magnitsky.web import sessions
from magnitsky.web.templating import render

router = APIRouter()
anonymous = Depends(sessions.Anonymous())


def _ours(back: str) -> str:
    """``back`` if it is a page of this site (never another host: no open redirect), else home."""
    return back if back.startswith("/ui/") and not back.startswith("//") and "\\" not in back else "/ui/"


@router.get("/sign-in", dependencies=[anonymous])
async def sign_in_page(request: Request, next: str = "/ui/") -> Response:
    return render(request, "sign_in.html", {"next": _ours(next), "error": None, "name": ""})


@router.post("/sign-in", dependencies=[anonymous])
async def sign_in(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/ui/",
) -> Response:
    try:
        token, _session = request.app.state.sessions.sign_in(name.strip(), password, "web")
    except PermissionDenied as refused:
        context = {"next": _ours(next), "error": str(refused), "name": name}
        return render(request, "sign_in.html", context, 401)
    response = RedirectResponse(_ours(next), 303)
    sessions.remember(response, request, token)
    return response


@router.post("/sign-out", dependencies=[Depends(sessions.Signed("analyst"))])
async def sign_out(request: Request) -> Response:
    request.app.state.sessions.sign_out(request.cookies[sessions.COOKIE])
    response = RedirectResponse("/ui/sign-in", 303)
    sessions.forget(response)
    return response
