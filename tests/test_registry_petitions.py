"""Petitions for removal or variation (issue #17, part 1), on SQLite and PostgreSQL.

A petition on insufficient basis is granted under four eyes, a publisher publishes the removal,
and `magnitsky visa` for the subject's real passport MRZ goes from DENY to CLEAR while the feed
shows the removal; a further petition without a new matter is refused under the UK regime (SAMLA
2018 s. 23) and accepted under Global Magnitsky; the petitioner reads their own petition's status
with the receipt token, and nothing else; their name never reaches the audit log."""

import json

import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.registry import ConflictError, NotFound, PermissionDenied, RegistryError
from magnitsky.registry.roles import PUBLIC_OFFICER
from magnitsky.screening.visa import compose_td3
from registry_support import designate, evidence_file, nomination, open_registry, screener_of
from reviewers import PASSWORD

UK = ("uk_global_human_rights", "involved_person")
PETITIONER = "Igor Zhuravlyov-petitioner-5b1e"
PETITION = {
    "sought": "revoke",
    "grounds": ["insufficient_basis", "mistaken_identity"],
    "statement": "I was on leave abroad from March 2022 to December 2023; the orders were signed by my deputy.",
    "petitioner": {"name": PETITIONER, "capacity": "subject", "contact": "by post to counsel"},
}
runner = CliRunner()


@pytest.fixture
def registry(database_url, tmp_path):
    registry = open_registry(database_url, tmp_path / "home")
    yield registry
    registry.engine.dispose()


