"""The versioned list store, on SQLite always and on PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set."""

import lzma
import shutil

import pytest
from sqlalchemy import func, select

from magnitsky.data import default_lists
from magnitsky.sources import ParseError, open_list
from magnitsky.store import StoreError
from magnitsky.store.schema import version_entities
from ofac_files import delist

OFAC_EXCERPT, UN_EXCERPT = default_lists()


@pytest.fixture
def ofac_copy(tmp_path):
    """A writable copy of the bundled OFAC MAGNIT/GLOMAG excerpt (sdn.csv with its companions)."""
    target = tmp_path / "ofac"
    shutil.copytree(OFAC_EXCERPT.parent, target)
    return target / "sdn.csv"


def test_load_creates_version_with_counts_and_programs(store):
    result = store.load(open_list(OFAC_EXCERPT))
    assert not result.unchanged
    version = result.version
    assert (version.source, version.number, version.format) == ("ofac_sdn", 1, "ofac_csv")
    assert version.entity_count == 369
    assert version.files == ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
    counts = {(c.source, c.program): c.entries for c in store.programs()}
    assert counts[("ofac_sdn", "MAGNIT")] == 55 and counts[("ofac_sdn", "GLOMAG")] == 315
    magnit = {e.source_id for e in store.entities(program="MAGNIT")}
    assert "16399" in magnit and len(magnit) == 55
    klyuev = store.entity("ofac_sdn:16399")
    assert "Dmitry" in klyuev.caption and "KLYUEV" in klyuev.caption


def test_loading_the_same_file_twice_is_a_no_op(store):
    first = store.load(open_list(OFAC_EXCERPT)).version
    again = store.load(open_list(OFAC_EXCERPT))
    assert again.unchanged and again.version == first
    assert [v.number for v in store.versions("ofac_sdn")] == [1]


def test_the_same_bytes_under_another_name_are_the_same_version(store, shared_data, tmp_path):
    """OFAC's consolidated list as published, then saved under a name of the user's: one version of
    ofac_cons, and the SDN list (which the name suggests) is not touched."""
    published = tmp_path / "consolidated.xml"
    published.write_bytes(lzma.open(shared_data / "ofac_cons" / "consolidated.xml.xz").read())
    renamed = tmp_path / "ofac_sdn_2024-05-06.xml"
    shutil.copy(published, renamed)
    first = store.load(open_list(published))
    again = store.load(open_list(renamed))
    assert again.unchanged and again.version == first.version
    assert (first.version.source, first.version.entity_count) == ("ofac_cons", 443)
    assert [v.source for v in store.current_versions()] == ["ofac_cons"]


def test_diff_lists_added_removed_and_changed_fields(store, ofac_copy):
    store.load(open_list(ofac_copy))
    removed = delist(ofac_copy, ofac_copy.read_bytes().split(b",", 1)[0].decode())  # the first entry disappears
    lines = ofac_copy.read_bytes().splitlines(keepends=True)
    klyuev = next(i for i, line in enumerate(lines) if line.startswith(b"16399,"))
    lines[klyuev] = lines[klyuev].replace(b"DOB 10 Aug 1967", b"DOB 11 Aug 1967")
    new = b'99999001,"NEWLY, Listed","individual","GLOMAG",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."\r\n'
    lines.insert(-1, new)  # before the closing control-Z line
    ofac_copy.write_bytes(b"".join(lines))

    store.load(open_list(ofac_copy))
    diff = store.diff("ofac_sdn")
    assert (diff.old.number, diff.new.number) == (1, 2)
    assert diff.added == ["ofac_sdn:99999001"]
    assert diff.removed == [f"ofac_sdn:{removed.split(b',')[0].decode()}"]
    assert diff.changed == {"ofac_sdn:16399": ["birth_dates"]}
    assert store.entity("ofac_sdn:16399", number=1).birth_dates[0].start == "1967-08-10"
    assert store.entity("ofac_sdn:16399").birth_dates[0].start == "1967-08-11"


