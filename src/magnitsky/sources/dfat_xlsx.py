"""Australia's DFAT Consolidated List (``regulation8_consolidated.xlsx``): every person and entity
under Australian sanctions law, UN-derived and autonomous, in one workbook.

The sheet has one row per *name*. A listing's primary name has a numeric ``Reference`` (``3``); its
other names carry the same number with a suffix (``3a`` for an alias, ``3b`` for its original
script, ``34c1`` for a spelling of alias ``34c``), so the reference's leading digits are the listing.
Every row repeats the listing's facts (birth date, citizenship, committee ...), so a listing's
values are collected from all its rows. Rows are grouped before anything is yielded: they are
ordered by reference in published files, but a group split across the sheet must still be one
entity.

The cells are free text written by hand over two decades, hence the readers below: several values
are enumerated ``a) x b) y`` or separated by ``;``; birth dates are written seven ways (``24 Dec.
1965``, ``Approximately 1963``, ``Between 1975 and 1979``, ``a) 1982 b) 1978``, ``1965 or 1966``); ``NA`` stands for
nothing (and must not become Namibia); types and name types vary in case and trailing spaces. A
birth date or citizenship no reader understands is kept in ``extra`` as the list wrote it.

Committees (``Autonomous (Russia)``, ``1267/1989/2253 (ISIL (Da'esh) and Al-Qaida)``) are the
programs. The list does not say which measures apply to whom; every listing is a designation, so
the measure is ``asset_freeze``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from magnitsky.model import Address, DateValue, Entity, Name, NameKind, parse_date, to_country
from magnitsky.sources.base import ListMeta, ParseError, Parser
from magnitsky.sources.common import best_names, iso_date, make_name, unique
from magnitsky.sources.xlsx import first_rows, is_workbook, sheet_rows

Record = dict[str, str]

_REFERENCE, _NAME, _TYPE, _NAME_TYPE = "Reference", "Name of Individual or Entity", "Type", "Name Type"
_DOB, _POB, _CITIZENSHIP, _ADDRESS = "Date of Birth", "Place of Birth", "Citizenship", "Address"
_INFO, _LISTING, _COMMITTEES, _CONTROL = "Additional Information", "Listing Information", "Committees", "Control Date"
_REQUIRED = (_REFERENCE, _NAME, _TYPE, _NAME_TYPE, _COMMITTEES)

_SCHEMA_BY_TYPE = {"individual": "Person", "entity": "Organization", "vessel": "Vessel"}
# (words in the lower-cased Name Type, kind); first match wins.
_NAME_KINDS = (
    ("primary", NameKind.PRIMARY),
    ("original", NameKind.ORIGINAL),
    ("formerly", NameKind.FORMER),
    ("previously", NameKind.FORMER),
    ("fka", NameKind.FORMER),
    ("low quality", NameKind.WEAK),
    ("aka", NameKind.ALIAS),
    ("also known", NameKind.ALIAS),
)
_LISTING_REFERENCE = re.compile(r"^(\d+)[a-z]*\d*$", re.IGNORECASE)
_NOTHING = {"", "na", "n/a", "nil", "none", "-", "unknown", "not known"}
# "a) x b) y" enumerations; the letter must open the cell or follow a space, so "(Da'esh)" is no marker.
_ENUMERATED = re.compile(r"(?:^|\s)[a-z]\)\s*")
_DATE_SEPARATORS = re.compile(r";|>>|\bor\b|\balt(?:ernative)? DOB:?", re.IGNORECASE)
_BETWEEN = re.compile(r"^between\s+(.+?)\s+(?:and|to)\s+(.+)$", re.IGNORECASE)
_LISTED_ON = re.compile(r"\b(?:listed|designated)\b[^.;]*?\bon:?\s+(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4})", re.IGNORECASE)
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>(\d{4}-\d{2}-\d{2})")


def is_header(cells: Iterable[str]) -> bool:
    """The DFAT header row: it opens with ``Reference`` and names the listing's name column."""
    cells = [cell.strip() for cell in cells]
    return bool(cells) and cells[0] == _REFERENCE and _NAME in cells and _COMMITTEES in cells


class DfatXlsxParser(Parser):
    format = "dfat_xlsx"
    source = "au_dfat"
    description = "Australia DFAT consolidated list (regulation8_consolidated.xlsx)"

    def sniff(self, path: Path, head: str) -> bool:
        rows = first_rows(path) if is_workbook(head) else ()
        return bool(rows) and is_header(rows[0])

    def meta(self, path: Path) -> ListMeta:
        """DFAT states no publication date inside the sheet; the workbook's own "modified" stamp is
        the day it was last written, which is the latest ``Control Date`` in published files."""
        return ListMeta(self.source, self.format, _modified(path), (path,))

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        for reference, rows in _listings(path).items():
            yield _entity(path, source, reference, rows)


