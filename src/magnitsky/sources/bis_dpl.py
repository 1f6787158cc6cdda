"""The US Commerce Department's Denied Persons List (BIS ``dpl.txt``): persons and companies whose
export privileges the Bureau of Industry and Security has denied by order.

The file is tab-separated with every cell quoted, one row per *address* of a denial: a denial
with three addresses is three rows repeating the name, the dates and the order's Federal Register
citations (which may differ row to row as notices were added). A row has no key of its own, so a
denial is its ``Name`` and ``Effective_Date`` together: its rows become one entity carrying every
address, every citation and every action note, and its source id is the name with the date
(``ABDULAH AL NASSER (2002-03-04)``). The same name under another effective date is another
denial. All rows are read before anything is yielded, so a file cut off part way loads nothing.

The list does not say whether a party is a person or a company. A name is an organisation when it
mentions a legal form (``INC``, ``LTD``, ``CO``, ``GMBH``, ``S.A.``: the model's legal-form table),
ends in a web domain (``SYNAPTIX.NET``) or has a word only businesses are named with (``AIRLINES``,
``AVIATION``, ``TRADING``, ``TECHNOLOGY``, ``SYSTEMS``, ``GROUP``, ``INTERNATIONAL`` ...; see
``_ORGANISATION_WORDS``); every other name is a person's. ``A/K/A`` and ``D/B/A`` in a name
separate aliases from it (``FUYI SUN A/K/A FRANK SUN``, ``PEARL (A.K.A. NEI-CHIEN CHU) LI``).

Countries: the ``Country`` cell when it is a country code; when it is blank, the US only if
``State`` is a US state (``CY`` there is Cyprus's code written in the wrong column, and is left as
written in the address rather than guessed); a US state written in ``Country`` with ``State``
blank (``ANTHONY``, ``NM``, ``88021``) is a US address. The cells always stay in the address text.

Dates: ``Effective_Date`` is the listing's start (``listed_on``). The list has an end date the
model has no field for: ``Expiration_Date`` is kept as ``extra`` ``("expiration_date", ...)`` and
as a remark. A denial whose end date has passed is still loaded as the file lists it (BIS removes
a party from the file when it is no longer denied, and nothing listed is silently dropped); the
reviewer sees the end date with the hit. ``Last_Update`` is ``updated_on``; the file has typed
years like ``0222`` and ``3017`` there, which are kept in ``extra`` as written instead.

Every entity is on the program ``DPL``; the measure (export privileges denied, not a freeze) comes
from the measures table's ``us_bis_dpl`` entry, like OFAC's. ``FR_Citation`` is the legal basis,
``Action`` a remark, and a ``Standard_Order`` other than ``Y`` (the order's terms are not BIS's
standard ones) is kept in ``extra``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from magnitsky.model import Address, Entity, Name, NameKind, to_country
from magnitsky.model.legal_forms import mentions_legal_form
from magnitsky.sources.base import ParseError, Parser
from magnitsky.sources.common import build_entity, make_name, unique
from magnitsky.sources.csv_cells import CsvFile

COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
PROGRAM = "DPL"
_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP".split()
)
# Words a business is named with and a person is not, as the list writes them.
_ORGANISATION_WORDS = frozenset(
    "AIR AIRLINES AIRWAYS AVIASTAR AVIATION COMPUTERS ENGINEERING ENTERPRISE ENTERPRISES GROUP INTERNATIONAL "
    "INVEST METALS PRODUCTS RESULTS SOLUTIONS SYSTEMS TECHNIK TECHNOLOGY TRADE TRADING VERTRIEBS".split()
)
_WEB_NAME = re.compile(r"\w\.(?:NET|COM|ORG)$|\wWEB$")
_WORDS = re.compile(r"[A-Z]+")
_ALIAS_SEPARATOR = re.compile(r"\s+(?:A/K/A|D/B/A|A\.K\.A\.|D\.B\.A\.)\s+")
_BRACKETED_ALIAS = re.compile(r"\s*\((?:A/K/A|D/B/A|A\.K\.A\.|D\.B\.A\.)\s+([^)]+)\)\s*")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class _Denial:
    """The rows of one denial: where it starts in the file and what its rows say."""

    line: int
    name: str
    effective: str
    rows: list[dict[str, str]] = field(default_factory=list)


class BisDplParser(Parser):
    format = "bis_dpl"
    source = "us_bis_dpl"
    description = "US BIS Denied Persons List (dpl.txt, tab-separated): one entity per denial, all its addresses"

    def sniff(self, path: Path, head: str) -> bool:
        """The first line is the DPL's header row of twelve tab-separated column names."""
        first = head.splitlines()[0] if head.strip() else ""
        return tuple(cell.strip() for cell in next(csv.reader([first], delimiter="\t"), [])) == COLUMNS

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        for denial in _denials(path).values():
            yield _entity(path, source, denial)


