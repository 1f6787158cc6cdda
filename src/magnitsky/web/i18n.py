"""The language of a page, and its words in that language.

Templates write English and wrap what the reader sees in ``_("...")``; ``translations/<lang>.json``
maps each English text to its translation (a text missing there stays English, and
``tests/test_web_i18n.py`` lists the public pages' texts still untranslated). The reader chooses
with ``?lang=ru`` (remembered in a cookie); otherwise their browser's Accept-Language decides.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from starlette.requests import Request

LANGUAGES = {"en": "English", "ru": "Русский"}
DEFAULT = "en"
COOKIE = "magnitsky_lang"
CATALOGUES = Path(__file__).parent / "translations"


@cache
def catalogue(language: str) -> dict[str, str]:
    path = CATALOGUES / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def translator(language: str):
    """``_`` for templates: the text in ``language``, or as written when it has no translation."""
    words = catalogue(language)

    def gettext(text: str, **values: object) -> str:
        translated = words.get(text) or text
        return translated.format(**values) if values else translated

    return gettext


def chosen(request: Request) -> tuple[str, bool]:
    """The page's language and whether the reader chose it just now (so it is remembered)."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked, True
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered, False
    return _accepted(request.headers.get("accept-language", "")), False


def _accepted(header: str) -> str:
    """The first of LANGUAGES the Accept-Language header prefers (quality values respected)."""
    offers = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        offers.append((-quality, position, tag.split("-")[0].lower()))
    return next((tag for _q, _p, tag in sorted(offers) if tag in LANGUAGES), DEFAULT)
