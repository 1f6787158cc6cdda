"""Australia's DFAT Consolidated List (shared/data/australia/regulation8_consolidated.xlsx, latest
Control Date 2024-11-11): the whole real workbook against counts taken from its raw rows, names
linked to their listing by reference, the free-text cells, and bad workbooks."""

from __future__ import annotations

import collections
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from magnitsky.model import DateValue, NameKind
from magnitsky.sources import open_list
from magnitsky.sources.dfat_xlsx import DfatXlsxParser
from parser_checks import OURS, SHARED, parse_error, present_registry  # noqa: F401

DFAT = SHARED / "australia" / "regulation8_consolidated.xlsx"
PARSER = DfatXlsxParser()
pytestmark = pytest.mark.slow  # reads the whole 9,560-row workbook


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    """The sheet's name rows as raw cells (openpyxl alone, not the parser), blank rows left out."""
    rows = list(openpyxl.load_workbook(DFAT, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = [cell for cell in rows[0] if cell]
    return [dict(zip(header, row)) for row in rows[1:] if any(row)]


@pytest.fixture(scope="module")
def entities():
    return {e.source_id: e for e in PARSER.parse(DFAT, "au_dfat")}


def _listing(row: dict) -> str:
    return re.match(r"\d+", str(row["Reference"]).strip()).group()


def _text(cell) -> str:
    return " ".join(str(cell or "").split())


def _kind(entity, row: dict) -> NameKind:
    return next(n.kind for n in entity.names if n.full == _text(row["Name of Individual or Entity"]))


def test_one_entity_per_listing_number_with_the_raw_counts(raw, entities):
    primaries = {str(row["Reference"]).strip(): row for row in raw if "primary" in str(row["Name Type"]).lower()}
    assert len(raw) == 9553 and len(primaries) == 3062
    assert set(entities) == {_listing(row) for row in raw} == set(primaries)
    types = collections.Counter(primaries[k]["Type"].strip().lower() for k in primaries)
    schemas = collections.Counter(e.schema for e in entities.values())
    assert (
        schemas
        == {"Person": types["individual"], "Organization": types["entity"]}
        == {
            "Person": 2316,
            "Organization": 746,
        }
    )


def test_every_name_row_is_a_name_of_its_listing_of_the_right_kind(raw, entities):
    for row in raw:
        names = {n.full: n.kind for n in entities[_listing(row)].names}
        assert _text(row["Name of Individual or Entity"]) in names, row["Reference"]
    # "3a" and "3b" are the aliases of listing 3, "34c1" a spelling of alias 34c
    kabir = entities["3"]
    assert kabir.caption == "Abdul Kabir Mohammad Jan"
    assert [(n.full, n.kind) for n in kabir.names] == [
        ("Abdul Kabir Mohammad Jan", NameKind.PRIMARY),
        ("A. Kabir", NameKind.ALIAS),
        ("عبد الکبیر محمد جان", NameKind.ORIGINAL),
    ]
    assert any(
        _text(r["Name of Individual or Entity"]) in {n.full for n in entities["34"].names}
        for r in raw
        if str(r["Reference"]).strip() == "34c1"
    )
    original = [row for row in raw if "original" in str(row["Name Type"]).lower()]
    assert len(original) == 440
    kinds = {(row["Reference"], _kind(entities[_listing(row)], row)) for row in original}
    # one "Original Script" row (6241a) repeats the listing's Latin primary name, which stays primary
    assert {ref for ref, kind in kinds if kind is not NameKind.ORIGINAL} == {"6241a"}
    former = [row for row in raw if re.search("formerly|previously", str(row["Name Type"]), re.IGNORECASE)]
    assert len(former) == 4
    for row in former:
        assert _text(row["Name of Individual or Entity"]) in entities[_listing(row)].names_of(NameKind.FORMER)


def test_committees_are_programs_and_control_dates_the_update(raw, entities):
    committees: dict[str, set[str]] = collections.defaultdict(set)
    for row in raw:
        if row["Committees"]:
            committees[_listing(row)].add(_text(row["Committees"]))
    for listing, values in committees.items():
        assert set(entities[listing].programs) == values
    assert sum("Autonomous (Russia)" in e.programs for e in entities.values()) == 647
    assert sum("Autonomous (Ukraine)" in e.programs for e in entities.values()) == 841
    latest = {}
    for row in raw:
        latest[_listing(row)] = max(latest.get(_listing(row), dt.datetime.min), row["Control Date"])
    assert all(entities[k].updated_on == v.date().isoformat() for k, v in latest.items())


def test_birth_dates_citizenship_and_places(raw, entities):
    # a date cell Excel typed as a date is that exact day
    typed = [(row, row["Date of Birth"]) for row in raw if isinstance(row["Date of Birth"], dt.datetime)]
    assert len(typed) == 2772
    assert all(DateValue(value.date().isoformat()) in entities[_listing(row)].birth_dates for row, value in typed)
    assert entities["2"].birth_dates == (DateValue("1955", "1958", True), DateValue("1945", "1950", True))
    assert entities["7296"].birth_dates == tuple(DateValue(f"{y}-08-21") for y in (1975, 1976, 1978))
    assert DateValue("1975", "1979") in entities["2637"].birth_dates  # "Between 1975 and 1979"
    russian = {_listing(row) for row in raw if _text(row["Citizenship"]) == "Russian"}
    assert russian and all("ru" in entities[k].nationalities for k in russian)
    both = {_listing(row) for row in raw if _text(row["Citizenship"]) == "Russian and Ukrainian"}
    assert both and all({"ru", "ua"} <= set(entities[k].nationalities) for k in both)
    assert entities["2"].birth_places == ("Pashmul village, Panjwai District, Kandahar Province, Afghanistan",)
    # "NA" (340 address cells) is no address and no country; only the one listing in Windhoek is in Namibia
    assert {k for k, e in entities.items() if "na" in e.nationalities or "na" in e.countries} == {"3413"}
    assert entities["1061"].addresses[0].country == "ph"
    # what no reader understands is kept as written, not dropped
    assert ("citizenship", "Kuwaiti citizenship withdrawn in 2002") in {kv for e in entities.values() for kv in e.extra}


def test_listing_dates_from_the_listing_information(entities):
    assert entities["2"].listed_on == "2001-01-25"  # "Listed by UN 1267 Committee on 25 January 2001 ..."
    assert entities["1061"].listed_on == "2008-06-04"  # "Listed on: 4 Jun. 2008 (amended ...)"
    assert entities["2"].legal_basis[0].startswith("Listed by UN 1267 Committee")


def test_meta_and_detection_from_content(present_registry, tmp_path):
    assert present_registry.detect_format(DFAT) == "dfat_xlsx"
    renamed = tmp_path / "list.bin"
    renamed.write_bytes(DFAT.read_bytes())
    assert present_registry.detect_format(renamed) == "dfat_xlsx"
    meta = open_list(DFAT).meta
    assert (meta.source, meta.format, meta.publication_date) == ("au_dfat", "dfat_xlsx", "2024-11-11")
    assert not PARSER.sniff(SHARED / "uk" / "ConList.xlsx", "PK\x03\x04")
    assert not PARSER.sniff(OURS["ofsi_csv"], OURS["ofsi_csv"].read_text(encoding="utf-8")[:4000])


# -- bad workbooks -------------------------------------------------------------------------------

HEADER = ["Reference", "Name of Individual or Entity", "Type", "Name Type", "Committees"]


def _workbook(tmp_path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "regulation8_consolidated.xlsx"
    book.save(path)
    return path


def test_a_header_missing_a_column_is_refused(tmp_path):
    error = parse_error(PARSER, _workbook(tmp_path, [HEADER[:-1] + ["Control Date"]]))
    assert (error.reason, error.where) == ("not a DFAT consolidated list header; missing columns: Committees", "row 1")


def test_a_reference_that_is_no_listing_number_is_refused_naming_the_row(tmp_path):
    rows = [
        HEADER,
        [1, "John SMITH", "Individual", "Primary Name", "Autonomous (Russia)"],
        ["x1", "J. Smith", "Individual", "aka", ""],
    ]
    error = parse_error(PARSER, _workbook(tmp_path, rows))
    assert (error.reason, error.where) == ("Reference 'x1' is not a listing number", "row 3")


def test_an_unknown_type_or_name_type_is_refused(tmp_path):
    rows = [HEADER, [1, "John SMITH", "Robot", "Primary Name", "Autonomous (Russia)"]]
    assert parse_error(PARSER, _workbook(tmp_path, rows)).reason == "unknown Type 'Robot'"
    rows = [HEADER, [1, "John SMITH", "Individual", "Nickname", "Autonomous (Russia)"]]
    error = parse_error(PARSER, _workbook(tmp_path, rows))
    assert (error.reason, error.where) == ("unknown Name Type 'Nickname'", "row 2")