def visa(home, url, mrz_file) -> str:
    result = runner.invoke(app, ["--home", str(home), "--db", url, "visa", "--mrz", str(mrz_file), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["decision"]


def test_a_granted_petition_on_insufficient_basis_clears_the_visa_and_the_feed_shows_the_removal(
    registry, database_url, tmp_path
):
    officer = registry.roles.officer
    screener = screener_of(registry)
    number = designate(registry, screener)
    designate(registry, screener, nomination(subject={"name": "Oleg Petrovich Sidorov"}))  # the list stays non-empty
    mrz = tmp_path / "passport.mrz"
    mrz.write_text(compose_td3("ZHURAVLEV", "IGOR", "753118904", "RUS", "710314", "M", "310101") + "\n")
    assert visa(registry.home, database_url, mrz) == "DENY"

    filed, token = registry.petitions.file(
        number, PETITION, PUBLIC_OFFICER, evidence=[evidence_file("witness_statement.txt")]
    )
    petition = filed["id"]
    assert filed["state"] == "open" and filed["grounds"] == ["insufficient_basis", "mistaken_identity"]
    assert len(filed["evidence"]) == 1 and registry.evidence.item(filed["evidence"][0]).nomination_id == number
    registry.petitions.message(petition, "Please send your travel records for 2022.", officer("ivan"))
    assert registry.petitions.reply(token, "Enclosed by post.")["messages"][0]["from"] == "authority"

    # Four eyes: the legal reviewer proposes to grant; she cannot decide; a decision-maker does.
    registry.petitions.propose(petition, "grant", "The file does not show he gave the orders.", officer("lena"))
    assert registry.petitions.status(token)["state"] == "open"  # a proposal is not yet a decision
    with pytest.raises(PermissionDenied):
        registry.petitions.decide(petition, officer("lena"))
    registry.roles.grant("lena", "decision_maker", by="setup")
    with pytest.raises(PermissionDenied, match="cannot approve"):
        registry.petitions.decide(petition, officer("lena"))
    decided = registry.petitions.decide(petition, officer("dora"))
    assert decided["state"] == "granted" and decided["decided_by"] == "dora"
    assert registry.view(number)["state"] == "under_review"
    assert visa(registry.home, database_url, mrz) == "DENY"  # ordered, not yet published

    # The publisher, neither proposer nor approver, publishes the removal: the visa clears.
    with pytest.raises(PermissionDenied, match="cannot also publish"):
        registry.roles.grant("dora", "publisher", by="setup")
        registry.publish(number, officer("dora"))
    published = registry.publish(number, officer("paul"))
    assert published["change"] == "removed" and registry.view(number)["state"] == "revoked"
    assert visa(registry.home, database_url, mrz) == "CLEAR"
    feed = json.loads((registry.publications / "feed.json").read_text())
    assert feed["versions"][0]["changes"] == [{"designation": "registry-00001", "change": "removed"}]
    assert registry.store.version("registry").number == 3

    # The petitioner sees their decision and reasons, nothing of the designation's file.
    status = registry.petitions.status(token)
    assert status["state"] == "granted" and status["reasons"] == "The file does not show he gave the orders."
    assert set(status) == {"petition", "state", "sought", "grounds", "filed_at", "decided_at", "reasons", "messages"}
    with pytest.raises(ConflictError, match="decided"):
        registry.petitions.reply(token, "Thank you.")
    with pytest.raises(NotFound, match="receipt token"):
        registry.petitions.status(token + "x")
    # The petitioner's name is kept with the petition, never in the audit trail.
    assert all(PETITIONER not in json.dumps(r.to_dict()) for r in registry.audit.records())
    actions = [r.action for r in registry.audit.records(f"nomination:{number}")]
    assert actions[-6:] == [
        "petition.message",
        "petition.message",
        "petition.propose",
        "proposal.ordered",
        "petition.decide",
        "registry.publish",
    ]


def test_a_further_petition_needs_a_new_matter_where_the_regime_says_so(registry):
    officer = registry.roles.officer
    screener = screener_of(registry)
    uk = designate(registry, screener, nomination(regimes={UK[0]: [UK[1]]}), criterion=UK)
    us = designate(registry, screener, nomination(subject={"name": "Oleg Petrovich Sidorov"}))
    first, _ = registry.petitions.file(uk, PETITION, PUBLIC_OFFICER)
    registry.petitions.propose(first["id"], "refuse", "The evidence of his orders stands.", officer("lena"))
    assert registry.petitions.decide(first["id"], officer("dora"))["state"] == "refused"
    assert registry.view(uk)["state"] == "published"

    with pytest.raises(ConflictError, match=r"SAMLA 2018 s\. 23"):
        registry.petitions.file(uk, PETITION, PUBLIC_OFFICER)
    again, _ = registry.petitions.file(
        uk, {**PETITION, "new_matter": "A court acquitted my deputy's victims' jailers."}, PUBLIC_OFFICER
    )
    assert again["state"] == "open" and again["new_matter"]

    registry.petitions.file(us, PETITION, PUBLIC_OFFICER)
    assert len(registry.petitions.list(officer("ivan"), nomination_id=us)) == 1
    registry.petitions.file(us, PETITION, PUBLIC_OFFICER)  # Global Magnitsky sets no such rule
    assert len(registry.petitions.list(officer("ivan"), nomination_id=us)) == 2


def test_petitions_are_checked_field_by_field_and_only_against_designations_in_force(registry):
    screener = screener_of(registry)
    with pytest.raises(RegistryError, match=r"petition.grounds\[0\]: 'unfair'"):
        registry.petitions.file(1, {**PETITION, "grounds": ["unfair"]}, PUBLIC_OFFICER)
    with pytest.raises(RegistryError, match="petition.petitioner.representative"):
        registry.petitions.file(
            1, {**PETITION, "petitioner": {"name": "A", "capacity": "representative"}}, PUBLIC_OFFICER
        )
    with pytest.raises(NotFound):
        registry.petitions.file(99, PETITION, PUBLIC_OFFICER)
    filed = registry.nominate(nomination(), registry.roles.officer("ngo"))
    with pytest.raises(ConflictError, match="not a designation in force"):
        registry.petitions.file(filed["id"], PETITION, PUBLIC_OFFICER)
    number = designate(registry, screener, nomination(subject={"name": "Oleg Petrovich Sidorov"}))
    with pytest.raises(PermissionDenied):
        registry.petitions.list(registry.roles.officer("ngo"))
    petition, _ = registry.petitions.file(number, PETITION, PUBLIC_OFFICER)
    with pytest.raises(PermissionDenied):
        registry.petitions.propose(petition["id"], "grant", "x", registry.roles.officer("ivan"))


def test_the_petition_commands_from_filing_to_a_published_removal(registry, database_url, tmp_path):
    screener = screener_of(registry)
    number = designate(registry, screener)
    designate(registry, screener, nomination(subject={"name": "Oleg Petrovich Sidorov"}))
    petition_file = tmp_path / "petition.json"
    petition_file.write_text(json.dumps(PETITION))

    def cli(*args: str, user: str | None = None, env: dict | None = None, code: int = 0) -> str:
        env = dict(env or {})
        if user:
            env |= {"MAGNITSKY_USER": user, "MAGNITSKY_PASSWORD": PASSWORD}
        result = runner.invoke(app, ["--home", str(registry.home), "--db", database_url, *args], env=env)
        assert result.exit_code == code, result.output
        return result.output

    filed = cli("registry", "petition", "file", str(number), str(petition_file), "--public")
    assert f"petition 1: open  nomination {number}, seeks to revoke (insufficient_basis, mistaken_identity)" in filed
    token = filed.split("receipt token: ")[1].split()[0]
    petitioner = {"MAGNITSKY_PETITION_TOKEN": token}
    assert "petition 1: open" in cli("registry", "petition", "status", env=petitioner)
    assert "no petition has this receipt token" in cli(
        "registry", "petition", "status", env={"MAGNITSKY_PETITION_TOKEN": "wrong"}, code=1
    )
    cli("registry", "petition", "propose", "1", "grant", "--reasons", "No proof of his orders.", user="lena")
    assert "needs the registry role decision_maker" in cli("registry", "petition", "decide", "1", user="lena", code=1)
    decided = cli("registry", "petition", "decide", "1", user="dora")
    assert "petition 1: granted" in decided and f"magnitsky registry publish {number}" in decided
    assert "(removed)" in cli("registry", "publish", str(number), user="paul")
    status = json.loads(cli("registry", "petition", "status", "--json", env=petitioner))
    assert status["state"] == "granted" and status["reasons"] == "No proof of his orders."
    assert json.loads(cli("registry", "petition", "list", "--json", user="ivan"))[0]["state"] == "granted"


def test_staff_download_a_petitioners_evidence_hash_checked_permission_checked_and_audited(registry):
    from magnitsky.registry import IntegrityError
    from registry_support import REGISTRY_FIXTURES

    officer = registry.roles.officer
    screener = screener_of(registry)
    number = designate(registry, screener)
    other = designate(registry, screener, nomination(subject={"name": "Oleg Petrovich Sidorov"}))
    filed, _ = registry.petitions.file(number, PETITION, PUBLIC_OFFICER, evidence=[evidence_file("medical_report.pdf")])
    [item_id] = filed["evidence"]
    sent = (REGISTRY_FIXTURES / "medical_report.pdf").read_bytes()

    item, data = registry.petitions.read_evidence(filed["id"], item_id, officer("ivan"), "assessing the petition")
    assert data == sent and item.media_type == "application/pdf" and item.filename == "medical_report.pdf"
    last = registry.evidence.custody(item_id)[-1]
    assert (last["actor"], last["action"], last["reason"]) == ("ivan", "read", "assessing the petition")
    [read] = [r for r in registry.audit.records(f"nomination:{number}") if r.action == "evidence.read"]
    assert read.actor == "ivan" and read.details == {"evidence": item_id}

    for who in ("ngo", "paul"):  # a submitter or a publisher reads no petition
        with pytest.raises(PermissionDenied):
            registry.petitions.read_evidence(filed["id"], item_id, officer(who), "curious")
    nominations_own = registry.view(other)["evidence"][0]["id"]  # a file of another case, not of this petition
    with pytest.raises(NotFound, match=f"petition {filed['id']} brought no evidence item {nominations_own}"):
        registry.petitions.read_evidence(filed["id"], nominations_own, officer("ivan"), "x")
    with pytest.raises(NotFound):
        registry.petitions.read_evidence(filed["id"] + 1, item_id, officer("ivan"), "x")

    registry.evidence.path(item.sha256).write_bytes(sent.replace(b"%PDF-", b"%PDF-1.7 altered "))
    with pytest.raises(IntegrityError, match="no longer matches its SHA-256"):
        registry.petitions.read_evidence(filed["id"], item_id, officer("dora"), "deciding")
    assert registry.evidence.custody(item_id)[-1]["action"] == "integrity_failure"
