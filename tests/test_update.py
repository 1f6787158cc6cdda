"""``magnitsky update`` against a local publisher serving the official files of ../shared/data:
conditional requests, checksums, the shrink guard, failures one line each, monitoring after a
change; on SQLite and PostgreSQL."""

import json
import lzma
import re
import time
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.store import ListStore, Publications
from magnitsky.store.schema import audit_log
from publisher_support import Publisher

runner = CliRunner()
MAP = "id=customer_no,name=full_name"


@pytest.fixture
def publisher():
    served = Publisher()
    yield served
    served.close()


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


def cli(home, url, *args, env=None):
    return runner.invoke(app, ["--home", str(home), "--db", url, *args], env=env)


def catalogue_file(tmp_path, publisher, **extra) -> dict[str, str]:
    """The environment pointing `update` at the local publisher: UN and OFAC consolidated moved
    there, the other bundled sources (on the internet) dropped, ``extra`` sources added."""
    changes = {
        "ofac_sdn": None,
        "eu_fsf": None,
        "uk_fcdo": None,
        "uk_ofsi": None,
        "ca_sema": None,
        "au_dfat": None,
        "us_bis_dpl": None,
        "un_sc": {"url": f"{publisher.url}/un/consolidated.xml"},
        "ofac_cons": {"url": f"{publisher.url}/ofac/CONSOLIDATED.XML"},
        **{name: {"url": f"{publisher.url}/{name}.xml", "format": "un_xml"} for name in extra},
    }
    path = tmp_path / "sources.json"
    path.write_text(json.dumps(changes), encoding="utf-8")
    return {"MAGNITSKY_SOURCES": str(path), **{k: str(v) for k, v in extra.items() if v is not None}}


def test_update_loads_what_changed_and_reports_each_failure(database_url, home, tmp_path, publisher, shared_data):
    sample = (shared_data / "samples" / "sample_unsc.xml").read_bytes()  # UN excerpt of 2024-10-17: 7 entries
    full = (shared_data / "un" / "consolidated.xml").read_bytes()  # the whole UN list of 2026-02-27: 1,003
    cons = lzma.decompress((shared_data / "ofac_cons" / "consolidated.xml.xz").read_bytes())  # 443 entries
    publisher.publish("/un/consolidated.xml", sample)
    publisher.publish("/ofac/CONSOLIDATED.XML", cons)
    publisher.publish("/cut.xml", full[:600_000], declared=1_200_000)  # the connection drops mid-body
    publisher.publish("/half.xml", full[:1_000_000])  # a whole answer holding half a file
    publisher.publish("/big.xml", full)  # over the 1.5 MB limit set below, and declared so
    publisher.publish("/bigger.xml", full, length_header=False)  # over it, and not declared
    env = catalogue_file(tmp_path, publisher, gone=None, cut=None, half=None, big=None, bigger=None)
    env = {"MAGNITSKY_SOURCES": env["MAGNITSKY_SOURCES"]}

    first = cli(home, database_url, "update", env={**env, "MAGNITSKY_UPDATE_MAX_BYTES": "1500000"})
    assert first.exit_code == 1, first.output
    lines = first.output.splitlines()
    assert "un_sc: loaded: loaded version 1, 7 entries" in lines
    assert "ofac_cons: loaded: loaded version 1, 443 entries" in lines
    assert f"gone: failed: HTTP 404 Not Found from {publisher.url}/gone.xml; nothing was loaded" in lines
    assert any(line.startswith("cut: failed: the download was cut") for line in lines), first.output
    assert any(line.startswith("half: failed: ") and "half.xml" in line for line in lines), first.output
    assert (
        "big: failed: the file is 2,030,620 bytes, over the limit of 1,500,000 (update.max_bytes); nothing was "
        "loaded" in lines
    )
    assert (
        "bigger: failed: the file is over the limit of 1,500,000 bytes (update.max_bytes); nothing was loaded" in lines
    )
    assert "error: 5 of 7 sources failed: gone, cut, half, big, bigger" in lines
    assert "no customers to re-screen" in lines
    store = ListStore(database_url)
    try:
        assert {v.source: v.number for v in store.current_versions()} == {"un_sc": 1, "ofac_cons": 1}
        states = Publications(store.engine).all()
        assert states["gone"].error.startswith("HTTP 404") and states["gone"].checked_at is None
        assert states["un_sc"].etag == publisher.files["/un/consolidated.xml"].etag and states["un_sc"].error is None
        with store.engine.connect() as conn:
            failures = conn.execute(audit_log.select().where(audit_log.c.action == "list.update.failed")).all()
        assert sorted(row.subject for row in failures) == [
            "list:big",
            "list:bigger",
            "list:cut",
            "list:gone",
            "list:half",
        ]
        assert not list(tmp_path.glob("**/magnitsky-update-*"))  # nothing half-written kept

        # A customer named like an entry the full UN list adds (ERIC BADEGE, CDi.001), screened now.
        customers = tmp_path / "customers.csv"
        customers.write_text("customer_no,full_name\nC1,Eric Badege\nC2,Maria Example\n", encoding="utf-8")
        assert cli(home, database_url, "customers", "import", str(customers), "--map", MAP).exit_code == 0
        assert cli(home, database_url, "customers", "screen").exit_code == 0
        named = ["update", "un_sc", "ofac_cons"]

        # Nothing changed: both publishers answer 304 to the validators they gave.
        second = cli(home, database_url, *named, env=env)
        assert second.exit_code == 0, second.output
        assert "un_sc: unchanged: not modified since the last check (HTTP 304)" in second.output
        headers, status = publisher.requests_for("/un/consolidated.xml")[-1]
        assert status == 304 and headers["If-None-Match"] == publisher.files["/un/consolidated.xml"].etag

        # The UN publishes its whole list: version 2, and monitoring raises the new entry on C1.
        publisher.publish("/un/consolidated.xml", full)
        publisher.publish("/ofac/CONSOLIDATED.XML", cons, conditional=False)  # same bytes, a new ETag, no 304
        third = cli(home, database_url, *named, env=env)
        assert third.exit_code == 0, third.output
        assert "un_sc: loaded: loaded version 2, 1,003 entries" in third.output
        assert "ofac_cons: unchanged: the same bytes as the last file fetched (SHA-256)" in third.output
        assert "un_sc: version 1 -> 2: 996 added" in third.output
        assert publisher.requests_for("/ofac/CONSOLIDATED.XML")[-1][1] == 200
        assert store.current_version("ofac_cons").number == 1
        alerts = json.loads(cli(home, database_url, "alerts", "list", "--json").stdout)
        assert [(a["subject_id"], a["entity_id"]) for a in alerts] == [("C1", "un_sc:CDi.001")]

        # The excerpt again: 996 of 1,003 entries would go, refused; the store keeps version 2.
        publisher.publish("/un/consolidated.xml", sample)
        shrunk = cli(home, database_url, "update", "un_sc", env=env)
        assert shrunk.exit_code == 1
        assert "would remove 996 of the 1,003 entries of version 2 (99.3%)" in shrunk.output
        assert "pass --allow-shrink un_sc if the list really shrank" in shrunk.output
        assert store.current_version("un_sc").number == 2
        assert "would remove 996" in Publications(store.engine).get("un_sc").error
        allowed = cli(home, database_url, "update", "--allow-shrink", "un_sc", env=env)
        assert allowed.exit_code == 0, allowed.output
        assert store.current_version("un_sc").number == 3 and Publications(store.engine).get("un_sc").error is None

        status_table = cli(home, database_url, "sources", "--json")
        shown = {s["source"]: s for s in json.loads(status_table.stdout)}
        assert shown["un_sc"]["version"] == 3 and shown["un_sc"]["update"]["changed_at"]
        assert shown["gone"]["version"] is None and shown["gone"]["update"]["error"].startswith("HTTP 404")
    finally:
        store.engine.dispose()


