"""The ownership file in the database (versioned, audited, atomic), screening against derived blocks,
and ``magnitsky ownership`` end to end. Both database backends (see conftest.database_url)."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.data import default_lists
from magnitsky.screening import Screener
from magnitsky.screening.measures import MeasuresTable
from magnitsky.screening.ownership import (
    OwnershipCsvError,
    OwnershipStore,
    blocked_by_ownership,
    blocked_entities,
)
from magnitsky.sources import open_list
from magnitsky.store import AuditLog, ListStore
from magnitsky.store.links import LinkStore

FIXTURES = Path(__file__).parent / "fixtures" / "ownership"
GOOD, BAD = FIXTURES / "ownership.csv", FIXTURES / "bad.csv"
runner = CliRunner()


@pytest.fixture
def lists(database_url):
    store = ListStore(database_url)
    for path in default_lists():
        store.load(open_list(path))
    return store


def foo_holding(screener):
    return screener.screen({"schema": "Company", "properties": {"name": ["Foo Holding LLC"], "country": ["RU"]}})


def test_load_is_versioned_audited_and_idempotent(lists):
    owners = OwnershipStore(lists.engine)
    assert owners.current() is None
    loaded = owners.load(GOOD, lists, actor="test:analyst")
    assert not loaded.unchanged and loaded.version.number == 1 and len(loaded.version.file.stakes) == 18
    (record,) = AuditLog(lists.engine).records("ownership")
    assert record.action == "ownership.load" and record.actor == "test:analyst"
    assert record.details["lists"] == ["ofac_sdn:1", "un_sc:1"]
    foo = next(b for b in record.details["blocked"] if b["entity_id"] == "FOO-HOLDING")
    assert foo["blocked_share"] == "60%" and "ofac_sdn:16399" in foo["paths"][0]
    again = owners.load(GOOD, lists, actor="test:analyst")
    assert again.unchanged and again.version.number == 1
    assert len(list(AuditLog(lists.engine).records("ownership"))) == 1
    assert AuditLog(lists.engine).verify().ok
    # The stored version reads back equal to the file.
    assert owners.current().file == loaded.version.file


def test_a_bad_file_stores_nothing_and_names_the_lines(lists):
    owners = OwnershipStore(lists.engine)
    with pytest.raises(OwnershipCsvError) as caught:
        owners.load(BAD, lists)
    assert "line 5: column owner: 'ofac_sdn:99999999' is not an entry of any loaded list" in str(caught.value)
    assert owners.versions() == [] and list(AuditLog(lists.engine).records("ownership")) == []


def test_a_new_version_replaces_the_previous_for_the_rule(lists, tmp_path):
    owners = OwnershipStore(lists.engine)
    owners.load(GOOD, lists)
    assert {e.source_id for e in blocked_entities(lists)} >= {"FOO-HOLDING", "DUO-INVEST"}
    smaller = tmp_path / "ownership-2025.csv"
    smaller.write_text(
        "owner,owned,share,owned_name\nofac_sdn:16399,FOO-HOLDING,30,Foo Holding LLC\n", encoding="utf-8"
    )
    assert owners.load(smaller, lists).version.number == 2
    assert blocked_entities(lists) == []
    assert [v.number for v in owners.versions()] == [1, 2]


def test_payment_to_company_blocked_only_by_ownership_is_screened(lists, tmp_path):
    cache = tmp_path / "index"
    assert not foo_holding(Screener.from_store(lists, cache)).hits  # on no list
    OwnershipStore(lists.engine).load(GOOD, lists)
    screener = Screener.from_store(lists, cache, ownership=blocked_entities(lists))
    assert screener.versions == ("ofac_sdn:1", "un_sc:1", "ownership")
    hit = foo_holding(screener).hits[0]
    assert hit.entity_id == "ownership:FOO-HOLDING" and hit.caption == "Foo Holding LLC"
    derivation = hit.explanation["ownership"]
    assert derivation["blocked_share"] == "60%" and derivation["programs"] == ["MAGNIT"]
    assert derivation["paths"][0]["steps"][0]["owner"] == "ofac_sdn:16399"
    assert "ownership.csv line 2" in derivation["paths"][0]["text"]
    entity = next(e for e in screener.index.entities if e.id == hit.entity_id)
    assert MeasuresTable.load().for_entity(entity).freeze
    # The saved index is keyed by the derived blocks too: the same cache serves both.
    assert len(list(cache.glob("index-*.idx"))) == 2


def test_a_saved_index_is_opened_without_the_store_as_through_it(lists, database_url, tmp_path):
    """``magnitsky screen`` reads a saved index's list versions, ownership version and links with the
    database's driver (``Screener.from_saved``): the same screener as the store's, merged listings too."""
    cache = tmp_path / "index"
    OwnershipStore(lists.engine).load(GOOD, lists)
    listed = next(e.id for e in lists.entities() if e.source == "un_sc" and e.schema == "Person")
    found = [
        SimpleNamespace(left=min(pair), right=max(pair), status="proposed", basis=("same name",))
        for pair in [("ofac_sdn:16399", listed), ("ofac_sdn:16399", "ofac_sdn:25011")]
    ]
    links = LinkStore(lists.engine)
    links.replace_found(found, "test:linker")
    links.judge("ofac_sdn:16399", listed, True, "test:reviewer", "one person")  # a decided_at to read back
    assert Screener.from_saved(database_url, cache) is None  # nothing saved yet: the store builds it
    through = Screener.from_store(lists, cache, ownership=blocked_by_ownership(lists))
    saved = Screener.from_saved(database_url, cache)
    assert saved.index_file == through.index_file and saved.versions == through.versions
    assert saved.linkage == through.linkage and saved.linkage.members[listed] == tuple(
        sorted(("ofac_sdn:16399", listed))
    )
    assert saved.origin == through.origin and "magnitsky:magnitsky@" not in saved.origin
    assert screened(saved) == screened(through)
    assert any("listings" in hit for hit in screened(saved)[1])  # Klyuev's listings, merged by the confirmed link


def screened(screener):
    """The hits on the company blocked by ownership and on a linked person, as JSON."""
    klyuev = {"schema": "Person", "properties": {"name": ["Dmitry Klyuev"]}}
    return [[hit.to_dict() for hit in found.hits] for found in (foo_holding(screener), screener.screen(klyuev))]


def cli(home, url, *args):
    return runner.invoke(app, ["--home", str(home), "--db", url, *args])


def test_cli_loads_and_lists_blocks(database_url, tmp_path):
    assert cli(tmp_path, database_url, "ownership", "blocked").exit_code == 1  # no lists yet
    for path in default_lists():
        assert cli(tmp_path, database_url, "load", str(path)).exit_code == 0
    result = cli(tmp_path, database_url, "ownership", str(GOOD))
    assert result.exit_code == 0, result.output
    assert "loaded version 1 from ownership.csv: 18 stakes" in result.stdout
    assert (
        "Dmitry Vladislavovich KLYUEV [ofac_sdn:16399, listed, asset freeze] --60%--> Foo Holding LLC" in result.stdout
    )
    data = json.loads(cli(tmp_path, database_url, "ownership", "blocked", "--json").stdout)
    assert data["ownership_version"]["version"] == 1
    assert {d["entity_id"] for d in data["blocked"]} == {
        "FOO-HOLDING",
        "FOO-LOGISTICS",
        "DUO-INVEST",
        "CYC-ALPHA",
        "CYC-BETA",
        "EX3-A",
        "EX3-B",
    }
    bad = cli(tmp_path, database_url, "ownership", str(BAD))
    assert bad.exit_code == 1 and "bad.csv, line 2: column share: share '150'" in bad.output
    assert "nothing was loaded" in bad.output
    unchanged = cli(tmp_path, database_url, "ownership", str(GOOD), "--json")
    assert json.loads(unchanged.stdout)["unchanged"] is True
