"""One person across lists over HTTP (SQLite, and PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is
set): the bundled OFAC and UN excerpts with the EU sample file (../shared/data/samples), whose
Leo Manzi the UN lists as Leodomir Mugaragu: a proposal an analyst reads, a supervisor judges."""

import pytest
from sqlalchemy import select

from api_support import load_bundled, running_api
from conftest import SHARED_DATA
from magnitsky.api.keys import Role
from magnitsky.linking import relink
from magnitsky.screening import Screener
from magnitsky.sources import open_list
from magnitsky.store.schema import audit_log
from reviewers import bind_key, enrol

MANZI = ("eu_fsf:5807", "un_sc:CDi.013")


@pytest.fixture
def api(database_url, tmp_path):
    store = load_bundled(database_url)
    store.load(open_list(SHARED_DATA / "samples" / "sample_eu.xml"), actor="test")
    relink(store, Screener.from_store(store).index, "test")
    store.engine.dispose()
    with running_api(database_url, tmp_path) as api:
        cases = api.app.state.cases
        for name, role in {"ana": "analyst", "sam": "supervisor"}.items():
            enrol(cases.users, name, role)
            api.keys[name] = bind_key(api.app.state.keys, cases.users, f"key-{name}", Role.parse(role), name)
        yield api


def manzi_hits(api) -> list[dict]:
    """The results for Leo Manzi that are one of his two listings (merged or not)."""
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Leo Manzi"], "birthDate": ["1953"]}}}}
    answer = api.post("/match/default", body)
    assert answer.status_code == 200, answer.text
    return [hit for hit in answer.json()["responses"]["q"]["results"] if hit["id"] in MANZI]


def test_a_proposal_is_read_by_an_analyst_and_confirmed_by_a_supervisor_who_is_audited(api):
    listed = api.get("/links", role="ana")
    assert listed.status_code == 200, listed.text
    proposal = next(link for link in listed.json()["links"] if (link["left"], link["right"]) == MANZI)
    assert proposal["status"] == "proposed" and "same birth year 1953" in proposal["basis"]
    assert listed.json()["counts"]["proposed"] >= 1
    assert len(manzi_hits(api)) == 2  # proposed: still two hits

    body = {"left": MANZI[1], "right": MANZI[0], "rationale": "UN narrative names him Leo Manzi"}
    assert api.post("/links/confirm", body, role="ana").status_code == 403
    nobody = api.post("/links/confirm", body, role="supervisor")  # a key acting for no reviewer
    assert nobody.status_code == 403 and "acts for no reviewer" in nobody.json()["detail"], nobody.text
    confirmed = api.post("/links/confirm", body, role="sam")
    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["status"], confirmed.json()["decided_by"]) == ("confirmed", "sam")

    hits = manzi_hits(api)  # the service screens with the judgement at once
    assert len(hits) == 1
    assert {listing["entity_id"] for listing in hits[0]["explanation"]["merged"]["listings"]} == set(MANZI)
    assert hits[0]["explanation"]["merged"]["links"][0]["decided_by"] == "sam"
    assert (
        api.get("/links", params={"status": "confirmed", "entity": MANZI[0]}, role="ana").json()["links"][0][
            "rationale"
        ]
        == body["rationale"]
    )

    rejected = api.post("/links/reject", {**body, "rationale": "a namesake after all"}, role="sam")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert len(manzi_hits(api)) == 2
    with api.app.state.store.engine.connect() as conn:
        actions = conn.execute(
            select(audit_log.c.actor, audit_log.c.action).where(audit_log.c.subject == f"link:{MANZI[0]}|{MANZI[1]}")
        ).all()
    assert [tuple(a) for a in actions] == [("sam", "link.confirm"), ("sam", "link.reject")]


REFUSED = [
    ("/links/confirm", {"left": "ofac_sdn:1", "right": "un_sc:QDi.1", "rationale": "x"}, 404),
    ("/links/confirm", {"left": MANZI[0], "right": MANZI[1], "rationale": ""}, 422),
    ("/links/reject", {"left": MANZI[0], "right": MANZI[1]}, 422),
    ("/links/reject", {"left": "a\u0000b", "right": MANZI[1], "rationale": "x"}, 422),
]


def test_a_judgement_refused_says_why_and_changes_nothing(api):
    for path, body, status in REFUSED:
        answer = api.post(path, body, role="sam")
        assert answer.status_code == status, (body, answer.text)
        assert answer.json()["detail"], body
    assert api.get("/links", params={"status": "bogus"}, role="ana").status_code == 422
    assert api.get("/links", params={"status": "confirmed"}, role="ana").json()["links"] == []
    assert api.get("/links", params={"status": "rejected"}, role="ana").json()["links"] == []