def test_allow_shrink_names_the_sources(home, tmp_path, publisher):
    env = catalogue_file(tmp_path, publisher)
    result = cli(home, f"sqlite:///{tmp_path / 'm.db'}", "update", "--allow-shrink", env=env)
    assert result.exit_code == 1 and "--allow-shrink needs the sources that really shrank named" in result.output
    unknown = cli(home, f"sqlite:///{tmp_path / 'm.db'}", "update", "nosuch", env=env)
    assert unknown.exit_code == 1 and "no source 'nosuch' in the catalogue" in unknown.output


@pytest.mark.slow
def test_serve_updates_on_its_interval_once_for_all_workers_and_reloads(tmp_path, publisher, shared_data):
    """A real `magnitsky serve` with two workers and --update-every: the server (not each worker)
    fetches the UN list once, loads it, and both workers then screen against the new version."""
    from server_support import running_server

    publisher.publish("/un/consolidated.xml", (shared_data / "un" / "consolidated.xml").read_bytes())
    env = catalogue_file(tmp_path, publisher)
    changes = json.loads((tmp_path / "sources.json").read_text())
    (tmp_path / "sources.json").write_text(json.dumps({**changes, "ofac_cons": None}))
    home = tmp_path / "served"
    home.mkdir()
    with running_server(home, "--workers", "2", "--poll", "1", "--update-every", "3600", env=env) as server:
        deadline = time.monotonic() + 240
        while "un_sc:2" not in server.get("/readyz").json()["versions"] or server.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, server.log.read_text()[-3000:]
            time.sleep(0.5)
        ready = server.get("/readyz").json()
        assert all("un_sc:2" in worker["versions"] for worker in ready["workers"]) and len(ready["workers"]) == 2
        assert server.get("/entities/un_sc:CDi.001").status_code == 200  # an entry only the update brought
        assert len(publisher.requests_for("/un/consolidated.xml")) == 1  # one updater, not one per worker
        assert "update: un_sc: loaded: loaded version 2, 1,003 entries" in server.log.read_text()


