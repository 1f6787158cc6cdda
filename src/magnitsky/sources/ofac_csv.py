"""OFAC's legacy CSV files: the SDN list (sdn.csv) and the consolidated non-SDN list (cons_prim.csv).

Each list is a set of header-less CSV files sharing the key ``ent_num``: the primary file (one row
per entry), addresses (add.csv), alternate names (alt.csv) and a comments file holding the overflow
of remarks too long for the primary row (sdn_comments.csv). Users pass the primary file; the
companions are found beside it. Which list a primary file is (SDN or consolidated) is read from its
entries, never from its name (:mod:`magnitsky.sources.ofac_lists`). ``-0-`` (often followed by a
space) means "no value", and the files end with a DOS end-of-file mark (control-Z), the one sign
that a file cut at a line boundary is incomplete: a primary, address or alias file without it is
refused.

Most of the facts live in one free-text cell, Remarks: ``DOB 12 Mar 1967; POB Moscow, Russia;
Passport 123 (Russia); a.k.a. 'X'; Linked To: Y.`` The remark grammar is OFAC's fixed
vocabulary of feature labels, so remarks are read against known labels; anything not understood
is kept verbatim in ``remarks`` rather than guessed at.

Rows are checked strictly (column count, integer key, quoting, truncation, encoding) because a
damaged download must fail loudly: silently dropping entries would make screening miss people.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from magnitsky.model import Address, Entity, Identifier, NameKind, Relation, parse_date, to_country
from magnitsky.sources.base import ListMeta, ParseError, Parser
from magnitsky.sources.common import gender, identifier_type, make_name, unique
from magnitsky.sources.ofac_lists import Tally, marks_non_sdn
from magnitsky.sources.ofac_xml import address_country, schema_for

_NULL = "-0-"
_EOF_MARK = "\x1a"
_PRIMARY_COLUMNS = 12
_ADD_COLUMNS = 6
_ALT_COLUMNS = 5
_COMMENT_COLUMNS = 2

_ALT_KINDS = {"aka": NameKind.ALIAS, "fka": NameKind.FORMER, "nka": NameKind.ALIAS}
_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}

# The first row of a primary file: integer key, quoted name, then a type cell (-0- or quoted).
_FIRST_ROW = re.compile(r'^\d+,"[^"\r\n]+",(?:-0- ?|"[a-z]+"),(?:-0- ?|"[^"\r\n]*"),')

# -- remark vocabulary ---------------------------------------------------------------------------

_ALT = r"(?:alt\.\s+)?"
_ALIAS = re.compile(r"^(?P<kind>[afn])\.k\.a\.,?\s+'(?P<name>.+)'$")
_DOB = re.compile(rf"^{_ALT}DOB:?\s+(?P<value>.+)$", re.IGNORECASE)
_POB = re.compile(rf"^{_ALT}POB:?\s+(?P<value>.+)$", re.IGNORECASE)
_NATIONALITY = re.compile(rf"^{_ALT}(?:nationality|citizen)\s+(?P<value>.+)$")
_GENDER = re.compile(r"^Gender\s+(?P<value>\w+)$")
_LINKED = re.compile(r"^Linked To:\s+(?P<value>.+)$")
_EMAIL = re.compile(rf"^{_ALT}Email(?: Address)?:?\s+(?P<value>\S+)$", re.IGNORECASE)
_WEBSITE = re.compile(rf"^{_ALT}Website:?\s+(?P<value>\S+)$", re.IGNORECASE)
_PHONE = re.compile(rf"^{_ALT}(?:Phone|Telephone)(?: Number| No\.)?:?\s+(?P<value>[+()\d][\d ()+-]*)$", re.IGNORECASE)

# Remark labels whose value is a country link (flag states, aircraft registration country).
_COUNTRY_LABELS = ("Other Vessel Flag", "Nationality of Registration")
# Remark labels kept as list-specific facts: label -> key in ``Entity.extra``.
_EXTRA_LABELS = {
    "Former Vessel Flag": "former_flag",
    "Other Vessel Call Sign": "call_sign",
    "Other Vessel Type": "vessel_type",
    "Aircraft Model": "aircraft_model",
    "Aircraft Manufacture Date": "aircraft_manufacture_date",
    "Aircraft Operator": "aircraft_operator",
}
_LABELLED = re.compile(
    rf"^{_ALT}(?P<label>{'|'.join(map(re.escape, (*_COUNTRY_LABELS, *_EXTRA_LABELS)))})\s+(?P<value>.+)$"
)

# OFAC's document and registry labels, as they appear in remarks ("Passport 123 (Russia)").
_ID_LABELS = (
    "Passport",
    "Passport No.",
    "Passport Booklet",
    "Diplomatic Passport",
    "British National Overseas Passport",
    "Stateless Person Passport",
    "Stateless Person ID Card",
    "Refugee ID Card",
    "National ID No.",
    "National Foreign ID Number",
    "Personal ID Card",
    "Kenyan ID No.",
    "Moroccan Personal ID No.",
    "Bosnian Personal ID No.",
    "Tazkira National ID Card",
    "Turkish Identification Number",
    "Identification Number",
    "Citizen's Card Number",
    "Cedula No.",
    "D.N.I.",
    "N.I.E.",
    "C.U.R.P.",
    "C.U.R.P. #",
    "C.U.I.P.",
    "C.U.I.",
    "I.F.E.",
    "Credencial electoral",
    "Electoral Registry No.",
    "Cartilla de Servicio Militar Nacional",
    "Numero de Identidad",
    "Residency Number",
    "Birth Certificate Number",
    "Travel Document Number",
    "Driver's License No.",
    "VisaNumberID",
    "SSN",
    "CNP (Personal Numerical Code)",
    "Seafarer's Identification Document",
    "UAE Identification",
    "Public Security and Immigration No.",
    "Immigration No.",
    "Pilot License Number",
    "LE Number",
    "Romanian Permanent Resident CAN",
    "Tax ID No.",
    "NIT #",
    "R.F.C.",
    "R.F.C. #",
    "RFC",
    "RUC #",
    "RIF #",
    "C.U.I.T.",
    "V.A.T. Number",
    "US FEIN",
    "Italian Fiscal Code",
    "Fiscal Code",
    "RTN",
    "Romanian Tax Registration",
    "Numero Unico de Identificacao Tributaria (NUIT)",
    "C.I.F.",
    "RSIN",
    "Paraguayan tax identification number",
    "Registration ID",
    "Registration Number",
    "Business Registration Number",
    "Business Registration Document #",
    "Business Number",
    "Company Number",
    "UK Company Number",
    "Commercial Registry Number",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "Government Gazette Number",
    "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)",
    "D-U-N-S Number",
    "C.R. No.",
    "Romanian C.R.",
    "Legal Entity Number",
    "Public Registration Number",
    "Chamber of Commerce Number",
    "Istanbul Chamber of Comm. No.",
    "Dubai Chamber of Commerce Membership No.",
    "Certificate of Incorporation Number",
    "Enterprise Number",
    "Branch Unit Number",
    "Registered Charity No.",
    "Trade License No.",
    "Tourism License No.",
    "License",
    "MSB Registration Number",
    "Central Registration System Number",
    "Afghan Money Service Provider License Number",
    "File Number",
    "SRE Permit No.",
    "Chinese Commercial Code",
    "SWIFT/BIC",
    "BIK (RU)",
    "ISIN",
    "Equity Ticker",
    "Vessel Registration Identification",
    "MMSI",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Serial Identification",
    "Aircraft Tail Number",
    "Previous Aircraft Tail Number",
    "Aircraft Mode S Transponder Code",
    "Serial No.",
)
_ID_LABEL_RE = "|".join(re.escape(label) for label in sorted(_ID_LABELS, key=len, reverse=True))
_IDENTIFIER = re.compile(
    rf"^{_ALT}(?P<label>{_ID_LABEL_RE}|Digital Currency Address - \w+):?\s+(?P<value>.+?)"
    r"(?:\s+\((?P<country>[^()]+)\))?(?P<dates>\s+(?:issued|expires)\b.*)?$"
)
_IMO_VALUE = re.compile(r"^IMO\s+(?P<number>\d{7})$")
_CRYPTO = re.compile(r"^Digital Currency Address - (?P<currency>\w+)$")

# Abbreviations that end a name with a dot of their own ("S.A.", "CO.", "Aleksey O.").
_ABBREVIATION_END = re.compile(r"(?:\b\w\.|\b(?:CO|INC|LTD|CORP|JR|SR|BHD|CIA|LTDA)\.)$", re.IGNORECASE)


# -- reading the files -------------------------------------------------------------------------


def _encoding(path: Path) -> str:
    """UTF-8 when every byte of the file is valid UTF-8, else Windows-1252.

    OFAC's files are plain ASCII today, but older downloads carry Latin-1/Windows-1252 accents;
    deciding for the whole file (not per line) keeps one file from mixing two readings. NUL bytes
    mean UTF-16 or a binary file, which neither reading would survive.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            if b"\x00" in block:
                raise ParseError(path, "file contains NUL bytes: not a text CSV (UTF-16 or binary?)")
            if utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
    return "utf-8" if utf8 else "cp1252"


