"""The registry over HTTP: the public nomination door (no key, rate limited, a receipt only), the
officers' door (keys bound to users, registry roles, four eyes), evidence served so that no browser
runs it, and the published files. A real app over a real store with the bundled lists."""

import base64
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from api_support import running_api
from magnitsky.api.keys import Role
from magnitsky.cases.users import Users
from registry_support import ELEMENTS, GLOMAG, OFFICERS, REGISTRY_FIXTURES, nomination
from reviewers import bind_key, enrol


@pytest.fixture
def api(tmp_path):
    with running_api(f"sqlite:///{tmp_path / 'magnitsky.db'}", tmp_path / "home") as api:
        registry = api.app.state.registry
        users = Users(registry.engine)
        for name, roles in OFFICERS.items():
            enrol(users, name, "analyst")
            for role in roles:
                registry.roles.grant(name, role, by="setup")
            api.keys[name] = bind_key(api.app.state.keys, users, f"key-{name}", Role.ANALYST, name)
        yield api


def upload(name: str) -> dict:
    data = (REGISTRY_FIXTURES / name).read_bytes()
    return {"filename": name, "description": name, "content_base64": base64.b64encode(data).decode()}


def test_public_nomination_answers_a_receipt_and_is_rate_limited(api):
    body = {"nomination": nomination(submitter=None), "evidence": [upload("medical_report.pdf")]}
    answer = api.client.post("/registry/public/nominations", json=body)
    assert answer.status_code == 201, answer.text
    receipt = answer.json()
    assert receipt["state"] == "submitted" and set(receipt) == {"nomination", "state", "evidence"}
    assert receipt["evidence"][0]["filename"] == "medical_report.pdf"
    view = api.get(f"/registry/nominations/{receipt['nomination']}", role="ivan").json()
    assert view["intake"]["summary"] == "not listed by any loaded list (ofac_sdn, un_sc)"
    codes = [api.client.post("/registry/public/nominations", json=body).status_code for _ in range(6)]
    assert 429 in codes
    assert "Retry-After" in api.client.post("/registry/public/nominations", json=body).headers


@pytest.mark.parametrize(
    "body, field",
    [
        ({"nomination": {"subject": {"name": "X"}}}, "conduct: required"),
        ({"nomination": nomination(regimes={"global_magnitsky": [{"x": 1}]})}, "nomination.regimes.global_magnitsky"),
        ({"nomination": nomination(submitter=None), "evidence": [{"filename": "a", "content_base64": "!!"}]}, "base64"),
        ({"nomination": nomination(conduct={"what": "a\u0000", "when": "2022", "role": "x"})}, "NUL"),
    ],
)
def test_bad_public_nominations_get_422_naming_the_field(api, body, field):
    answer = api.client.post("/registry/public/nominations", json=body)
    assert answer.status_code == 422 and field in answer.json()["detail"]


def test_officers_need_a_key_bound_to_a_user_with_the_role(api):
    assert api.get("/registry/nominations").status_code == 403  # a key acting for nobody
    assert api.client.get("/registry/nominations").status_code == 401
    created = api.post("/registry/nominations", {"nomination": nomination()}, role="ngo")
    assert created.status_code == 201
    number = created.json()["id"]
    assert api.post(f"/registry/nominations/{number}/steps/triage", {}, role="ngo").status_code == 409
    submitted = api.post(f"/registry/nominations/{number}/steps/submit", {}, role="ngo")
    assert submitted.json()["state"] == "submitted"
    refused = api.post(f"/registry/nominations/{number}/steps/triage", {}, role="ngo")
    assert refused.status_code == 403 and "investigator" in refused.json()["detail"]
    assert api.get(f"/registry/nominations/{number}/submitter?reason=x", role="ivan").status_code == 403
    revealed = api.get(f"/registry/nominations/{number}/submitter?reason=court", role="sofia").json()
    assert revealed["organisation"] == "Baltic Detention Monitor"