def _modified(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    match = _MODIFIED.search(core)
    return match.group(1).decode() if match else None


# -- reading -----------------------------------------------------------------------------------


def _listings(path: Path) -> dict[str, list[tuple[int, Record]]]:
    """Every name row by its listing's reference number, listings in order of first appearance."""
    rows = sheet_rows(path)
    number, first = next(rows, (1, []))
    header = [cell.strip() for cell in first]
    if missing := [column for column in _REQUIRED if column not in header]:
        raise ParseError(
            path, f"not a DFAT consolidated list header; missing columns: {', '.join(missing)}", where=f"row {number}"
        )
    listings: dict[str, list[tuple[int, Record]]] = {}
    for number, row in rows:
        record = {column: " ".join(cell.split()) for column, cell in zip(header, row) if column}
        if not any(record.values()):
            continue
        match = _LISTING_REFERENCE.match(record.get(_REFERENCE, ""))
        if match is None:
            raise ParseError(
                path, f"Reference {record.get(_REFERENCE)!r} is not a listing number", where=f"row {number}"
            )
        listings.setdefault(match.group(1), []).append((number, record))
    return listings


# -- one listing -------------------------------------------------------------------------------


def _entity(path: Path, source: str, reference: str, rows: list[tuple[int, Record]]) -> Entity:
    records = [record for _, record in rows]
    primary = next((r for r in records if _name_kind(r) is NameKind.PRIMARY), records[0])
    where = f"row {rows[0][0]}, Reference {reference}"
    schema = _SCHEMA_BY_TYPE.get(primary.get(_TYPE, "").lower())
    if schema is None:
        raise ParseError(path, f"unknown Type {primary.get(_TYPE)!r}", where=where)
    birth_dates = _collect(records, lambda r: _parts(r.get(_DOB), _DATE_SEPARATORS))
    citizenships = _collect(records, lambda r: _parts(r.get(_CITIZENSHIP), re.compile(r";|,|\band\b")))
    names = best_names(_name(path, number, record) for number, record in rows)
    addresses = _collect(records, lambda r: map(_address, _parts(r.get(_ADDRESS), re.compile(";"))))
    try:
        return Entity(
            source=source,
            source_id=reference,
            schema=schema,
            names=names,
            birth_dates=unique(map(_birth_date, birth_dates)),
            birth_places=_collect(records, lambda r: _parts(r.get(_POB))),
            nationalities=unique(map(to_country, citizenships)),
            countries=unique(a.country for a in addresses),
            addresses=addresses,
            measures=("asset_freeze",),
            programs=_collect(records, lambda r: [r.get(_COMMITTEES)]),
            legal_basis=_collect(records, lambda r: [r.get(_LISTING)]),
            listed_on=min(_collect(records, _listed_on), default=None),
            updated_on=max(_collect(records, lambda r: [iso_date(r.get(_CONTROL))]), default=None),
            remarks=_collect(records, lambda r: [_meaningful(r.get(_INFO))]),
            extra=(
                *(("birth_date", text) for text in birth_dates if _birth_date(text) is None),
                *(("citizenship", text) for text in citizenships if to_country(text) is None),
            ),
        )
    except ValueError as exc:  # e.g. a listing whose rows carry no name at all
        raise ParseError(path, str(exc), where=where) from None


def _collect(records: list[Record], values: Callable[[Record], Iterable]) -> tuple:
    """Every distinct value ``values`` finds in any row of the listing, in sheet order."""
    return unique(value for record in records for value in values(record))


def _meaningful(text: str | None) -> str | None:
    return None if (text or "").strip(" .").lower() in _NOTHING else text


def _parts(text: str | None, separators: re.Pattern[str] | None = None) -> list[str]:
    """A cell's values: ``a) x b) y`` enumerations, then ``separators`` within each; ``NA`` is none."""
    pieces = _ENUMERATED.split(text or "")
    if separators is not None:
        pieces = [part for piece in pieces for part in separators.split(piece)]
    return [part for piece in pieces if (part := piece.strip(" ,;.")) and _meaningful(part)]


def _name_kind(record: Record) -> NameKind | None:
    label = record.get(_NAME_TYPE, "").lower()
    return next((kind for words, kind in _NAME_KINDS if words in label), None)


def _name(path: Path, number: int, record: Record) -> Name | None:
    kind = _name_kind(record)
    if kind is None:
        raise ParseError(path, f"unknown Name Type {record.get(_NAME_TYPE)!r}", where=f"row {number}")
    return make_name(record.get(_NAME), kind)


def _birth_date(text: str) -> DateValue | None:
    """One birth date as DFAT writes it; ``Between 1975 and 1979`` is the range 1975/1979."""
    if match := _BETWEEN.match(text):
        text = f"{match.group(1)} to {match.group(2)}"
    return parse_date(text)


def _address(text: str) -> Address:
    """An address with the country its last comma-separated part names, when it names one."""
    return Address(text, None, to_country(text.rsplit(",", 1)[-1]))


def _listed_on(record: Record) -> list[str | None]:
    """The first date the listing text gives as "Listed on ..." or "Designated ... on ..."."""
    match = _LISTED_ON.search(record.get(_LISTING) or "")
    return [iso_date(match.group(1))] if match else []
