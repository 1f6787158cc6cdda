"""UN Security Council Consolidated List, XML (``consolidated.xml`` from scsanctions.un.org).

One file holds every UN regime: ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY``, keyed by the
permanent reference number (``QDi.196``, ``KPe.001``) that UN documents and national lists cite.

Conventions of the real data this parser follows (checked on the 2026-02-27 file):

* ``FIRST_NAME`` .. ``FOURTH_NAME`` are numbered name slots in the order the committee writes the
  name ("Name: 1: SADDAM 2: HUSSEIN 3: AL-TIKRITI"), not given/family fields. The full name is the
  slots joined. For given/family we take the usual reading -- first slot given name, last slot
  family (or tribal) name, middle slots (Arabic father's/grandfather's names) only in the full
  name -- except on the DPRK list, which writes Korean order: family name first
  ("RI JE-SON", "PAEK CHANG-HO").
* Entities carry their whole name in ``FIRST_NAME``; names joined with ``;`` (one entity, two
  aliases in one ``ALIAS_NAME``) are split, the later ones becoming aliases.
* Alias ``QUALITY``: ``Good``/``a.k.a.`` are strong aliases, ``Low`` weak ones, ``f.k.a.`` former
  names. An alias may carry its own date and place of birth; they are kept as birth facts.
* Dates of birth are ``EXACT`` (``DATE`` or ``YEAR``), ``APPROXIMATELY`` (``YEAR``) or ``BETWEEN``
  (``FROM_YEAR``/``TO_YEAR``); a few give only a ``NOTE`` ("Nov. 1973", "30-35 years old"),
  which is read as a date when it is one and kept as a remark otherwise.
* Documents without a ``NUMBER`` give the number inside their ``NOTE`` prose; that note is kept
  as a remark rather than guessed into an identifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from lxml import etree

from magnitsky.model import Address, DateValue, Entity, Identifier, Name, NameKind, parse_date, to_country
from magnitsky.sources.base import ListMeta, ParseError, Parser
from magnitsky.sources.common import build_entity, gender, identifier_type, iso_date, make_name, unique
from magnitsky.sources.xml import children, expect_root, iter_elements, local, text

ROOT = "CONSOLIDATED_LIST"
_SNIFF = re.compile(r"<CONSOLIDATED_LIST[\s>]")
_SCHEMA = {"INDIVIDUAL": "Person", "ENTITY": "Organization"}
_SLOTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_FAMILY_FIRST = {"DPRK"}
_ALIAS_KIND = {"good": NameKind.ALIAS, "a.k.a.": NameKind.ALIAS, "low": NameKind.WEAK, "f.k.a.": NameKind.FORMER}

# UN targeted measures: the 1267/1989/2253, 1988, 1718, 1533, ... resolutions impose an asset
# freeze, a travel ban and an arms embargo on listed individuals, and an asset freeze and arms
# embargo on listed entities. The Iraq (1518) list is an asset freeze only.
_MEASURES = {
    "INDIVIDUAL": ("asset_freeze", "travel_ban", "arms_embargo"),
    "ENTITY": ("asset_freeze", "arms_embargo"),
}
_REGIME_MEASURES = {"Iraq": ("asset_freeze",)}

# UN_LIST_TYPE -> the resolution(s) the list's sanctions committee was established under.
_RESOLUTIONS = {
    "Al-Qaida": ("UNSC resolution 1267 (1999)", "UNSC resolution 1989 (2011)", "UNSC resolution 2253 (2015)"),
    "Taliban": ("UNSC resolution 1988 (2011)",),
    "DPRK": ("UNSC resolution 1718 (2006)",),
    "Iran": ("UNSC resolution 1737 (2006)",),
    "Iraq": ("UNSC resolution 1518 (2003)",),
    "DRC": ("UNSC resolution 1533 (2004)",),
    "Libya": ("UNSC resolution 1970 (2011)",),
    "Somalia": ("UNSC resolution 2713 (2023)",),
    "CAR": ("UNSC resolution 2127 (2013)",),
    "Haiti": ("UNSC resolution 2653 (2022)",),
    "Yemen": ("UNSC resolution 2140 (2014)",),
    "GB": ("UNSC resolution 2048 (2012)",),
    "Sudan": ("UNSC resolution 1591 (2005)",),
    "SouthSudan": ("UNSC resolution 2206 (2015)",),
}


class UnXmlParser(Parser):
    format = "un_xml"
    source = "un_sc"
    description = "UN Security Council Consolidated List (XML)"

    def sniff(self, path: Path, head: str) -> bool:
        return bool(_SNIFF.search(head))

    def meta(self, path: Path) -> ListMeta:
        root = expect_root(path, ROOT, "a UN consolidated list")
        return ListMeta(self.source, self.format, iso_date(root.get("dateGenerated")), (path,))

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        expect_root(path, ROOT, "a UN consolidated list")
        for el in iter_elements(path, set(_SCHEMA)):
            yield _entity(path, source, el)


def _entity(path: Path, source: str, el: etree._Element) -> Entity:
    kind, ref, dataid = local(el), text(el, "REFERENCE_NUMBER"), text(el, "DATAID")
    if not ref:
        raise ParseError(path, f"{kind} has no REFERENCE_NUMBER", line=el.sourceline, where=f"DATAID {dataid}")
    regime = text(el, "UN_LIST_TYPE")
    aliases = children(el, f"{kind}_ALIAS")
    dob_notes, birth_dates = _birth_dates(el)
    return build_entity(
        path,
        el.sourceline,
        kind,
        source=source,
        source_id=ref,
        schema=_SCHEMA[kind],
        names=_names(el, kind, regime, aliases),
        birth_dates=unique(birth_dates + [parse_date(text(a, "DATE_OF_BIRTH")) for a in aliases]),
        birth_places=unique(_birth_places(el, aliases)),
        nationalities=unique(to_country(v) for v in _values(el, "NATIONALITY")),
        countries=unique(to_country(text(a, "COUNTRY")) for a in children(el, f"{kind}_ADDRESS")),
        gender=gender(text(el, "GENDER")),
        identifiers=unique(_identifier(d) for d in children(el, "INDIVIDUAL_DOCUMENT")),
        addresses=unique(_address(a) for a in children(el, f"{kind}_ADDRESS")),
        positions=unique(_values(el, "DESIGNATION")),
        titles=unique(_values(el, "TITLE")),
        measures=_REGIME_MEASURES.get(regime or "", _MEASURES[kind]),
        programs=unique([regime]),
        legal_basis=_RESOLUTIONS.get(regime or "", ()),
        listed_on=iso_date(text(el, "LISTED_ON")),
        updated_on=max(unique(iso_date(v) for v in _values(el, "LAST_DAY_UPDATED")), default=None),
        remarks=unique([text(el, "COMMENTS1"), *dob_notes, *_alias_notes(aliases), *_document_notes(el)]),
        extra=(("un_dataid", dataid),) if dataid else (),
    )


def _values(el: etree._Element, name: str) -> list[str]:
    """Texts of the ``VALUE`` children of each ``name`` child (NATIONALITY/VALUE, TITLE/VALUE...)."""
    return [v for group in children(el, name) for c in children(group, "VALUE") if (v := text(c))]


# -- names ---------------------------------------------------------------------------------------


def _names(el: etree._Element, kind: str, regime: str | None, aliases: list) -> tuple[Name, ...]:
    slots = [v for s in _SLOTS if (v := text(el, s))]
    primary, *more = _split(" ".join(slots))
    names = [_primary(primary, slots, regime) if kind == "INDIVIDUAL" else make_name(primary)]
    names += [make_name(n, NameKind.ALIAS) for n in more]
    names.append(make_name(text(el, "NAME_ORIGINAL_SCRIPT"), NameKind.ORIGINAL))
    for alias in aliases:
        quality = (text(alias, "QUALITY") or "").lower()
        names += [make_name(n, _ALIAS_KIND.get(quality, NameKind.ALIAS)) for n in _split(text(alias, "ALIAS_NAME"))]
    return unique(names)


def _split(value: str | None) -> list[str]:
    """One name field holding several names separated by ``;`` -> the names."""
    return [part.strip() for part in (value or "").split(";") if part.strip()] or [""]


def _primary(full: str, slots: list[str], regime: str | None) -> Name | None:
    """The person's listed name with given/family read from the slots (see the module notes)."""
    if len(slots) < 2:
        return make_name(full)
    if regime in _FAMILY_FIRST:
        return make_name(full, family=slots[0], given=" ".join(slots[1:]))
    return make_name(full, given=slots[0], family=slots[-1])


