"""POST /screen/visa and /screen/payment over HTTP, with the fixture MRZs (tests/fixtures/mrz) and
payment messages (tests/fixtures/payments), both written from their published standards."""

import pytest

from api_support import running_api
from magnitsky.store import AuditLog


@pytest.fixture
def api(database_url, tmp_path):
    with running_api(database_url, tmp_path) as api:
        yield api


def test_visa_from_mrz_and_form(api, fixtures):
    mrz = (fixtures / "mrz" / "klyuev_td3.txt").read_text()
    denied = api.post("/screen/visa", {"mrz": mrz})
    assert denied.status_code == 200, denied.text
    decision = denied.json()
    assert decision["decision"] == "DENY" and decision["matches"][0]["entity_id"] == "ofac_sdn:16399"
    assert decision["list_versions"] == ["ofac_sdn:1", "un_sc:1"]
    record = next(AuditLog(api.app.state.store.engine).records(since=int(denied.headers["X-Audit-Record"]) - 1))
    assert (record.actor, record.action, record.details["decision"]) == ("api:test-screener", "visa.decide", "DENY")
    cleared = api.post(
        "/screen/visa", {"applicant": {"surname": "Mustermann", "given_names": "Erika", "birth_date": "1964-08-12"}}
    )
    assert cleared.json()["decision"] == "CLEAR" and cleared.headers["X-Audit-Record"]


@pytest.mark.parametrize(
    "body, message",
    [
        ({"mrz": "P<UTOERIKSSON<<ANNA<MARIA"}, "MRZ"),
        ({"applicant": {"surname": "Smith", "birth_date": "31/31/1999"}}, "birth"),
        ({}, "exactly one of 'mrz'"),
        ({"mrz": "x", "applicant": {"surname": "Smith"}}, "exactly one of 'mrz'"),
    ],
)
def test_visa_bad_input(api, body, message):
    response = api.post("/screen/visa", body)
    assert response.status_code == 400 and message in response.json()["detail"], response.text


@pytest.mark.parametrize(
    "old, new, problem",
    [
        ("DEUTDEFF-20261125-000417", "M" * 141, "GrpHdr/MsgId has 141 characters"),
        ("8a562c67-ca16-48ba-b074-65581be6f011", "8a562c67-ca16-48ba-b074-65581be6f011-1234567", "is not a UETR"),
    ],
)
def test_payment_identifiers_too_long_for_the_register_are_bad_input_on_both_databases(
    api, fixtures, old, new, problem
):
    """They answered 503 "retry later" on PostgreSQL (its columns are bounded), for ever."""
    data = (fixtures / "payments" / "pacs008_magnit_creditor.xml").read_text().replace(old, new).encode()
    response = api.client.post(
        "/screen/payment", content=data, headers={**api.headers(), "Content-Type": "application/xml"}
    )
    assert response.status_code == 400 and problem in response.json()["detail"], response.text


def test_payment_decisions_are_recorded_once(api, fixtures):
    data = (fixtures / "payments" / "pacs008_magnit_creditor.xml").read_bytes()
    headers = {**api.headers(), "Content-Type": "application/xml"}
    first = api.client.post("/screen/payment", content=data, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["decision"] == "BLOCK" and first.json()["replayed"] is False
    assert first.json()["decided_by"] == "api:test-screener"
    again = api.client.post("/screen/payment", content=data, headers=headers).json()
    assert again["replayed"] is True and again["decision_id"] == first.json()["decision_id"]
    clean = (fixtures / "payments" / "pacs008_clean.xml").read_bytes()
    assert api.client.post("/screen/payment", content=clean, headers=headers).json()["decision"] == "PASS"
    bad = api.client.post("/screen/payment", content=b"<Document>", headers=headers)
    assert bad.status_code == 400 and bad.json()["detail"].startswith("message")
    assert (
        api.client.post("/screen/payment", content=data, headers={"Content-Type": "application/xml"}).status_code == 401
    )
