"""Screening real list entries by the spellings they turn up in."""

import pytest

from magnitsky import Screener
from magnitsky.data import default_lists
from magnitsky.match import QueryError
from magnitsky.sources import open_list


@pytest.fixture(scope="module")
def screener():
    entities = [e for path in default_lists() for e in open_list(path).entities()]
    return Screener.from_entities(entities)


def person(name, **props):
    return {"schema": "Person", "properties": {"name": [name], **props}}


def top(result):
    return result.matches[0] if result.matches else None


@pytest.mark.parametrize(
    "spelling",
    [
        "KLIUEV DMITRII",  # ICAO 9303 passport
        "Klyuev Dmitry",  # BGN/PCGN
        "Kljujew Dmitrij",  # German
        "Клюев Дмитрий Владиславович",  # original script
        "Dmitry KLYUEV",  # no patronymic, reordered
        "Dmitri Klyuyev",  # list alias spelling
        "Dmitry Vladislavovich Kluyev",  # typo (transposition)
        "D. V. Klyuev",  # initials
    ],
)
def test_klyuev_is_found_whatever_the_spelling(screener, spelling):
    hit = top(screener.screen(person(spelling)))
    assert hit.entity_id == "ofac_sdn:16399" and hit.match, hit


def test_birth_date_agreement_and_contradiction(screener):
    agree = top(screener.screen(person("KLIUEV DMITRII", birthDate=["1967-08-10"])))
    contradict = top(screener.screen(person("KLIUEV DMITRII", birthDate=["1990"])))
    assert agree.entity_id == contradict.entity_id == "ofac_sdn:16399"
    assert agree.score > contradict.score
    assert agree.match and not contradict.match
    effects = {e["feature"]: e["effect"] for e in contradict.explanation["evidence"]}
    assert effects["birth_date"] < 0


def test_explanation_names_the_tokens_and_listed_name(screener):
    hit = top(screener.screen(person("KLIUEV DMITRII", birthDate=["1967"])))
    name = hit.explanation["name"]
    assert name["query"] == "KLIUEV DMITRII"
    assert {t["query"] for t in name["tokens"]} == {"kliuev", "dmitry"}  # given names in canonical form
    assert name["unmatched_query"] == []
    assert hit.explanation["evidence"][0]["feature"] == "birth_date"


def test_a_callers_filter_applies_before_the_limit(screener):
    """The HTTP API's dataset and exclusion filters: entities left out make room for the next ones."""
    query = person("Mohammad Hassan")
    everything = screener.screen(query, limit=100)
    assert len(everything.matches) > 3
    first = everything.matches[0].entity_id
    filtered = screener.screen(query, limit=2, accept=lambda entity: entity.id != first)
    assert [m.entity_id for m in filtered.matches] == [m.entity_id for m in everything.matches[1:3]]


@pytest.mark.parametrize("name", ["Mohammad Hassan", "Ali Hassan", "KIM Song", "Dmitry Klyuev", "AL-QAIDA"])
@pytest.mark.parametrize("limit", [1, 3, 5])
def test_the_best_candidates_do_not_depend_on_the_limit(screener, name, limit):
    """Scoring stops once no remaining candidate could enter the limit: what it returns is still
    the start of the full ranking."""
    for query in (person(name), person(name, birthDate=["1965"], nationality=["ir"])):
        full = [(m.entity_id, m.score) for m in screener.screen(query, limit=100).matches]
        assert [(m.entity_id, m.score) for m in screener.screen(query, limit=limit).matches] == full[:limit]


def test_person_never_matches_a_vessel_or_company(screener):
    result = screener.screen({"schema": "Vessel", "properties": {"name": ["Ramzan Kadyrov"]}})
    assert all(m.schema == "Vessel" for m in result.matches)
    result = screener.screen(person("BANK ROSSIYA"))
    assert all(m.schema == "Person" for m in result.matches)


def test_ordinary_names_do_not_alert(screener):
    for name in ["John Smith", "Maria Garcia Lopez", "Hans Müller", "Wang Wei"]:
        assert screener.screen(person(name)).hits == [], name


def test_matching_document_number_is_decisive(screener):
    listed = next(e for e in screener.index.entities if any(i.type == "passport" for i in e.identifiers))
    passport = next(i for i in listed.identifiers if i.type == "passport")
    result = screener.screen(person("Somebody Else", idNumber=[passport.value.lower()]))
    hit = next(m for m in result.matches if m.entity_id == listed.id)
    assert hit.score == 1.0 and hit.match
    assert any(e["feature"] == "identifier" for e in hit.explanation["evidence"])


@pytest.mark.parametrize(
    "query,message",
    [
        ({"schema": "Spaceship", "properties": {"name": ["x"]}}, "unknown schema"),
        ({"schema": "Person", "properties": {"name": ["...!!!"]}}, "no name"),
        ({"schema": "Person", "properties": {"name": ["a" * 10_000]}}, "longer than"),
        ({"schema": "Person", "properties": {"name": ["Ann Lee"], "birthDate": ["1990-02-31x"]}}, "not a date"),
        ({"schema": "Person", "properties": {"name": ["Ann Lee"], "nationality": ["Atlantis"]}}, "not a country"),
        ({"schema": "Person", "properties": {"name": "Ann Lee", "birthDate": [1990]}}, "list of strings"),
        ("Ann Lee", "object"),
    ],
)
def test_bad_queries_get_clear_errors(screener, query, message):
    with pytest.raises(QueryError, match=message):
        screener.screen(query)


def test_odd_unicode_gives_results_not_crashes(screener):
    for name in ["\u0000Dmitry\u200bKlyuev", "𝕂𝕝𝕪𝕦𝕖𝕧 𝔻𝕞𝕚𝕥𝕣𝕪", "ᏗᏰᏣ", "Klyuev\u0301"]:
        screener.screen(person(name))


def test_index_round_trips_through_its_cache(tmp_path, screener):
    path = tmp_path / "index.pkl"
    screener.index.save(path)
    again = Screener(type(screener.index).load(path))
    assert top(again.screen(person("Klyuev Dmitry"))).entity_id == "ofac_sdn:16399"


def test_screening_an_empty_store_is_an_error_not_no_hits(store):
    """The README's Python snippet on a fresh (or mistyped) database: an error naming the
    database, never an empty result that reads as "not listed"."""
    from magnitsky.screening import NoListsError

    screener = Screener.from_store(store)
    with pytest.raises(NoListsError, match="no list is loaded in") as raised:
        screener.screen({"schema": "Person", "properties": {"name": ["Dmitry Klyuev"]}})
    assert store.engine.url.database in str(raised.value)
    assert "magnitsky:magnitsky@" not in str(raised.value)  # never the password


def test_screening_no_entities_is_an_error():
    from magnitsky.screening import NoListsError

    with pytest.raises(NoListsError, match="no list is loaded in the entities given"):
        Screener.from_entities([]).screen({"schema": "Person", "properties": {"name": ["Dmitry Klyuev"]}})
