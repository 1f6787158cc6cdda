"""Who is signed in, whether their role opens the page, and whether a form really came from us.

A page declares the least role it needs with ``Depends(Signed("analyst"))``; the dependency
resumes the session named by the cookie (:class:`magnitsky.cases.sessions.Sessions`), sends a
stranger to the sign-in page, refuses a role below the page's (403) and, on every POST, checks
the form's ``csrf`` field against the session's token. Public pages (the nomination form) use
:class:`Anonymous` instead: their token is a random cookie the form must echo (double submit).

The session cookie is HttpOnly (scripts cannot read it), SameSite=Strict (no other site's page
can send it) and Secure unless the service is told it runs on plain HTTP.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from magnitsky.cases import Actor
from magnitsky.cases.sessions import LIFETIME, Session
from magnitsky.errors import PermissionDeniedError

COOKIE = "magnitsky_session"
FORM_COOKIE = "magnitsky_form"
FIELD = "csrf"


class SignInNeeded(Exception):
    """No open session: the page answers with the sign-in page, coming back to ``back`` after."""

    def __init__(self, back: str):
        super().__init__(back)
        self.back = back


class FormRefused(PermissionDeniedError):
    """A form without this session's token: posted from another site, or from a page left open
    after signing out."""


def _back(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return quote(request.url.path + query, safe="/?=&")


def current(request: Request) -> Session | None:
    token = request.cookies.get(COOKIE)
    return request.app.state.sessions.resume(token) if token else None


async def _check_form(request: Request, expected: str) -> None:
    form = await request.form()  # parsed once; the page reads the same parsed form
    sent = form.get(FIELD) or request.headers.get("x-csrf-token") or ""
    if not isinstance(sent, str) or not expected or not secrets.compare_digest(sent, expected):
        raise FormRefused("this form has expired or did not come from this site; reload the page and send it again")


class Signed:
    """Dependency: the signed-in person, if their role is ``role`` or above."""

    def __init__(self, role: str):
        self.role = role

    async def __call__(self, request: Request) -> Actor:
        session = current(request)
        if session is None:
            raise SignInNeeded(_back(request))
        request.state.session = session
        request.state.csrf = session.csrf_token
        actor = session.actor
        if not actor.ranks(self.role):
            raise PermissionDeniedError(f"this page needs the role {self.role} or above; {actor.name} is {actor.role}")
        if request.method == "POST":
            await _check_form(request, session.csrf_token)
        return actor


class Anonymous:
    """Dependency for public pages: no sign-in, but their forms carry a token too."""

    async def __call__(self, request: Request) -> None:
        session = current(request)  # an officer looking at the public pages keeps their menu
        if session is not None:
            request.state.session = session
        token = request.cookies.get(FORM_COOKIE)
        if request.method == "POST":
            await _check_form(request, token or "")
        if not token:
            token = secrets.token_urlsafe(32)
            request.state.new_form_token = token
        request.state.csrf = token


def remember(response: Response, request: Request, token: str) -> None:
    """Set the session cookie on ``response``."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(LIFETIME.total_seconds()),
        httponly=True,
        secure=request.app.state.settings.service.secure_cookies,
        samesite="strict",
        path="/ui",
    )


def forget(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/ui")