def test_the_whole_path_over_http_publishes_an_entry_served_signed(api):
    number = api.post(
        "/registry/nominations", {"nomination": nomination(), "evidence": [upload("witness_statement.txt")]}, role="ngo"
    ).json()["id"]
    api.post(f"/registry/nominations/{number}/steps/submit", {}, role="ngo")
    for step in ("triage", "investigate"):
        assert api.post(f"/registry/nominations/{number}/steps/{step}", {}, role="ivan").status_code == 200
    for element in ELEMENTS:
        assessment = {
            "regime": GLOMAG[0],
            "criterion": GLOMAG[1],
            "element": element,
            "status": "met",
            "supporting": [1],
        }
        assert (
            api.client.put(
                f"/registry/nominations/{number}/checklist", json=assessment, headers=api.headers("ivan")
            ).status_code
            == 200
        )
    paragraphs = {"paragraphs": [{"text": "He ordered it.", "releasable": True, "evidence": [1]}]}
    assert api.post(f"/registry/nominations/{number}/statement", paragraphs, role="ivan").json() == {"version": 1}
    api.post(f"/registry/nominations/{number}/steps/to_legal_review", {}, role="ivan")
    proposal = {"action": "designate", "reasons": "all elements met"}
    assert api.post(f"/registry/nominations/{number}/proposals", proposal, role="lena").status_code == 201
    assert api.post(f"/registry/nominations/{number}/approve", {}, role="lena").status_code == 403
    assert api.post(f"/registry/nominations/{number}/approve", {}, role="dora").status_code == 200
    published = api.post(f"/registry/nominations/{number}/publish", None, role="paul")
    assert published.status_code == 200 and published.json()["designation"] == "registry-00001"

    evidence = api.get("/registry/evidence/1?reason=review", role="ivan")
    assert evidence.content == (REGISTRY_FIXTURES / "witness_statement.txt").read_bytes()
    assert evidence.headers["content-type"] == "application/octet-stream"
    assert evidence.headers["x-content-type-options"] == "nosniff"
    assert evidence.headers["content-disposition"].startswith("attachment")
    ftm = api.client.get("/registry/public/published/v1/designations.ftm.json")
    assert json.loads(ftm.content.splitlines()[0])["properties"]["name"] == ["Igor Yevgenyevich Zhuravlyov"]
    feed = api.client.get("/registry/public/published/feed.json").json()
    assert feed["versions"][0]["changes"] == [{"designation": "registry-00001", "change": "added"}]
    assert api.client.get("/registry/public/published/v1/..%2F..%2Fkeys%2Fsigning.key").status_code == 404
    assert api.client.get("/registry/public/published/signing.key").status_code == 404


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
@pytest.mark.parametrize("path, key", [("/registry/public/nominations", None), ("/registry/nominations", "no-such")])
def test_an_oversized_body_gets_413_as_json(api, path, key, chunked):
    """Over MAGNITSKY_API_MAX_BODY (1 MiB): 413 with a JSON detail, whether the size is declared
    or only seen while reading, and whether or not the route reads the body (a wrong key is
    refused before it is read: Starlette's own limit then answered 413 as text/plain)."""
    body = json.dumps({"nomination": nomination(submitter=None), "pad": "x" * 1_100_000}).encode()
    headers = {"Content-Type": "application/json", **({"Authorization": f"ApiKey {key}"} if key else {})}
    content = (body[i : i + 65536] for i in range(0, len(body), 65536)) if chunked else body
    answer = api.client.post(path, content=content, headers=headers)
    assert answer.status_code == 413 and answer.headers["content-type"] == "application/json"
    assert answer.json() == {"detail": "the request body is over the service's limit of 1,048,576 bytes"}