def _decoded_lines(path: Path) -> Iterator[tuple[int, str, bool]]:
    """(line number, text without line end, whether a line end followed) for each physical line."""
    encoding = _encoding(path)
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ParseError(path, f"undecodable byte 0x{raw[exc.start]:02x} ({encoding})", line=number) from None
            yield number, text.rstrip("\r\n"), text.endswith("\n")


def _split(path: Path, number: int, text: str, columns: int) -> list[str]:
    """One physical line as ``columns`` cells; OFAC never breaks a row across lines."""
    try:
        cells = next(csv.reader([text], strict=True))
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV row ({exc}); unterminated quote?", line=number) from None
    if len(cells) != columns:
        raise ParseError(
            path, f"expected {columns} columns, found {len(cells)}: not an OFAC legacy CSV row", line=number
        )
    if not cells[0].strip().isdigit():
        raise ParseError(path, f"ent_num {cells[0][:40]!r} is not an integer: not an OFAC CSV row", line=number)
    return cells


def _rows(path: Path, columns: int, end_mark_required: bool = True) -> Iterator[tuple[int, list[str]]]:
    """Stream the rows of one OFAC CSV file, stopping at the control-Z end mark.

    The end mark is the only sign that a file cut at a line boundary (an interrupted download, a
    full disk) is incomplete: every row before the cut is well-formed. So a file without one is
    refused once its last row has been read, and the load that reads it fails as a whole.
    """
    ended_at, last = None, 0
    for number, text, terminated in _decoded_lines(path):
        last = number
        if not text.strip():
            continue
        if ended_at is not None:
            raise ParseError(path, f"data after the end-of-file mark on line {ended_at}", line=number)
        if text.strip() == _EOF_MARK:
            ended_at = number
            continue
        cells = _split(path, number, text, columns)
        if not terminated:
            raise ParseError(path, "file ends in the middle of a row (truncated download?)", line=number)
        yield number, cells
    if ended_at is None and end_mark_required and last:
        raise ParseError(path, "no end-of-file mark (control-Z) after the last row: the file is truncated", line=last)