def _denials(path: Path) -> dict[tuple[str, str], _Denial]:
    """Every row by its denial (name and effective date), denials in order of first appearance."""
    table = CsvFile(path, delimiter="\t")
    header = tuple(cell.strip() for cell in table.header() or [])
    if header != COLUMNS:
        expected = ", ".join(COLUMNS)
        raise ParseError(path, f"not a BIS Denied Persons List header; expected the columns {expected}", line=1)
    denials: dict[tuple[str, str], _Denial] = {}
    for line, cells in table.rows():
        if len(cells) != len(COLUMNS):
            raise ParseError(path, f"{len(cells)} cells but the header has {len(COLUMNS)} columns", line=line)
        row = {column: " ".join(cell.split()) for column, cell in zip(COLUMNS, cells)}
        if not row["Name"]:
            raise ParseError(path, "the Name cell is empty", line=line, where="column Name")
        effective = _day(path, line, row, "Effective_Date")
        if effective is None:
            raise ParseError(path, "the Effective_Date cell is empty", line=line, where="column Effective_Date")
        row["Expiration_Date"] = _day(path, line, row, "Expiration_Date") or ""
        key = (row["Name"], effective)
        denials.setdefault(key, _Denial(line, row["Name"], effective)).rows.append(row)
    return denials


def _day(path: Path, line: int, row: dict[str, str], column: str) -> str | None:
    """The ISO date of a ``MM/DD/YYYY`` cell, None when blank; anything else is a located error."""
    if not row[column]:
        return None
    try:
        return datetime.strptime(row[column], "%m/%d/%Y").date().isoformat()
    except ValueError:
        raise ParseError(
            path, f"{row[column]!r} is not a date written MM/DD/YYYY", line=line, where=f"column {column}"
        ) from None


def _entity(path: Path, source: str, denial: _Denial) -> Entity:
    rows = denial.rows
    expires = max(row["Expiration_Date"] for row in rows)
    updates = unique(row["Last_Update"] for row in rows)
    plausible = [day for day in updates if _plausible_update(day, denial.effective)]
    addresses = unique(_address(row) for row in rows)
    orders = unique(row["Standard_Order"].upper() for row in rows)
    return build_entity(
        path,
        denial.line,
        f"Name {denial.name!r}",
        source=source,
        source_id=f"{denial.name} ({denial.effective})",
        schema="Organization" if is_organisation(denial.name) else "Person",
        names=_names(denial.name),
        countries=unique(a.country for a in addresses),
        addresses=addresses,
        programs=(PROGRAM,),
        legal_basis=unique(row["FR_Citation"] for row in rows),
        listed_on=denial.effective,
        updated_on=max(plausible, default=None),
        remarks=unique([*(row["Action"] for row in rows), f"denial ends {expires}" if expires else None]),
        extra=(
            *([("expiration_date", expires)] if expires else []),
            *(("standard_order", order) for order in orders if order != "Y"),
            *(("last_update", day) for day in updates if day not in plausible),
        ),
    )


def is_organisation(name: str) -> bool:
    """Whether a DPL name is a company's or other body's rather than a person's (the rule in the
    module docstring)."""
    upper = name.upper()
    return (
        mentions_legal_form(name)
        or bool(_WEB_NAME.search(upper))
        or any(word in _ORGANISATION_WORDS for word in _WORDS.findall(upper))
    )


def _names(written: str) -> tuple[Name, ...]:
    """The name as its primary name without the aliases written into it, then those aliases."""
    aliases = _BRACKETED_ALIAS.findall(written)
    primary, *more = _ALIAS_SEPARATOR.split(_BRACKETED_ALIAS.sub(" ", written).strip())
    return unique(
        [make_name(primary, NameKind.PRIMARY), *(make_name(alias, NameKind.ALIAS) for alias in [*aliases, *more])]
    )


def _address(row: dict[str, str]) -> Address | None:
    """A row's address as written (street, city, state and postal code, country) and its country."""
    region = " ".join(part for part in (row["State"], row["Postal_Code"]) if part)
    full = ", ".join(part for part in (row["Street_Address"], row["City"], region, row["Country"]) if part)
    return Address(full, row["City"] or None, _country(row["State"], row["Country"])) if full else None


def _country(state: str, country: str) -> str | None:
    if country:
        code = to_country(country)
        return code or ("us" if country in _US_STATES and not state else None)
    return "us" if state in _US_STATES else None


def _plausible_update(day: str, effective: str) -> bool:
    """``Last_Update`` as a real date no earlier than the denial and before 2100 (the file has
    mistyped years like ``0222-05-18`` and ``3017-08-22``)."""
    if not _ISO_DAY.match(day):
        return False
    try:
        return effective <= date.fromisoformat(day).isoformat() < "2100"
    except ValueError:
        return False
