"""The machine-readable zone of ICAO 9303 travel documents: TD3, TD2 and TD1.

A TD3 passport has 2 lines of 44 characters, a TD2 card 2 lines of 36, a TD1 card 3 lines of 30
(Doc 9303 Parts 4, 6 and 5). Every check digit is validated: the document number, birth date,
expiry date, optional data (TD3) and the composite one over all of these. A wrong digit, a
lowercase letter or a line of the wrong length is an :class:`MrzError` naming the field, the line
and the position; the parser never guesses a corrected value, because a border decision must rest
on what the document says.

Dates: the MRZ writes YYMMDD. A birth date is in this century unless that would put it after
today (then the previous one); an expiry date is always 20YY. Unknown birth day or month is
written with fillers (``67<<<<``) and read as the known prefix (``1967``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from magnitsky.errors import InputError
from magnitsky.screening.visa.codes import IcaoCode, icao_code

FILLER = "<"
MAX_INPUT = 1000  # an MRZ is at most 90 characters; more is not an MRZ
_WEIGHTS = (7, 3, 1)
_ALLOWED = re.compile(r"[A-Z0-9<]")
_SEX = {"M": "male", "F": "female", "X": None, FILLER: None}


class MrzError(InputError):
    """The MRZ is malformed or a check digit is wrong; says which field, line and position."""

    def __init__(self, message: str, field: str | None = None, line: int | None = None, position: int | None = None):
        self.field, self.line, self.position = field, line, position
        where = ", ".join(
            p for p in (field, f"line {line}" if line else "", f"position {position}" if position else "") if p
        )
        super().__init__(f"MRZ {where}: {message}" if where else f"MRZ: {message}")


def check_digit(value: str) -> str:
    """The ICAO 9303 check digit: digits as themselves, A-Z as 10-35, filler as 0, weights 7-3-1, mod 10."""
    total = 0
    for i, char in enumerate(value):
        if char.isdigit():
            number = int(char)
        elif "A" <= char <= "Z":
            number = ord(char) - 55
        elif char == FILLER:
            number = 0
        else:
            raise ValueError(f"{char!r} has no check digit value")
        total += number * _WEIGHTS[i % 3]
    return str(total % 10)


@dataclass(frozen=True)
class Span:
    """Positions ``start``..``end`` (1-based, inclusive) of one line, as Doc 9303 numbers them."""

    line: int
    start: int
    end: int

    def read(self, lines: list[str]) -> str:
        return lines[self.line - 1][self.start - 1 : self.end]


@dataclass(frozen=True)
class Layout:
    name: str
    lines: int
    width: int
    document_codes: str  # allowed first characters
    issuing_state: Span
    primary_name: Span
    document_number: Span
    document_number_check: Span
    overflow: Span  # where a document number longer than 9 continues (TD1, TD2)
    nationality: Span
    birth_date: Span
    birth_date_check: Span
    sex: Span
    expiry_date: Span
    expiry_date_check: Span
    optional: tuple[Span, ...]
    optional_check: Span | None  # TD3 only: the personal number's check digit
    composite_check: Span
    composite_over: tuple[Span, ...]


def _pos(line: int, position: int) -> Span:
    return Span(line, position, position)


TD3 = Layout(
    "TD3",
    2,
    44,
    "P",
    Span(1, 3, 5),
    Span(1, 6, 44),
    Span(2, 1, 9),
    _pos(2, 10),
    Span(2, 29, 42),
    Span(2, 11, 13),
    Span(2, 14, 19),
    _pos(2, 20),
    _pos(2, 21),
    Span(2, 22, 27),
    _pos(2, 28),
    (Span(2, 29, 42),),
    _pos(2, 43),
    _pos(2, 44),
    (Span(2, 1, 10), Span(2, 14, 20), Span(2, 22, 43)),
)
TD2 = Layout(
    "TD2",
    2,
    36,
    "ACI",
    Span(1, 3, 5),
    Span(1, 6, 36),
    Span(2, 1, 9),
    _pos(2, 10),
    Span(2, 29, 35),
    Span(2, 11, 13),
    Span(2, 14, 19),
    _pos(2, 20),
    _pos(2, 21),
    Span(2, 22, 27),
    _pos(2, 28),
    (Span(2, 29, 35),),
    None,
    _pos(2, 36),
    (Span(2, 1, 10), Span(2, 14, 20), Span(2, 22, 35)),
)
TD1 = Layout(
    "TD1",
    3,
    30,
    "ACI",
    Span(1, 3, 5),
    Span(3, 1, 30),
    Span(1, 6, 14),
    _pos(1, 15),
    Span(1, 16, 30),
    Span(2, 16, 18),
    Span(2, 1, 6),
    _pos(2, 7),
    _pos(2, 8),
    Span(2, 9, 14),
    _pos(2, 15),
    (Span(1, 16, 30), Span(2, 19, 29)),
    None,
    _pos(2, 30),
    (Span(1, 6, 30), Span(2, 1, 7), Span(2, 9, 15), Span(2, 19, 29)),
)
_SHAPES = {(TD3.lines, TD3.width): TD3, (TD2.lines, TD2.width): TD2, (TD1.lines, TD1.width): TD1}


@dataclass(frozen=True)
class TravelDocument:
    """What the MRZ of one travel document says, every check digit verified."""

    format: str  # TD1, TD2 or TD3
    document_code: str  # "P", "PD", "ID", "AC", ... (fillers removed)
    issuing_state: IcaoCode
    surname: str
    given_names: str
    name_truncated: bool  # the name filled its field: the last part may be cut short
    document_number: str
    nationality: IcaoCode
    birth_date: str | None  # ISO prefix: "1974-08-12", or "1967" when day and month are unknown
    sex: str | None  # "male", "female", or None for unspecified
    expiry_date: date | None
    optional_data: str
    lines: tuple[str, ...]

    def expired(self, today: date | None = None) -> bool:
        return self.expiry_date is not None and self.expiry_date < (today or date.today())

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "document_code": self.document_code,
            "issuing_state": self.issuing_state.code,
            "issuing_country": self.issuing_state.country,
            "surname": self.surname,
            "given_names": self.given_names,
            "name_truncated": self.name_truncated,
            "document_number": self.document_number,
            "nationality": self.nationality.code,
            "nationality_country": self.nationality.country,
            "nationality_meaning": self.nationality.meaning,
            "birth_date": self.birth_date,
            "sex": self.sex,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "optional_data": self.optional_data,
            "mrz": list(self.lines),
        }


def parse_mrz(text: str, today: date | None = None) -> TravelDocument:
    """Parse and verify the MRZ in ``text`` (lines separated by newlines; blank lines ignored)."""
    if len(text) > MAX_INPUT:
        raise MrzError(f"{len(text)} characters of input; an MRZ has at most 90")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        _check_characters(line, number)
    layout = _layout(lines)
    return _Reader(layout, lines, today or date.today()).document()


def _check_characters(line: str, number: int) -> None:
    for position, char in enumerate(line, start=1):
        if _ALLOWED.fullmatch(char):
            continue
        if char.isalpha() and char.upper() != char and _ALLOWED.fullmatch(char.upper()):
            raise MrzError(
                f"lowercase {char!r}; an MRZ is written in capitals A-Z, digits and '<'", line=number, position=position
            )
        raise MrzError(
            f"illegal character {char!r} (U+{ord(char):04X}); only A-Z, 0-9 and '<' are allowed",
            line=number,
            position=position,
        )


def _layout(lines: list[str]) -> Layout:
    widths = [len(line) for line in lines]
    layout = _SHAPES.get((len(lines), widths[0] if widths else 0))
    expected = "2 lines of 44 characters (TD3), 2 lines of 36 (TD2) or 3 lines of 30 (TD1)"
    if not lines:
        raise MrzError(f"no MRZ lines found; expected {expected}")
    if layout is None:
        shape = ", ".join(str(w) for w in widths[:5])
        raise MrzError(f"{len(lines)} line(s) of {shape} characters; expected {expected}")
    for number, width in enumerate(widths, start=1):
        if width != layout.width:
            raise MrzError(
                f"{width} characters where a {layout.name} line has {layout.width} (line 1 is {layout.name})",
                line=number,
            )
    return layout


class _Reader:
    """Reads one MRZ by its layout, failing at the first field that is wrong."""

    def __init__(self, layout: Layout, lines: list[str], today: date):
        self.layout, self.lines, self.today = layout, lines, today

    def document(self) -> TravelDocument:
        layout = self.layout
        code = self._document_code()
        issuing_state = self._code("issuing state", layout.issuing_state)
        surname, given_names, truncated = self._name()
        number, overflow = self._document_number()
        nationality = self._code("nationality", layout.nationality)
        birth_date = self._birth_date()
        sex = self._sex()
        expiry = self._expiry_date()
        optional = self._optional(overflow)
        self._verify("composite", layout.composite_over, layout.composite_check)
        return TravelDocument(
            layout.name,
            code,
            issuing_state,
            surname,
            given_names,
            truncated,
            number,
            nationality,
            birth_date,
            sex,
            expiry,
            optional,
            tuple(self.lines),
        )

    def _error(self, field: str, span: Span, message: str, offset: int = 0) -> MrzError:
        return MrzError(message, field=field, line=span.line, position=span.start + offset)

    def _document_code(self) -> str:
        code = self.lines[0][:2]
        span = Span(1, 1, 2)
        if code[0] == "V":
            raise self._error("document code", span, "this is a visa (MRV) MRZ; scan the holder's passport or ID card")
        if code[0] not in self.layout.document_codes:
            allowed = " or ".join(self.layout.document_codes)
            raise self._error(
                "document code", span, f"{code!r} is not a {self.layout.name} document code (starts with {allowed})"
            )
        if not (code[1].isalpha() or code[1] == FILLER):
            raise self._error("document code", span, f"{code!r}: the second character must be a letter or '<'", 1)
        return code.rstrip(FILLER)

    def _code(self, field: str, span: Span) -> IcaoCode:
        text = span.read(self.lines)
        value = icao_code(text)
        if value is None:
            raise self._error(field, span, f"{text!r} is not an ICAO 9303 state or organisation code")
        return value

    def _name(self) -> tuple[str, str, bool]:
        span = self.layout.primary_name
        field = span.read(self.lines)
        for offset, char in enumerate(field):
            if char.isdigit():
                raise self._error(
                    "name", span, f"digit {char!r} in the name field (an OCR error for a letter?)", offset
                )
        if field.startswith(FILLER):
            raise self._error("name", span, "the name field starts with a filler; the primary identifier is missing")
        surname, _, given = field.rstrip(FILLER).partition(FILLER * 2)
        return _words(surname), _words(given), not field.endswith(FILLER)

    def _document_number(self) -> tuple[str, str | None]:
        """The verified number, and for a number over 9 characters (TD1, TD2: its tail and check digit
        continue in the optional data, ended by a filler) what is left of that optional field."""
        layout = self.layout
        number = layout.document_number.read(self.lines)
        check = layout.document_number_check.read(self.lines)
        if check == FILLER and layout.name != "TD3" and FILLER not in number:
            overflow = layout.overflow.read(self.lines)
            tail = overflow.split(FILLER, 1)[0]
            if len(tail) < 2:
                raise self._error(
                    "document number",
                    layout.document_number_check,
                    "check digit is '<' but no continuation of a long document number follows",
                )
            at = layout.overflow.start + len(tail) - 1
            self._compare("document number", number + tail[:-1], tail[-1], Span(layout.overflow.line, at, at))
            return number + tail[:-1], overflow[len(tail) :]
        if not number.rstrip(FILLER) or FILLER in number.rstrip(FILLER):
            raise self._error("document number", layout.document_number, f"{number!r} is not a document number")
        self._compare("document number", number, check, layout.document_number_check)
        return number.rstrip(FILLER), None

    def _date_text(self, field: str, span: Span, check: Span) -> str | None:
        """The YYMMDD text after its check digit is verified; None when the date is all fillers (unknown)."""
        self._verify(field, (span,), check)
        text = span.read(self.lines)
        return None if text == FILLER * 6 else text

    def _birth_date(self) -> str | None:
        layout = self.layout
        text = self._date_text("birth date", layout.birth_date, layout.birth_date_check)
        if text is None:
            return None
        match = re.fullmatch(r"(\d\d)(\d\d|<<)(\d\d|<<)", text)
        if match is None or (match[2] == "<<" and match[3] != "<<"):
            raise self._error("birth date", layout.birth_date, f"{text!r} is not YYMMDD (unknown parts as '<<')")
        yy = int(match[1])
        year = (
            2000 + yy
            if (2000 + yy, *_known(match)) <= (self.today.year, self.today.month, self.today.day)
            else 1900 + yy
        )
        if match[2] == "<<":
            return f"{year:04d}"
        month = int(match[2])
        if not 1 <= month <= 12:
            raise self._error("birth date", layout.birth_date, f"month {match[2]} in {text!r} does not exist", 2)
        if match[3] == "<<":
            return f"{year:04d}-{month:02d}"
        return self._calendar_date("birth date", layout.birth_date, year, month, int(match[3])).isoformat()

    def _expiry_date(self) -> date | None:
        layout = self.layout
        text = self._date_text("expiry date", layout.expiry_date, layout.expiry_date_check)
        if text is None:
            return None
        if not text.isdigit():
            raise self._error("expiry date", layout.expiry_date, f"{text!r} is not YYMMDD")
        return self._calendar_date(
            "expiry date", layout.expiry_date, 2000 + int(text[:2]), int(text[2:4]), int(text[4:])
        )

    def _calendar_date(self, field: str, span: Span, year: int, month: int, day: int) -> date:
        try:
            return date(year, month, day)
        except ValueError:
            raise self._error(field, span, f"{span.read(self.lines)!r} is not a calendar date") from None

    def _sex(self) -> str | None:
        text = self.layout.sex.read(self.lines)
        if text not in _SEX:
            raise self._error("sex", self.layout.sex, f"{text!r} is not M, F, X or '<'")
        return _SEX[text]

    def _optional(self, overflow_rest: str | None) -> str:
        layout = self.layout
        if layout.optional_check is not None:
            data = layout.optional[0].read(self.lines)
            check = layout.optional_check.read(self.lines)
            if not (check == FILLER and data == FILLER * len(data)):  # an unused field may have '<' as its check
                self._compare("optional data", data, check, layout.optional_check)
            return data.strip(FILLER)
        parts = [span.read(self.lines) for span in layout.optional]
        if overflow_rest is not None:  # the first optional field began with the document number's tail
            parts[0] = overflow_rest
        return " ".join(p.strip(FILLER) for p in parts if p.strip(FILLER))

    def _verify(self, field: str, spans: tuple[Span, ...], check: Span) -> None:
        self._compare(field, "".join(span.read(self.lines) for span in spans), check.read(self.lines), check)

    def _compare(self, field: str, value: str, digit: str, at: Span) -> None:
        if not digit.isdigit():
            raise self._error(f"{field} check digit", at, f"{digit!r} is not a digit")
        expected = check_digit(value)
        if digit != expected:
            raise self._error(f"{field} check digit", at, f"is {digit} but {value!r} gives {expected}")


def _known(match: re.Match) -> tuple[int, ...]:
    """Month and day as far as known, for comparing a birth date with today."""
    return tuple(int(g) if g != "<<" else 0 for g in (match[2], match[3]))


def _words(text: str) -> str:
    return " ".join(part for part in text.split(FILLER) if part)


def compose_td3(
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: str,
    sex: str,
    expiry_date: str,
    issuing_state: str | None = None,
    personal_number: str = "",
    document_code: str = "P",
) -> str:
    """Write a TD3 MRZ with its check digits, for test documents and issuers' test tools.

    Names must already be in ICAO 9303 Part 3 transliteration (A-Z); dates are YYMMDD.
    """

    def icao(text: str) -> str:
        return re.sub(r"[^A-Z0-9]+", FILLER, text.upper()).strip(FILLER)

    def field(text: str, width: int) -> str:
        return text[:width].ljust(width, FILLER)

    line1 = field(document_code, 2) + field(issuing_state or nationality, 3)
    line1 += field(icao(surname) + FILLER * 2 + icao(given_names), 39)
    number = field(icao(document_number), 9)
    personal = field(icao(personal_number), 14)
    personal_check = check_digit(personal) if personal_number else FILLER
    head = number + check_digit(number) + field(nationality, 3) + birth_date + check_digit(birth_date) + sex
    tail = expiry_date + check_digit(expiry_date) + personal + personal_check
    composite = check_digit(head[:10] + head[13:20] + tail)
    return f"{line1}\n{head}{tail}{composite}"