# -- birth ---------------------------------------------------------------------------------------


def _birth_dates(el: etree._Element) -> tuple[list[str], list[DateValue | None]]:
    """(notes to keep as remarks, dates) from the INDIVIDUAL_DATE_OF_BIRTH elements.

    A note is the date itself when the structured fields are empty ("Nov. 1973"); otherwise it
    qualifies the date ("from false passport") and is kept as a remark, except "Approximately",
    which is already in the DateValue.
    """
    notes, dates = [], []
    for dob in children(el, "INDIVIDUAL_DATE_OF_BIRTH"):
        note = text(dob, "NOTE")
        date = _birth_date(dob)
        if date is None and note:
            date = _approximate(parse_date(note), dob)
            if date is None:
                notes.append(f"Date of birth: {note}")
        elif note and not note.lower().startswith("approx"):
            notes.append(f"Date of birth {date}: {note}")
        dates.append(date)
    return notes, dates


def _birth_date(dob: etree._Element) -> DateValue | None:
    """EXACT (DATE or YEAR), APPROXIMATELY (YEAR) or BETWEEN (FROM_YEAR, TO_YEAR) as a DateValue."""
    date = parse_date(text(dob, "DATE") or text(dob, "YEAR"))
    start, end = parse_date(text(dob, "FROM_YEAR")), parse_date(text(dob, "TO_YEAR"))
    if date is None and start and end and start.start <= end.start:
        date = DateValue(start.start, end.start)
    return _approximate(date, dob)


