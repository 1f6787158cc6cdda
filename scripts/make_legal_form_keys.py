"""Rebuild src/magnitsky/names/tables/legal_form_keys.tsv: every legal-form spelling of
``magnitsky.model.legal_forms`` expanded through each romanisation scheme, as the matcher looks
them up (``magnitsky.names.legalforms``); and industry_word_keys.tsv, the romanisations of the
Chinese trade words (``magnitsky.names.industry_words``). Run after changing those tables or the
romanisation schemes, and commit the result; tests/test_names.py fails while it is out of date.

Run: python scripts/make_legal_form_keys.py
"""

from __future__ import annotations

from magnitsky.names import industry_words, legalforms


def main() -> None:
    for module in (legalforms, industry_words):
        module.KEYS_FILE.write_text(module.spelling_keys(), encoding="utf-8")
        print(f"wrote {module.KEYS_FILE}")


if __name__ == "__main__":
    main()
