"""OFAC's formats describe the same entries: the classic XML and the legacy CSV parsers must give
them the same schema, titles and countries (issue #19). Run on the whole shared files."""

from __future__ import annotations

import lzma
from pathlib import Path

import pytest

from magnitsky.model import Entity
from magnitsky.sources.ofac_csv import OfacSdnCsvParser
from magnitsky.sources.ofac_xml import OfacXmlParser, address_country

_COMPANIONS = ("add.csv", "alt.csv", "sdn_comments.csv")


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[dict[str, Entity], dict[str, Entity]]:
    """The whole SDN list as classic XML (2024-05-07) and as the primary CSV (2024-07-02)."""
    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    xml = tmp_path_factory.mktemp("ofac") / "sdn.xml"
    with lzma.open(shared / "ofac" / "sdn.xml.xz") as fh:
        xml.write_bytes(fh.read())
    from_xml = {e.source_id: e for e in OfacXmlParser().parse(xml, "ofac_sdn")}
    from_csv = {e.source_id: e for e in OfacSdnCsvParser().parse(shared / "ofac" / "sdn.csv", "ofac_sdn")}
    return from_xml, from_csv


def _legacy_quotes(text: str) -> str:
    """The legacy CSV cannot hold a double quote inside a cell: OFAC writes a single one there."""
    return text.replace('"', "'")


def test_the_xml_and_csv_parsers_agree_on_schema_and_titles(both):
    from_xml, from_csv = both
    shared = from_xml.keys() & from_csv.keys()
    assert (len(from_xml), len(from_csv), len(shared)) == (14966, 15443, 14909)
    schemata = {k: (from_xml[k].schema, from_csv[k].schema) for k in shared}
    assert {k: pair for k, pair in schemata.items() if pair[0] != pair[1]} == {}
    titled = [k for k in shared if from_xml[k].titles]
    assert len(titled) == 1586  # OFAC's <title> / Title column: ranks, honorifics and posts alike
    differing = {
        k: (from_xml[k].titles, from_csv[k].titles)
        for k in shared
        if tuple(map(_legacy_quotes, from_xml[k].titles)) != from_csv[k].titles
    }
    assert differing == {}
    assert not any(e.positions for e in (*from_xml.values(), *from_csv.values()))
    assert from_csv["26724"].titles == ("Commander of the Special Quick-Reaction Detachment (SOBR) Team 'Terek'",)


def test_a_crimea_region_address_is_in_ukraine(both, shared_data, tmp_path):
    """OFAC writes 'Region: Crimea' where it names no state; it puts its other Crimea addresses
    under Ukraine, and so do both parsers. Gaza resolves to Palestine; Jammu and Kashmir, a
    disputed territory, to no country rather than a guessed one."""
    from_xml, _ = both
    oreanda = [a for a in from_xml["18961"].addresses if a.full.endswith("Region: Crimea")]
    assert len(oreanda) == 2 and {a.country for a in oreanda} == {"ua"}
    gaza = [a for e in from_xml.values() for a in e.addresses if a.full.endswith("Region: Gaza")]
    assert gaza and {a.country for a in gaza} == {"ps"}
    assert address_country("Region: Jammu and Kashmir") is None  # ent_num 53882, 2025-12 add.csv
    # the same entry in the complete 2021 CSV set, cut down to its own rows
    for name in ("sdn.csv", *_COMPANIONS):
        lines = (shared_data / "ofac_sdn_2021" / name).read_bytes().splitlines(keepends=True)
        kept = [line for line in lines if line.startswith(b"18961,")]
        (tmp_path / name).write_bytes(b"".join(kept) + b"\x1a")
    (entity,) = OfacSdnCsvParser().parse(tmp_path / "sdn.csv", "ofac_sdn")
    crimea = [a for a in entity.addresses if a.full.endswith("Region: Crimea")]
    assert len(crimea) == 2 and {a.country for a in crimea} == {"ua"} and "ua" in entity.countries
