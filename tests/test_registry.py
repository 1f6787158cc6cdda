"""The registry's rules one by one: regimes, nominations, intake, evidence, four eyes, the checklist,
statements, source protection and revocation. Real list excerpts (bundled OFAC SDN and UN), real
files (tests/fixtures/registry). The whole path through the CLI is tests/test_registry_end_to_end.py."""

import pytest

from magnitsky.cases.users import Users
from magnitsky.registry import ConflictError, IntegrityError, PermissionDenied, Registry
from magnitsky.registry.evidence import EvidenceRefused, media_type
from magnitsky.registry.nomination import NominationError
from magnitsky.registry.regimes import BUNDLED_REGIMES, RegimeError, load_regime, load_regimes
from magnitsky.registry.roles import PUBLIC_OFFICER
from magnitsky.settings import Settings
from registry_support import (
    ELEMENTS,
    GLOMAG,
    REGISTRY_FIXTURES,
    evidence_file,
    nomination,
    open_registry,
    screener_of,
    to_decision,
)
from reviewers import FOUNDERS, PASSWORD, enrol


@pytest.fixture
def registry(tmp_path):
    registry = open_registry(f"sqlite:///{tmp_path / 'magnitsky.db'}", tmp_path / "home")
    yield registry
    registry.engine.dispose()


@pytest.fixture
def screener(registry):
    return screener_of(registry)


# -- regimes -----------------------------------------------------------------------------------


def test_every_bundled_regime_states_criteria_elements_proof_measures_and_clocks():
    regimes = load_regimes()
    assert set(regimes) == {
        "us_magnitsky_2012",
        "global_magnitsky",
        "us_7031c",
        "eu_global_human_rights",
        "uk_global_human_rights",
        "uk_global_anti_corruption",
        "canada_jvcfoa",
    }
    glomag = regimes["global_magnitsky"]
    assert glomag.program == "GLOMAG" and glomag.standard_of_proof == "reason to believe"
    assert [c.days for c in glomag.clocks] == [120, 15, 365]
    assert set(glomag.criteria[0].elements) == set(ELEMENTS)
    assert regimes["us_7031c"].covers_family and regimes["us_7031c"].measures == ("travel_ban",)
    assert regimes["uk_global_human_rights"].standard_of_proof == "reasonable grounds to suspect"
    assert "2020/1999" in regimes["eu_global_human_rights"].legal_basis


def test_an_authority_file_replaces_a_bundled_regime_and_adds_a_jurisdiction(tmp_path):
    folder = tmp_path / "regimes"
    folder.mkdir()
    text = (BUNDLED_REGIMES / "global_magnitsky.yaml").read_text()
    (folder / "glomag.yaml").write_text(text.replace("review_period_days: 365", "review_period_days: 180"))
    (folder / "new.yaml").write_text(text.replace("id: global_magnitsky", "id: atlantis_magnitsky"))
    regimes = load_regimes(tmp_path)
    assert regimes["global_magnitsky"].review_period_days == 180
    assert "atlantis_magnitsky" in regimes


@pytest.mark.parametrize(
    "change, line, message",
    [
        (("standard_of_proof: reason to believe\n", ""), 2, "missing field 'standard_of_proof'"),
        (("measures: [asset_freeze, travel_ban]", "measures: [asset_freeze, exile]"), 10, "unknown measure 'exile'"),
        (("review_period_days: 365", "review_period_days: a year"), 12, "whole number of days"),
        (("      victims: any person\n", ""), 32, "missing field 'victims'"),
        (("opens_on: revocation", "opens_on: designation"), 23, "unknown opens_on 'designation'; use one of"),
        (("covers_family: false", "covers_family: [false"), 12, "not valid YAML"),
    ],
)
def test_a_malformed_regime_file_is_refused_naming_its_line(tmp_path, change, line, message):
    text = (BUNDLED_REGIMES / "global_magnitsky.yaml").read_text()
    assert change[0] in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(RegimeError, match=rf"bad.yaml, line {line}: .*{message}"):
        load_regime(path)


