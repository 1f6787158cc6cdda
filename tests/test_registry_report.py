"""The annual report to the legislature (issue #17, part 4), on SQLite and PostgreSQL.

A year is seeded through the domain code (tests/report_support.py); every figure of the report is
then recounted here from the audit log alone and compared with the report's figures, with the
numbers printed in its HTML and with its charts' text. The PDF's first page is drawn and must not
be blank; the confidential annex is for the roles that may read it, refused (and audited) for others.
"""

import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pypdfium2
import pytest
from typer.testing import CliRunner

from api_support import running_api
from magnitsky.api.keys import Role
from magnitsky.cases.users import Users
from magnitsky.cli import app
from magnitsky.registry import PermissionDenied, RegistryError
from magnitsky.registry.report import report
from magnitsky.registry.report_figures import annual_figures, period
from magnitsky.registry.report_render import report_html
from registry_support import nomination
from report_support import HOSTILE, seed_year
from reviewers import PASSWORD, bind_key
from web_support import ARTIFACTS

START, END = date(2026, 1, 1), date(2026, 12, 31)
runner = CliRunner()


@pytest.fixture
def seeded(database_url, tmp_path):
    registry = seed_year(database_url, tmp_path / "home")
    yield registry
    registry.engine.dispose()


def recount(records, regimes) -> tuple[dict[str, int], dict[str, Counter]]:
    """The report's figures for 2026, from the audit records alone."""
    records = list(records)

    def day(record) -> str:
        return record.at[:10]

    def within(record) -> bool:
        return START.isoformat() <= day(record) <= END.isoformat()

    created = {r.subject: r.details for r in records if r.action == "nomination.create"}
    published = [r for r in records if r.action == "registry.publish" and day(r) <= END.isoformat()]
    last_change, listed_on, subject_of = {}, {}, {}
    for r in published:
        designation = r.details["designation"]
        last_change[designation] = r.details["change"]
        listed_on.setdefault(designation, date.fromisoformat(day(r)))
        subject_of[designation] = r.subject
    changes = Counter(r.details["change"] for r in published if within(r))
    in_force = [d for d, change in last_change.items() if change != "removed"]

    decided_petitions = {
        r.details["petition"]: r for r in records if r.action == "petition.decide" and day(r) <= END.isoformat()
    }
    filed = [r for r in records if r.action == "petition.file" and day(r) <= END.isoformat()]
    outcomes = Counter(r.details["outcome"] for r in decided_petitions.values() if within(r))
    pending = sum(1 for r in filed if r.details["petition"] not in decided_petitions)

    reviews = [r for r in records if r.action == "review.decide" and r.details["state"] == "decided"]
    done = [r for r in reviews if within(r)]
    overdue = 0
    for designation in in_force:
        subject = subject_of[designation]
        days = min(regimes[regime].review_period_days for regime in created[subject]["regimes"])
        last = [date.fromisoformat(day(r)) for r in reviews if r.subject == subject and day(r) <= END.isoformat()]
        due = max(last, default=listed_on[designation]) + timedelta(days=days)
        overdue += due < END

    due_on = {r.details["clock"]: r.details["due_on"] for r in records if r.action == "clock.open"}
    answered = {r.details["clock"]: r.details for r in records if r.action == "clock.answer"}
    clocks = Counter()
    for clock, due in due_on.items():
        if not START.isoformat() <= due <= END.isoformat():
            continue
        answer = answered.get(clock)
        if answer is None or answer["answered_on"] > END.isoformat():
            clocks["unanswered"] += 1
        else:
            clocks["late" if answer["late"] else "on_time"] += 1

    coverage = defaultdict(Counter)
    for designation in in_force:
        details = created[subject_of[designation]]
        coverage["regime"].update(list(details["regimes"]))
        coverage["conduct"].update({c for criteria in details["regimes"].values() for c in criteria})
        coverage["country"].update(set(details["nationalities"]))
        coverage["victim_group"].update(set(details["victim_groups"]))
    counts = {
        "added": changes["added"],
        "varied": changes["varied"],
        "removed": changes["removed"],
        "in_force": len(in_force),
        "petitions_filed": sum(1 for r in filed if within(r)),
        "petitions_granted": outcomes["granted"],
        "petitions_refused": outcomes["refused"],
        "petitions_pending": pending,
        "reviews_done": len(done),
        "reviews_late": sum(1 for r in done if r.details["late"]),
        "reviews_overdue": overdue,
        "clocks_due": sum(clocks.values()),
        "clocks_on_time": clocks["on_time"],
        "clocks_late": clocks["late"],
        "clocks_unanswered": clocks["unanswered"],
    }
    return counts, coverage