def test_the_bis_denied_persons_list_loads_from_its_catalogue_address(
    database_url, home, tmp_path, publisher, shared_data
):
    """The bundled DPL entry, served at its official path by the local publisher (only the host
    moved): fetched under its published name, read by its parser, then found unchanged."""
    from magnitsky.updates import catalogue

    bundled = {p.source: p for p in catalogue(None)}["us_bis_dpl"]
    assert (bundled.format, bundled.file_name) == ("bis_dpl", "dpl.txt")
    address = urlsplit(bundled.url)
    publisher.publish(address.path, (shared_data / "bis" / "dpl.txt").read_bytes())
    changes = {p.source: None for p in catalogue(None) if p.source != "us_bis_dpl"}
    changes["us_bis_dpl"] = {"url": f"{publisher.url}{address.path}"}
    (tmp_path / "sources.json").write_text(json.dumps(changes), encoding="utf-8")
    env = {"MAGNITSKY_SOURCES": str(tmp_path / "sources.json")}

    first = cli(home, database_url, "update", env=env)
    assert first.exit_code == 0, first.output
    assert "us_bis_dpl: loaded: loaded version 1, 461 entries" in first.output.splitlines()
    second = cli(home, database_url, "update", "us_bis_dpl", env=env)
    assert "us_bis_dpl: unchanged: not modified since the last check (HTTP 304)" in second.output, second.output
    shown = {s["source"]: s for s in json.loads(cli(home, database_url, "sources", "--json").stdout)}
    assert shown["us_bis_dpl"]["version"] == 1 and shown["us_bis_dpl"]["update"]["error"] is None


def test_the_catalogue_file_moves_drops_and_adds_sources_and_names_its_mistakes(tmp_path):
    from magnitsky.updates import BUNDLED, CatalogueError, catalogue

    assert catalogue(None) == list(BUNDLED)
    changes = tmp_path / "sources.json"
    changes.write_text(
        json.dumps(
            {
                "un_sc": {"url": "https://mirror.example/un.xml"},
                "au_dfat": None,
                "own": {"url": "https://x.example/o.csv", "format": "simple_csv"},
            }
        )
    )
    found = {p.source: p for p in catalogue(changes)}
    assert found["un_sc"].url == "https://mirror.example/un.xml" and found["un_sc"].format == "un_xml"
    assert "au_dfat" not in found and found["own"].file_name == "o.csv"
    assert found["ofac_cons"].file_name == "consolidated.xml"  # the name OFAC's parser knows it by
    for text, message in (
        ('{"own": {"url": "https://x.example/o.csv"}}', "source 'own': a new source needs format"),
        ('{"un_sc": {"adress": "x"}}', "source 'un_sc': unknown field 'adress'"),
        ('{"un_sc": {"url": "file:///etc/passwd"}}', "the url must be http:// or https://"),
        ('{"un_sc": ', "line 1: not JSON"),
        ("[]", "expected an object of sources"),
    ):
        changes.write_text(text)
        with pytest.raises(CatalogueError, match=re.escape(message)):
            catalogue(changes)


def test_the_progress_watch_follows_the_download_then_the_load(tmp_path, publisher, shared_data):
    """What the terminal's progress bar is fed: the bytes as they arrive, of the declared length,
    then the entries as they are read; a file without a Content-Length has no total."""
    from magnitsky.settings import UpdateSettings
    from magnitsky.updates import Publication, Updater, Watch

    full = (shared_data / "un" / "consolidated.xml").read_bytes()
    publisher.publish("/un.xml", full)
    publisher.publish("/undeclared.xml", full, length_header=False)
    seen: dict[str, list] = {"bytes": [], "loading": [], "entities": []}
    watch = Watch(
        on_bytes=lambda received, declared: seen["bytes"].append((received, declared)),
        on_loading=lambda: seen["loading"].append(len(seen["bytes"])),
        on_entity=seen["entities"].append,
    )
    store = ListStore(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        updater = Updater(store, UpdateSettings())
        outcome = updater.update(Publication("un_sc", f"{publisher.url}/un.xml", "un_xml"), watch=watch)
        assert outcome.status == "loaded", outcome.detail
        assert len(seen["bytes"]) > 1 and seen["bytes"][-1] == (len(full), len(full))
        assert [received for received, _ in seen["bytes"]] == sorted(received for received, _ in seen["bytes"])
        assert seen["loading"] == [len(seen["bytes"])]  # once, after the whole download
        assert seen["entities"] and seen["entities"][-1] == 1003
        seen["bytes"].clear()
        updater.update(Publication("un_copy", f"{publisher.url}/undeclared.xml", "un_xml"), watch=watch)
        assert seen["bytes"][-1] == (len(full), None)
    finally:
        store.engine.dispose()