# -- nominations and intake --------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"regimes": {"narnia": ["x"]}}, "nomination.regimes: unknown regime 'narnia'"),
        ({"regimes": {"global_magnitsky": ["treason"]}}, "has no criterion 'treason'"),
        (
            {"subject": {"name": "X", "birth_dates": ["14 March"]}},
            r"subject.birth_dates\[0\]: '14 March' is not a date",
        ),
        ({"subject": {"name": "X", "nationalities": ["Atlantis"]}}, "subject.nationalities"),
        ({"conduct": {"what": "x", "when": "2022"}}, "conduct.role: required"),
        ({"submitter": {"email": 7}}, "nomination.submitter.email: expected text"),
    ],
)
def test_malformed_nominations_name_the_field(registry, changes, message):
    with pytest.raises(NominationError, match=message):
        registry.nominate(nomination(**changes), registry.roles.officer("ngo"))


def test_a_submitter_error_names_the_field_never_the_value(registry):
    with pytest.raises(NominationError) as caught:
        registry.nominate(nomination(submitter={"email": "x" * 2000}), registry.roles.officer("ngo"))
    assert "xxxx" not in str(caught.value)


def test_intake_shows_who_lists_the_subject_and_flags_a_duplicate_nomination(registry, screener):
    gertler = nomination(
        subject={"name": "Dan Gertler", "birth_dates": ["1973-12-23"], "nationalities": ["IL"]},
        regimes={"global_magnitsky": ["corruption"]},
        submitter=None,
    )
    first = registry.nominate(gertler, PUBLIC_OFFICER, screener)
    assert first["state"] == "submitted" and first["created_by"] == "public"
    intake = first["intake"]
    assert intake["summary"] == "already listed by ofac_sdn (GLOMAG); not by un_sc"
    assert intake["lists"]["ofac_sdn"]["entries"][0]["entity_id"] == "ofac_sdn:23252"
    again = registry.nominate(gertler, PUBLIC_OFFICER, screener)
    assert again["intake"]["duplicates"][0]["nomination"] == first["id"]
    assert "possible duplicate of nomination 1" in again["intake"]["summary"]


def test_nominations_never_enter_the_list_store(registry, screener):
    before = [(v.source, v.number) for v in registry.store.current_versions()]
    to_decision(registry, screener)
    assert [(v.source, v.number) for v in registry.store.current_versions()] == before


def test_a_submitter_reads_only_their_own_nominations(registry, screener):
    filed = registry.nominate(nomination(), registry.roles.officer("ngo"))
    enrol(Users(registry.engine), "other-ngo", "analyst")
    registry.roles.grant("other-ngo", "submitter", by="setup")
    with pytest.raises(PermissionDenied, match="only the nominations they filed"):
        registry.view(filed["id"], registry.roles.officer("other-ngo"))
    assert registry.nominations(registry.roles.officer("other-ngo")) == []
    assert registry.view(filed["id"], registry.roles.officer("ivan"))["caption"] == "Igor Yevgenyevich Zhuravlyov"


# -- evidence ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        ((REGISTRY_FIXTURES / "medical_report.pdf").read_bytes(), "application/pdf"),
        ((REGISTRY_FIXTURES / "witness_statement.txt").read_bytes(), "text/plain"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    ],
)
def test_media_type_is_read_from_the_bytes(data, expected):
    assert media_type(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"\x00\x01\x02\x03binary",
        b"  <!DOCTYPE html><p>hi",
    ],
)
def test_what_a_browser_would_run_is_refused(registry, data):
    filed = registry.nominate(nomination(), registry.roles.officer("ngo"))
    with pytest.raises(EvidenceRefused):
        registry.add_evidence(filed["id"], data, "x.pdf", "x", registry.roles.officer("ngo"))
    assert registry.view(filed["id"])["evidence"] == []


def test_evidence_is_stored_once_by_hash_rechecked_on_read_and_custody_logged(registry, screener):
    officer = registry.roles.officer
    filed = registry.nominate(nomination(), officer("ngo"), evidence=[evidence_file("witness_statement.txt")])
    item = filed["evidence"][0]
    stored = registry.evidence.path(item["sha256"])
    assert stored.read_bytes() == (REGISTRY_FIXTURES / "witness_statement.txt").read_bytes()
    _, data = registry.read_evidence(item["id"], officer("ivan"), "triage")
    assert data == stored.read_bytes()
    assert [c["action"] for c in registry.evidence.custody(item["id"])] == ["added", "read"]
    stored.write_bytes(data.replace(b"nine hours", b"two hours"))
    with pytest.raises(IntegrityError, match="no longer matches its SHA-256"):
        registry.read_evidence(item["id"], officer("ivan"), "review")
    assert registry.evidence.custody(item["id"])[-1]["action"] == "integrity_failure"
    with pytest.raises(IntegrityError):
        registry.evidence_pack(filed["id"], officer("ivan"), "court")


