"""Petitions, periodic reviews and statutory clocks in a real browser (issue #18 item 7): the listed
person petitions in Russian on the public form and gets a receipt token once; an officer writes to
them; they read the exchange and reply with the token (in a POST body, never the URL); a legal
reviewer proposes to grant, cannot decide it herself (403), another decision-maker grants, a
publisher publishes and the designation leaves the public register. A 120-day clock started 200
days ago shows as overdue. Markup in a petition renders as text; store and audit are checked."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from magnitsky.cases import Users
from magnitsky.registry import Registry
from magnitsky.registry.schema import registry_nominations, registry_petitions
from magnitsky.screening import Screener
from magnitsky.store import ListStore
from registry_support import OFFICERS, designate
from reviewers import enrol
from web_support import audit_records, browser, check_page, http_session, store_of, visitor, web_server  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
STATEMENT = "Я никогда не работал в СИЗО № 3. " + HOSTILE


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("web-petitions")
    with web_server(home) as server:
        server.home = home
        store = ListStore(f"sqlite:///{home / 'magnitsky.db'}")
        registry = Registry(store, home)
        users = Users(store.engine)
        for name, roles in OFFICERS.items():
            enrol(users, name, "analyst")
            for role in roles:
                registry.roles.grant(name, role, by="root")
        registry.roles.grant("lena", "decision_maker", by="root")  # may decide, but not her own proposal
        server.number = designate(registry, Screener.from_store(store))
        server.designation = registry.view(server.number)["designation_id"]
        store.engine.dispose()
        yield server


def petition_row(server):
    store = store_of(server)
    with store.engine.connect() as conn:
        row = conn.execute(select(registry_petitions)).one()
        nomination = conn.execute(select(registry_nominations).where(registry_nominations.c.id == server.number)).one()
    store.engine.dispose()
    return row, nomination


def test_a_petition_from_the_public_form_to_removal_from_the_register(server, browser):
    dialogs: list[str] = []
    with visitor(browser, server) as petitioner:
        petitioner.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        page = petitioner.open(f"/ui/register/{server.designation}?lang=ru")
        page.get_by_role("link", name="Ходатайство об исключении или изменении").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Ходатайство об исключении или изменении"
        assert page.get_by_label("Номер решения (как в реестре)").input_value() == server.designation
        check_page(petitioner, "petition-form-ru")
        page.get_by_label("Оснований для решения недостаточно").check()
        page.get_by_label("Я (или представляемое лицо) не являюсь лицом", exact=False).check()
        page.get_by_label("Ваше заявление").fill(STATEMENT)
        page.get_by_label("Ваше имя").fill("Igor Zhuravlyov")
        page.get_by_role("button", name="Отправить ходатайство").click()
        page.get_by_role("heading", name="Ходатайство получено").wait_for()
        check_page(petitioner, "petition-receipt-ru")
        token = page.locator("#receipt-token").inner_text().strip()
        number = int(re.search(r"номер (\d+)", page.locator("main").inner_text())[1])
    row, _ = petition_row(server)
    assert row.id == number and row.state == "open" and row.filed_by == "public"
    assert row.token_hash != token and token not in row.petitioner  # only the token's hash is kept
    [filed] = audit_records(server.home, "petition.file")
    assert filed["actor"] == "public" and "Zhuravlyov" not in filed["details"]

    with visitor(browser, server) as investigator:
        investigator.sign_in("ivan")
        page = investigator.open("/ui/registry")
        page.get_by_role("link", name="Petitions").click()
        page.wait_for_load_state()
        check_page(investigator, "petitions-list")
        page.get_by_role("link", name=str(number), exact=True).first.click()
        page.wait_for_load_state()
        assert HOSTILE in page.locator("main").inner_text()  # the markup is shown as text
        assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
        page.get_by_label("Message to the petitioner").fill("Пришлите, пожалуйста, копию трудовой книжки.")
        page.get_by_role("button", name="Send the message").click()
        page.wait_for_load_state()
        check_page(investigator, "petition-officer")

    with visitor(browser, server) as petitioner:
        page = petitioner.open("/ui/petition/status?lang=ru")
        check_page(petitioner, "petition-status-form-ru")
        page.get_by_label("Код квитанции").fill(token)
        page.get_by_role("button", name="Показать моё ходатайство").click()
        page.wait_for_load_state()
        assert token not in page.url
        main = page.locator("main").inner_text()
        assert "на рассмотрении" in main and "трудовой книжки" in main and "ivan" not in main
        page.get_by_label("Написать в ведомство").fill("Копия отправлена почтой. " + HOSTILE)
        page.get_by_role("button", name="Отправить", exact=True).click()
        page.wait_for_load_state()
        assert token not in page.url and "Копия отправлена почтой" in page.locator("main").inner_text()
        assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
        check_page(petitioner, "petition-status-ru")
    assert [r["actor"] for r in audit_records(server.home, "petition.message")] == ["ivan", "public"]

    with visitor(browser, server) as legal:
        legal.sign_in("lena")
        page = legal.open(f"/ui/registry/petitions/{number}")
        page.get_by_label("Proposed decision").select_option("grant")
        page.get_by_label("Reasons (the petitioner reads them)").fill("The file does not show he gave the orders.")
        page.get_by_role("button", name="Propose the decision").click()
        page.wait_for_load_state()
        assert page.get_by_text("You proposed this: another decision-maker decides it.").is_visible()
        check_page(legal, "petition-proposed")
    lena = http_session(server, "lena")
    refused = lena.post(f"/ui/registry/petitions/{number}/decision", data={"csrf": lena.token, "verdict": "agree"})
    assert refused.status_code == 403
    assert petition_row(server)[0].state == "decision"

    with visitor(browser, server) as decider:
        decider.sign_in("dora")
        page = decider.open("/ui/registry/petitions?state=decision")
        page.get_by_role("link", name=str(number), exact=True).first.click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Decide: grant").click()
        page.wait_for_load_state()
        assert "granted" in page.locator("main").inner_text()
        check_page(decider, "petition-granted")

    with visitor(browser, server) as publisher:
        publisher.sign_in("paul")
        page = publisher.open(f"/ui/registry/{server.number}")  # the granted petition waits on its designation
        page.get_by_role("button", name="Publish").click()
        page.wait_for_load_state()
        check_page(publisher, "petition-published")

    row, nomination = petition_row(server)
    assert row.state == "granted" and row.proposed_by == "lena" and row.decided_by == "dora"
    assert nomination.state == "revoked"
    assert [r["actor"] for r in audit_records(server.home, "petition.decide")] == ["dora"]
    assert [r["actor"] for r in audit_records(server.home, "proposal.ordered")] == ["dora"]
    assert [r["actor"] for r in audit_records(server.home, "registry.publish")] == ["paul", "paul"]
    [notice] = audit_records(server.home, "clock.open")  # the grant started the 15-day removal notice
    assert '"event":"revocation"' in notice["details"] and '"kind":"removal_notice"' in notice["details"]

    with visitor(browser, server) as reader:
        page = reader.open("/ui/register")
        assert server.designation not in page.locator("main").inner_text()
        page = reader.open("/ui/petition/status?lang=ru")
        page.get_by_label("Код квитанции").fill(token)
        page.get_by_role("button", name="Показать моё ходатайство").click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert "удовлетворено" in main and "The file does not show he gave the orders." in main
        assert page.get_by_label("Написать в ведомство").count() == 0  # decided: no further exchanges
        check_page(reader, "petition-decided-ru")
    assert not dialogs


def test_a_wrong_token_shows_nothing(server):
    client = http_session(server, None)
    page = client.get("/ui/petition/status")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    answer = client.post("/ui/petition/status", data={"csrf": token, "token": "not-a-token"})
    assert answer.status_code == 404 and "No petition has this receipt token." in answer.text


def test_a_120_day_clock_past_its_date_is_overdue_and_is_answered(server, browser):
    started = (date.today() - timedelta(days=200)).isoformat()
    with visitor(browser, server) as officer:
        officer.sign_in("ivan")
        page = officer.open("/ui/registry")
        page.get_by_role("link", name="Statutory clocks").click()
        page.wait_for_load_state()
        page.get_by_label("Regime's clock").select_option("global_magnitsky:congressional_request")
        page.get_by_label("Concerning").fill("Senate committee request about " + HOSTILE)
        page.get_by_label("Started on (YYYY-MM-DD, default today)").fill(started)
        page.get_by_role("button", name="Open the clock").click()
        page.wait_for_load_state()
        row = page.locator("tr.overdue")
        assert row.count() == 1 and "overdue" in row.inner_text()
        assert (date.today() - timedelta(days=80)).isoformat() in row.inner_text()  # 120 days after the start
        assert page.locator("main img").count() == 0
        check_page(officer, "clocks-overdue")
        number = row.locator("td").first.inner_text().split(":")[0]  # after the grant's removal notice clock
        page.get_by_label(f"Answer to clock {number}").fill("Determination sent to the committee.")
        row.get_by_role("button", name="Answer").click()
        page.wait_for_load_state()
        assert page.locator("tr.overdue").count() == 0 and "late" in page.locator("main table").inner_text()
        page.get_by_role("link", name="Periodic reviews").click()
        page.wait_for_load_state()
        check_page(officer, "reviews")
    [answered] = audit_records(server.home, "clock.answer")
    assert answered["actor"] == "ivan" and '"late":true' in answered["details"]


def test_an_officer_downloads_the_petitioners_file_from_the_petition_page(server, browser):
    """The petitioner attaches a PDF on the public form; the investigator downloads it from the
    petition's page with a reason: the same bytes, an attachment, custody and audit recorded. A
    submitter (no petition reader) is refused, and a file altered on disk is not served (409)."""
    from registry_support import REGISTRY_FIXTURES, nomination

    pdf = REGISTRY_FIXTURES / "medical_report.pdf"
    store = store_of(server)
    registry = Registry(store, server.home)
    number = designate(registry, Screener.from_store(store), nomination(subject={"name": "Oleg Petrovich Sidorov"}))
    designation = registry.view(number)["designation_id"]
    store.engine.dispose()

    with visitor(browser, server) as petitioner:
        page = petitioner.open(f"/ui/petition?designation={designation}")
        page.get_by_label("The circumstances that led to the designation no longer apply").check()
        page.get_by_label("Your statement").fill("I retired in 2023; the medical certificate is attached.")
        page.get_by_label("Supporting files").set_input_files(str(pdf))
        page.get_by_label("What the files show").fill("Medical certificate")
        page.get_by_label("Your name").fill("Oleg Sidorov")
        page.get_by_role("button", name="Send the petition").click()
        page.get_by_role("heading", name="Petition received").wait_for()
        petition_id = int(re.search(r"number (\d+)", page.locator("main").inner_text())[1])

    with visitor(browser, server) as investigator:
        investigator.sign_in("ivan")
        page = investigator.open(f"/ui/registry/petitions/{petition_id}")
        assert "medical_report.pdf" in page.locator("main table").inner_text()
        check_page(investigator, "petition-evidence")
        page.get_by_label("Why (recorded)").fill("assessing the changed circumstances")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download").click()
        assert Path(download.value.path()).read_bytes() == pdf.read_bytes()
    [read] = [r for r in audit_records(server.home, "evidence.read") if r["subject"] == f"nomination:{number}"]
    assert read["actor"] == "ivan"

    item_id = re.search(r"/evidence/(\d+)", download.value.url)[1]
    path = f"/ui/registry/petitions/{petition_id}/evidence/{item_id}?reason=x"
    assert http_session(server, "ngo").get(path).status_code == 403
    store = store_of(server)
    registry = Registry(store, server.home)
    registry.evidence.path(registry.evidence.item(int(item_id)).sha256).write_bytes(pdf.read_bytes() + b"altered")
    store.engine.dispose()
    altered = http_session(server, "ivan").get(path)
    assert altered.status_code == 409 and pdf.read_bytes()[:64] not in altered.content
