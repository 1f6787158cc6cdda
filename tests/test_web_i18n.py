"""The public pages (the nomination form, the register, a designation, the receipt, and the layout
and error page they use) are in Russian as well as English: every text they pass through ``_()``
has a Russian translation, and so do the values they translate (kinds, measures, changes, victim groups)."""

from __future__ import annotations

import re
from pathlib import Path

from magnitsky.registry.nomination import SUBJECT_SCHEMATA, VICTIM_GROUPS
from magnitsky.registry.regimes import MEASURES
from magnitsky.web import i18n

TEMPLATES = Path(i18n.__file__).parent / "templates"
PUBLIC = [
    "base.html",
    "error.html",
    *(f"registry/{n}" for n in ("_languages", "nominate", "receipt", "register", "designation")),
    *(f"registry/{n}" for n in ("petition_form", "petition_receipt", "petition_status")),
]
CHANGES = ("added", "varied", "removed")  # a designation's history, as publication records it
TEXT = re.compile(r"""_\((["'])(.*?)\1""")


def _texts(template: str) -> list[str]:
    name = template if template.endswith(".html") else f"{template}.html"
    return [found[2] for found in TEXT.finditer((TEMPLATES / name).read_text(encoding="utf-8"))]


def test_every_text_of_the_public_pages_has_a_russian_translation():
    russian = i18n.catalogue("ru")
    texts = {text for template in PUBLIC for text in _texts(template)}
    assert len(texts) > 50  # the extraction finds the pages' texts
    values = {*SUBJECT_SCHEMATA, *MEASURES, *CHANGES, *VICTIM_GROUPS.values()}
    missing = sorted(t for t in texts | values if not russian.get(t))
    assert not missing, f"no Russian for: {missing}"


def test_a_translation_keeps_the_placeholders_of_its_text():
    for text, translated in i18n.catalogue("ru").items():
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", translated)), text


def test_the_russian_page_says_what_the_english_one_does():
    russian = i18n.translator("ru")
    assert russian("Thank you. Your nomination has number {number}.", number=7) == (
        "Спасибо. Вашему предложению присвоен номер 7."
    )
    assert i18n.translator("en")("Send the nomination") == "Send the nomination"