def test_a_submitter_cannot_read_evidence(registry):
    filed = registry.nominate(
        nomination(), registry.roles.officer("ngo"), evidence=[evidence_file("witness_statement.txt")]
    )
    with pytest.raises(PermissionDenied):
        registry.read_evidence(filed["evidence"][0]["id"], registry.roles.officer("ngo"), "curious")


# -- workflow and four eyes --------------------------------------------------------------------


def test_steps_out_of_order_or_by_the_wrong_role_are_refused(registry, screener):
    officer = registry.roles.officer
    filed = registry.nominate(nomination(), officer("ngo"))
    with pytest.raises(ConflictError, match="cannot triage a nomination in state draft"):
        registry.step(filed["id"], "triage", officer("ivan"))
    enrol(Users(registry.engine), "other-ngo", "analyst")
    registry.roles.grant("other-ngo", "submitter", by="setup")
    with pytest.raises(PermissionDenied, match="only the nomination's author"):
        registry.step(filed["id"], "submit", officer("other-ngo"), screener=screener)
    registry.step(filed["id"], "submit", officer("ngo"), screener=screener)
    with pytest.raises(PermissionDenied, match="needs the registry role investigator"):
        registry.step(filed["id"], "triage", officer("ngo"))


def test_who_proposed_may_not_approve_even_holding_both_roles(registry, screener):
    officer = registry.roles.officer
    number = to_decision(registry, screener)
    registry.refuse(number, officer("dora"), "reconsider the victims element")
    assert registry.view(number)["state"] == "legal_review"
    registry.propose(number, "designate", "reconsidered", officer("dmitri"))
    with pytest.raises(PermissionDenied, match="dmitri proposed this and cannot approve it"):
        registry.approve(number, officer("dmitri"))
    registry.approve(number, officer("dora"))


def test_the_approver_may_not_publish(registry, screener):
    registry.roles.grant("dora", "publisher", by="setup")
    number = to_decision(registry, screener)
    registry.approve(number, registry.roles.officer("dora"))
    with pytest.raises(PermissionDenied, match="cannot also publish it"):
        registry.publish(number, registry.roles.officer("dora"))


def test_an_unmet_element_needs_an_override_with_reasons(registry, screener):
    officer = registry.roles.officer
    number = to_decision(registry, screener)
    registry.refuse(number, officer("dora"), "check the time window")
    registry.assess(number, *GLOMAG, "time_window", "not_met", "partly before 2017", officer("lena"))
    registry.propose(number, "designate", "continuing conduct", officer("lena"))
    with pytest.raises(ConflictError, match="global_magnitsky/serious_human_rights_abuse/time_window: not_met"):
        registry.approve(number, officer("dora"))
    approved = registry.approve(number, officer("dora"), override="the abuse continued after 20 December 2017")
    assert approved["proposals"][-1]["override"] == "the abuse continued after 20 December 2017"


def test_statement_versions_compare_and_only_releasable_paragraphs_are_public(registry, screener):
    officer = registry.roles.officer
    number = to_decision(registry, screener)
    registry.refuse(number, officer("dora"), "add the annex")
    second = [
        {"text": "He ordered the torture.", "releasable": True},
        {"text": "Source: a guard on shift (name withheld).", "releasable": False},
    ]
    assert registry.write_statement(number, second, officer("lena")) == 2
    assert registry.statement_of_reasons(number) == "1. He ordered the torture."
    assert registry.compare_statements(number, 1, 2)[-1] == "+[annex] Source: a guard on shift (name withheld)."


