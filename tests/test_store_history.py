"""An entry's history across its list's versions, the captions of a version's entries, and one
audit record by number: what the entry, diff and decision record pages read from the store."""

import shutil

import pytest

from magnitsky.data import default_lists
from magnitsky.sources import open_list
from magnitsky.store import AuditLog
from ofac_files import delist

OFAC_EXCERPT, _ = default_lists()
KLYUEV = "ofac_sdn:16399"
NEWCOMER = b'99999001,"NEWLY, Listed","individual","GLOMAG",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."\r\n'


@pytest.fixture
def ofac_copy(tmp_path):
    target = tmp_path / "ofac"
    shutil.copytree(OFAC_EXCERPT.parent, target)
    return target / "sdn.csv"


def _rewrite(path, change):
    lines = path.read_bytes().splitlines(keepends=True)
    change(lines)
    path.write_bytes(b"".join(lines))


def _line(lines, uid: bytes) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(uid + b","))


def test_history_names_the_versions_that_listed_changed_removed_and_relisted_an_entry(store, ofac_copy):
    original = ofac_copy.read_bytes()
    store.load(open_list(ofac_copy))  # 1: listed
    store.load(open_list(OFAC_EXCERPT), allow_shrink=True)  # the same bytes: no new version
    _rewrite(ofac_copy, lambda lines: lines.insert(-1, NEWCOMER))  # 2: another entry added, this one as it was
    store.load(open_list(ofac_copy))

    def redate(lines):
        i = _line(lines, b"16399")
        lines[i] = lines[i].replace(b"DOB 10 Aug 1967", b"DOB 11 Aug 1967")

    _rewrite(ofac_copy, redate)  # 3: birth date changed
    store.load(open_list(ofac_copy))
    companions = {name: (ofac_copy.parent / name).read_bytes() for name in ("add.csv", "alt.csv")}
    delist(ofac_copy, "16399")  # 4: removed
    store.load(open_list(ofac_copy))
    ofac_copy.write_bytes(original)  # 5: listed again, as at first
    for name, data in companions.items():
        (ofac_copy.parent / name).write_bytes(data)
    store.load(open_list(ofac_copy))

    history = store.history(KLYUEV)
    assert [(c.version.number, c.kind, c.fields) for c in history] == [
        (1, "listed", ()),
        (3, "changed", ("birth_dates",)),
        (4, "removed", ()),
        (5, "listed", ()),
    ]
    assert store.history("ofac_sdn:0") == [] and store.history("no_such_list:1") == [] and store.history("x") == []


def test_captions_are_the_names_a_version_shows(store, ofac_copy):
    version = store.load(open_list(ofac_copy)).version
    captions = store.captions(version, [KLYUEV, "ofac_sdn:0"])
    assert captions == {KLYUEV: store.entity(KLYUEV).caption}


def test_one_audit_record_by_its_number(store):
    log = AuditLog(store.engine)
    first = log.append("ana", "test.one", "thing:1", {"n": 1})
    second = log.append("ana", "test.two", "thing:2", {"n": 2})
    assert log.record(second.seq) == second and log.record(first.seq) == first
    assert log.record(second.seq + 1) is None
