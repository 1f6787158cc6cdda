"""``tokens``: the words of a name as the matcher compares them."""

from __future__ import annotations

from magnitsky.names.romanization import romanize
from magnitsky.names.titles import drop_titles


def tokens(text: str) -> list[str]:
    """Tokens of the most standard romanisation of ``text``, leading titles dropped.

    ``"Dr. Клюев Дмитрий"`` -> ``["klyuyev", "dmitriy"]``. Given-name classes are not applied
    here (see :func:`magnitsky.names.canonical_token`), so the tokens still show the spelling.
    """
    variants = romanize(text)
    return drop_titles(variants[0].split()) if variants else []
