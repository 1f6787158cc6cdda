import pytest

from magnitsky.model import DateValue, Entity, Identifier, Name, NameKind, parse_date, to_country
from magnitsky.model.legal_forms import LEADING, RECOGNISED, TRAILING, is_legal_form, mentions_legal_form
from magnitsky.names import legal_form, tokens


@pytest.mark.parametrize(
    "text,expected",
    [
        ("12 Mar 1967", "1967-03-12"),
        ("1967", "1967"),
        ("Mar 1967", "1967-03"),
        ("circa 1967", "~1967"),
        ("1965 to 1967", "1965/1967"),
        ("2026-02-27T00:00:09.554Z", "2026-02-27"),
        ("31.12.1960", "1960-12-31"),
    ],
)
def test_parse_date_keeps_precision(text, expected):
    assert str(parse_date(text)) == expected


def test_parse_date_us_order_only_when_asked():
    assert str(parse_date("04/22/2020", month_first=True)) == "2020-04-22"
    assert str(parse_date("22/04/2020")) == "2020-04-22"


@pytest.mark.parametrize(
    "text",
    ["", "unknown", "31 Foo 1960", "1960-13-01", "0000", "1967-02-30", "30 Feb 1967", "1900-02-29", "31/04/1980"],
)
def test_parse_date_rejects_non_dates(text):
    assert parse_date(text) is None


def test_date_range_years():
    assert list(DateValue.from_str("1965/1967").years()) == [1965, 1966, 1967]


@pytest.mark.parametrize(
    "text,code",
    [("Russian Federation", "ru"), ("Iran (Islamic Republic of)", "ir"), ("Korea, North", "kp"), ("RUS", "ru")],
)
def test_country_names_map_to_iso(text, code):
    assert to_country(text) == code


def test_entity_json_round_trip_and_fingerprint():
    entity = Entity(
        "test",
        "1",
        "Person",
        (Name("Dmitry KLYUEV"), Name("Клюев Дмитрий", NameKind.ORIGINAL, "Cyrl")),
        birth_dates=(parse_date("10 Aug 1967"),),
        identifiers=(Identifier("passport", "4500123456", "ru"),),
    )
    again = Entity.from_dict(entity.to_dict())
    assert again == entity
    assert again.fingerprint() == entity.fingerprint()
    assert entity.id == "test:1" and entity.caption == "Dmitry KLYUEV"


def test_entity_requires_name_and_known_schema():
    with pytest.raises(ValueError, match="no name"):
        Entity("t", "1", "Person", (Name(" "),))
    with pytest.raises(ValueError, match="schema"):
        Entity("t", "1", "Spaceship", (Name("X"),))


# -- legal forms: one table for the parsers and the matcher ----------------------------------------


@pytest.mark.parametrize(
    "name, company",
    [  # entity names from the OFAC SDN and consolidated lists (../shared/data/ofac*)
        ("ACUAMATERIALES Y CIA. LIMITADA", True),
        ("ADLER BG AD", True),
        ("OOO PROMTEKH", True),
        ("AERO CONTINENTE E.I.R.L.", True),
        ("A&A ESTUDIO ARQUITECTONICO, S. DE R.L. DE C.V.", True),
        ("B R C S.A.", True),
        ("EBLA TRADE SERVICES S.A.L./OFF-SHORE", True),
        ("ACEX OY", True),
        ("A.S.P. BUILDERS", False),  # "A.S." of an acronym is not the Nordic AS
        ("ASA'IB AHL AL-HAQ", False),  # nor the "Asa" of "Asa'ib" the Norwegian ASA
        ("HIZBALLAH", False),
    ],
)
def test_a_name_mentions_a_legal_form_as_whole_words(name, company):
    assert mentions_legal_form(name) is company


def test_a_fragment_is_only_a_legal_form():
    for form in ("LLC", "L.L.C.", "Ltd.", "Limited", "Inc.", "OAO", "ООО", "ПАО", "S.A.", "GmbH", "Co."):
        assert is_legal_form(form), form
    for fragment in ("Lakhta Plaza", "LLC Lakhta", "Plaza"):
        assert not is_legal_form(fragment), fragment


def test_parsers_and_matcher_read_one_table():
    """Every spelling the matcher strips, a parser recognises; those it only recognises are not stripped."""
    for table in (TRAILING, LEADING):
        for form, spellings in table.items():
            for spelling in spellings:
                assert is_legal_form(spelling), spelling
                assert legal_form(["foo", *tokens(spelling)]) == (["foo"], form), spelling
    for spellings in RECOGNISED.values():
        for spelling in spellings:
            assert is_legal_form(spelling) and mentions_legal_form(f"Foo {spelling}"), spelling
            assert legal_form(["foo", *tokens(spelling)])[1] is None, spelling
