"""Rebuild src/magnitsky/names/tables/legal_form_keys.tsv: every legal-form spelling of
``magnitsky.model.legal_forms`` expanded through each romanisation scheme, as the matcher looks
them up (``magnitsky.names.legalforms``). Run after changing that table or the romanisation
schemes, and commit the result; tests/test_names.py fails while it is out of date.

Run: python scripts/make_legal_form_keys.py
"""

from __future__ import annotations

from magnitsky.names.legalforms import KEYS_FILE, spelling_keys


def main() -> None:
    KEYS_FILE.write_text(spelling_keys(), encoding="utf-8")
    print(f"wrote {KEYS_FILE}")


if __name__ == "__main__":
    main()
