"""Every official list file in ../shared/data is read, each to as many entries as its raw file
holds, counted here with lxml, csv and openpyxl directly (never with the parsers). The files are
detected by content, as `magnitsky load FILE` detects them. See ../shared/data/PROVENANCE.md."""

from __future__ import annotations

import csv
import lzma
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from magnitsky.sources import open_list
from parser_checks import SHARED

pytestmark = pytest.mark.slow  # reads every whole official list


def _elements(path: Path, *tags: str) -> int:
    """How many elements of these local names the XML file holds."""
    return sum(1 for element in etree.parse(str(path)).iter() if etree.QName(element).localname in tags)


def _ofac_csv_rows(path: Path) -> int:
    """Primary rows of OFAC legacy CSV: every record but the closing Ctrl-Z line."""
    with open(path, encoding="latin-1", newline="") as fh:
        return sum(1 for row in csv.reader(fh) if row and row[0].strip().isdigit())


def _ofsi_groups(path: Path) -> int:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Name 6")
    column = rows[header].index("Group ID")
    return len({row[column] for row in rows[header + 1 :] if len(row) > column and row[column]})


def _workbook_column(path: Path, sheet_header: str, column: str, key=lambda value: value) -> int:
    """Distinct values of ``column`` in the first sheet, whose header row opens with ``sheet_header``."""
    rows = openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)
    header = next(row for row in rows if row and row[0] == sheet_header)
    index = header.index(column)
    return len({key(row[index]) for row in rows if row[index] is not None})


def _dpl_denials(path: Path) -> int:
    """BIS's Denied Persons List has a row per address: a denial is a name with an effective date."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return len({(" ".join(row["Name"].split()), row["Effective_Date"]) for row in rows})


def _dfat_listing(reference) -> str:
    return re.match(r"\d+", str(reference).strip()).group()


# (file under shared/data, options to open_list, raw count of entries, expected format)
FILES = {
    "ofac/sdn.csv": ({"without_companions": True}, lambda p: _ofac_csv_rows(p), "ofac_csv"),
    "ofac/sdn.xml.xz": ({}, lambda p: _elements(p, "sdnEntry"), "ofac_xml"),
    "ofac_sdn_2021/sdn.csv": ({}, lambda p: _ofac_csv_rows(p), "ofac_csv"),
    "ofac_cons/cons_prim.csv": ({}, lambda p: _ofac_csv_rows(p), "ofac_cons_csv"),
    "ofac_cons/consolidated.xml.xz": ({}, lambda p: _elements(p, "sdnEntry"), "ofac_xml"),
    "un/consolidated.xml": ({}, lambda p: _elements(p, "INDIVIDUAL", "ENTITY"), "un_xml"),
    "eu/20240513-FULL-1_1(xsd).xml.xz": ({}, lambda p: _elements(p, "sanctionEntity"), "eu_xml"),
    "uk/ConList.xlsx": ({}, lambda p: _workbook_column(p, "Name 6", "Group ID"), "ofsi_xlsx"),
    "canada/2020-04/sema-lmes.xml": ({}, lambda p: _elements(p, "record"), "canada_xml"),
    "australia/regulation8_consolidated.xlsx": (
        {},
        lambda p: _workbook_column(p, "Reference", "Reference", _dfat_listing),
        "dfat_xlsx",
    ),
    "bis/dpl.txt": ({}, _dpl_denials, "bis_dpl"),
    "samples/sample_eu.xml": ({}, lambda p: _elements(p, "sanctionEntity"), "eu_xml"),
    "samples/sample_hmt.csv": ({}, _ofsi_groups, "ofsi_csv"),
    "samples/sample_ofac_consolidated.xml": ({}, lambda p: _elements(p, "sdnEntry"), "ofac_xml"),
    "samples/sample_unsc.xml": ({}, lambda p: _elements(p, "INDIVIDUAL", "ENTITY"), "un_xml"),
}
# What each whole list holds, as PROVENANCE.md counted it, so a raw count gone wrong is caught too.
STATED = {
    "ofac/sdn.csv": 15443,
    "ofac/sdn.xml.xz": 14966,
    "ofac_sdn_2021/sdn.csv": 8976,
    "ofac_cons/cons_prim.csv": 442,
    "ofac_cons/consolidated.xml.xz": 443,
    "un/consolidated.xml": 1003,
    "eu/20240513-FULL-1_1(xsd).xml.xz": 4811,
    "uk/ConList.xlsx": 4688,
    "canada/2020-04/sema-lmes.xml": 1369,
    "australia/regulation8_consolidated.xlsx": 3062,
    "bis/dpl.txt": 461,  # 581 address rows
}


def _readable(name: str, tmp_path: Path) -> Path:
    """The shared file as published: an ``.xz`` copy is decompressed under its own name (the
    companions of an OFAC CSV set come along, as they are published together)."""
    path = SHARED / name
    if path.suffix != ".xz":
        return path
    target = tmp_path / path.stem
    with lzma.open(path) as packed, open(target, "wb") as out:
        shutil.copyfileobj(packed, out)
    return target


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_list_file_reads_to_its_raw_count(name, tmp_path):
    options, raw_count, fmt = FILES[name]
    path = _readable(name, tmp_path)
    listed = open_list(path, **options)
    assert listed.meta.format == fmt
    entities = list(listed.entities())
    assert len(entities) == raw_count(path) == STATED.get(name, len(entities))
    assert all(e.caption.strip() for e in entities)