def printed(html: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r'data-figure="(\w+)">(\d+)<', html)}


def test_every_figure_of_the_annual_report_is_recounted_from_the_audit_log(seeded):
    officer = seeded.roles.officer
    figures = annual_figures(seeded, officer("ivan"), START, END)
    expected, coverage = recount(seeded.audit.records(), seeded.regimes)
    assert figures.counts() == expected
    # The seeded year, as its story says (so the recount cannot agree with an empty report by accident).
    assert expected == {
        "added": 2,  # C and D
        "varied": 0,
        "removed": 1,  # D, on its granted petition
        "in_force": 3,  # A, B, C
        "petitions_filed": 3,
        "petitions_granted": 1,
        "petitions_refused": 1,
        "petitions_pending": 1,
        "reviews_done": 1,  # B's, after its date
        "reviews_late": 1,
        "reviews_overdue": 1,  # A's: listed 2025-02-10, never reviewed
        "clocks_due": 5,  # D's removal notice and four opened by hand; the one due in 2027 is not counted
        "clocks_on_time": 2,
        "clocks_late": 1,
        "clocks_unanswered": 2,  # one never answered, one answered only in 2027
    }
    for dimension, counts in coverage.items():
        assert figures.coverage[dimension] == dict(counts), dimension
    assert figures.coverage["victim_group"] == {"journalists": 2, "human_rights_defenders": 1, "lawyers": 1}
    assert figures.coverage["country"] == {"ru": 2, "by": 1}

    html = report_html(figures, seeded.authority)
    assert printed(html) == expected
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # a name is text
    assert "Anna K." not in html and "Pyotr" not in html  # no submitter, no petitioner
    assert "He ordered the torture." in html  # the public statement of reasons of each addition
    assert [c.on for c in figures.added] == ["2026-03-01", "2026-04-01"]
    assert [c.on for c in figures.removed] == ["2026-07-16"]
    assert [(r.due_on, r.days_overdue) for r in figures.reviews_overdue] == [("2026-02-10", 324)]
    assert "journalists and media workers 2" in html  # the victim-group chart's text alternative


def test_the_pdf_first_page_is_drawn_with_its_title(seeded, database_url):
    pdf = report(seeded, seeded.roles.officer("dora"), START, END, "pdf")
    assert pdf.startswith(b"%PDF-")
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    text = page.get_textpage().get_text_range()
    assert "Annual report 2026" in text and "Designations added" in text
    image = page.render(scale=1.5).to_pil().convert("L")
    dark = sum(image.histogram()[:200])  # pixels darker than light grey
    assert dark > 0.01 * image.width * image.height, "the first page is (nearly) blank"
    if database_url.startswith("sqlite"):  # docs/screenshots/annual-report-page1.png is copied from this
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.render(scale=1.5).to_pil().save(shots / "annual-report-page1.png")
    assert len(document) >= 2


def test_the_confidential_annex_is_for_legal_reviewers_decision_makers_and_auditors(seeded):
    officer = seeded.roles.officer
    annex = report(seeded, officer("dora"), START, END, "html", annex=True).decode()
    assert "CONFIDENTIAL" in annex and "Mistaken for a namesake." in annex and "representative" in annex
    assert "Committee request for a determination" in annex
    assert "Pyotr" not in annex and "Anna K." not in annex  # never a petitioner's or submitter's name
    public = report(seeded, officer("ivan"), START, END).decode()
    assert "Mistaken for a namesake." not in public and "Committee request" not in public
    with pytest.raises(PermissionDenied, match="confidential annex"):
        report(seeded, officer("ivan"), START, END, annex=True)
    with pytest.raises(PermissionDenied, match="registry role"):
        report(seeded, officer("ngo"), START, END)
    audited = [(r.actor, r.action) for r in seeded.audit.records("registry:report")]
    assert audited == [("dora", "report.annex"), ("ivan", "report.annex.refused")]


