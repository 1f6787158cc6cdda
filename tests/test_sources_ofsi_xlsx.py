"""OFSI ConList.xlsx (the 2022 format OFSI published, shared/data/uk/ConList.xlsx, "Last Updated
14/04/2025"): the whole real workbook against counts taken from its raw rows, the rows-to-target
rules shared with ConList.csv, and bad workbooks."""

from __future__ import annotations

import collections
import csv
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from magnitsky.model import DateValue, Identifier
from magnitsky.sources import open_list
from magnitsky.sources.ofsi_csv import OfsiCsvParser
from magnitsky.sources.ofsi_xlsx import OfsiXlsxParser
from magnitsky.sources.registry import detect_format
from parser_checks import OURS, SHARED, assert_located, parse_error, present_registry  # noqa: F401

CONLIST = SHARED / "uk" / "ConList.xlsx"
PARSER = OfsiXlsxParser()
pytestmark = pytest.mark.slow  # reads the whole 18,798-row workbook


@pytest.fixture(scope="module")
def raw() -> list[dict[str, str]]:
    """The workbook's name rows as the raw cells, read with openpyxl alone (not the parser)."""
    sheet = openpyxl.load_workbook(CONLIST, read_only=True)["Data"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    return [{column: cell or "" for column, cell in zip(header, row)} for row in rows[2:]]


@pytest.fixture(scope="module")
def entities():
    return {e.source_id: e for e in PARSER.parse(CONLIST, "uk_ofsi")}


def _by_group(raw, column: str) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = collections.defaultdict(set)
    for row in raw:
        if row[column]:
            groups[row["Group ID"]].add(row[column])
    return groups


def test_one_entity_per_group_id_with_the_raw_counts(raw, entities):
    group_types = {row["Group ID"]: row["Group Type"] for row in raw}
    assert len(entities) == len(group_types) == 4688
    schemas = collections.Counter(e.schema for e in entities.values())
    raw_types = collections.Counter(group_types.values())
    assert schemas == {"Person": raw_types["Individual"], "Organization": raw_types["Entity"], "Vessel": 15}
    assert (schemas["Person"], schemas["Organization"]) == (3663, 1010)


def test_meta_reads_last_updated_and_the_format_is_detected(present_registry):
    assert present_registry.detect_format(CONLIST) == "ofsi_xlsx"
    meta = open_list(CONLIST).meta
    assert (meta.source, meta.format, meta.publication_date) == ("uk_ofsi", "ofsi_xlsx", "2025-04-14")


def test_partial_birth_dates_keep_their_precision(raw, entities):
    # 33 rows give a month and year only ("06/1962"), which used to be dropped; "00/00/yyyy" is a year.
    month_only = [(row["Group ID"], row["DOB"]) for row in raw if re.fullmatch(r"\d\d/\d{4}", row["DOB"])]
    assert len(month_only) == 33
    for group_id, dob in month_only:
        month, year = dob.split("/")
        assert DateValue(f"{year}-{month}") in entities[group_id].birth_dates
    year_only = [(row["Group ID"], row["DOB"][-4:]) for row in raw if row["DOB"].startswith("00/00/")]
    assert year_only and all(DateValue(year) in entities[g].birth_dates for g, year in year_only)
    assert entities["12629"].birth_dates == (DateValue("1977-08"), DateValue("1977-09"), DateValue("1976"))


def test_national_identification_details_and_passports_are_identifiers(raw, entities):
    numbers = _by_group(raw, "National Identification Number")
    assert all(any(i.type == "national_id" for i in entities[g].identifiers) for g in numbers)
    assert (
        Identifier("national_id", "1336597587", None, 'Germany identity document ("Bundespersonalausweis")')
        in entities["7059"].identifiers
    )
    passports = _by_group(raw, "Passport Number")
    assert len(passports) == sum(any(i.type == "passport" for i in e.identifiers) for e in entities.values())


def test_non_latin_names_with_the_script_told_from_their_characters(raw, entities):
    non_latin = _by_group(raw, "Name Non-Latin Script")
    assert len(non_latin) == 2795
    for group_id, spellings in non_latin.items():
        names = {n.full for n in entities[group_id].names}
        assert {" ".join(s.split()) for s in spellings} <= names, group_id

    # The column's script type is mostly empty or misspelt ("Cyrilic"); the letters decide. 2,051
    # designations have Cyrillic letters; in one ("ЧВК Española") Latin letters outnumber them.
    def mostly_cyrillic(text: str) -> bool:
        return len(re.findall("[\u0400-\u04ff]", text)) > len(re.findall("[A-Za-z\u00c0-\u024f]", text))

    any_cyrillic = {g for g, spellings in non_latin.items() if any(re.search("[\u0400-\u04ff]", s) for s in spellings)}
    cyrillic = {g for g, spellings in non_latin.items() if any(mostly_cyrillic(s) for s in spellings)}
    assert (len(any_cyrillic), len(cyrillic)) == (2051, 2050)
    assert {g for g, e in entities.items() if any(n.script == "Cyrl" for n in e.names)} == cyrillic
    bastrykin = entities["13867"]
    assert bastrykin.caption == "Alexander Ivanovich BASTRYKIN"
    assert bastrykin.birth_dates == (DateValue("1953-08-27"),)


def test_regimes_are_programs_by_name_and_code(raw, entities):
    regimes = _by_group(raw, "Regime")
    russia = {g for g, names in regimes.items() if "Russia" in names}
    assert len(russia) == 2181
    assert {g for g, e in entities.items() if "RUS" in e.programs} == russia
    assert {g for g, e in entities.items() if "Russia" in e.programs} == russia
    assert entities["15672"].programs == ("Global Human Rights", "GHR")
    for group_id, names in regimes.items():
        assert names <= set(entities[group_id].programs)


def test_uk_sanctions_list_and_un_references_from_other_information(raw, entities):
    un = {row["Group ID"] for row in raw if "(UN Ref)" in row["Other Information"]}
    assert len(un) == 866
    assert {g for g, e in entities.items() if any(key == "un_ref" for key, _ in e.extra)} == un
    assert dict(entities["16180"].extra)["un_ref"] == "CDi.038"  # written "CDi. 038"
    # a ship "listed as asset of ... UN Ref KPe.064" carries its owner's reference, not its own
    assert "un_ref" not in dict(entities["13650"].extra)
    uk_refs = {row["Group ID"] for row in raw if "(UK Sanctions List Ref)" in row["Other Information"]}
    assert {g for g, e in entities.items() if "uk_sanctions_list_ref" in dict(e.extra)} == uk_refs
    assert dict(entities["15672"].extra)["uk_sanctions_list_ref"] == "GHR0086"


def test_the_workbook_and_its_csv_give_the_same_targets(tmp_path, raw, entities):
    """The two files of the list share one rows-to-target reader: the workbook's rows written
    out as ConList.csv (its one renamed column back to "NI Details") parse to equal entities."""
    header = [c if c != "National Identification Details" else "NI Details" for c in raw[0]]
    path = tmp_path / "ConList.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Last Updated", "14/04/2025"] + [""] * (len(header) - 2))
        writer.writerow(header)
        writer.writerows(list(row.values()) for row in raw)
    assert {e.source_id: e for e in OfsiCsvParser().parse(path, "uk_ofsi")} == entities


