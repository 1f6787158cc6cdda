"""The audit trail over HTTP (real app, real store, SQLite and PostgreSQL): one screener key cannot
fill the disk through it (a /match record keeps what screening used and only counts the properties
it does not read, a big record is charged against the key's rate), and /audit/verify checks the
chain against the signed checkpoints in the data directory."""

import json

import pytest
from sqlalchemy import delete, update

from api_support import KLYUEV, running_api
from magnitsky.store import AuditLog
from magnitsky.store.audit import GENESIS
from magnitsky.store.checkpoints import CheckpointSigner
from magnitsky.store.schema import audit_head, audit_log

# 58 properties screening does not read, 15.5 KB each: about 0.9 MB, under the 1 MiB body limit
UNREAD = {f"note{i:02d}": ["x" * 15_500] for i in range(58)}


@pytest.fixture
def api(database_url, tmp_path):
    with running_api(database_url, tmp_path, rate=5.0, burst=5.0) as api:
        yield api


def test_audit_verify_checks_the_signed_checkpoints(api, tmp_path):
    engine = api.app.state.store.engine
    assert api.post("/match/default", {"queries": {"q": KLYUEV}}).status_code == 200
    checkpoint = CheckpointSigner(tmp_path).write(engine)  # tmp_path is the service's data directory
    verified = api.get("/audit/verify", "admin").json()
    assert verified["ok"] is True and verified["checkpoints"] == 1 and verified["records"] == checkpoint.seq
    with engine.begin() as conn:  # everything deleted and the head reset: the chain alone looks intact
        conn.execute(delete(audit_log))
        conn.execute(update(audit_head).values(seq=0, hash=GENESIS))
    broken = api.get("/audit/verify", "admin").json()
    assert broken["ok"] is False
    assert broken["problem"] == f"records after 0 were deleted: a signed checkpoint vouches for record {checkpoint.seq}"


def _record(api, answer):
    seq = int(answer.headers["X-Audit-Record"])
    return next(AuditLog(api.app.state.store.engine).records(since=seq - 1))


def test_unread_properties_are_counted_not_stored(api):
    query = {"schema": "Person", "properties": {**KLYUEV["properties"], **UNREAD}}
    answer = api.post("/match/default", {"queries": {"q": query}})
    assert answer.status_code == 200, answer.text
    assert answer.json()["responses"]["q"]["results"][0]["id"] == "ofac_sdn:16399"
    record = _record(api, answer)
    asked = record.details["asked"]["q"]
    assert asked["properties"] == {"name": ["Dmitry Klyuev"], "birthDate": ["1967-08-10"]}
    assert asked["unread_properties"] == {"count": 58, "first": [f"note{i:02d}" for i in range(10)]}
    assert len(json.dumps(record.details)) < 2_000


def test_a_big_audit_record_counts_as_many_requests_against_the_keys_rate(api):
    # identifiers are read by screening, so they are kept: 3 properties x 50 values x 490 characters
    ids = {prop: [f"{n:03d}" + "7" * 487 for n in range(50)] for prop in ("idNumber", "passportNumber", "taxNumber")}
    query = {"schema": "Person", "properties": {"name": ["Dmitry Klyuev"], **ids}}
    headers = api.slow_refill_key("slow-refill")
    first = api.client.post("/match/default", json={"queries": {"q": query}}, headers=headers)
    assert first.status_code == 200, first.text
    assert len(json.dumps(_record(api, first).details)) > 70_000  # kept whole: screening used it
    # the burst of 5 would admit it, the record's size not
    small = api.client.post("/match/default", json={"queries": {"q": KLYUEV}}, headers=headers)
    assert small.status_code == 429 and "over its rate" in small.json()["detail"]


def test_an_identifier_longer_than_a_name_may_be_is_refused(api):
    query = {"schema": "Person", "properties": {"name": ["Dmitry Klyuev"], "idNumber": ["1" * 501]}}
    answer = api.post("/match/default", {"queries": {"q": query}})
    assert answer.status_code == 400 and "idNumber value of 501 characters" in answer.json()["detail"]