def test_failed_load_leaves_previous_version_intact(store, ofac_copy):
    store.load(open_list(ofac_copy))
    with store.engine.connect() as conn:
        rows_before = conn.execute(select(func.count()).select_from(version_entities)).scalar()
    content = ofac_copy.read_bytes()
    ofac_copy.write_bytes(content + b'99999002,"BROKEN, Row","individual","GLOMAG",-0- ,"unterminated\r\n')

    with pytest.raises(ParseError) as info:
        store.load(open_list(ofac_copy))
    assert "sdn.csv" in str(info.value)
    assert [v.number for v in store.versions("ofac_sdn")] == [1]
    assert store.current_version("ofac_sdn").entity_count == 369
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(version_entities)).scalar() == rows_before


def test_sources_are_independent(store):
    store.load(open_list(OFAC_EXCERPT))
    store.load(open_list(UN_EXCERPT))
    current = {v.source: v for v in store.current_versions()}
    assert set(current) == {"ofac_sdn", "un_sc"}
    assert current["un_sc"].publication_date == "2026-02-27"
    assert current["un_sc"].schema_counts["Person"] == 40


def test_unknown_source_version_and_entity_are_clear_errors(store):
    store.load(open_list(OFAC_EXCERPT))
    with pytest.raises(StoreError, match="no source 'eu_fsf'.*ofac_sdn"):
        store.version("eu_fsf")
    with pytest.raises(StoreError, match="no version 7"):
        store.version("ofac_sdn", 7)
    with pytest.raises(StoreError, match="no entry '1'"):
        store.entity("ofac_sdn:1")
    with pytest.raises(StoreError, match="SOURCE:SOURCE_ID"):
        store.entity("16399")


def test_loads_are_audited_in_the_same_transaction(store, ofac_copy):
    from magnitsky.store import AuditLog

    store.load(open_list(ofac_copy), actor="cli:alice")
    store.load(open_list(ofac_copy), actor="cli:alice")  # unchanged: nothing written, nothing audited
    ofac_copy.write_bytes(ofac_copy.read_bytes() + b'99999002,"BROKEN, Row","individual","GLOMAG",-0- ,"x\r\n')
    with pytest.raises(ParseError):
        store.load(open_list(ofac_copy), actor="cli:mallory")
    records = list(AuditLog(store.engine).records())
    assert [(r.actor, r.action, r.subject, r.details["version"]) for r in records] == [
        ("cli:alice", "list.load", "list:ofac_sdn", 1)
    ]
    assert AuditLog(store.engine).verify().ok


class _WritingWhileParsed:
    """The bundled OFAC excerpt, opened as usual, whose parse tries a write of its own halfway:
    what a service appending audit records meanwhile does."""

    def __init__(self, listfile, write):
        self.listfile, self.write, self.written = listfile, write, False
        self.meta, self.path = listfile.meta, listfile.path
        self.stated_count = listfile.stated_count

    def entities(self):
        for number, entity in enumerate(self.listfile.entities()):
            if number == 100:
                self.write()
                self.written = True
            yield entity


def test_parsing_a_list_does_not_hold_the_write_lock(tmp_path):
    """On SQLite one writer excludes all others: parsing a big list inside the write transaction
    stalled every screening request's audit record for seconds."""
    import sqlite3

    from magnitsky.store import ListStore

    path = tmp_path / "lists.db"
    store = ListStore(f"sqlite:///{path}")

    def write_elsewhere():
        other = sqlite3.connect(path, timeout=0.2)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails with "database is locked" while a load writes
            other.execute("ROLLBACK")
        finally:
            other.close()

    listfile = _WritingWhileParsed(open_list(OFAC_EXCERPT), write_elsewhere)
    result = store.load(listfile)
    assert listfile.written and result.version.entity_count == 369
