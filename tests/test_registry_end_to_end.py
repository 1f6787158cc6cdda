"""Issue #16's scenario end to end through the CLI, on SQLite and PostgreSQL.

An NGO nominates an official (Cyrillic and Latin names, birth date, two evidence files) under the
Global Magnitsky regime; intake screens him against the loaded official lists (the bundled OFAC
SDN and UN excerpts); an investigator and a legal reviewer complete the checklist; a decision-maker
who is not the proposer approves; a publisher publishes. Then `magnitsky visa` DENIES his passport
(a real TD3 MRZ in ICAO spelling, check digits computed) and `magnitsky payment` BLOCKS a real
pacs.008 paying him; the published FtM file verifies and loads back unchanged; a changed byte in
an evidence file or in the published file is detected; the planted submitter e-mail appears in
no output, log, file or table. Fixtures: tests/fixtures/registry (see SOURCE.md there).
"""

import json
import logging
import re
import zipfile
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from magnitsky.cases import CaseService
from magnitsky.cli import app
from magnitsky.data import default_lists
from magnitsky.screening.visa import compose_td3
from magnitsky.sources import open_list
from magnitsky.store import ListStore
from magnitsky.store.schema import metadata
from registry_support import nomination, open_registry, screener_of, to_decision
from reviewers import FOUNDERS, PASSWORD, enrol

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REGISTRY = FIXTURES / "registry"
NOMINATION = REGISTRY / "nomination_zhuravlev.json"
PLANTED_EMAIL = json.loads(NOMINATION.read_text())["submitter"]["email"]
GLOMAG = ("global_magnitsky", "serious_human_rights_abuse")
ELEMENTS = ("conduct", "link", "victims", "time_window")
OFFICERS = {
    "ngo": "submitter",
    "ivan": "investigator",
    "lena": "legal_reviewer",
    "dora": "decision_maker",
    "paul": "publisher",
    "sofia": "source_protection",
}
runner = CliRunner()


class Session:
    """Runs CLI commands against one home and database; keeps every output for the e-mail search."""

    def __init__(self, home: Path, url: str, env: dict[str, str] | None = None):
        self.home, self.url, self.env = home, url, env or {}
        self.outputs: list[str] = []

    def signed_in(self, name: str) -> "Session":
        """The same session with ``name`` signed in, as a reviewer does it: their name and password
        in the environment (the CLI takes no name on its command line)."""
        session = Session(self.home, self.url, {"MAGNITSKY_USER": name, "MAGNITSKY_PASSWORD": PASSWORD})
        session.outputs = self.outputs
        return session

    def run(self, *args: str, code: int = 0) -> str:
        result = runner.invoke(app, ["--home", str(self.home), "--db", self.url, *args], env=self.env)
        self.outputs.append(result.output)
        assert result.exit_code == code, result.output
        return result.output


def pacs008_paying(name: str, birth_date: str) -> bytes:
    """The real pacs.008.001.08 fixture with the creditor replaced."""
    message = (FIXTURES / "payments" / "pacs008_magnit_creditor.xml").read_text(encoding="utf-8")
    message = message.replace("<Nm>Dmitry Vladislavovich Klyuev</Nm>", f"<Nm>{name}</Nm>")
    message = message.replace("<BirthDt>1967-08-10</BirthDt>", f"<BirthDt>{birth_date}</BirthDt>")
    message = message.replace("<MsgId>DEUTDEFF-20261125-000417</MsgId>", "<MsgId>DEUTDEFF-20261207-000501</MsgId>")
    return message.replace("8a562c67-ca16-48ba-b074-65581be6f011", "5d0c1e36-4f0b-4c36-9a53-2f8f1d0e6a77").encode()


