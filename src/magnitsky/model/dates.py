"""Partial and approximate dates as lists write them.

A birth date on a list may be exact ("12 Mar 1967"), partial ("1967", "Mar 1967"), approximate
("circa 1967") or a range ("1965 to 1967"). We keep each as an ISO-8601 prefix (``1967``,
``1967-03``, ``1967-03-12``) with an optional inclusive end for ranges, so that matching can compare
at whatever precision both sides have.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")
_DMY_NUM = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_MDY_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_MONTH_FIRST = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(.+?)\s*(?:to|-|–|/|until)\s*(.+)$", re.IGNORECASE)
_QUALIFIERS = re.compile(r"^(?:circa|ca\.?|c\.|approximately|approx\.?|about|born)[\s-]+", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class DateValue:
    """An ISO date prefix, optionally the start of an inclusive range ending at ``end``."""

    start: str
    end: str | None = None
    approximate: bool = False

    def __str__(self) -> str:
        return self.text

    @cached_property
    def text(self) -> str:
        """``1967``, ``1965/1967``, ``~1967`` (cached: a listed date is worded in the explanation
        of every customer it is compared with)."""
        text = self.start if self.end is None else f"{self.start}/{self.end}"
        return f"~{text}" if self.approximate else text

    @classmethod
    def from_str(cls, text: str) -> DateValue:
        """Inverse of ``str()``: ``1967``, ``1965/1967``, ``~1967``."""
        approximate = text.startswith("~")
        text = text.lstrip("~")
        start, _, end = text.partition("/")
        return cls(start, end or None, approximate)

    @cached_property
    def year(self) -> int:
        """The first calendar year this value covers (cached, like ``last_year``: screening
        compares a listed date with every customer's)."""
        return int(self.start[:4])

    @cached_property
    def last_year(self) -> int:
        """The last calendar year this value covers (its ``year`` unless it is a range)."""
        return int(self.end[:4]) if self.end else self.year

    def years(self) -> range:
        """The calendar years this value covers."""
        return range(self.year, self.last_year + 1)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:  # 30 February is no one's birthday
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _single(text: str, month_first: bool) -> str | None:
    text = text.strip().strip(".,;")
    if m := _ISO.match(text):
        y, mo, d = m.groups()
        return _iso(int(y), int(mo) if mo else None, int(d) if d else None)
    if m := _YEAR.match(text):
        return _iso(int(m.group(1)))
    if m := _WORDS.match(text):
        day, month, year = m.groups()
        mo = _MONTHS.get(month.lower())
        return _iso(int(year), mo, int(day) if day else None) if mo else None
    if m := _MONTH_FIRST.match(text):
        month, day, year = m.groups()
        mo = _MONTHS.get(month.lower())
        return _iso(int(year), mo, int(day)) if mo else None
    if month_first and (m := _MDY_SLASH.match(text)):
        mo, day, year = m.groups()
        return _iso(int(year), int(mo), int(day))
    if m := _DMY_NUM.match(text):
        day, mo, year = m.groups()
        return _iso(int(year), int(mo), int(day))
    return None


@lru_cache(maxsize=65536)
def parse_date(text: str | None, month_first: bool = False) -> DateValue | None:
    """Read a list's date text; None when it is not a date we can trust.

    ``month_first`` reads ``04/22/2020`` as US order (OFAC); otherwise numeric dates are day first.
    Remembered (values are immutable): a customer file's birth dates repeat, a day in some
    30,000, and each is read by a chain of patterns.
    """
    if not text:
        return None
    text = text.strip()
    approximate = bool(_QUALIFIERS.match(text))
    text = _QUALIFIERS.sub("", text)
    if single := _single(text, month_first):
        return DateValue(single, None, approximate)
    if m := _RANGE.match(text):
        start, end = _single(m.group(1), month_first), _single(m.group(2), month_first)
        if start and end and start <= end:
            return DateValue(start, end, approximate)
    return None