def test_a_petition_over_http_public_filing_status_by_token_four_eyes_and_publication(api):
    from registry_support import designate, screener_of

    registry = api.app.state.registry
    screener = screener_of(registry)
    number = designate(registry, screener)
    designate(registry, screener, nomination(subject={"name": "Oleg Petrovich Sidorov"}))
    petition = {
        "grounds": ["insufficient_basis"],
        "statement": "The orders were signed by my deputy.",
        "petitioner": {"name": "Counsel for the petitioner", "capacity": "representative", "representative": "I. Z."},
    }
    bad = api.client.post(
        "/registry/public/petitions", json={"nomination": number, "petition": {**petition, "grounds": ["unfair"]}}
    )
    assert bad.status_code == 422 and "grounds" in bad.text
    assert (
        api.client.post("/registry/public/petitions", json={"nomination": 99, "petition": petition}).status_code == 404
    )
    filed = api.client.post("/registry/public/petitions", json={"nomination": number, "petition": petition})
    assert filed.status_code == 201, filed.text
    receipt = filed.json()
    assert set(receipt) == {"petition", "state", "receipt_token"}
    token = receipt["receipt_token"]
    assert api.client.post("/registry/public/petitions/status", json={"token": "x" * 32}).status_code == 404

    assert api.get("/registry/petitions", role="ngo").status_code == 403
    assert (
        api.get(f"/registry/petitions/{receipt['petition']}", role="ivan").json()["petitioner"]["capacity"]
        == "representative"
    )
    message = api.post(f"/registry/petitions/{receipt['petition']}/messages", {"text": "Any documents?"}, role="ivan")
    assert message.status_code == 200
    reply = api.client.post("/registry/public/petitions/replies", json={"token": token, "text": "Sent by post."})
    assert [m["from"] for m in reply.json()["messages"]] == ["authority", "petitioner"]
    proposal = {"decision": "grant", "reasons": "No evidence he gave the orders."}
    assert api.post(f"/registry/petitions/{receipt['petition']}/proposal", proposal, role="lena").status_code == 200
    assert api.post(f"/registry/petitions/{receipt['petition']}/decision", {}, role="lena").status_code == 403
    assert api.post(f"/registry/petitions/{receipt['petition']}/decision", {}, role="dora").json()["state"] == "granted"
    published = api.post(f"/registry/nominations/{number}/publish", None, role="paul")
    assert published.status_code == 200 and published.json()["change"] == "removed"
    status = api.client.post("/registry/public/petitions/status", json={"token": token}).json()
    assert status["state"] == "granted" and status["reasons"] == "No evidence he gave the orders."
    feed = api.client.get("/registry/public/published/feed.json").json()
    assert feed["versions"][0]["changes"] == [{"designation": "registry-00001", "change": "removed"}]


def test_reviews_and_clocks_over_http(api):
    from registry_support import designate, screener_of

    registry = api.app.state.registry
    number = designate(registry, screener_of(registry))
    due = registry.view(number)["review_due"]
    assert api.get("/registry/reviews?overdue=true", role="ivan").json() == []
    late = api.get("/registry/reviews?overdue=true&on=2100-01-01", role="ivan").json()
    assert [(r["nomination"], r["due_on"]) for r in late] == [(number, due)]
    assert api.get("/registry/reviews?on=not-a-date", role="ivan").status_code == 422
    findings = {"criteria_met": True, "deceased": False, "changed_circumstances": False, "new_evidence": False}
    body = {"findings": findings, "outcome": "keep", "reasons": "Still in office."}
    review = api.post(f"/registry/nominations/{number}/reviews", body, role="lena")
    assert review.status_code == 201, review.text
    assert api.post(f"/registry/reviews/{review.json()['id']}/decision", {}, role="lena").status_code == 403
    assert api.post(f"/registry/reviews/{review.json()['id']}/decision", {}, role="dora").json()["state"] == "decided"

    opening = {
        "regime": "global_magnitsky",
        "kind": "congressional_request",
        "concerning": "House Foreign Affairs Committee request",
        "owner": "lena",
        "opened_on": "2026-01-15",
    }
    clock = api.post("/registry/clocks", opening, role="ivan")
    assert clock.status_code == 201 and clock.json()["due_on"] == "2026-05-15"
    assert api.post("/registry/clocks", {**opening, "kind": "exile"}, role="ivan").status_code == 422
    overdue = api.get("/registry/clocks?overdue=true&on=2026-05-16", role="ivan").json()
    assert [c["id"] for c in overdue] == [clock.json()["id"]]
    answer = {"answer": "Determination sent", "answered_on": "2026-05-10"}
    answered = api.post(f"/registry/clocks/{clock.json()['id']}/answer", answer, role="lena").json()
    assert answered["status"] == "answered" and answered["late"] is False
    assert api.get("/registry/clocks?overdue=true&on=2026-05-16", role="ivan").json() == []