def test_nomination_to_enforced_designation(tmp_path, database_url, caplog):
    caplog.set_level(logging.DEBUG)
    cli = Session(tmp_path / "home", database_url)
    for path in default_lists():
        cli.run("load", str(path))
    reviewers = CaseService.open(database_url)
    for name in OFFICERS:
        enrol(reviewers.users, name, "analyst")
    reviewers.engine.dispose()
    # Registry roles under four eyes: one administrator asks, the other approves (never the same).
    for name, role in [*OFFICERS.items(), ("lena", "investigator")]:  # the legal reviewer also assesses
        asked = cli.signed_in(FOUNDERS[0]).run("registry", "grant", name, role, "--rationale", "registry team")
        assert f"registry role {role} for {name}, pending" in asked
        number = re.search(r"request (\d+):", asked).group(1)
        if name == "ngo":
            refused = cli.signed_in(FOUNDERS[0]).run("requests", "approve", number, "--rationale", "mine", code=1)
            assert "cannot decide it; a second person must (four-eyes)" in refused
            early = cli.signed_in("ngo").run("registry", "nominate", str(NOMINATION), code=1)
            assert "needs the registry role submitter" in early  # not before the second administrator
        cli.signed_in(FOUNDERS[1]).run("requests", "approve", number, "--rationale", "checked")

    # The NGO files the nomination with two evidence files and submits it: intake screens the subject.
    filed = cli.signed_in("ngo").run(
        "registry", "nominate", str(NOMINATION),
        "--evidence", str(REGISTRY / "medical_report.pdf"), "--evidence", str(REGISTRY / "witness_statement.txt"),
    )  # fmt: skip
    assert "nomination 1: draft  Igor Yevgenyevich Zhuravlyov" in filed
    assert "evidence 1: medical_report.pdf application/pdf" in filed
    assert "evidence 2: witness_statement.txt text/plain" in filed
    submitted = cli.signed_in("ngo").run("registry", "submit", "1")
    assert "intake: not listed by any loaded list (ofac_sdn, un_sc)" in submitted

    # Triage and investigation; the investigator assesses conduct and link, the legal reviewer the rest.
    cli.signed_in("ivan").run("registry", "step", "1", "triage")
    cli.signed_in("ivan").run("registry", "step", "1", "investigate")
    for element in ELEMENTS[:2]:
        evidence = ("--supporting", "1", "--supporting", "2")
        cli.signed_in("ivan").run("registry", "assess", "1", *GLOMAG, element, "met", *evidence)
    paragraphs = tmp_path / "statement.json"
    paragraphs.write_text(
        json.dumps(
            [
                {"text": "As head of pre-trial detention centre No. 3 in Kaliningrad since June 2019, "
                 "Igor Zhuravlyov ordered and supervised the torture of detained journalists in 2022-2023.",
                 "releasable": True, "evidence": [1, 2]},
                {"text": "A former guard confirmed the orders in an interview; identity withheld.",
                 "releasable": False, "evidence": [2]},
            ]
        )
    )  # fmt: skip
    cli.signed_in("ivan").run("registry", "statement", "1", str(paragraphs))
    cli.signed_in("ivan").run("registry", "step", "1", "to_legal_review")
    for element in ELEMENTS[2:]:
        cli.signed_in("lena").run("registry", "assess", "1", *GLOMAG, element, "met", "--supporting", "1")
    reasons = cli.run("registry", "reasons", "1")
    assert "ordered and supervised the torture" in reasons and "identity withheld" not in reasons

    # Four eyes: the legal reviewer proposes; she may not approve; a decision-maker does; he may not publish.
    cli.signed_in("lena").run("registry", "propose", "1", "designate", "--reasons", "All elements met")
    refused = cli.signed_in("lena").run("registry", "approve", "1", code=1)
    assert "needs the registry role decision_maker" in refused
    cli.signed_in("dora").run("registry", "approve", "1")
    assert "needs the registry role publisher" in cli.signed_in("dora").run("registry", "publish", "1", code=1)
    published = cli.signed_in("paul").run("registry", "publish", "1")
    assert "published registry-00001 (added): publication 1, registry list version 1, 1 designation(s)" in published

    # Both doors close: the visa door DENIES his passport (ICAO spelling), payments BLOCK.
    mrz = tmp_path / "passport.mrz"
    mrz.write_text(compose_td3("ZHURAVLEV", "IGOR", "753118904", "RUS", "710314", "M", "310101") + "\n")
    visa = cli.run("visa", "--mrz", str(mrz), "--json")
    decision = json.loads(visa)
    assert decision["decision"] == "DENY"
    assert decision["matches"][0]["entity_id"] == "registry:registry-00001"
    assert "travel_ban" in decision["matches"][0]["measures"]
    payment_file = tmp_path / "pacs008.xml"
    payment_file.write_bytes(pacs008_paying("Igor Zhuravlev", "1971-03-14"))
    payment = json.loads(cli.run("payment", str(payment_file), "--json"))
    assert payment["decision"] == "BLOCK"
    causes = [cause for t in payment["transactions"] for cause in t["causes"]]
    assert any(c["entity_id"] == "registry:registry-00001" and c["decision"] == "BLOCK" for c in causes)

    # The published FtM file verifies, and loading it again changes nothing: it is the store's version.
    folder = tmp_path / "home" / "registry" / "publications"
    ftm_file = folder / "v1" / "designations.ftm.json"
    for name in ("v1/designations.ftm.json", "v1/designations.csv", "feed.json", "feed.atom"):
        assert "signature valid" in cli.run("registry", "verify", str(folder / name))
    assert "registry: unchanged (same file as version 1, 1 entries)" in cli.run(
        "load", str(ftm_file), "--format", "ftm_json", "--source", "registry"
    )
    store = ListStore(database_url)
    assert list(open_list(ftm_file, "ftm_json", "registry").entities()) == list(
        store.entities([store.version("registry")])
    )
    feed = json.loads((folder / "feed.json").read_text())
    assert feed["versions"][0]["changes"] == [{"designation": "registry-00001", "change": "added"}]

    # A changed byte is detected: in the published file, and in a stored evidence file.
    tampered = tmp_path / "tampered.ftm.json"
    tampered.write_bytes(ftm_file.read_bytes().replace(b"1971-03-14", b"1971-03-15"))
    (tmp_path / "tampered.ftm.json.sig").write_bytes((folder / "v1" / "designations.ftm.json.sig").read_bytes())
    failed = cli.run("registry", "verify", str(tampered), "--public-key", str(folder / "signing.pub.pem"), code=1)
    assert "does not match" in failed
    pack = tmp_path / "pack.zip"
    cli.signed_in("ivan").run("registry", "evidence", "pack", "1", "-o", str(pack), "--reason", "court request")
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert {item["filename"] for item in manifest["items"]} == {"medical_report.pdf", "witness_statement.txt"}
    stored = next((tmp_path / "home" / "registry" / "evidence").rglob(manifest["items"][0]["sha256"]))
    stored.write_bytes(stored.read_bytes()[:-1] + b"!")
    altered = cli.signed_in("ivan").run("registry", "evidence", "read", "1", "--reason", "review", code=1)
    assert "no longer matches its SHA-256" in altered

    # Source protection: only the dedicated role reads the submitter, and the read is audited.
    assert "needs the registry role source_protection" in cli.signed_in("ivan").run(
        "registry", "submitter", "1", "--reason", "x", code=1
    )
    reveal = ["registry", "submitter", "1", "--reason", "asked by the court"]
    sofia = {"MAGNITSKY_USER": "sofia", "MAGNITSKY_PASSWORD": PASSWORD}
    revealed = runner.invoke(app, ["--home", str(cli.home), "--db", database_url, *reveal], env=sofia)
    assert json.loads(revealed.stdout)["email"] == PLANTED_EMAIL  # the one output allowed to show it
    audit = tmp_path / "audit.jsonl"
    cli.run("audit", "export", "-o", str(audit))
    actions = [json.loads(line)["action"] for line in audit.read_text().splitlines()]
    assert "submitter.read" in actions and "registry.publish" in actions and "checklist.assess" in actions

    # The planted e-mail appears nowhere else: outputs, logs, files under home, any table.
    assert not [out for out in cli.outputs if PLANTED_EMAIL in out]
    assert PLANTED_EMAIL not in caplog.text
    files = [p for p in (tmp_path).rglob("*") if p.is_file()]
    assert [p for p in files if PLANTED_EMAIL.encode() in p.read_bytes()] == []
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                assert PLANTED_EMAIL not in repr(tuple(row)), table.name
    assert not re.search(r"detention-monitor", "".join(cli.outputs))
    store.engine.dispose()


