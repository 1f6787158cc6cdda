"""The own-list CSV: the documented example end to end, and every kind of bad input refused with
file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from magnitsky.model import DateValue, Identifier, NameKind
from magnitsky.model.ftm import from_ftm, to_ftm
from magnitsky.sources import ParseError, open_list
from magnitsky.sources.simple_csv import COLUMNS, SimpleCsvParser
from parser_checks import FIXTURES, assert_located, foreign_heads, present_registry  # noqa: F401

DOCS = FIXTURES.parent.parent / "docs"
SAMPLE = FIXTURES / "simple_csv" / "own_list.csv"
PARSER = SimpleCsvParser()


@pytest.fixture(scope="module")
def entities():
    return {e.source_id: e for e in PARSER.parse(SAMPLE, "own_list")}


def write_csv(tmp_path: Path, text: str, name: str = "own.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def parse_error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        list(PARSER.parse(path, "own_list"))
    return info.value


# -- the documented example ----------------------------------------------------------------------


def test_docs_example_is_the_fixture():
    docs = (DOCS / "own-list-csv.md").read_text(encoding="utf-8")
    assert SAMPLE.read_text(encoding="utf-8").strip() in docs


def test_docs_list_every_column():
    docs = (DOCS / "own-list-csv.md").read_text(encoding="utf-8")
    assert all(f"| `{column}` |" in docs for column in COLUMNS)


def test_person_with_every_kind_of_name(entities):
    p = entities["OL-001"]
    assert (p.source, p.schema, p.caption) == ("own_list", "Person", "Petr Sergeevich Ivanov")
    assert [(n.full, n.kind) for n in p.names] == [
        ("Petr Sergeevich Ivanov", NameKind.PRIMARY),
        ("Pyotr Ivanov", NameKind.ALIAS),
        ("P. S. Ivanov", NameKind.ALIAS),
        ("Petya", NameKind.WEAK),
        ("Пётр Сергеевич Иванов", NameKind.ORIGINAL),
    ]
    assert p.names[-1].script == "Cyrl"
    assert p.birth_dates == (DateValue("1971-05-14"),) and p.birth_places == ("Tver, Russia",)
    assert (p.nationalities, p.countries, p.gender) == (("ru",), ("cy",), "male")
    assert p.identifiers == (Identifier("passport", "4509123456"), Identifier("tax_id", "770000000001"))
    assert p.programs == ("Internal-HR", "MAGNIT") and p.measures == ("asset_freeze", "travel_ban")
    assert p.listed_on == "2024-03-01"
    assert p.remarks == ("Board decision 2024/12; matches OFAC MAGNIT listing",)


def test_person_with_ranges_country_names_and_short_gender(entities):
    p = entities["OL-002"]
    assert p.birth_dates == (DateValue("1965", "1967"), DateValue("1970", approximate=True))
    assert p.nationalities == ("ru", "kz") and p.gender == "male"
    assert p.names_of(NameKind.FORMER) == ["Aslan Bekov"]
    assert p.identifiers == (Identifier("national_id", "KZ-880101300123"),)
    assert (p.listed_on, p.remarks) == ("2024-05", ())


def test_company_and_vessel(entities):
    c, v = entities["OL-003"], entities["OL-004"]
    assert c.schema == "Company" and c.names_of(NameKind.ORIGINAL) == ["ООО Фикстура Трейдинг"]
    assert c.identifiers == (Identifier("tax_id", "7700000001"), Identifier("bic", "FXTRRUMMXXX"))
    assert c.countries == ("ru",) and c.remarks == ("Owned 51% by OL-001",)
    assert v.schema == "Vessel" and v.identifiers == (Identifier("imo", "9000003"),)
    assert v.names_of(NameKind.FORMER) == ["STAR OF FIXTURES"] and v.countries == ("pa",)


def test_own_list_survives_a_trip_through_ftm(entities):
    for entity in entities.values():
        (back,) = from_ftm(to_ftm(entity), "own_list")
        ftm_clean = {Identifier(i.type, i.value[:8]) if i.type == "bic" else i for i in entity.identifiers}
        assert set(back.names) == set(entity.names) and set(back.identifiers) == ftm_clean  # FtM: BIC8
        assert (back.programs, back.measures, back.nationalities) == (
            entity.programs,
            entity.measures,
            entity.nationalities,
        )


def test_minimal_file_with_bom_and_lower_case_schema(tmp_path):
    path = tmp_path / "min.csv"
    path.write_bytes("\ufeffID,Name,Schema\n1,Petr Ivanov,\n2,ACME,company\n\n".encode("utf-8"))
    first, second = PARSER.parse(path, "mine")
    assert (first.source_id, first.schema, first.caption) == ("1", "Person", "Petr Ivanov")
    assert second.schema == "Company"


def test_header_only_file_has_no_entities(tmp_path):
    assert list(PARSER.parse(write_csv(tmp_path, "id,name\n"), "own_list")) == []


def test_quoted_line_break_keeps_line_numbers_right(tmp_path):
    text = 'id,name,remarks\n1,A B,"two\nlines"\n1,C D,\n'
    error = parse_error(write_csv(tmp_path, text))
    assert error.line == 4 and "duplicate id '1' (first on line 2)" in error.reason


# -- detection -----------------------------------------------------------------------------------


def test_detect_format(present_registry):  # noqa: F811
    assert present_registry.detect_format(SAMPLE) == "simple_csv"


def test_sniff_does_not_claim_other_formats():
    for fmt, text in foreign_heads("simple_csv"):
        assert not PARSER.sniff(Path(fmt), text), fmt
    assert not PARSER.sniff(SAMPLE, (FIXTURES / "ftm_json" / "entities.ftm.json").read_text(encoding="utf-8"))
    assert not PARSER.sniff(SAMPLE, "Name 6,Name 1,id,name,Group ID\n")


# -- bad input -----------------------------------------------------------------------------------


def test_unknown_column_is_named(tmp_path):
    error = parse_error(write_csv(tmp_path, "id,name,aliasses,birthdate\n1,A B,C,1970\n"))
    assert_located(error, tmp_path / "own.csv")
    assert error.line == 1 and "'aliasses', 'birthdate'" in error.reason


def test_missing_required_column(tmp_path):
    error = parse_error(write_csv(tmp_path, "id,aliases\n1,A B\n"))
    assert error.line == 1 and "missing required column(s) name" in error.reason


def test_repeated_column(tmp_path):
    error = parse_error(write_csv(tmp_path, "id,name,aliases,Aliases\n1,A,B,C\n"))
    assert "aliases appear more than once" in error.reason


def test_duplicate_id_names_both_lines(tmp_path):
    error = parse_error(write_csv(tmp_path, "id,name\nX1,A B\nX2,C D\nX1,E F\n"))
    assert (error.line, error.where) == (4, "column id")
    assert "first on line 2" in error.reason


@pytest.mark.parametrize(
    "column,value,message",
    [
        ("birth_date", "01/02/1970", "not an ISO date"),
        ("birth_date", "1970-02-30", "not a real date"),
        ("birth_date", "1970/1960", "ends before it starts"),
        ("listed_on", "yesterday", "not an ISO date"),
        ("schema", "Ship", "unknown schema 'Ship'"),
        ("nationality", "RU|Atlantis", "unknown country 'Atlantis'"),
        ("gender", "x", "unknown gender"),
        ("imo", "IMO 12345", "not an IMO number"),
        ("bic", "DEUTDEFF5", "not a BIC"),
        ("measures", "asset freeze|ban!", "'ban!' is not a measure name"),
    ],
)
def test_bad_cell_names_line_and_column(tmp_path, column, value, message):
    error = parse_error(write_csv(tmp_path, f"id,name,{column}\n1,A B,\n2,C D,{value}\n"))
    assert (error.line, error.where) == (3, f"column {column}")
    assert message in error.reason


def test_missing_id_or_name(tmp_path):
    assert parse_error(write_csv(tmp_path, "id,name\n,A B\n")).where == "column id"
    assert parse_error(write_csv(tmp_path, "id,name\n1, \n")).where == "column name"


def test_person_only_column_on_a_company(tmp_path):
    error = parse_error(write_csv(tmp_path, "id,schema,name,birth_date\n1,Company,ACME,1990\n"))
    assert error.where == "column birth_date" and "only for schema Person" in error.reason


def test_more_cells_than_columns(tmp_path):
    error = parse_error(write_csv(tmp_path, "id,name\n1,A B,extra\n"))
    assert error.line == 2 and "3 cells" in error.reason


def test_latin1_bytes_give_the_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name\n1,Petr Ivanov\n2,Jos\xe9 Mar\xeda\n".encode("latin-1"))
    error = parse_error(path)
    assert error.line == 3 and "not UTF-8" in error.reason and "0xe9" in error.reason


def test_empty_file(tmp_path):
    error = parse_error(write_csv(tmp_path, ""))
    assert_located(error, tmp_path / "own.csv", needs_line=False)
    assert "empty" in error.reason


def test_unterminated_quote_is_located(tmp_path):
    error = parse_error(write_csv(tmp_path, 'id,name\n1,"A B\n'))
    assert error.line is not None and "CSV" in error.reason


@pytest.mark.parametrize(
    "text,message",
    [
        ('{"id": "x", "schema": "Person", "properties": {}}\n', "unknown column"),
        ("Last Updated,01/02/2024\nName 6,Name 1,Group ID\n", "unknown column"),
    ],
)
def test_another_format_is_refused_on_its_first_line(tmp_path, text, message):
    error = parse_error(write_csv(tmp_path, text))
    assert error.line == 1 and message in error.reason


# -- the last line: without a line break, or cut off part way -----------------------------------


def entity_rows(path: Path) -> list[tuple]:
    return [(e.source_id, e.caption, e.names, e.birth_dates, e.remarks) for e in PARSER.parse(path, "own_list")]


def test_a_file_without_a_final_line_break_loads_whole(tmp_path):
    """Excel and many editors save the last record without a line break."""
    data = SAMPLE.read_bytes()
    assert data.endswith(b'"\n')  # the last cell is quoted, so its closing quote shows it is complete
    path = tmp_path / "own.csv"
    path.write_bytes(data.removesuffix(b"\n"))
    assert entity_rows(path) == entity_rows(SAMPLE)


def test_bom_crlf_and_no_final_line_break_as_excel_saves_it(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").removesuffix("\n").replace("\n", "\r\n")
    path = tmp_path / "own.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert entity_rows(path) == entity_rows(SAMPLE)


def test_an_unquoted_last_cell_without_a_line_break_loads(tmp_path):
    first, second = PARSER.parse(write_csv(tmp_path, "id,name,country\r\n1,Petr Ivanov,RU\r\n2,ACME,CY"), "own")
    assert (second.source_id, second.caption, second.countries) == ("2", "ACME", ("cy",))


@pytest.mark.parametrize("share", [0.3, 0.6, 0.95])
def test_a_file_cut_mid_record_is_refused_naming_its_last_line(tmp_path, share):
    """A cut leaves the last record with fewer cells than the header: refused, not loaded short."""
    data = SAMPLE.read_bytes()
    path = tmp_path / "own.csv"
    path.write_bytes(data[: int(len(data) * share)])
    error = parse_error(path)
    assert_located(error, path)
    assert error.line == path.read_bytes().count(b"\n") + 1
    assert "no line break" in str(error) and "cut off" in str(error) and "\n" not in str(error)


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_quoted_cell_cut_mid_way_is_refused_in_one_line(tmp_path, line_end):
    text = SAMPLE.read_text(encoding="utf-8").replace("\n", line_end)
    path = write_csv(tmp_path, text.removesuffix('"' + line_end)[:-1])  # "...flag Panam
    error = parse_error(path)
    assert_located(error, path)
    assert error.line == 5 and "ends inside a quoted cell" in str(error) and "\n" not in str(error)


def test_a_cut_file_leaves_the_loaded_version_as_it_was(store, tmp_path):
    store.load(open_list(SAMPLE, source="own_list"))
    cut = tmp_path / "own.csv"
    cut.write_bytes(SAMPLE.read_bytes()[:-60])
    with pytest.raises(ParseError):
        store.load(open_list(cut, source="own_list"))
    assert [v.number for v in store.versions("own_list")] == [1]
    assert sum(1 for _ in store.entities([store.version("own_list")])) == 4


def test_a_file_without_a_final_line_break_is_stored_whole(store, tmp_path):
    path = tmp_path / "own.csv"
    path.write_bytes(SAMPLE.read_bytes().removesuffix(b"\n"))
    store.load(open_list(path, source="own_list"))
    stored = {e.source_id: e.caption for e in store.entities([store.version("own_list")])}
    assert stored == {e.source_id: e.caption for e in PARSER.parse(SAMPLE, "own_list")}


def test_a_cell_of_megabytes_is_refused_naming_line_and_column(tmp_path):
    """Refused by the parser itself, whatever csv.field_size_limit the process has (importing
    followthemoney raises it to 30 MB, so a 3 MB name used to load as a list entry)."""
    import csv

    import followthemoney  # noqa: F401 - what raises the limit, as the CLI imports it

    assert csv.field_size_limit() > 3_000_000
    path = write_csv(tmp_path, "id,name\nOL-1,Short Name\nOL-2," + "A" * 3_000_000 + "\n")
    error = parse_error(path)
    assert_located(error, path)
    assert (error.line, error.where) == (3, "column name") and "over 65,536 characters" in str(error)
    kept = write_csv(tmp_path, "id,name\nOL-1," + "Klyuev " * 2000 + "\n", name="long.csv")
    assert len(list(PARSER.parse(kept, "own_list"))) == 1  # 14,000 characters: long, but a name