def test_a_petitioners_evidence_is_downloaded_over_http_hash_checked_and_permission_checked(api):
    from registry_support import designate, screener_of

    registry = api.app.state.registry
    number = designate(registry, screener_of(registry))
    petition = {
        "grounds": ["changed_circumstances"],
        "statement": "I left the service in 2023; the certificate is attached.",
        "petitioner": {"name": "I. Z.", "capacity": "subject"},
    }
    filed = api.client.post(
        "/registry/public/petitions",
        json={"nomination": number, "petition": petition, "evidence": [upload("medical_report.pdf")]},
    )
    assert filed.status_code == 201, filed.text
    petition_id = filed.json()["petition"]
    [item_id] = api.get(f"/registry/petitions/{petition_id}", role="ivan").json()["evidence"]
    path = f"/registry/petitions/{petition_id}/evidence/{item_id}"

    got = api.get(f"{path}?reason=assessing", role="ivan")
    sent = (REGISTRY_FIXTURES / "medical_report.pdf").read_bytes()
    assert got.status_code == 200 and got.content == sent
    assert (
        got.headers["content-type"] == "application/octet-stream" and got.headers["x-content-type-options"] == "nosniff"
    )
    assert got.headers["x-evidence-media-type"] == "application/pdf"
    assert got.headers["x-evidence-sha256"] == registry.evidence.item(item_id).sha256
    assert got.headers["content-disposition"] == f'attachment; filename="evidence-{item_id}"'
    assert [r.actor for r in registry.audit.records(f"nomination:{number}") if r.action == "evidence.read"] == ["ivan"]

    assert api.get(path, role="ivan").status_code == 422  # no reason, no read
    assert api.get(f"{path}?reason=x", role="ngo").status_code == 403
    assert api.get(f"{path}?reason=x", role="paul").status_code == 403
    assert api.get(f"/registry/petitions/{petition_id}/evidence/{item_id + 1}?reason=x", role="ivan").status_code == 404
    assert api.get(f"/registry/petitions/{petition_id + 1}/evidence/{item_id}?reason=x", role="ivan").status_code == 404

    registry.evidence.path(registry.evidence.item(item_id).sha256).write_bytes(sent + b"appended")
    altered = api.get(f"{path}?reason=deciding", role="dora")
    assert altered.status_code == 409 and "no longer matches its SHA-256" in altered.json()["detail"]
    assert sent[:5] not in altered.content


@pytest.fixture
def evidence_api(database_url, tmp_path):
    """The officers' door on either database, with an evidence limit of 2 MiB."""
    with running_api(database_url, tmp_path / "home", max_evidence_bytes=2 * 1024 * 1024) as api:
        registry = api.app.state.registry
        users = Users(registry.engine)
        for name in ("ngo", "ivan", "paul"):
            enrol(users, name, "analyst")
            for role in OFFICERS[name]:
                registry.roles.grant(name, role, by="setup")
            api.keys[name] = bind_key(api.app.state.keys, users, f"key-{name}", Role.ANALYST, name)
        yield api