def test_a_7031c_designation_bars_the_family_and_revoking_it_empties_the_authority_list(tmp_path, database_url):
    """§7031(c) reaches immediate family: the spouse named in the nomination is published as an
    entry of her own (a Family link to the principal, the regime's travel ban), so the visa door
    DENIES her passport. Revoking the authority's only designation then publishes an empty list,
    the store records it as an empty version, and neither passport is denied any more."""
    registry = open_registry(database_url, tmp_path / "home")
    officer = registry.roles.officer
    spouse = {
        "relation": "family",
        "name": "Marina Zhuravlyova",
        "birth_date": "1974-09-02",
        "documents": [{"type": "passport", "number": "751204467", "country": "RU"}],
        "note": "spouse",
    }
    company = {"relation": "owns", "schema": "Company", "name": "Baltiyskaya Okhrana LLC"}
    data = nomination(regimes={"us_7031c": ["gross_violation_of_human_rights"]}, related=[spouse, company])
    number = to_decision(registry, screener_of(registry), data, ("us_7031c", "gross_violation_of_human_rights"))
    registry.approve(number, officer("dora"))
    published = registry.publish(number, officer("paul"))
    assert (published["entries"], published["list_version"]) == (1, 1)

    folder = tmp_path / "home" / "registry" / "publications"
    records = [json.loads(line) for line in (folder / "v1" / "designations.ftm.json").read_text().splitlines()]
    by_id = {r["id"]: r for r in records}
    assert by_id["registry-00001-family-1"]["properties"]["name"] == ["Marina Zhuravlyova"]
    assert by_id["registry-00001-family-1-link"]["properties"] == {
        "person": ["registry-00001"],
        "relative": ["registry-00001-family-1"],
        "relationship": ["spouse"],
    }
    assert by_id["registry-00001-family-1-us-7031c"]["properties"]["provisions"] == ["Travel ban"]
    assert "Baltiyskaya" not in json.dumps(records)  # owned companies are not reached by a visa ban
    listed = {e.id: e for e in registry.store.entities([registry.store.version("registry")])}
    assert set(listed) == {"registry:registry-00001", "registry:registry-00001-family-1"}
    assert [(r.kind, r.target) for r in listed["registry:registry-00001-family-1"].relations] == [
        ("family", "registry-00001")
    ]

    cli = Session(tmp_path / "home", database_url)
    passports = {
        "registry:registry-00001-family-1": compose_td3(
            "ZHURAVLYOVA", "MARINA", "751204467", "RUS", "740902", "F", "310101"
        ),
        "registry:registry-00001": compose_td3("ZHURAVLEV", "IGOR", "753118904", "RUS", "710314", "M", "310101"),
    }
    for entity_id, line in passports.items():
        mrz = tmp_path / f"{entity_id}.mrz"
        mrz.write_text(line + "\n")
        decision = json.loads(cli.run("visa", "--mrz", str(mrz), "--json"))
        assert decision["decision"] == "DENY", entity_id
        assert decision["matches"][0]["entity_id"] == entity_id
        assert decision["matches"][0]["measures"] == ["travel_ban"]

    # Revoking the only designation: an empty list is published, loaded and enforced.
    registry.step(number, "review", officer("lena"), "no longer in office")
    registry.propose(number, "revoke", "no longer in office", officer("lena"))
    registry.approve(number, officer("dora"))
    revoked = registry.publish(number, officer("paul"))
    assert (revoked["change"], revoked["entries"], revoked["list_version"]) == ("removed", 0, 2)
    assert (folder / "v2" / "designations.ftm.json").read_bytes() == b""
    assert "signature valid" in cli.run("registry", "verify", str(folder / "v2" / "designations.ftm.json"))
    version = registry.store.version("registry")
    assert (version.number, version.entity_count) == (2, 0)
    assert "registry: unchanged (same file as version 2, 0 entries)" in cli.run(
        "load", str(folder / "v2" / "designations.ftm.json"), "--format", "ftm_json", "--source", "registry"
    )
    for entity_id in passports:
        decision = json.loads(cli.run("visa", "--mrz", str(tmp_path / f"{entity_id}.mrz"), "--json"))
        assert decision["decision"] == "CLEAR", entity_id
    registry.engine.dispose()
