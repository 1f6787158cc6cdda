"""The report to the legislature from the registry workspace, in a real browser: an officer follows
the link from the registry pages, asks for a year and downloads the PDF (its first page carries the
title and the figures the domain code counts); a decision-maker also downloads the confidential
annex, which an investigator is not offered and is refused (403, audited) when asking anyway."""

from __future__ import annotations

import re
from datetime import date

import pypdfium2
import pytest

from magnitsky.cases import Users
from magnitsky.registry import Registry
from magnitsky.registry.report_figures import annual_figures
from magnitsky.store import ListStore
from registry_support import OFFICERS
from report_support import fill_year
from reviewers import enrol
from web_support import audit_records, browser, check_page, http_session, visitor, web_server  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("web-report")
    with web_server(home) as server:
        store = ListStore(f"sqlite:///{home / 'magnitsky.db'}")
        registry = Registry(store, home)
        users = Users(store.engine)
        for name, roles in OFFICERS.items():
            enrol(users, name, "analyst")
            for role in roles:
                registry.roles.grant(name, role, by="root")
        fill_year(registry)
        year = (date(2026, 1, 1), date(2026, 12, 31))
        server.counts = annual_figures(registry, registry.roles.officer("ivan"), *year).counts()
        store.engine.dispose()
        yield server


def _download(page, tmp_path, name: str) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("button", name="Download the report").click()
    target = tmp_path / name
    started.value.save_as(target)
    return target.read_bytes()


def test_an_officer_downloads_the_report_and_a_decision_maker_its_annex(server, browser, tmp_path):
    with visitor(browser, server) as investigator:
        investigator.sign_in("ivan")
        page = investigator.open("/ui/registry/clocks")
        page.get_by_role("link", name="Report to the legislature").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Report to the legislature"
        assert page.get_by_label("The confidential annex", exact=False).count() == 0  # not offered to him
        check_page(investigator, "registry-report")
        page.get_by_label("Calendar year").fill("2026")
        page.get_by_label("Format").select_option("pdf")
        pdf = _download(page, tmp_path, "report.pdf")
    first = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "Annual report 2026" in first
    summary = re.sub(r"\s+", " ", first)
    assert f"Designations added {server.counts['added']}" in summary
    assert f"Petitions granted {server.counts['petitions_granted']}" in summary

    with visitor(browser, server) as decision_maker:
        decision_maker.sign_in("dora")
        page = decision_maker.open("/ui/registry/report")
        page.get_by_label("Calendar year").fill("2026")
        page.get_by_label("Format").select_option("html")
        page.get_by_label("The confidential annex", exact=False).check()
        check_page(decision_maker, "registry-report-annex-reader")
        annex = _download(page, tmp_path, "annex.html").decode("utf-8")
    assert "CONFIDENTIAL" in annex and "Mistaken for a namesake." in annex and "Pyotr" not in annex
    assert [r["actor"] for r in audit_records(server.home, "report.annex")] == ["dora"]


def test_the_annex_and_bad_periods_are_refused_as_pages(server):
    investigator = http_session(server, "ivan")
    refused = investigator.get("/ui/registry/report/file?year=2026&annex=true")
    assert refused.status_code == 403 and "confidential annex" in refused.text
    assert [r["actor"] for r in audit_records(server.home, "report.annex.refused")] == ["ivan"]
    period = investigator.get("/ui/registry/report/file?year=2026&from=2026-05-01&to=2026-04-01")
    assert period.status_code == 422 and "is before from" in period.text
    html = investigator.get("/ui/registry/report/file?year=2026&format=html")
    assert html.status_code == 200 and 'filename="registry-report-2026.html"' in html.headers["content-disposition"]
    submitter = http_session(server, "ngo")
    assert submitter.get("/ui/registry/report/file?year=2026").status_code == 403
    assert http_session(server, None).get("/ui/registry/report/file?year=2026").status_code == 303
