"""A cut or shortened list file is refused, never loaded as a shorter list (the real OFAC files,
truncated in tmp_path; on SQLite and on PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set).

The 2021 SDN file has 8,976 entries; cut after line 4,000 it still parses row by row, and before
the end-mark check it loaded as a version lacking 4,976 entries (ofac_sdn:28391, line 8,000, among
them) with exit code 0.
"""

import lzma
import shutil

import pytest

from magnitsky.sources import ParseError, open_list
from magnitsky.store import AuditLog, ShrinkRefused

pytestmark = pytest.mark.slow  # every test reads a full official list file
END_MARK = b"\x1a"


@pytest.fixture
def sdn_set(tmp_path, shared_data):
    """A writable copy of the complete 2021 legacy-CSV SDN set; returns its sdn.csv."""
    target = tmp_path / "ofac_sdn_2021"
    shutil.copytree(shared_data / "ofac_sdn_2021", target)
    return target / "sdn.csv"


def _keep_lines(path, count: int, end_mark: bool) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:count]) + (END_MARK if end_mark else b""))


def _shorten_set(primary, count: int) -> None:
    """The set as OFAC would publish it with only the first ``count`` entries: the companions lose
    the rows of the entries dropped (companions naming entries the primary lacks are refused)."""
    _keep_lines(primary, count, end_mark=True)
    kept = {line.split(b",", 1)[0] for line in primary.read_bytes().splitlines()}
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        path = primary.parent / name
        lines = path.read_bytes().splitlines(keepends=True)
        path.write_bytes(b"".join(line for line in lines if not line[:1].isdigit() or line.split(b",", 1)[0] in kept))


def test_sdn_csv_cut_at_a_line_boundary_is_refused_and_the_store_kept(store, sdn_set):
    store.load(open_list(sdn_set))
    _keep_lines(sdn_set, 4000, end_mark=False)
    with pytest.raises(ParseError) as info:
        store.load(open_list(sdn_set))
    assert str(info.value) == (
        f"{sdn_set}, line 4000: no end-of-file mark (control-Z) after the last row: the file is truncated"
    )
    assert [v.number for v in store.versions("ofac_sdn")] == [1]
    assert store.entity("ofac_sdn:28391").caption == "YV2421"


def test_add_csv_cut_at_a_line_boundary_is_refused(sdn_set):
    add = sdn_set.parent / "add.csv"
    _keep_lines(add, 7000, end_mark=False)
    with pytest.raises(ParseError) as info:
        list(open_list(sdn_set).entities())
    assert info.value.path == str(add) and info.value.line == 7000 and "truncated" in str(info.value)


def test_a_load_removing_more_than_a_fifth_of_the_entries_is_refused_unless_allowed(store, sdn_set):
    store.load(open_list(sdn_set))
    _shorten_set(sdn_set, 4000)  # a complete-looking set, shorter by 4,976 entries
    with pytest.raises(ShrinkRefused) as info:
        store.load(open_list(sdn_set), actor="cli:alice")
    assert str(info.value) == (
        "ofac_sdn: the new file would remove 4,976 of the 8,976 entries of version 1 (55.4%), "
        "more than the 20% one load may remove"
    )
    assert store.current_version("ofac_sdn").number == 1

    result = store.load(open_list(sdn_set), actor="cli:alice", allow_shrink=True)
    assert result.version.number == 2 and result.version.entity_count == 4000
    record = list(AuditLog(store.engine).records())[-1]
    assert record.details["removed"] == 4976 and record.details["allow_shrink"] is True


def _sdn_xml(tmp_path, shared_data):
    path = tmp_path / "sdn.xml"
    with lzma.open(shared_data / "ofac" / "sdn.xml.xz") as fh:
        path.write_bytes(fh.read())
    return path


def test_sdn_xml_cut_anywhere_is_a_one_line_located_error(tmp_path, shared_data):
    path = _sdn_xml(tmp_path, shared_data)
    data = path.read_bytes()
    cut = data.index(b"</sdnEntry>", len(data) // 2) + len(b"</sdnEntry>")  # between two entries
    path.write_bytes(data[:cut])
    with pytest.raises(ParseError) as info:
        list(open_list(path).entities())
    message, last_line = str(info.value), data[:cut].count(b"\n") + 1
    assert "\n" not in message and message.startswith(f"{path}, line {last_line}: malformed XML")


def test_a_well_formed_xml_holding_fewer_entries_than_it_states_is_refused(store, tmp_path, shared_data):
    path = _sdn_xml(tmp_path, shared_data)
    data = path.read_bytes()
    cut = 0
    for _ in range(200):
        cut = data.index(b"</sdnEntry>", cut) + len(b"</sdnEntry>")
    path.write_bytes(data[:cut] + b"\n</sdnList>\n")  # entries cut out, the document closed again
    with pytest.raises(ShrinkRefused) as info:
        store.load(open_list(path))
    assert str(info.value) == f"{path}: the file states 14,966 entries but holds 200: it is incomplete"
    assert store.current_versions() == []
