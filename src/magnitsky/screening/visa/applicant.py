"""The person to screen, from a passport MRZ or from a plain applicant form.

Consular systems without an MRZ reader send names, birth date, nationality and passport number as
typed by the applicant or a clerk; :meth:`Applicant.from_form` validates them and names the field
that is wrong. Both routes give the same :class:`Applicant`, so the decision does not depend on
how the data arrived.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from magnitsky.errors import InputError
from magnitsky.model import parse_date, to_country
from magnitsky.screening.visa.codes import icao_code
from magnitsky.screening.visa.mrz import TravelDocument

MAX_NAME = 200
_DOCUMENT_NUMBER = re.compile(r"[A-Z0-9]{1,20}")
_SEX = {"m": "male", "male": "male", "f": "female", "female": "female", "x": None, "unspecified": None, "": None}


class ApplicantError(InputError):
    """An applicant form field is missing or invalid; the message names the field."""


@dataclass(frozen=True)
class Applicant:
    surname: str
    given_names: str = ""
    birth_date: str | None = None  # ISO prefix: 1967-08-10, 1967-08 or 1967
    nationality: str | None = None  # ISO 3166-1 alpha-2, lower case
    document_number: str | None = None
    sex: str | None = None  # male, female or None
    issuing_country: str | None = None  # of the document, ISO alpha-2

    @classmethod
    def from_form(
        cls,
        surname: str,
        given_names: str = "",
        birth_date: str | None = None,
        nationality: str | None = None,
        passport: str | None = None,
        sex: str | None = None,
        issuing_state: str | None = None,
    ) -> Applicant:
        """Validate typed-in data; nationality and issuing state may be ICAO/ISO codes or country names."""
        surname, given_names = _name("surname", surname), _name("given names", given_names or "")
        if not surname:
            raise ApplicantError("surname: required (for a single name, give it as the surname)")
        number = None
        if passport and passport.strip():
            number = re.sub(r"[\s-]+", "", passport).upper()
            if not _DOCUMENT_NUMBER.fullmatch(number):
                raise ApplicantError(
                    f"passport: {passport!r} is not a document number (letters and digits, at most 20)"
                )
        nationality_code = _country("nationality", nationality)
        return cls(
            surname,
            given_names,
            _birth_date(birth_date),
            nationality_code,
            number,
            _sex(sex),
            _country("issuing state", issuing_state) or (nationality_code if number else None),
        )

    @classmethod
    def from_document(cls, document: TravelDocument) -> Applicant:
        return cls(
            document.surname,
            document.given_names,
            document.birth_date,
            document.nationality.country,
            document.document_number,
            document.sex,
            document.issuing_state.country,
        )

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()

    def query(self) -> dict[str, Any]:
        """The screening query: a FollowTheMoney-style Person."""
        properties: dict[str, list[str]] = {"name": [self.full_name]}
        if self.birth_date:
            properties["birthDate"] = [self.birth_date]
        if self.nationality:
            properties["nationality"] = [self.nationality]
        if self.document_number:
            properties["idNumber"] = [self.document_number]
        if self.sex:
            properties["gender"] = [self.sex]
        return {"schema": "Person", "properties": properties}

    def subject(self) -> str:
        """The audit subject: the document number, or a digest of the form when there is none."""
        if self.document_number:
            return f"visa:{self.document_number}"
        digest = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:16]
        return f"visa:applicant-{digest}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _name(field: str, text: str) -> str:
    value = " ".join(text.split())
    if len(value) > MAX_NAME:
        raise ApplicantError(f"{field}: {len(value)} characters; at most {MAX_NAME}")
    if any(char.isdigit() for char in value):
        raise ApplicantError(f"{field}: {text!r} contains digits")
    return value


def _birth_date(text: str | None) -> str | None:
    if not text or not text.strip():
        return None
    value = parse_date(text.strip())
    if value is None or value.end is not None or value.approximate:
        raise ApplicantError(f"birth date: {text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    if value.start > date.today().isoformat()[: len(value.start)]:
        raise ApplicantError(f"birth date: {text!r} is in the future")
    return value.start


def _country(field: str, text: str | None) -> str | None:
    """An ICAO code (D, GBN, XXA), ISO code or country name; ICAO codes that name no nationality give None."""
    if not text or not text.strip():
        return None
    code = icao_code(text.strip().upper())
    if code is not None:
        return code.country
    country = to_country(text)
    if country is None:
        raise ApplicantError(f"{field}: {text!r} is not an ICAO or ISO country code or a country name")
    return country


def _sex(text: str | None) -> str | None:
    key = (text or "").strip().lower()
    if key not in _SEX:
        raise ApplicantError(f"sex: {text!r} is not M, F or X")
    return _SEX[key]
