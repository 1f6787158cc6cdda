"""OFSI ConList.csv: the real 2020 excerpt end to end, grouping rules, and bad input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnitsky.model import DateValue, Identifier, NameKind
from magnitsky.sources import ParseError
from magnitsky.sources.ofsi_csv import OfsiCsvParser
from magnitsky.sources.uk_common import uk_date
from parser_checks import (  # noqa: F401  # noqa: F401
    OURS,
    SHARED,
    assert_located,
    assert_sniffs_only_its_own,
    parse_error,
    present_registry,
    write_list,
)

SAMPLE = OURS["ofsi_csv"]
PARSER = OfsiCsvParser()
HEADER = next(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8").splitlines()[1])))


@pytest.fixture(scope="module")
def entities():
    return {e.source_id: e for e in PARSER.parse(SAMPLE, "uk_ofsi")}


def write_conlist(tmp_path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    """A ConList.csv with the real header and the given rows (unnamed columns left empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Last Updated", "01/02/2024"] + [""] * (len(header) - 2))
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    path = tmp_path / "ConList.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def row(group_id: str, surname: str, **fields: str) -> dict[str, str]:
    base = {
        "Name 6": surname,
        "Group Type": "Individual",
        "Alias Type": "Prime Alias",
        "Group ID": group_id,
        "Regime": "Russia",
    }
    return {**base, **{key.replace("_", " "): value for key, value in fields.items()}}


# -- the real excerpt ----------------------------------------------------------------------------


def test_meta_reads_last_updated_day_first():
    meta = PARSER.meta(SAMPLE)
    assert (meta.source, meta.format, meta.publication_date) == ("uk_ofsi", "ofsi_csv", "2020-04-27")


def test_one_entity_per_group_in_file_order(entities):
    assert list(entities) == ["9053", "13063", "13754", "11039", "13017", "9215"]
    assert all(e.schema == "Person" and e.source == "uk_ofsi" for e in entities.values())


def test_prime_alias_with_persian_original_script(entities):
    hojati = entities["9053"]
    primary, original = hojati.names
    assert (primary.full, primary.kind, primary.given, primary.family) == (
        "Mohsen HOJATI",
        NameKind.PRIMARY,
        "Mohsen",
        "HOJATI",
    )
    assert (original.full, original.kind, original.script) == ("محسن حجتی", NameKind.ORIGINAL, "Arab")
    assert hojati.birth_dates == (DateValue("1955-09-28"),)
    assert hojati.programs == ("Iran (nuclear proliferation)",)
    assert hojati.measures == ("asset_freeze",)
    assert hojati.positions == ("Head of Fajr Industrial Group",)
    assert (hojati.listed_on, hojati.updated_on) == ("2007-03-24", "2017-06-27")
    assert ("un_ref", "IRi.018") in hojati.extra


def test_partial_dates_of_birth_keep_only_what_is_known(entities):
    # 05/07/1983, 10/00/1983 (a day in an unknown month: the year) and 00/04/1984.
    assert entities["13063"].birth_dates == (DateValue("1983-07-05"), DateValue("1983"), DateValue("1984-04"))
    assert entities["13754"].birth_dates == (DateValue("1962-09"),)
    assert {d.start for d in entities["11039"].birth_dates} == {str(y) for y in range(1932, 1939)}


def test_group_without_prime_alias_keeps_its_aliases(entities):
    hubarieva = entities["13063"]
    assert hubarieva.names_of(NameKind.ALIAS) == ["Kateryna Yuriyivna HUBARIEVA"]
    assert hubarieva.names_of(NameKind.PRIMARY) == []
    assert hubarieva.caption == "Kateryna Yuriyivna HUBARIEVA"
    assert hubarieva.birth_places == ("Kakhovka, Kherson Oblast, Ukraine",)


def test_rows_repeated_per_date_of_birth_collapse_to_distinct_names(entities):
    so = entities["11039"]
    assert [(n.full, n.kind) for n in so.names] == [("Sang-kuk SO", NameKind.PRIMARY), ("Sang Kuk SO", NameKind.ALIAS)]


def test_cyrillic_original_name(entities):
    names = entities["13017"].names
    assert names[-1].full == "Игорь Венедиктович ПЛОТНИЦКИЙ"
    assert (names[-1].kind, names[-1].script) == (NameKind.ORIGINAL, "Cyrl")


def test_nationality_identifier_address_and_references(entities):
    saeed = entities["9215"]
    assert saeed.nationalities == ("pk",)
    assert saeed.identifiers == (Identifier("national_id", "3520025509842-7", "pk"),)
    assert saeed.addresses[0].country == "pk"  # "Pakistan (location as at May 2008)"
    assert saeed.addresses[0].full.startswith("House No 116E, Mohalla Johar, Lahore")
    assert saeed.countries == ("pk",)
    assert saeed.names_of(NameKind.ORIGINAL) == ["سعید حافظ محمد"]
    assert ("uk_sanctions_list_ref", "AQD0183") in saeed.extra
    assert ("un_ref", "QDi.263") in saeed.extra
    assert saeed.programs == ("ISIL (Da'esh) and Al-Qaida", "AQD")


def test_entities_round_trip_through_json(entities):
    from magnitsky.model import Entity

    for entity in entities.values():
        assert Entity.from_dict(entity.to_dict()) == entity


# -- grouping and field conventions --------------------------------------------------------------


def test_rows_of_a_group_need_not_be_adjacent(tmp_path):
    path = write_conlist(
        tmp_path,
        [
            row("100", "ALPHA", Name_1="Ivan", DOB="01/02/1970"),
            row("200", "BRAVO", Group_Type="Entity"),
            row("100", "ALFA", Name_1="Ivan", Alias_Type="AKA", Alias_Quality="Low", DOB="00/00/1971"),
        ],
    )
    alpha, bravo = PARSER.parse(path, "uk_ofsi")
    assert alpha.source_id == "100"
    assert [(n.full, n.kind) for n in alpha.names] == [("Ivan ALPHA", NameKind.PRIMARY), ("Ivan ALFA", NameKind.WEAK)]
    assert alpha.birth_dates == (DateValue("1970-02-01"), DateValue("1971"))
    assert (bravo.schema, bravo.names[0].full, bravo.names[0].family) == ("Organization", "BRAVO", None)


def test_numbered_values_are_split(tmp_path):
    path = write_conlist(
        tmp_path,
        [
            row(
                "300",
                "CHARLIE",
                Name_1="Omar",
                Nationality="(1) Iraqi (2) Syrian",
                Passport_Number="(1) A1234567 (2) B7654321",
                Passport_Details="(1) Iraqi (2) Syrian, expired",
                Town_of_Birth="(1) Tikrit (2) Mosul",
                Country_of_Birth="Iraq",
                Position="(1) Minister (2) General",
            )
        ],
    )
    (charlie,) = PARSER.parse(path, "uk_ofsi")
    assert charlie.nationalities == ("iq", "sy")
    assert charlie.identifiers == (
        Identifier("passport", "A1234567", None, "Iraqi"),
        Identifier("passport", "B7654321", None, "Syrian, expired"),
    )
    assert charlie.birth_places == ("Tikrit", "Mosul", "Iraq")
    assert charlie.positions == ("Minister", "General")


def test_ship_group_is_a_vessel(tmp_path):
    path = write_conlist(tmp_path, [row("400", "SEA STAR", Group_Type="Ship")])
    (ship,) = PARSER.parse(path, "uk_ofsi")
    assert ship.schema == "Vessel" and ship.caption == "SEA STAR"


def test_uk_date_keeps_the_precision_given():
    assert uk_date("06/1962") == DateValue("1962-06")
    assert uk_date("00/00/1994") == DateValue("1994")
    assert uk_date("1994") == DateValue("1994")
    assert uk_date("00/1994") == DateValue("1994")


@given(st.text(max_size=20))
def test_uk_date_never_raises(text):
    value = uk_date(text)
    assert value is None or isinstance(value, DateValue)


# -- sniffing ------------------------------------------------------------------------------------


def test_sniff_recognises_conlist_and_nothing_else():
    assert_sniffs_only_its_own(PARSER, SAMPLE)


def test_detect_format(present_registry, tmp_path):
    assert present_registry.detect_format(SAMPLE) == "ofsi_csv"
    assert present_registry.detect_format(write_conlist(tmp_path, [row("1", "X")])) == "ofsi_csv"


def test_other_formats_are_not_detected_as_ofsi(present_registry):
    for path in (SHARED / "ofac_sdn_2021" / "sdn.csv", SHARED / "samples" / "sample_unsc.xml"):
        try:
            assert present_registry.detect_format(path) != "ofsi_csv"
        except ParseError:
            pass  # that format's parser is not in this checkout yet


# -- bad input -----------------------------------------------------------------------------------

GOOD = SAMPLE.read_bytes()


@pytest.mark.parametrize(
    "content, reason",
    [
        pytest.param(GOOD.replace(b'Republic of)",', b"Republic of),", 1), "malformed CSV", id="unterminated_quote"),
        pytest.param(GOOD.replace(b",Group ID", b",Group", 1), "missing columns: Group ID", id="missing_header_column"),
        pytest.param(GOOD[:-120], "fields but the header has", id="truncated"),
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"\n\n", "empty", id="blank"),
        pytest.param(GOOD.decode("utf-8").encode("utf-16"), "not UTF-8", id="utf16"),
        pytest.param(GOOD.replace("محسن".encode(), "Mohs\xe9n".encode("latin-1")), "not UTF-8", id="latin1_bytes"),
        pytest.param((SHARED / "ofac_sdn_2021" / "sdn.csv").read_bytes()[:4000], "missing columns", id="ofac_csv"),
        pytest.param((SHARED / "samples" / "sample_unsc.xml").read_bytes(), "missing columns", id="un_xml"),
        pytest.param(GOOD.replace(b",9053\n", b",\n", 1), "no Group ID", id="missing_group_id"),
        pytest.param(
            GOOD.replace(b",Individual,Prime Alias", b",Aircraft,Prime Alias", 1),
            "unknown Group Type",
            id="unknown_group_type",
        ),
    ],
)
def test_bad_input_raises_located_parse_error(tmp_path, content, reason):
    path = write_list(tmp_path, content, "ConList.csv")
    error = parse_error(PARSER, path)
    assert reason in error.reason
    assert_located(error, path)


def test_error_names_the_line_of_the_bad_row(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = lines[6].replace(",13754\n", ",13754,extra\n")
    path = tmp_path / "ConList.csv"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        list(PARSER.parse(path, "uk_ofsi"))
    assert caught.value.line == 7
