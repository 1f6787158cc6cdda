"""Ukrainian and Belarusian forms of East Slavic given names and patronymics, as the Russian form.

One person is listed as "Sergey Gennadyevich" by one authority and "Serhiy ..." by another; a
Belarusian passport says "Siarhei". The romanisation systems cannot connect these: Ukrainian and
Belarusian Г is written H, and the names themselves differ (Федір/Фёдор, Сергій/Сергей). The table
(``tables/slavic_given_names.tsv``, made by ``scripts/make_name_parts.py`` from Wikidata's name
groups) maps each Latin spelling of a Ukrainian or Belarusian form to the canonical Latin spelling
of the Russian one, which :func:`magnitsky.names.canonical_token` then uses on both sides.
"""

from __future__ import annotations

from magnitsky.names.tables import table

_TABLE = "slavic_given_names.tsv"
LANGUAGES = {"uk": "Ukrainian", "be": "Belarusian", "uk/be": "Ukrainian or Belarusian"}


def russian_form(token: str) -> str | None:
    """The canonical Russian spelling of a Ukrainian/Belarusian given-name spelling (``serhiy`` ->
    ``sergey``), or None when ``token`` is not one. ``token`` is normalized lower-case ASCII."""
    row = table(_TABLE).get(token)
    return row[0] if row else None


def national_language(token: str) -> str | None:
    """ "Ukrainian", "Belarusian" or "Ukrainian or Belarusian" for a spelling in the table."""
    row = table(_TABLE).get(token)
    return LANGUAGES[row[1]] if row else None
