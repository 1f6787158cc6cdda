"""Errors on a page answer as a page: the same one-line cause the API would give, in the layout,
with the status it means. The API keeps answering JSON; only paths under the pages' prefix change.
"""

from __future__ import annotations

import inspect

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from magnitsky.api.errors import status_of
from magnitsky.errors import MagnitskyError
from magnitsky.web.sessions import SignInNeeded
from magnitsky.web.templating import render


def install(app: FastAPI, prefix: str) -> None:
    """Route the errors of requests under ``prefix`` to pages, the others to the handlers before."""

    def for_pages(kind: type[Exception], page):
        previous = app.exception_handlers.get(kind)

        async def handler(request: Request, exc: Exception) -> Response:
            if request.url.path.startswith(prefix):
                return await page(request, exc)
            if previous is None:
                raise exc
            answer = previous(request, exc)
            return await answer if inspect.isawaitable(answer) else answer

        app.exception_handler(kind)(handler)

    for_pages(SignInNeeded, _sign_in)
    for_pages(MagnitskyError, _refused)
    for_pages(RequestValidationError, _malformed)
    for_pages(HTTPException, _http)


async def _sign_in(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInNeeded)
    return RedirectResponse(f"/ui/sign-in?next={exc.back}", 303)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, MagnitskyError)
    return render(request, "error.html", {"message": str(exc)}, status_of(exc))


async def _malformed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(f"{error['loc'][-1]}: {error['msg']}" for error in exc.errors()[:5])
    return render(request, "error.html", {"message": f"the form is incomplete or malformed ({problems})"}, 400)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = "no such page" if exc.status_code == 404 else str(exc.detail)
    return render(request, "error.html", {"message": message}, exc.status_code)