def _cell(value: str) -> str | None:
    """A cell's text, or None for OFAC's null token ``-0-``."""
    value = " ".join(value.split())
    return None if value in ("", _NULL) else value


def _by_ent_num(
    path: Path | None, columns: int, end_mark_required: bool = True
) -> dict[str, list[tuple[int, list[str]]]]:
    """A companion file's (line, cells) rows grouped by ent_num; companions are small enough to
    hold, while the primary file is streamed."""
    grouped: dict[str, list[tuple[int, list[str]]]] = {}
    if path is None:
        return grouped
    for line, cells in _rows(path, columns, end_mark_required):
        grouped.setdefault(cells[0].strip(), []).append((line, cells))
    return grouped


def _listed(path: Path, alt_names: dict) -> tuple[set[str], set[str]]:
    """The primary file's ent_nums, and every name the list gives (primary and alternate) to
    settle "Linked To:" targets.

    A first streaming pass over the primary file: it holds only keys and names, and it also
    surfaces any damage in the file before a single entity is handed out.
    """
    ent_nums, texts = set(), []
    for _, cells in _rows(path, _PRIMARY_COLUMNS):
        ent_nums.add(cells[0].strip())
        texts.append(cells[1])
    texts += [cells[3] for rows in alt_names.values() for _, cells in rows]
    return ent_nums, {name for name in map(_cell, texts) if name is not None}