# -- bad workbooks -------------------------------------------------------------------------------


def _workbook(tmp_path: Path, rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "ConList.xlsx"
    book.save(path)
    return path


def test_a_workbook_missing_a_column_is_refused_naming_the_row(tmp_path):
    path = _workbook(tmp_path, [["Last Updated", "01/01/2025"], ["Name 6", "Name 1", "Group Type", "Alias Type"]])
    error = parse_error(PARSER, path)
    assert error.reason == "not an OFSI ConList header; missing columns: Group ID"
    assert error.where == "row 2"


def test_a_row_without_group_id_is_refused_naming_the_row(tmp_path):
    header = ["Name 6", "Name 1", "Group Type", "Alias Type", "Group ID"]
    path = _workbook(tmp_path, [header, ["SMITH", "John", "Individual", "Primary name", "1"], ["JONES", "Ann"]])
    error = parse_error(PARSER, path)
    assert (error.reason, error.where) == ("row has no Group ID", "row 3")


def test_a_cut_or_foreign_zip_is_a_one_line_error(tmp_path):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(CONLIST.read_bytes()[:500_000])
    assert_located(parse_error(PARSER, cut), cut, needs_line=False)
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    error = parse_error(PARSER, other)
    assert error.reason.startswith("not a readable .xlsx workbook")
    assert not PARSER.sniff(other, "PK\x03\x04")


def test_sniff_claims_the_workbook_only():
    assert PARSER.sniff(CONLIST, "PK\x03\x04")
    assert not PARSER.sniff(SHARED / "australia" / "regulation8_consolidated.xlsx", "PK\x03\x04")
    assert not PARSER.sniff(OURS["ofsi_csv"], OURS["ofsi_csv"].read_text(encoding="utf-8")[:4000])


def test_the_workbook_is_read_whatever_its_file_name(shared_data, tmp_path):
    """openpyxl alone refuses a workbook by its file name's extension; the content decides here."""
    path = tmp_path / "conlist_2025-04-14.download"
    shutil.copy(shared_data / "uk" / "ConList.xlsx", path)
    assert detect_format(path) == "ofsi_xlsx"
    assert open_list(path).meta.publication_date == "2025-04-14"