def big_pdf(size: int) -> bytes:
    """The fixture's medical report with PDF comment lines after it up to ``size`` bytes: a scan-sized PDF."""
    data = (REGISTRY_FIXTURES / "medical_report.pdf").read_bytes()
    line = b"% " + b"scan padding " * 6 + b"\n"
    return data + line * ((size - len(data)) // len(line))


def post_file(api, number: int, data: bytes, filename: str, chunked: bool, role: str = "ivan"):
    content = (data[i : i + 65536] for i in range(0, len(data), 65536)) if chunked else data
    return api.client.post(
        f"/registry/nominations/{number}/evidence/file",
        params={"filename": filename, "description": "scanned certificate"},
        content=content,
        headers={**api.headers(role), "Content-Type": "application/octet-stream"},
    )


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
def test_evidence_over_the_json_limit_streams_in_as_a_file_up_to_the_evidence_limit(evidence_api, chunked):
    import hashlib

    registry = evidence_api.app.state.registry
    number = registry.nominate(nomination(), registry.roles.officer("ngo"))["id"]
    data = big_pdf(1_900_000)  # over the 1 MiB JSON body limit, under the 2 MiB evidence limit
    added = post_file(evidence_api, number, data, "certificate.pdf", chunked)
    assert added.status_code == 201, added.text
    item = added.json()
    assert (item["size"], item["sha256"], item["media_type"]) == (
        len(data),
        hashlib.sha256(data).hexdigest(),
        "application/pdf",
    )
    assert registry.evidence.path(item["sha256"]).read_bytes() == data
    assert evidence_api.get(f"/registry/evidence/{item['id']}?reason=check", role="ivan").content == data
    assert not list((registry.evidence.folder / "incoming").iterdir())  # the upload's temporary file moved

    over = post_file(evidence_api, number, big_pdf(2_200_000), "larger.pdf", chunked)
    assert over.status_code == 413 and over.headers["content-type"] == "application/json"
    assert over.json() == {"detail": "the request body is over the service's limit of 2,097,152 bytes"}
    markup = post_file(evidence_api, number, b"<html><script>alert(1)</script></html>\n" * 40_000, "x.html", chunked)
    assert markup.status_code == 422 and "markup" in markup.json()["detail"]
    refused = post_file(evidence_api, number, data, "other.pdf", chunked, role="paul")  # a publisher adds no evidence
    assert refused.status_code == 403
    assert [e["id"] for e in registry.view(number)["evidence"]] == [item["id"]]  # nothing of the refused kept
    assert not list((registry.evidence.folder / "incoming").iterdir())


class SlowDisk:
    """Holds one operation on the evidence store's disk (a Python audit event: ``open``, ``os.remove``)
    on a path under a folder until :meth:`answered` is called, or for at most ``hold_seconds``: a disk
    that stalls, under the real store and its real files. Audit hooks stay for the life of the process,
    so one hook is installed once and serves whichever SlowDisk is current."""

    current: "SlowDisk | None" = None
    hook_installed = False

    def __init__(self, event: str, folder: str, hold_seconds: float = 120):
        self.event, self.folder, self.hold_seconds = event, folder, hold_seconds
        self.holding = threading.Event()
        self._answered = threading.Event()
        self.answered_while_held: bool | None = None  # None: the operation never came

    def __enter__(self):
        if not SlowDisk.hook_installed:
            sys.addaudithook(lambda event, args: SlowDisk.current and SlowDisk.current._audit(event, args))
            SlowDisk.hook_installed = True
        SlowDisk.current = self
        return self

    def __exit__(self, *_):
        SlowDisk.current = None
        self._answered.set()

    def _audit(self, event: str, args: tuple) -> None:
        if event == self.event and str(args[0]).startswith(self.folder) and self.answered_while_held is None:
            self.holding.set()
            self.answered_while_held = self._answered.wait(self.hold_seconds)

    def answered(self) -> None:
        self._answered.set()


# The upload's first touch of disk held: creating its temporary file (then kept, 201), or removing it
# when the body runs over the service's 25 MiB evidence limit mid-stream (413, nothing kept).
HELD = {
    "creating-the-upload-file": ("open", 300_000, 201),
    "discarding-an-oversized-one": ("os.remove", 26_500_000, 413),
}


@pytest.mark.parametrize(("event", "size", "status"), HELD.values(), ids=HELD.keys())
def test_other_requests_are_answered_while_an_evidence_upload_waits_on_the_disk(api, event, size, status):
    """The raw evidence upload touches the disk in the thread pool: while its temporary file's
    creation (or removal) is held up, the same app, on the same event loop, answers another request.
    On the event loop the other request would wait for the disk, and the hold would run out unanswered."""
    registry = api.app.state.registry
    number = registry.nominate(nomination(), registry.roles.officer("ngo"))["id"]
    data = big_pdf(size)
    with SlowDisk(event, str(registry.evidence.folder / "incoming")) as disk, ThreadPoolExecutor(1) as pool:
        upload = pool.submit(post_file, api, number, data, "certificate.pdf", True, "ivan")
        assert disk.holding.wait(300), "the upload never reached the disk"
        assert api.client.get("/healthz").status_code == 200
        disk.answered()
        added = upload.result()
    assert disk.answered_while_held is True
    assert added.status_code == status, added.text
    kept = [e["id"] for e in registry.view(number)["evidence"]]
    assert kept == ([added.json()["id"]] if status == 201 else [])
    if kept:
        assert registry.evidence.path(added.json()["sha256"]).read_bytes() == data
    assert not list((registry.evidence.folder / "incoming").iterdir())