def _refuse_strangers(companion: Path | None, rows: dict, ent_nums: set[str], primary: Path) -> None:
    """Refuse a companion naming entries the primary file lacks: OFAC publishes the set together,
    so it comes from another date, and joining it would drop the rows of the entries that differ."""
    strangers = rows.keys() - ent_nums
    if companion is not None and strangers:
        raise ParseError(
            companion,
            f"names {len(strangers):,} of its {len(rows):,} entries that {primary.name} does not have "
            f"(e.g. ent_num {min(strangers, key=int)}): companions from another date? Use the files published "
            f"with {primary.name}",
        )


# -- names -------------------------------------------------------------------------------------


def _person_name(text: str | None, kind: NameKind):
    """OFAC writes people "SURNAME, Given Names[, Jr.]"; keep natural order with the parts split."""
    if not text or "," not in text:
        return make_name(text, kind)
    family, *rest = [part.strip() for part in text.split(",")]
    suffixes = [p for p in rest if p.lower() in _NAME_SUFFIXES]
    given = " ".join(p for p in rest if p and p.lower() not in _NAME_SUFFIXES) or None
    full = " ".join(p for p in (given, family, *suffixes) if p)
    return make_name(full, kind, given=given, family=family or None)


def _name(text: str | None, kind: NameKind, person: bool):
    return _person_name(text, kind) if person else make_name(text, kind)


def _strip_final_dot(part: str, known_names: set[str]) -> str:
    """Drop the full stop OFAC puts after the last remark, but not one that belongs to it.

    OFAC writes no second dot after a name that ends in one, so "Linked To: EVIL CORP." and
    "Linked To: PETROLEOS DE VENEZUELA, S.A." look alike while the listed names are "EVIL CORP"
    and "PETROLEOS DE VENEZUELA, S.A.". A link target is settled against the list's own names;
    otherwise a dot ending an abbreviation is kept.
    """
    if not part.endswith("."):
        return part
    if m := _LINKED.match(part):
        if m["value"][:-1].rstrip() in known_names:
            return part[:-1].rstrip()
        if m["value"] in known_names:
            return part
    if _ABBREVIATION_END.search(part):
        return part
    return part[:-1].rstrip()


def _remark_parts(text: str) -> list[str]:
    """Split remarks on "; ", keeping a parenthesised aside that itself contains "; " together."""
    parts: list[str] = []
    for piece in text.split("; "):
        if parts and parts[-1].count("(") > parts[-1].count(")"):
            parts[-1] += "; " + piece
        else:
            parts.append(piece)
    if parts and parts[-1].count("(") > parts[-1].count(")"):  # never closed: don't trust merging
        return [p.strip() for p in text.split("; ") if p.strip()]
    return [p.strip() for p in parts if p.strip()]


# -- one entry ---------------------------------------------------------------------------------


