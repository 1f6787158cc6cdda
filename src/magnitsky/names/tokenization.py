"""``tokens``: the words of a name as the matcher compares them; ``variant_tokens``: the same for
one romanisation that ``romanize`` already made."""

from __future__ import annotations

from magnitsky.names.romanization import romanize
from magnitsky.names.titles import drop_titles


def tokens(text: str) -> list[str]:
    """Tokens of the most standard romanisation of ``text``, leading titles dropped.

    ``"Dr. Клюев Дмитрий"`` -> ``["klyuyev", "dmitriy"]``. Given-name classes are not applied
    here (see :func:`magnitsky.names.canonical_token`), so the tokens still show the spelling.
    """
    variants = romanize(text)
    return variant_tokens(variants[0]) if variants else []


def variant_tokens(variant: str) -> list[str]:
    """The tokens of one of ``romanize``'s variants (already normalised lower-case ASCII, so it
    is split, not romanised again), leading titles dropped."""
    return drop_titles(variant.split())
