"""``is_name_part``: whether a Latin word is somebody's given name or surname.

Firms are named after people ("Tudor SRL", "Kolar d.d."), so a company name of one word that is a
person's name is that name; one letter away from a listed company's word (TUBOR, KONAR) it is
another firm, not a slip of the listed one: a typo seldom makes a name. The table holds the plain
Latin spellings of Wikidata's name parts (``tables/latin_name_parts.tsv``, see SOURCE.md there).
"""

from __future__ import annotations

from magnitsky.names.tables import table

_TABLE = "latin_name_parts.tsv"


def is_name_part(word: str) -> bool:
    """Whether ``word`` (lower case, plain ASCII: "kolar") is a given name or surname people bear."""
    return word in table(_TABLE)