@dataclass
class _Entry:
    """Facts gathered for one entry from its row, its companions and its remarks."""

    person: bool
    title: str | None = None
    names: list = field(default_factory=list)
    birth_dates: list = field(default_factory=list)
    birth_places: list = field(default_factory=list)
    nationalities: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    gender: str | None = None
    identifiers: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    remarks: list = field(default_factory=list)
    relations: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    websites: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    def read_remarks(self, text: str, known_names: set[str]) -> None:
        parts = _remark_parts(" ".join(text.split()))
        if parts:
            parts[-1] = _strip_final_dot(parts[-1], known_names)
        for part in parts:
            self.read_remark(part)

    def read_remark(self, part: str) -> None:
        """Route one remark to the field it describes; keep it as a remark when not understood."""
        for reader in (
            self._alias,
            self._dob,
            self._pob,
            self._nationality,
            self._gender,
            self._linked,
            self._contact,
            self._labelled,
            self._identifier,
        ):
            if reader(part):
                return
        if part != self.title:
            self.remarks.append(part)

    def _alias(self, part: str) -> bool:
        """Quoted aliases in remarks are OFAC's weak (low-quality) a.k.a.s; f.k.a. stays former."""
        if m := _ALIAS.match(part):
            kind = NameKind.FORMER if m["kind"] == "f" else NameKind.WEAK
            self.names.append(_name(m["name"], kind, self.person))
            return True
        return False

    def _dob(self, part: str) -> bool:
        if (m := _DOB.match(part)) and (value := parse_date(m["value"], month_first=False)):
            self.birth_dates.append(value)
            return True
        return False

    def _pob(self, part: str) -> bool:
        if m := _POB.match(part):
            self.birth_places.append(m["value"])
            return True
        return False

    def _nationality(self, part: str) -> bool:
        if (m := _NATIONALITY.match(part)) and (code := to_country(m["value"])):
            self.nationalities.append(code)
            return True
        return False

    def _gender(self, part: str) -> bool:
        if (m := _GENDER.match(part)) and (value := gender(m["value"])):
            self.gender = value
            return True
        return False

    def _linked(self, part: str) -> bool:
        if m := _LINKED.match(part):
            self.relations.append(Relation("linked_to", m["value"]))
            return True
        return False

    def _contact(self, part: str) -> bool:
        for pattern, target in ((_EMAIL, self.emails), (_WEBSITE, self.websites), (_PHONE, self.phones)):
            if m := pattern.match(part):
                target.append(m["value"].strip())
                return True
        return False

    def _labelled(self, part: str) -> bool:
        if not (m := _LABELLED.match(part)):
            return False
        label, value = m["label"], m["value"]
        if label in _COUNTRY_LABELS and (code := to_country(value)):
            self.countries.append(code)
        else:
            self.extra.append((_EXTRA_LABELS.get(label) or label.lower().replace(" ", "_"), value))
        return True

    def _identifier(self, part: str) -> bool:
        if not (m := _IDENTIFIER.match(part)):
            return False
        self.identifiers.append(_make_identifier(m["label"], m["value"], m["country"], m["dates"]))
        return True


def _make_identifier(label: str, value: str, country: str | None, dates: str | None) -> Identifier:
    """An identifier typed from OFAC's label; the label (and any issue/expiry dates) is the note,
    so an id of type ``other`` still says what it is."""
    kind = identifier_type(label.replace(".", ""))
    if imo := _IMO_VALUE.match(value):
        kind, value = "imo", imo["number"]
    elif crypto := _CRYPTO.match(label):
        kind = "crypto"
        label = f"Digital Currency Address - {crypto['currency']}"
    code = to_country(country) if country else None
    if country and not code:  # a parenthesis that is not a country is part of the value
        value = f"{value} ({country})"
    note = label if not dates else f"{label}, {dates.strip()}"
    return Identifier(kind, value, code, note)


def _schema(sdn_type: str | None, path: Path, line: int) -> str:
    """The schema for the SDN_Type cell; ``-0-`` (empty) is OFAC's Entity, which its XML files name
    and which :func:`magnitsky.sources.ofac_xml.schema_for` reads as Organization: the same entry
    gets the same schema whichever file it came from."""
    schema = schema_for(sdn_type or "entity")
    if schema is None:
        raise ParseError(path, f"unknown SDN_Type {sdn_type!r}", line=line)
    return schema


