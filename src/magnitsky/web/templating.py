"""Rendering a page: the template, the signed-in person, the form token, the language, the menu.

Autoescaping is on for every template, so whatever a list, a customer file or a nomination
holds renders as text. ``render`` is the only way pages answer HTML; a page passes what it shows
and the layout (``templates/base.html``) adds the menu the person's role allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from magnitsky.web import i18n

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a misspelt variable is an error in the tests, not a blank on the page
        trim_blocks=True,
        lstrip_blocks=True,
    )
)


@dataclass(frozen=True)
class Desk:
    """A menu entry: the page, its label, and the least role that may open it (None: anyone)."""

    path: str
    label: str
    role: str | None


# The menu, in the order people meet the work. A desk appears for a role that may open it.
DESKS = [
    Desk("/ui/", "Home", "analyst"),
    Desk("/ui/screening", "Screening", "analyst"),
    Desk("/ui/alerts", "Alerts", "analyst"),
    Desk("/ui/approvals", "Approvals", "supervisor"),
    Desk("/ui/good-guys", "Good-guy list", "analyst"),
    Desk("/ui/payments", "Payments", "analyst"),
    Desk("/ui/consular", "Consular", "analyst"),
    Desk("/ui/lists", "Lists", "analyst"),
    Desk("/ui/links", "Links", "supervisor"),
    Desk("/ui/dashboard", "Dashboard", "supervisor"),
    Desk("/ui/audit", "Audit", "supervisor"),
    Desk("/ui/registry", "Registry", "analyst"),
    Desk("/ui/register", "Public register", None),
]


def render(request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    """``template`` with ``context``, the person signed in (if any), their form token, the page's
    language and the menu their role allows."""
    session = getattr(request.state, "session", None)
    actor = session.actor if session else None
    language, just_chosen = i18n.chosen(request)
    values = {
        "user": actor,
        "csrf": getattr(request.state, "csrf", ""),
        "lang": language,
        "languages": i18n.LANGUAGES,
        "_": i18n.translator(language),
        "desks": [d for d in DESKS if actor is not None and (d.role is None or actor.ranks(d.role))],
        "path": request.url.path,
        **(context or {}),
    }
    response = templates.TemplateResponse(request, template, values, status_code=status)
    new_form_token = getattr(request.state, "new_form_token", None)
    if new_form_token:  # a public form's token (double submit, see sessions.Anonymous)
        response.set_cookie("magnitsky_form", new_form_token, httponly=True, samesite="strict", path="/ui")
    if just_chosen:
        response.set_cookie(i18n.COOKIE, language, max_age=365 * 86400, samesite="lax", httponly=True)
    return response
