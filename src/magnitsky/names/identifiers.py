"""Document and registration numbers as they are compared: "AB 123-456" is "ab123456".

Lists and customers write the same passport, tax or registration number with spaces, dashes and
either case; the index keys entities by it, the matcher's evidence and the visa decision compare
it, all through :func:`normalise_identifier`, so that a number equal in one place is equal in all.
"""

from __future__ import annotations


def normalise_identifier(value: str) -> str:
    """Document numbers compared without spaces, dashes or case: "AB 123-456" == "ab123456"."""
    return "".join(ch for ch in value.upper() if ch.isalnum())