def _programs(cell: str | None) -> tuple[str, ...]:
    """Several programs share one cell as "UKRAINE-EO13661] [SDGT"."""
    if not cell:
        return ()
    return unique(p.strip(" []") for p in cell.split("] ["))


def _add_vessel_columns(entry: _Entry, cells: list[str]) -> None:
    """Call sign, vessel type, tonnage, GRT, flag and owner columns (set for vessels only)."""
    call_sign, vessel_type, tonnage, grt, flag, owner = (_cell(c) for c in cells[5:11])
    for key, value in (
        ("call_sign", call_sign),
        ("vessel_type", vessel_type),
        ("tonnage", tonnage),
        ("gross_registered_tonnage", grt),
    ):
        if value:
            entry.extra.append((key, value))
    if flag:
        if code := to_country(flag):
            entry.countries.append(code)
        else:
            entry.extra.append(("flag", flag))
    if owner:
        entry.relations.append(Relation("owned_by", owner))


def _add_address(entry: _Entry, cells: list[str]) -> None:
    street, city, country, remark = (_cell(c) for c in cells[2:6])
    full = ", ".join(p for p in (street, city, country) if p)
    if full:
        code = address_country(country)
        entry.addresses.append(Address(full, city, code))
        if code:
            entry.countries.append(code)
    if remark:
        entry.remarks.append(remark)


def _add_alt_name(entry: _Entry, cells: list[str], path: Path, line: int) -> None:
    alt_type, alt_name, alt_remark = _cell(cells[2]), _cell(cells[3]), _cell(cells[4])
    kind = _ALT_KINDS.get((alt_type or "").lower())
    if kind is None:
        raise ParseError(path, f"unknown alt_type {alt_type!r} (expected aka, fka or nka)", line=line)
    entry.names.append(_name(alt_name, kind, entry.person))
    if alt_remark:
        entry.remarks.append(alt_remark)


# -- the parsers -------------------------------------------------------------------------------


