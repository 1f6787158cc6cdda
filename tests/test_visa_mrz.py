"""ICAO 9303 MRZ parsing: the published specimens, every check digit, malformed input, dates, codes.

Fixtures: tests/fixtures/mrz (README.md there names the source of each; the ICAO and German
specimens carry the publishers' check digits, so they test our check-digit algorithm independently).
"""

import re
from datetime import date

import pytest

from magnitsky.screening.visa import MrzError, check_digit, compose_td3, icao_code, parse_mrz

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"


def read(fixtures, name):
    return (fixtures / "mrz" / name).read_text()


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("icao_td3_eriksson.txt", "TD3"),
        ("icao_td2_eriksson.txt", "TD2"),
        ("icao_td1_eriksson.txt", "TD1"),
    ],
)
def test_icao_specimens_parse_to_the_printed_data(fixtures, name, fmt):
    document = parse_mrz(read(fixtures, name))
    assert document.format == fmt
    assert (document.surname, document.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert document.birth_date == "1974-08-12" and document.sex == "female"
    assert document.expiry_date == date(2012, 4, 15) and document.expired()
    assert document.issuing_state.code == "UTO" and document.nationality.country is None
    assert document.document_number == ("L898902C3" if fmt == "TD3" else "D23145890")


def test_td3_specimen_optional_data_is_the_personal_number(fixtures):
    assert parse_mrz(read(fixtures, "icao_td3_eriksson.txt")).optional_data == "ZE184226B"


def test_td1_long_document_number_continues_in_the_optional_data(fixtures):
    document = parse_mrz(read(fixtures, "icao_td1_stevenson_long_number.txt"))
    assert document.document_number == "D23145890734"
    assert (document.surname, document.given_names, document.sex) == ("STEVENSON", "PETER JOHN", "male")
    assert document.birth_date == "1934-07-12"
    assert document.optional_data == ""


def test_german_specimen_uses_the_one_letter_code_d(fixtures):
    document = parse_mrz(read(fixtures, "de_mustermann_td3.txt"))
    assert document.nationality.code == "D" and document.nationality.country == "de"
    assert document.document_number == "C01X00T47" and document.expiry_date == date(2027, 2, 28)


@pytest.mark.parametrize(
    "value, digit",
    [
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("D23145890734", "9"),
        ("L898902C36740812212041" + "59ZE184226B<<<<<1", "0"),  # the TD3 specimen's composite
    ],
)
def test_check_digit_reproduces_the_specimens(value, digit):
    assert check_digit(value) == digit


def test_computed_fixtures_are_what_compose_td3_writes(fixtures):
    """Our own documents: written by compose_td3, read back by the parser."""
    assert read(fixtures, "klyuev_td3.txt").strip() == compose_td3(
        "KLIUEV", "DMITRII", "751234567", "RUS", "670810", "M", "310522"
    )
    document = parse_mrz(read(fixtures, "klyuev_td3.txt"))
    assert (document.surname, document.given_names, document.birth_date) == ("KLIUEV", "DMITRII", "1967-08-10")
    assert document.nationality.country == "ru" and document.sex == "male"


def test_a_name_that_fills_its_field_is_flagged_truncated(fixtures):
    document = parse_mrz(read(fixtures, "al_tikriti_td3.txt"))
    assert document.surname == "AL TIKRITI" and document.given_names == "JAMAL MUSTAFA ABDALLAH SULT"
    assert document.name_truncated


def _replace(text: str, line: int, position: int, char: str) -> str:
    lines = text.split("\n")
    row = lines[line - 1]
    lines[line - 1] = row[: position - 1] + char + row[position:]
    return "\n".join(lines)


CHECK_DIGITS = [
    (TD3, 2, 10, "document number check digit"),
    (TD3, 2, 20, "birth date check digit"),
    (TD3, 2, 28, "expiry date check digit"),
    (TD3, 2, 43, "optional data check digit"),
    (TD3, 2, 44, "composite check digit"),
    (TD2, 2, 10, "document number check digit"),
    (TD2, 2, 20, "birth date check digit"),
    (TD2, 2, 28, "expiry date check digit"),
    (TD2, 2, 36, "composite check digit"),
    (TD1, 1, 15, "document number check digit"),
    (TD1, 2, 7, "birth date check digit"),
    (TD1, 2, 15, "expiry date check digit"),
    (TD1, 2, 30, "composite check digit"),
]


@pytest.mark.parametrize("text, line, position, field", CHECK_DIGITS)
def test_every_wrong_check_digit_names_its_field_line_and_position(text, line, position, field):
    good = text.split("\n")[line - 1][position - 1]
    bad = _replace(text, line, position, str((int(good) + 1) % 10))
    with pytest.raises(MrzError) as caught:
        parse_mrz(bad)
    error = caught.value
    assert (error.field, error.line, error.position) == (field, line, position)
    assert f"line {line}, position {position}" in str(error) and field in str(error)


@pytest.mark.parametrize(
    "text, line, position, field",
    [
        (TD3, 2, 3, "document number check digit"),  # a changed document number fails its own check digit
        (TD3, 2, 16, "birth date check digit"),
        (TD3, 2, 33, "optional data check digit"),
        (TD1, 1, 20, "composite check digit"),  # TD1 optional data is covered by the composite only
    ],
)
def test_a_changed_field_fails_the_check_digit_that_covers_it(text, line, position, field):
    original = text.split("\n")[line - 1][position - 1]
    bad = _replace(text, line, position, "7" if original != "7" else "8")
    with pytest.raises(MrzError) as caught:
        parse_mrz(bad)
    assert caught.value.field == field


@pytest.mark.parametrize(
    "text, message",
    [
        (TD3[:-1], "line 2: 43 characters where a TD3 line has 44"),
        (TD3.split("\n")[0], "1 line(s) of 44"),
        (TD3 + "\n" + TD1.split("\n")[2], "3 line(s) of 44, 44, 30"),  # 2- and 3-line formats mixed
        (TD1.split("\n")[0] + "\n" + TD1.split("\n")[1], "2 line(s) of 30, 30"),  # TD1 missing its name line
        (TD2.split("\n")[0] + "\n" + TD3.split("\n")[1], "44 characters where a TD2 line has 36"),
        ("", "no MRZ lines"),
        ("P" * 5000, "5000 characters of input"),
    ],
)
def test_malformed_shapes_are_clear_errors(text, message):
    with pytest.raises(MrzError, match=re.escape(message)):
        parse_mrz(text)


def test_lowercase_is_an_error_at_its_position():
    with pytest.raises(MrzError) as caught:
        parse_mrz(TD3.replace("ERIKSSON", "Eriksson"))
    assert (caught.value.line, caught.value.position) == (1, 7) and "lowercase 'r'" in str(caught.value)


@pytest.mark.parametrize("char", [" ", "-", "«", "\u0415"])  # space, hyphen, guillemet, Cyrillic capital IE
def test_illegal_characters_are_errors_at_their_position(char):
    with pytest.raises(MrzError) as caught:
        parse_mrz(_replace(TD3, 2, 12, char))
    assert (caught.value.line, caught.value.position) == (2, 12) and "illegal character" in str(caught.value)


def test_a_visa_mrz_is_not_taken_for_a_passport():
    with pytest.raises(MrzError, match="visa"):
        parse_mrz("V" + TD3[1:])


def test_a_digit_in_the_name_is_reported_not_guessed():
    with pytest.raises(MrzError) as caught:
        parse_mrz(TD3.replace("ERIKSSON", "ERIKSS0N"))
    assert caught.value.field == "name" and caught.value.position == 12


def test_an_unknown_state_code_is_an_error():
    with pytest.raises(MrzError) as caught:
        parse_mrz(TD3.replace("P<UTO", "P<QQQ"))
    assert caught.value.field == "issuing state" and caught.value.position == 3


def test_an_impossible_date_is_an_error_even_with_a_correct_check_digit():
    number = compose_td3("DOE", "JANE", "X1234567", "UTO", "741332", "F", "300101")
    with pytest.raises(MrzError, match="month 13"):
        parse_mrz(number)
    with pytest.raises(MrzError, match="expiry date.*not a calendar date"):
        parse_mrz(compose_td3("DOE", "JANE", "X1234567", "UTO", "740812", "F", "300230"))


@pytest.mark.parametrize(
    "yymmdd, today, expected",
    [
        ("250101", date(2026, 6, 1), "2025-01-01"),  # a baby's passport
        ("260602", date(2026, 6, 1), "1926-06-02"),  # tomorrow in 2026 is impossible: born 1926
        ("260601", date(2026, 6, 1), "2026-06-01"),  # born today
        ("670810", date(2026, 6, 1), "1967-08-10"),
        ("00<<<<", date(2026, 6, 1), "2000"),  # year only (day and month unknown)
        ("6708<<", date(2026, 6, 1), "1967-08"),
    ],
)
def test_birth_century_is_the_latest_that_is_not_in_the_future(yymmdd, today, expected):
    text = compose_td3("DOE", "JANE", "X1234567", "UTO", yymmdd, "F", "300101")
    assert parse_mrz(text, today=today).birth_date == expected


def test_expiry_is_always_this_century():
    document = parse_mrz(compose_td3("DOE", "JANE", "X1234567", "UTO", "670810", "F", "990101"))
    assert document.expiry_date == date(2099, 1, 1)


@pytest.mark.parametrize(
    "code, country",
    [
        ("D<<", "de"),
        ("GBD", "gb"),
        ("GBN", "gb"),
        ("GBO", "gb"),
        ("GBP", "gb"),
        ("GBS", "gb"),
        ("UNO", None),
        ("UNA", None),
        ("UNK", "xk"),
        ("XXA", None),
        ("XXB", None),
        ("XXC", None),
        ("XXX", None),
        ("RUS", "ru"),
        ("IRQ", "iq"),
        ("USA", "us"),
    ],
)
def test_icao_codes_map_to_iso(code, country):
    assert icao_code(code).country == country


def test_stateless_holder_has_no_nationality_and_a_meaning():
    document = parse_mrz(compose_td3("DOE", "JOHN", "X1234567", "XXA", "700101", "M", "300101", issuing_state="DEU"))
    assert document.nationality.country is None and "stateless" in document.nationality.meaning
    assert document.issuing_state.country == "de"
