"""POST /match: the yente request and response contract, datasets, filters, and the audit trail.

Runs the real app on the bundled OFAC/UN excerpts, on SQLite and (when configured) PostgreSQL.
"""

import pytest

from api_support import KLYUEV, running_api
from magnitsky.store import AuditLog


@pytest.fixture
def api(database_url, tmp_path):
    with running_api(database_url, tmp_path) as api:
        yield api


def test_official_yente_request_gets_a_yente_shaped_answer(api):
    # The body a yente client (e.g. the OpenSanctions API tutorial) sends, params included.
    body = {
        "queries": {
            "q1": KLYUEV,
            "q2": {"schema": "Company", "properties": {"name": ["Brilliant Amazing Limited"], "jurisdiction": ["hk"]}},
        }
    }
    response = api.post("/match/default?algorithm=logic-v1&threshold=0.7&limit=3", body)
    assert response.status_code == 200, response.text
    data = response.json()
    assert set(data) == {"responses", "matcher", "limit", "versions"}
    assert data["limit"] == 3
    assert set(data["matcher"]) >= {"name", "birth_date"} and "description" in data["matcher"]["name"]
    first = data["responses"]["q1"]
    assert first["status"] == 200
    found = len(first["results"])  # "at least" when the results reach the limit
    assert first["total"] == {"value": found, "relation": "eq" if found < 3 else "gte"}
    assert first["query"] == {"id": None, "schema": "Person", "properties": KLYUEV["properties"]}
    top = first["results"][0]
    assert top["id"] == "ofac_sdn:16399" and top["referents"] == ["ofac-sdn-16399"]
    assert top["caption"] == "Dmitry Vladislavovich KLYUEV" and top["schema"] == "Person"
    assert top["match"] is True and top["score"] >= 0.9 and top["datasets"] == ["ofac_sdn"]
    assert top["properties"]["birthDate"] == ["1967-08-10"] and "MAGNIT" in top["properties"]["program"]
    assert top["features"]["name"] > 0.9 and top["features"]["birth_date"] > 0
    assert top["explanation"]["name"]["list"] in ("Dmitriy KLYUYEV", "Dmitry Vladislavovich KLYUEV")
    assert top["target"] is True and top["last_seen"]
    assert len(first["results"]) <= 3
    assert all(not r["match"] for r in data["responses"]["q2"]["results"])
    assert response.headers["X-Batch-Size"] == "2"


def test_every_answer_is_in_the_audit_trail_before_it_is_sent(api):
    response = api.post("/match/ofac_sdn", {"queries": {"applicant": KLYUEV}})
    seq = int(response.headers["X-Audit-Record"])
    record = next(r for r in AuditLog(api.app.state.store.engine).records("apikey:test-screener") if r.seq == seq)
    assert record.actor == "api:test-screener" and record.action == "screen.match"
    details = record.details
    assert details["request_id"] == response.headers["X-Request-Id"]
    assert details["endpoint"] == "POST /match/ofac_sdn"
    assert details["asked"]["applicant"]["properties"]["name"] == ["Dmitry Klyuev"]
    top = response.json()["responses"]["applicant"]["results"][0]
    assert details["answered"]["applicant"][0] == {"id": "ofac_sdn:16399", "score": top["score"], "match": True}
    assert details["versions"] == ["ofac_sdn:1", "un_sc:1"]
    assert AuditLog(api.app.state.store.engine).verify().ok


def test_no_answer_when_the_audit_trail_cannot_be_written(api):
    from magnitsky.store.schema import audit_head

    with api.app.state.store.engine.begin() as conn:  # a damaged trail: its chain head is gone
        conn.execute(audit_head.delete())
    response = api.post("/match/default", {"queries": {"q": KLYUEV}})
    assert response.status_code == 503
    assert "audit trail could not be written" in response.json()["detail"]
    assert "KLYUEV" not in response.text and response.headers["Retry-After"]


def test_datasets_and_filters(api):
    body = {"queries": {"q": KLYUEV}}
    assert api.post("/match/ofac_sdn", body).json()["responses"]["q"]["results"][0]["id"] == "ofac_sdn:16399"
    assert all(r["datasets"] == ["un_sc"] for r in api.post("/match/un_sc", body).json()["responses"]["q"]["results"])
    kakolele = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Frank Kakolele Bwambale"]}}}}
    assert api.post("/match/un_sc", kakolele).json()["responses"]["q"]["results"][0]["id"] == "un_sc:CDi.002"
    assert "un_sc:CDi.002" not in [
        r["id"] for r in api.post("/match/ofac_sdn", kakolele).json()["responses"]["q"]["results"]
    ]
    unknown = api.post("/match/eu_fsf", body)
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "unknown dataset 'eu_fsf'; available: default, ofac_sdn, un_sc"
    for query in (
        "exclude_dataset=ofac_sdn",
        "exclude_entity_ids=ofac-sdn-16399",
        "exclude_schema=Person",
        "topics=crime",
    ):
        results = api.post(f"/match/default?{query}", body).json()["responses"]["q"]["results"]
        assert "ofac_sdn:16399" not in [r["id"] for r in results], query
    only_matches = api.post("/match/default?cutoff=0.85", body).json()["responses"]["q"]
    assert [r["id"] for r in only_matches["results"]] == ["ofac_sdn:16399"] and only_matches["total"]["value"] == 1


def test_threshold_decides_match(api):
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Dmitri Kluev"]}}}}
    strict = api.post("/match/default?threshold=0.99", body).json()["responses"]["q"]["results"][0]
    loose = api.post("/match/default?threshold=0.5", body).json()["responses"]["q"]["results"][0]
    assert strict["id"] == loose["id"] == "ofac_sdn:16399"
    assert strict["score"] == loose["score"] and strict["match"] is False and loose["match"] is True