class _OfacCsvParser(Parser):
    """Shared reading of OFAC's primary/add/alt/comments file set."""

    companions: dict[str, str]  # role -> file name beside the primary file
    measures: tuple[str, ...]

    def _companions(self, path: Path) -> dict[str, Path]:
        """The companion files present beside ``path``, matched case-insensitively."""
        present = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
        return {role: present[name] for role, name in self.companions.items() if name in present}

    def meta(self, path: Path) -> ListMeta:
        found = self._companions(path)
        files = (path, *(found[role] for role in ("add", "alt", "comments") if role in found))
        missing = tuple(name for role, name in self.companions.items() if role not in found)
        return ListMeta(self.source, self.format, None, files, missing)

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        found = self._companions(path)
        addresses = _by_ent_num(found.get("add"), _ADD_COLUMNS)
        alt_names = _by_ent_num(found.get("alt"), _ALT_COLUMNS)
        # OFAC's own 2021 sdn_comments.csv ends without the mark (../shared/data/ofac_sdn_2021), so
        # a published comments file is not refused for lacking one.
        comments = _by_ent_num(found.get("comments"), _COMMENT_COLUMNS, end_mark_required=False)
        ent_nums, known_names = _listed(path, alt_names)
        for role, rows in (("add", addresses), ("alt", alt_names), ("comments", comments)):
            _refuse_strangers(found.get(role), rows, ent_nums, path)
        count = 0
        for line, cells in _rows(path, _PRIMARY_COLUMNS):
            ent_num = cells[0].strip()
            extra_rows = (addresses.get(ent_num, ()), alt_names.get(ent_num, ()), comments.get(ent_num, ()))
            yield self._entity(path, line, cells, source, extra_rows, found.get("alt"), known_names)
            count += 1
        if count == 0:
            raise ParseError(path, "no entries found (empty file?)")

    def _entity(self, path, line, cells, source, extra_rows, alt_path, known_names) -> Entity:
        add_rows, alt_rows, comment_rows = extra_rows
        ent_num, name, sdn_type = cells[0].strip(), _cell(cells[1]), _cell(cells[2])
        if not name:
            raise ParseError(path, f"entry {ent_num} has no name", line=line)
        schema = _schema(sdn_type, path, line)
        entry = _Entry(person=schema == "Person", title=_cell(cells[4]))
        entry.names.append(_name(name, NameKind.PRIMARY, entry.person))
        for alt_line, row in alt_rows:
            _add_alt_name(entry, row, alt_path, alt_line)
        if schema == "Vessel":
            _add_vessel_columns(entry, cells)
        for _, row in add_rows:
            _add_address(entry, row)
        # The overflow continues the remarks mid-word: join raw, before any whitespace clean-up.
        remarks = (cells[11] if _cell(cells[11]) else "") + "".join(row[1] for _, row in comment_rows)
        entry.read_remarks(remarks, known_names)
        return self._build(source, ent_num, schema, _programs(_cell(cells[3])), entry)

    def _build(self, source: str, ent_num: str, schema: str, programs, entry: _Entry) -> Entity:
        return Entity(
            source=source,
            source_id=ent_num,
            schema=schema,
            names=unique(entry.names),
            birth_dates=unique(entry.birth_dates),
            birth_places=unique(entry.birth_places),
            nationalities=unique(entry.nationalities),
            countries=unique(entry.countries),
            gender=entry.gender,
            identifiers=unique(entry.identifiers),
            addresses=unique(entry.addresses),
            titles=unique([entry.title]),
            measures=self.measures,
            programs=programs,
            remarks=unique(entry.remarks),
            relations=unique(entry.relations),
            emails=unique(entry.emails),
            websites=unique(entry.websites),
            phones=unique(entry.phones),
            extra=unique(entry.extra),
        )

    def sniff(self, path: Path, head: str) -> bool:
        """An OFAC legacy CSV primary file of this parser's list: the SDN and the consolidated
        primaries look alike, so the entries decide (:mod:`magnitsky.sources.ofac_lists`), not the name."""
        first = head.lstrip("\ufeff").split("\n", 1)[0]
        return bool(_FIRST_ROW.match(first)) and _NULL in first and _which_list(path) == self.source


def _which_list(path: Path) -> str:
    """``ofac_sdn`` or ``ofac_cons`` from the primary file's programs and remarks."""
    tally = Tally()
    for _, cells in _rows(path, _PRIMARY_COLUMNS):
        tally.add(marks_non_sdn(_programs(_cell(cells[3])), [cells[11]]))
    return tally.verdict(path, choices=(OfacSdnCsvParser.format, OfacConsCsvParser.format))


class OfacSdnCsvParser(_OfacCsvParser):
    """OFAC SDN list, legacy CSV (sdn.csv + add.csv, alt.csv, sdn_comments.csv)."""

    format = "ofac_csv"
    source = "ofac_sdn"
    description = "OFAC SDN list, legacy CSV (sdn.csv with add.csv, alt.csv, sdn_comments.csv beside it)"
    companions = {"add": "add.csv", "alt": "alt.csv", "comments": "sdn_comments.csv"}
    measures = ("asset_freeze",)  # every SDN entry is blocked


class OfacConsCsvParser(_OfacCsvParser):
    """OFAC consolidated non-SDN list, legacy CSV (cons_prim.csv + cons_add/cons_alt/cons_comments)."""

    format = "ofac_cons_csv"
    source = "ofac_cons"
    description = "OFAC consolidated non-SDN list, legacy CSV (cons_prim.csv and its companions)"
    companions = {"add": "cons_add.csv", "alt": "cons_alt.csv", "comments": "cons_comments.csv"}
    measures = ()  # program-specific (SSI directives, CMIC, ...): derived later from programs
