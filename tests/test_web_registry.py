"""The registry in a real browser: a citizen nominates in Russian with an evidence file; officers,
each signed in as themselves, take the nomination through triage, investigation, the checklist, the
statement of case, proposal, approval and publication; the designation appears on the public
register. Four eyes, sealed submitter data and markup typed into a nomination are checked on the
pages, in the store and in the audit log."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from magnitsky.cases import Users
from magnitsky.registry.roles import Roles
from magnitsky.registry.schema import registry_nominations, registry_submitters
from magnitsky.store import ListStore
from reviewers import enrol
from web_support import audit_records, browser, check_page, form_token, http_session, store_of, visitor, web_server  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser

FIXTURES = Path(__file__).parent / "fixtures" / "registry"
WITNESS = FIXTURES / "witness_statement.txt"
HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
SUBMITTER_EMAIL = "anna.k-7f3e9b@detention-monitor.example.org"
PUBLIC_PARAGRAPH = "As head of the centre he ordered that detained journalists be kept standing for hours."
ANNEX_PARAGRAPH = "A protected witness inside the centre confirmed the orders (source W-3)."
# Registry officers: reviewers with registry roles. sam may also decide and dora also publish, so
# that the pages' four-eyes refusals (a proposer deciding, an approver publishing) can be tried.
EVIDENCE_LIMIT = 4 << 20  # the public form's own limit here (MAGNITSKY_MAX_EVIDENCE), over the API's 1 MiB
OFFICERS = {
    "ana": ["investigator"],
    "sam": ["legal_reviewer", "decision_maker"],
    "dora": ["decision_maker", "publisher"],
    "pia": ["publisher"],
    "aud": ["auditor"],
    "sol": ["source_protection"],
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("web-registry")
    with web_server(home, env={"MAGNITSKY_MAX_EVIDENCE": str(EVIDENCE_LIMIT)}) as server:
        server.home = home
        store = ListStore(f"sqlite:///{home / 'magnitsky.db'}")
        users, roles = Users(store.engine), Roles(store.engine)
        for name, granted in OFFICERS.items():
            if name not in ("ana", "sam"):
                enrol(users, name, "analyst")
            for role in granted:
                roles.grant(name, role, "root")
        store.engine.dispose()
        yield server


def audited(server, action: str) -> list[dict]:
    return audit_records(server.home, action)


def nomination_row(server, number: int):
    store = store_of(server)
    with store.engine.connect() as conn:
        row = conn.execute(select(registry_nominations).where(registry_nominations.c.id == number)).first()
    store.engine.dispose()
    return row


def _nominate_in_russian(tab) -> int:
    page = tab.open("/ui/nominate?lang=ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Предложить кандидата для санкций"
    check_page(tab, "registry-nominate-ru")
    page.get_by_label("Санкционный режим и критерий").select_option("global_magnitsky:serious_human_rights_abuse")
    page.get_by_label("Имя латиницей").fill("Igor Yevgenyevich Zhuravlyov")
    page.get_by_label("Имя в оригинальном написании").fill("Журавлёв Игорь Евгеньевич " + HOSTILE)
    page.get_by_label("Дата рождения (ГГГГ-ММ-ДД)").fill("1971-03-14")
    page.get_by_label("Гражданство или страна").fill("RU")
    page.get_by_label("Деяние").fill("Пытки задержанных журналистов " + HOSTILE)
    page.get_by_label("Когда").fill("2022-03 — 2023-11")
    page.get_by_label("Где").fill("СИЗО № 3, Калининград")
    page.get_by_label("Роль этого лица").fill("Начальник СИЗО, отдавал приказы")
    page.get_by_label("журналисты и работники СМИ").check()
    page.get_by_label("адвокаты").check()
    page.get_by_label("Файлы (документы, фотографии, показания)").set_input_files(str(WITNESS))
    page.get_by_label("Что показывают файлы").fill("Показания бывшего заключённого")
    page.get_by_label("Ваше имя").fill("Anna K.")
    page.get_by_label("Электронная почта").fill(SUBMITTER_EMAIL)
    page.get_by_role("button", name="Отправить предложение").click()
    page.get_by_role("heading", name="Предложение получено").wait_for()
    assert page.locator("progress").count() == 0  # the receipt replaced the form
    assert hashlib.sha256(WITNESS.read_bytes()).hexdigest() in page.locator("main").inner_text()
    check_page(tab, "registry-receipt-ru")
    found = re.search(r"номер (\d+)", page.locator("main").inner_text())
    assert found
    return int(found[1])


def test_a_citizen_nominates_and_officers_take_it_to_the_public_register(server, browser):
    with visitor(browser, server) as citizen:
        dialogs: list[str] = []
        citizen.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        number = _nominate_in_russian(citizen)
    row = nomination_row(server, number)
    assert row.state == "submitted" and row.created_by == "public"
    assert json.loads(row.body)["conduct"]["victim_groups"] == ["journalists", "lawyers"]  # the ticked boxes
    [created] = [r for r in audited(server, "nomination.create") if r["subject"] == f"nomination:{number}"]
    assert created["actor"] == "public" and SUBMITTER_EMAIL not in created["details"]
    assert json.loads(created["details"])["victim_groups"] == ["journalists", "lawyers"]

    with visitor(browser, server) as investigator:
        investigator.sign_in("ana")
        page = investigator.open("/ui/registry?state=submitted")
        page.get_by_role("link", name=str(number), exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_text(HOSTILE, exact=False).count() >= 1  # markup shown as text
        assert "journalists and media workers, lawyers" in page.locator("main").inner_text()
        assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
        check_page(investigator, "registry-nomination-submitted")
        for step in ("triage", "investigate"):
            page.locator(f"form.step[action$='/steps/{step}'] input[name=reason]").fill(f"{step}: credible")
            page.get_by_role("button", name=step, exact=True).click()
            page.wait_for_load_state()
        for element in ("conduct", "link", "victims", "time_window"):
            page.get_by_label(f"Status of {element}").select_option("met")
            page.get_by_label(f"Note on {element}").fill("witness statement, evidence 1")
            page.get_by_label(f"Evidence for {element} (numbers)").fill("1")
            page.get_by_role("button", name=f"Save {element}").click()
            page.wait_for_load_state()
        page.get_by_label("Paragraph 1", exact=True).fill(PUBLIC_PARAGRAPH)
        page.get_by_label("Paragraph 1 may be published").check()
        page.get_by_label("Evidence numbers for paragraph 1").fill("1")
        page.get_by_label("Paragraph 2", exact=True).fill(ANNEX_PARAGRAPH)
        page.get_by_role("button", name="Save statement").click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert "annex: never published" in main and "[evidence 1]" in main and "for: 1" in main
        check_page(investigator, "registry-nomination-investigation")
        page.locator("form.step[action$='/steps/to_legal_review'] input[name=reason]").fill("ready")
        page.get_by_role("button", name="to_legal_review", exact=True).click()
        page.wait_for_load_state()
        # the evidence downloads as an attachment, never shown in the page
        page.get_by_label("Why (recorded)").fill("reading the witness statement")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download").click()
        assert Path(download.value.path()).read_bytes() == WITNESS.read_bytes()

    with visitor(browser, server) as legal:
        legal.sign_in("sam")
        page = legal.open(f"/ui/registry/{number}")
        page.get_by_label("Reasons for the proposal").fill("Every element met on the witness statement")
        page.get_by_role("button", name="Propose").click()
        page.wait_for_load_state()
        assert page.get_by_text("You proposed this: another decision-maker decides it.").is_visible()
        check_page(legal, "registry-proposed")
    sam = http_session(server, "sam")
    refused = sam.post(f"/ui/registry/{number}/decision", data={"csrf": sam.token, "verdict": "approve"})
    assert refused.status_code == 403 and "cannot approve" in refused.text

    with visitor(browser, server) as decider:
        decider.sign_in("dora")
        page = decider.open(f"/ui/registry/{number}")
        page.get_by_role("button", name="Approve").click()
        page.wait_for_load_state()
        assert page.get_by_text("You proposed or approved this: another publisher publishes it.").is_visible()
        check_page(decider, "registry-approved")
    dora = http_session(server, "dora")
    refused = dora.post(f"/ui/registry/{number}/publish", data={"csrf": dora.token})
    assert refused.status_code == 403 and "cannot also publish" in refused.text

    with visitor(browser, server) as publisher:
        publisher.sign_in("pia")
        page = publisher.open(f"/ui/registry/{number}")
        page.get_by_role("button", name="Publish").click()
        page.wait_for_load_state()
        assert "published" in page.locator("main p").first.inner_text()
        check_page(publisher, "registry-published")

    row = nomination_row(server, number)
    assert row.state == "published" and row.designation_id
    queue = http_session(server, "aud").get("/ui/registry").text
    assert "Designations by review date" in queue and row.designation_id in queue  # the review clock runs
    steps = {action: [r["actor"] for r in audited(server, action)] for action in ("nomination.triage",)}
    assert steps == {"nomination.triage": ["ana"]}
    assert [r["actor"] for r in audited(server, "statement.write")] == ["ana"]
    assert [r["actor"] for r in audited(server, "proposal.create")] == ["sam"]
    assert [r["actor"] for r in audited(server, "proposal.approve")] == ["dora"]
    assert [r["actor"] for r in audited(server, "registry.publish")] == ["pia"]

    with visitor(browser, server) as reader:
        reader.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        page = reader.open("/ui/register?lang=ru")
        assert page.get_by_role("heading", level=1).inner_text() == "Публичный реестр санкционных решений"
        page.get_by_label("Поиск по имени или номеру решения").fill("журавлёв")
        page.get_by_role("button", name="Найти").click()
        page.wait_for_load_state()
        check_page(reader, "registry-register-ru")
        page.get_by_role("link", name=row.designation_id).click()
        page.wait_for_load_state()
        text = page.locator("main").inner_text()
        assert PUBLIC_PARAGRAPH in text and ANNEX_PARAGRAPH not in text
        assert "Замораживание активов" in text and "включено" in text  # measures and history, in Russian
        assert "Пытки" not in text  # the conduct as alleged is not published
        assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
        check_page(reader, "registry-designation-ru")
        page.get_by_role("link", name="English").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Statement of reasons").is_visible()
        check_page(reader, "registry-designation-en")
    assert not dialogs


def test_the_submitter_is_shown_only_to_source_protection_and_each_reading_is_recorded(server):
    number = 1  # the citizen's nomination above
    for name in ("ana", "sam", "dora", "pia", "aud", "root"):
        client = http_session(server, name)
        for path in ("/ui/registry", f"/ui/registry/{number}", "/ui/register"):
            answer = client.get(path)
            # root, an administrator without registry roles, may not read nominations at all
            assert answer.status_code == (403 if name == "root" and path.endswith(str(number)) else 200), (name, path)
            assert SUBMITTER_EMAIL not in answer.text and "Anna K." not in answer.text, (name, path)
        refused = client.post(f"/ui/registry/{number}/submitter", data={"csrf": client.token, "reason": "curious"})
        assert refused.status_code == 403 and SUBMITTER_EMAIL not in refused.text
    sol = http_session(server, "sol")
    page = sol.get(f"/ui/registry/{number}")
    assert SUBMITTER_EMAIL not in page.text  # not even for them until they ask, with a reason
    shown = sol.post(f"/ui/registry/{number}/submitter", data={"csrf": sol.token, "reason": "threat assessment"})
    assert shown.status_code == 200 and SUBMITTER_EMAIL in shown.text
    reads = audited(server, "submitter.read")
    assert [(r["actor"], r["subject"]) for r in reads] == [("sol", f"nomination:{number}")]
    assert "threat assessment" in reads[0]["details"] and SUBMITTER_EMAIL not in reads[0]["details"]


def test_evidence_numbers_that_are_not_numbers_are_refused_by_name(server):
    ana = http_session(server, "ana")
    form = {"csrf": ana.token, "regime": "global_magnitsky", "criterion": "serious_human_rights_abuse"}
    form |= {"element": "conduct", "status": "met", "supporting": "the witness"}
    answer = ana.post("/ui/registry/1/checklist", data=form)
    assert answer.status_code == 422 and "supporting evidence: evidence numbers separated by commas" in answer.text


def test_the_form_works_without_javascript_and_anonymously(server):
    client = http_session(server, None)
    token = form_token(client.get("/ui/nominate").text)
    form = {
        "csrf": token,
        "criterion": "global_magnitsky:corruption",
        "kind": "Person",
        "name": "Anonymous Case Subject",
        "what": "Bribes for procurement contracts",
        "when": "2021",
        "role": "Deputy minister",
        "anonymous": "true",
        "submitter_email": "ignored@example.org",
    }
    answer = client.post("/ui/nominate", data=form, files=[("evidence", ("note.txt", b"a plain note\n", "text/plain"))])
    assert answer.status_code == 201 and "Nomination received" in answer.text
    number = int(re.search(r"number (\d+)", answer.text)[1])
    store = store_of(server)
    with store.engine.connect() as conn:
        sealed = conn.execute(select(registry_submitters).where(registry_submitters.c.nomination_id == number)).first()
    store.engine.dispose()
    assert sealed is None  # anonymous: nothing about the submitter is kept
    assert nomination_row(server, number).state == "submitted"


def test_a_malformed_nomination_comes_back_with_the_field_named_and_the_text_kept(server):
    client = http_session(server, None)
    token = form_token(client.get("/ui/nominate").text)
    form = {"csrf": token, "criterion": "global_magnitsky:corruption", "name": "Some Body", "what": "x", "role": "y"}
    answer = client.post("/ui/nominate", data={**form, "birth_date": "someday", "when": "2021"})
    assert answer.status_code == 422 and "subject.birth_dates[0]" in answer.text
    assert 'value="Some Body"' in answer.text
    answer = client.post("/ui/nominate", data={**form, "csrf": "forged"})
    assert answer.status_code == 403


def _anonymous_form(token: str) -> dict[str, str]:
    return {
        "csrf": token,
        "criterion": "global_magnitsky:corruption",
        "kind": "Person",
        "name": "Evidence Size Subject",
        "what": "Bribes for procurement contracts",
        "when": "2021",
        "role": "Deputy minister",
        "anonymous": "true",
    }


def test_evidence_larger_than_the_service_limit_is_taken_up_to_the_forms_own(server):
    client = http_session(server, None)
    page = client.get("/ui/nominate").text
    assert "900 kB" not in page and "Up to three files, 4 MiB in all with the form." in page
    photo = b"\xff\xd8\xff\xe0" + hashlib.sha256(b"seed").digest() * ((3 << 20) // 32)  # a 3 MiB "JPEG"
    files = [("evidence", ("photo.jpg", photo, "image/jpeg"))]
    answer = client.post("/ui/nominate", data=_anonymous_form(form_token(page)), files=files)
    assert answer.status_code == 201 and "Nomination received" in answer.text
    digest = hashlib.sha256(photo).hexdigest()
    assert digest in answer.text  # the receipt shows the file's hash
    kept = server.home / "registry" / "evidence" / digest[:2] / digest
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == digest


def test_a_nomination_over_the_forms_limit_is_refused_with_413_and_nothing_kept(server):
    client = http_session(server, None)
    token = form_token(client.get("/ui/nominate").text)
    before = nomination_count(server)
    evidence = server.home / "registry" / "evidence"
    files_before = sorted(p.name for p in evidence.rglob("*") if p.is_file()) if evidence.exists() else []
    big = b"%PDF-1.4\n" + b"0" * (5 << 20)
    files = [("evidence", ("big.pdf", big, "application/pdf"))]
    answer = client.post("/ui/nominate", data=_anonymous_form(token), files=files)
    assert answer.status_code == 413
    assert "text/html" in answer.headers["content-type"]  # the page, not the API's JSON
    assert "limit of 4,194,304 bytes" in answer.text
    assert nomination_count(server) == before
    files_after = sorted(p.name for p in evidence.rglob("*") if p.is_file()) if evidence.exists() else []
    assert files_after == files_before


def nomination_count(server) -> int:
    store = store_of(server)
    with store.engine.connect() as conn:
        count = len(conn.execute(select(registry_nominations.c.id)).all())
    store.engine.dispose()
    return count


def test_the_public_form_is_rate_limited_per_address(server):
    client = http_session(server, None)
    token = form_token(client.get("/ui/nominate").text)
    form = {"csrf": token, "criterion": "nope", "name": "x"}
    statuses = [client.post("/ui/nominate", data=form).status_code for _ in range(8)]
    assert 429 in statuses and "too many nominations" in client.post("/ui/nominate", data=form).text