def test_the_cli_writes_the_report_and_refuses_bad_periods(seeded, database_url, tmp_path):
    def cli(*args: str, user: str = "ivan", code: int = 0) -> str:
        env = {"MAGNITSKY_USER": user, "MAGNITSKY_PASSWORD": PASSWORD}
        result = runner.invoke(app, ["--home", str(seeded.home), "--db", database_url, *args], env=env)
        assert result.exit_code == code, result.output
        return result.output

    out = tmp_path / "report.html"
    assert "written to" in cli("registry", "report", "--year", "2026", "--out", str(out))
    assert printed(out.read_text(encoding="utf-8"))["added"] == 2
    half = tmp_path / "half.pdf"
    cli("registry", "report", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "pdf", "--out", str(half))
    first_page = pypdfium2.PdfDocument(half.read_bytes())[0].get_textpage().get_text_range()
    assert "Report 2026-01-01 to 2026-06-30" in first_page
    annex = tmp_path / "annex.html"
    done = cli("registry", "report", "--year", "2026", "--annex", "--out", str(annex), user="dora")
    assert "confidential annex" in done and "CONFIDENTIAL" in annex.read_text(encoding="utf-8")
    refused = cli("registry", "report", "--year", "2026", "--annex", "--out", str(tmp_path / "no.html"), code=1)
    assert "confidential annex" in refused and not (tmp_path / "no.html").exists()
    assert "not a date" in cli("registry", "report", "--from", "2026-13-01", "--to", "2026-12-31", "--out", "x", code=1)
    wrong = cli("registry", "report", "--year", "2026", "--format", "doc", "--out", "x", code=1)
    assert "not one of html, pdf" in wrong
    assert "not both" in cli("registry", "report", "--year", "2026", "--from", "2026-01-01", "--out", "x", code=1)


def test_a_period_is_a_year_or_two_days_in_order():
    assert period(2026) == (START, END)
    with pytest.raises(RegistryError, match="before from"):
        period(None, "2026-05-01", "2026-04-01")
    with pytest.raises(RegistryError, match="needs a year"):
        period(None, "2026-05-01", None)


def test_the_report_over_http_for_officers_keys(seeded, database_url):
    with running_api(database_url, seeded.home) as api:
        users = Users(api.app.state.registry.engine)
        for name in ("ivan", "dora", "ngo"):
            api.keys[name] = bind_key(api.app.state.keys, users, f"key-{name}", Role.ANALYST, name)
        pdf = api.get("/registry/report?year=2026&format=pdf", role="ivan")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.headers["content-disposition"] == 'attachment; filename="registry-report-2026.pdf"'
        assert "Annual report 2026" in pypdfium2.PdfDocument(pdf.content)[0].get_textpage().get_text_range()
        html = api.get("/registry/report?from=2026-01-01&to=2026-06-30", role="ivan")
        assert html.headers["content-type"] == "text/html; charset=utf-8"
        half = annual_figures(seeded, seeded.roles.officer("ivan"), START, date(2026, 6, 30)).counts()
        assert printed(html.text) == half and half["added"] == 2 and half["removed"] == 0
        annex = api.get("/registry/report?year=2026&annex=true", role="dora")
        assert annex.status_code == 200 and "Mistaken for a namesake." in annex.text
        assert 'filename="registry-report-2026-annex.html"' in annex.headers["content-disposition"]
        refused = api.get("/registry/report?year=2026&annex=true", role="ivan")
        assert refused.status_code == 403 and "confidential annex" in refused.json()["detail"]
        assert api.get("/registry/report?year=2026", role="ngo").status_code == 403
        assert api.get("/registry/report", role="ivan").status_code == 422
        assert "not both" in api.get("/registry/report?year=2026&from=2026-01-01", role="ivan").json()["detail"]
        assert api.get("/registry/report?from=2026-13-01&to=2026-12-31", role="ivan").status_code == 422
        assert api.get("/registry/report?year=2026&format=doc", role="ivan").status_code == 422
    audited = [(r.actor, r.action) for r in seeded.audit.records("registry:report")]
    assert audited == [("dora", "report.annex"), ("ivan", "report.annex.refused")]


def test_victim_groups_are_a_closed_list_kept_with_the_nomination_and_audited(seeded):
    officer = seeded.roles.officer
    data = nomination()
    data["conduct"]["victim_groups"] = ["lawyers", "journalists", "lawyers"]
    view = seeded.nominate(data, officer("ngo"))
    assert view["conduct"]["victim_groups"] == ["lawyers", "journalists"]  # once each, in the order given
    [created] = [r for r in seeded.audit.records(f"nomination:{view['id']}") if r.action == "nomination.create"]
    assert created.details["victim_groups"] == ["lawyers", "journalists"] and created.details["nationalities"] == ["ru"]
    data["conduct"]["victim_groups"] = ["journalists", "bloggers"]
    with pytest.raises(RegistryError, match=r"conduct.victim_groups\[1\]: 'bloggers' is not one of journalists"):
        seeded.nominate(data, officer("ngo"))
    data["conduct"]["victim_groups"] = "journalists"
    with pytest.raises(RegistryError, match="victim_groups"):
        seeded.nominate(data, officer("ngo"))
