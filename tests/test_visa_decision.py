"""Visa decisions end to end: MRZ or form -> screening against real list excerpts -> DENY/REFER/CLEAR.

Lists: the bundled OFAC SDN and UN excerpts (magnitsky.data.default_lists()), and for one test the
full official files in ../shared/data. MRZ fixtures: tests/fixtures/mrz (see README.md there).
"""

import json

import pytest

from magnitsky.data import default_lists
from magnitsky.screening import Screener
from magnitsky.screening.measures import BUNDLED_TABLE, MeasuresTable
from magnitsky.screening.visa import CLEAR, DENY, REFER, Applicant, ApplicantError, VisaScreener
from magnitsky.sources import open_list


@pytest.fixture(scope="module")
def visa():
    entities = [e for path in default_lists() for e in open_list(path).entities()]
    return VisaScreener(Screener.from_entities(entities))


def mrz(fixtures, name):
    return (fixtures / "mrz" / name).read_text()


def test_klyuev_passport_in_icao_transliteration_is_denied_under_magnit(visa, fixtures):
    decision = visa.screen_mrz(mrz(fixtures, "klyuev_td3.txt"))
    assert decision.decision == DENY
    entry = decision.matches[0]
    assert (entry.outcome, entry.entity_id, entry.birth_date) == (DENY, "ofac_sdn:16399", "agrees")
    assert "travel_ban" in entry.measures
    assert any(b.startswith("MAGNIT:") and "Magnitsky" in b for b in entry.basis)
    assert "travel ban" in decision.reasons[0] and "KLYUEV" in decision.reasons[0]
    assert decision.thresholds.strong == 0.92 and decision.measures_version == MeasuresTable.load().version
    assert decision.document["format"] == "TD3" and decision.document["nationality_country"] == "ru"


def test_same_name_with_another_birth_date_is_cleared_and_the_dismissal_explained(visa, fixtures):
    """The name agrees with the listed KLYUEV, but 13 years apart is another person: CLEAR, and the
    decision names the entry it ruled out and why, so the officer sees it was considered."""
    decision = visa.screen_mrz(mrz(fixtures, "kliuev_other_td3.txt"))
    assert decision.decision == CLEAR
    dismissed = [m for m in decision.matches if m.entity_id == "ofac_sdn:16399"]
    assert dismissed and dismissed[0].outcome == CLEAR and dismissed[0].birth_date == "differs"
    assert "13 years apart" in decision.reasons[1]


def test_birth_date_one_day_off_is_referred_not_denied(visa):
    decision = visa.screen_applicant(Applicant.from_form("KLIUEV", "DMITRII", "1967-08-11", "RUS"))
    assert decision.decision == REFER
    assert "same year, different day" in decision.reasons[0] and "identity not confirmed" in decision.reasons[0]


def test_a_name_without_birth_date_never_denies(visa):
    decision = visa.screen_applicant(Applicant.from_form("KLIUEV", "DMITRII"))
    assert decision.decision == REFER and "no birth date to compare" in decision.reasons[0]
    assert any("no birth date" in note for note in decision.notes)


@pytest.mark.parametrize(
    "name", ["icao_td3_eriksson.txt", "icao_td2_eriksson.txt", "icao_td1_eriksson.txt", "de_mustermann_td3.txt"]
)
def test_ordinary_holders_are_cleared(visa, fixtures, name):
    decision = visa.screen_mrz(mrz(fixtures, name))
    assert decision.decision == CLEAR and decision.reasons[0] == "no listed entry matches the holder"


def test_an_expired_passport_is_noted(visa, fixtures):
    decision = visa.screen_mrz(mrz(fixtures, "icao_td3_eriksson.txt"))
    assert "the document expired on 2012-04-15" in decision.notes


def test_glomag_person_with_his_listed_passport_is_denied(visa, fixtures):
    decision = visa.screen_mrz(mrz(fixtures, "gertler_td3.txt"))
    assert decision.decision == DENY
    entry = decision.matches[0]
    assert entry.entity_id == "ofac_sdn:23252" and entry.document_listed and "GLOMAG" in entry.programs
    assert "this document's number" in decision.reasons[0]