def test_revocation_is_four_eyes_and_removes_the_entry_from_the_store(registry, screener):
    officer = registry.roles.officer
    first = to_decision(registry, screener)
    registry.approve(first, officer("dora"))
    registry.publish(first, officer("paul"))
    second = to_decision(registry, screener, nomination(subject={"name": "Oleg Petrovich Sidorov"}))
    registry.approve(second, officer("dora"))
    registry.publish(second, officer("paul"))
    assert registry.store.version("registry").entity_count == 2
    registry.step(first, "review", officer("lena"), "annual review")
    registry.propose(first, "revoke", "no longer in office", officer("lena"))
    registry.approve(first, officer("dora"))
    result = registry.publish(first, officer("paul"))
    assert result["change"] == "removed" and registry.view(first)["state"] == "revoked"
    assert [e.caption for e in registry.store.entities([registry.store.version("registry")])] == [
        "Oleg Petrovich Sidorov"
    ]


# -- source protection -------------------------------------------------------------------------


def test_the_submitter_is_encrypted_and_read_only_by_source_protection(registry):
    officer = registry.roles.officer
    filed = registry.nominate(nomination(), officer("ngo"))
    with pytest.raises(PermissionDenied):
        registry.submitters.read(filed["id"], officer("dora"), "curious")
    assert registry.submitters.read(filed["id"], officer("sofia"), "court order")["organisation"] == (
        "Baltic Detention Monitor"
    )
    anonymous = registry.nominate(nomination(submitter=None), officer("ngo"))
    assert registry.submitters.read(anonymous["id"], officer("sofia"), "check") is None
    reads = [r for r in registry.audit.records() if r.action == "submitter.read"]
    assert [r.details for r in reads] == [
        {"reason": "court order", "anonymous": False},
        {"reason": "check", "anonymous": True},
    ]


def test_another_key_file_cannot_read_the_submitter(registry, tmp_path):
    filed = registry.nominate(nomination(), registry.roles.officer("ngo"))
    other_keys = Settings.from_env({"MAGNITSKY_REGISTRY_KEYS": str(tmp_path / "other-keys")}, home=tmp_path / "home")
    stranger = Registry(registry.store, tmp_path / "home", keys=other_keys.store.registry_keys)
    assert stranger.keys == tmp_path / "other-keys"
    with pytest.raises(IntegrityError, match="cannot be decrypted with this key file"):
        stranger.submitters.read(filed["id"], stranger.roles.officer("sofia"), "test")


def test_a_registry_role_needs_two_administrators(registry):
    """One administrator asks, a second approves; the asker cannot approve, nor can a non-administrator."""
    users = Users(registry.engine)
    first, second = (users.authenticate(name, PASSWORD) for name in FOUNDERS)
    enrol(users, "newcomer", "analyst")
    analyst = users.authenticate("newcomer", PASSWORD)
    with pytest.raises(PermissionDenied, match="needs an administrator"):
        registry.roles.request_grant("newcomer", "publisher", analyst, "me")
    request = registry.roles.request_grant("newcomer", "publisher", first, "publishing desk")
    with pytest.raises(ConflictError, match="still pending"):
        registry.roles.request_grant("newcomer", "publisher", second, "again")
    assert registry.roles.officer("newcomer").roles == frozenset()
    with pytest.raises(PermissionDenied, match="cannot decide it"):
        registry.roles.decide_grant(request.id, first, "mine")
    with pytest.raises(PermissionDenied, match="needs an administrator"):
        registry.roles.decide_grant(request.id, analyst, "mine")
    assert registry.roles.decide_grant(request.id, second, "checked").state == "approved"
    assert registry.roles.officer("newcomer").roles == {"publisher"}
    with pytest.raises(ConflictError, match="already holds the registry role publisher"):
        registry.roles.request_grant("newcomer", "publisher", first, "again")
    rejected = registry.roles.request_grant("newcomer", "auditor", first, "audit desk")
    registry.roles.decide_grant(rejected.id, second, "not needed", approve=False)
    assert registry.roles.officer("newcomer").roles == {"publisher"}
    actions = [(r.actor, r.action) for r in registry.audit.records() if r.action.startswith("registry.role.grant.")]
    assert actions == [
        (FOUNDERS[0], "registry.role.grant.request"),
        (FOUNDERS[1], "registry.role.grant.approve"),
        (FOUNDERS[0], "registry.role.grant.request"),
        (FOUNDERS[1], "registry.role.grant.reject"),
    ]