def _approximate(date: DateValue | None, dob: etree._Element) -> DateValue | None:
    """Mark ``date`` approximate when the list says so by TYPE_OF_DATE or by an "Approximately" note."""
    approximate = (text(dob, "TYPE_OF_DATE") or "").upper() == "APPROXIMATELY" or (
        (text(dob, "NOTE") or "").lower().startswith("approx")
    )
    return replace(date, approximate=True) if date and approximate else date


def _birth_places(el: etree._Element, aliases: list) -> list[str | None]:
    """Places of birth, including those an alias was used with (alias notes stay remarks)."""
    pobs = children(el, "INDIVIDUAL_PLACE_OF_BIRTH")
    places = [_place(p, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")) for p in pobs]
    return places + [_place(a, ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"), note=False) for a in aliases]


def _place(el: etree._Element, parts: tuple[str, ...], note: bool = True) -> str | None:
    """Comma-joined parts of a place, with its NOTE in brackets after ("Rwanda (as of early 2016)")."""
    place = ", ".join(v for p in parts if (v := text(el, p)))
    remark = text(el, "NOTE") if note else None
    if remark and not remark.startswith("("):
        remark = f"({remark})"
    return " ".join(filter(None, (place, remark))) or None


# -- addresses, documents, notes -----------------------------------------------------------------


def _address(el: etree._Element) -> Address | None:
    full = _place(el, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"))
    return Address(full, text(el, "CITY"), to_country(text(el, "COUNTRY"))) if full else None


def _identifier(doc: etree._Element) -> Identifier | None:
    number = text(doc, "NUMBER")
    if not number:
        return None
    label, label2 = text(doc, "TYPE_OF_DOCUMENT"), text(doc, "TYPE_OF_DOCUMENT2")
    kind = next((k for k in map(identifier_type, (label2, label)) if k != "other"), "other")
    country = to_country(text(doc, "ISSUING_COUNTRY")) or to_country(text(doc, "COUNTRY_OF_ISSUE"))
    return Identifier(kind, number, country, _document_note(doc, label2) or None)


def _document_note(doc: etree._Element, label: str | None) -> str:
    """What a document says beyond type, number and country: issue date and place, free note."""
    issued = ", ".join(v for p in ("DATE_OF_ISSUE", "CITY_OF_ISSUE", "COUNTRY_OF_ISSUE") if (v := text(doc, p)))
    parts = [label, f"issued {issued}" if issued else None, text(doc, "NOTE")]
    return "; ".join(filter(None, parts))


def _document_notes(el: etree._Element) -> list[str]:
    """Documents the list describes only in prose (no NUMBER), kept readable as remarks."""
    out = []
    for doc in children(el, "INDIVIDUAL_DOCUMENT"):
        if not text(doc, "NUMBER") and (note := text(doc, "NOTE")):
            out.append(f"{text(doc, 'TYPE_OF_DOCUMENT') or 'Document'}: {note}")
    return out


def _alias_notes(aliases: list) -> list[str]:
    return [f"{text(a, 'ALIAS_NAME') or 'Alias'}: {note}" for a in aliases if (note := text(a, "NOTE"))]