def test_asset_freeze_only_listing_is_referred_with_the_reason(visa, fixtures):
    """UN 1518 Iraq list: asset freeze, no travel ban. The truncated MRZ name still matches."""
    decision = visa.screen_mrz(mrz(fixtures, "al_tikriti_td3.txt"))
    assert decision.decision == REFER
    entry = decision.matches[0]
    assert entry.entity_id == "un_sc:IQi.022" and entry.measures == ("asset_freeze",)
    assert "without a travel ban" in decision.reasons[0] and "not barred" in decision.reasons[0]
    assert any("truncated" in note for note in decision.notes)


def test_the_measures_table_decides_whether_a_listing_bars_entry(tmp_path, fixtures):
    """GLOMAG bans entry in the bundled table; an authority's table making it freeze-only turns DENY into REFER."""
    sdn = [e for e in open_list(default_lists()[0]).entities()]
    table = json.loads(BUNDLED_TABLE.read_text())
    table["version"] = "authority-test"
    table["sources"]["ofac_sdn"]["programs"]["GLOMAG"] = {"measures": ["asset_freeze"], "basis": "freeze only here"}
    path = tmp_path / "measures.json"
    path.write_text(json.dumps(table))
    visa = VisaScreener(Screener.from_entities(sdn), MeasuresTable.load(path))
    decision = visa.screen_mrz(mrz(fixtures, "gertler_td3.txt"))
    assert decision.decision == REFER and decision.measures_version == "authority-test"


def test_cyrillic_applicant_form_is_denied(visa):
    decision = visa.screen_applicant(Applicant.from_form("Клюев", "Дмитрий", "1967-08-10", "Russia"))
    assert decision.decision == DENY and decision.matches[0].entity_id == "ofac_sdn:16399"


def test_listed_number_of_another_country_is_referred_not_denied(visa):
    """10945182 is one of GERTLER's Israeli passports; a British passport with that number is not his."""
    decision = visa.screen_applicant(Applicant.from_form("SMITH", "JOHN", "1980-02-02", "GBR", "10945182"))
    assert decision.decision == REFER
    assert not decision.matches[0].document_listed
    assert "another issuing country" in decision.reasons[0]


@pytest.mark.slow
def test_magnit_person_against_the_full_official_lists(shared_data, fixtures):
    entities = [
        e for rel in ("ofac_sdn_2021/sdn.csv", "un/consolidated.xml") for e in open_list(shared_data / rel).entities()
    ]
    visa = VisaScreener(Screener.from_entities(entities))
    assert visa.screen_mrz(mrz(fixtures, "klyuev_td3.txt")).decision == DENY
    assert visa.screen_mrz(mrz(fixtures, "icao_td3_eriksson.txt")).decision == CLEAR


def test_strong_threshold_is_configurable_and_validated(visa):
    """Birth year only: name 0.965 + same year 0.03 is strong at 0.92, not at 1.0."""
    year_only = Applicant.from_form("KLIUEV", "DMITRII", "1967")
    assert visa.screen_applicant(year_only).decision == DENY
    strict = VisaScreener(visa.screener, strong_threshold=1.0)
    decision = strict.screen_applicant(year_only)
    assert decision.decision == REFER and decision.thresholds.strong == 1.0
    with pytest.raises(ValueError, match="thresholds"):
        VisaScreener(visa.screener, strong_threshold=0.5)


@pytest.mark.parametrize(
    "form, field",
    [
        (dict(surname=""), "surname"),
        (dict(surname="DOE", birth_date="31/31/1967"), "birth date"),
        (dict(surname="DOE", birth_date="2999-01-01"), "birth date"),
        (dict(surname="DOE", nationality="Atlantis"), "nationality"),
        (dict(surname="DOE", passport="AB 12!"), "passport"),
        (dict(surname="DOE", sex="Q"), "sex"),
        (dict(surname="D0E"), "surname"),
        (dict(surname="X" * 300), "surname"),
    ],
)
def test_bad_applicant_forms_name_the_field(form, field):
    with pytest.raises(ApplicantError, match=f"^{field}:"):
        Applicant.from_form(**form)


def test_applicant_form_accepts_icao_codes_and_names():
    assert Applicant.from_form("DOE", nationality="D").nationality == "de"
    assert Applicant.from_form("DOE", nationality="GBN").nationality == "gb"
    assert Applicant.from_form("DOE", nationality="XXA").nationality is None
    assert Applicant.from_form("DOE", nationality="Russian Federation").nationality == "ru"
    applicant = Applicant.from_form("DOE", passport="ab-123 456", nationality="UKR")
    assert applicant.document_number == "AB123456" and applicant.issuing_country == "ua"
