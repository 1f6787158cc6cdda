"""The web pages: where reviewers, consular officers, payment operators, list authorities and the
public work in a browser, served by ``magnitsky serve`` beside the HTTP API.

Pages are rendered on the server (Jinja2, autoescaped: list entries, customer files and
nominations are outside input and always render as text) and work without JavaScript; the one
script loaded is htmx, vendored, for partial updates. Everything lives under ``/ui``:

- :mod:`.sessions` — who is signed in (a cookie naming a server-side session), the role each page
  needs, and the CSRF token every form echoes;
- :mod:`.templating` — rendering, the language of the page, and the navigation a role sees;
- :mod:`.headers` — Content-Security-Policy (no inline script) and the other response headers;
- :mod:`.pages` — one module per desk;
- :mod:`.uploads` — the larger body limits of an administrator's list upload and of the public
  nomination form with its evidence.

The people are the reviewers of the case store (:mod:`magnitsky.cases.users`): the same names,
roles, passwords and audit trail as the CLI and the API keys.
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from magnitsky.web import errors, headers, pages, uploads
from magnitsky.web.pages import lists, public_registry
from magnitsky.web.templating import STATIC

PREFIX = "/ui"


def install(app: FastAPI) -> None:
    """Add the pages, their static files, their error pages and their response headers to ``app``."""
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="ui-static")
    for router in pages.ROUTERS:
        app.include_router(router, prefix=PREFIX, include_in_schema=False)
    errors.install(app, PREFIX)
    app.add_middleware(headers.PageHeaders, prefix=PREFIX)


def upload_allowance(app: FastAPI, max_bytes: int, max_evidence_bytes: int, evidence_paths: str):
    """The body limits of the lists page's load form, and of the public nomination form and the
    API's ``evidence_paths`` (a regular expression), for ``LimitBody`` (see :mod:`.uploads`)."""
    nominate = re.escape(f"{PREFIX}{public_registry.NOMINATE}")
    return uploads.either(
        uploads.list_upload_allowance(app.state.sessions, f"{PREFIX}{lists.LOAD}", max_bytes),
        uploads.evidence_allowance(f"{nominate}|{evidence_paths}", max_evidence_bytes),
    )
