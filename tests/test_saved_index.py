"""The saved index: opened in place (memory-mapped), reused while nothing changed, rebuilt when a
list, the ownership data or the measures table changes. Both database backends (conftest)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from magnitsky.data import default_lists
from magnitsky.index import NameIndex
from magnitsky.index.saved import Records
from magnitsky.screening import Screener
from magnitsky.screening.derived import DerivedEntities
from magnitsky.screening.ownership import OwnershipStore, blocked_by_ownership
from magnitsky.sources import open_list
from magnitsky.store import ListStore

FIXTURES = Path(__file__).parent / "fixtures"
OWN_LIST = FIXTURES / "simple_csv" / "own_list.csv"
OWNERSHIP = FIXTURES / "ownership" / "ownership.csv"
QUERIES = ["Klyuev Dmitry", "Aslan Fixturov", "Petr Sergeevich Ivanov", "Foo Holding LLC", "Kim Jong Un"]


@pytest.fixture
def lists(database_url):
    store = ListStore(database_url)
    for path in [*default_lists(), OWN_LIST]:
        store.load(open_list(path, source="own" if path == OWN_LIST else None))
    return store


class Counting:
    """``blocked_by_ownership`` that counts how often the ownership rule is applied."""

    def __init__(self, lists: ListStore):
        self.derived = blocked_by_ownership(lists)
        self.calls = 0

    def __call__(self) -> DerivedEntities:
        def derive():
            self.calls += 1
            return self.derived.derive()

        return DerivedEntities(self.derived.key, derive)


def results(screener: Screener) -> list[list[tuple[str, float, bool]]]:
    return [
        [
            (m.entity_id, m.score, m.match)
            for m in screener.screen({"schema": "Thing", "properties": {"name": [q]}}).matches
        ]
        for q in QUERIES
    ]


def test_an_unchanged_store_reopens_its_saved_index_without_rebuilding_or_deriving(lists, tmp_path):
    cache = tmp_path / "index"
    OwnershipStore(lists.engine).load(OWNERSHIP, lists)
    ownership = Counting(lists)
    built = Screener.from_store(lists, cache, ownership=ownership())
    assert ownership.calls == 1
    saved = built.index_file.stat()

    again = Screener.from_store(lists, cache, ownership=Counting(lists)())
    assert again.index_file == built.index_file and again.versions == built.versions
    assert again.index_file.stat().st_mtime_ns == saved.st_mtime_ns  # not written again ...
    assert ownership.calls == 1 and "ownership" in again.versions  # ... nor the ownership rule applied again
    # opened in place: the entities are unpickled when asked for, the arrays are views of the file
    assert isinstance(again.index.entities, Records) and again.index.table.token_ids.base is not None
    assert results(again) == results(built)
    assert any(hit[0] == "ownership:FOO-HOLDING" for hit in results(again)[3])


def test_a_changed_list_or_ownership_file_builds_a_new_index(lists, tmp_path):
    cache = tmp_path / "index"
    first = Screener.from_store(lists, cache, ownership=blocked_by_ownership(lists))
    assert any(hit[0] == "own:OL-002" and hit[2] for hit in results(first)[1])

    # the own list's next version leaves Aslan Fixturov out: a new index, which no longer finds him
    with open(OWN_LIST, encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if row["id"] != "OL-002"]
    shorter = tmp_path / "own_list.csv"
    with open(shorter, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    lists.load(open_list(shorter, source="own"), allow_shrink=True)
    second = Screener.from_store(lists, cache, ownership=blocked_by_ownership(lists))
    assert second.index_file != first.index_file and "own:2" in second.versions
    assert not any(hit[0] == "own:OL-002" for hit in results(second)[1])

    OwnershipStore(lists.engine).load(OWNERSHIP, lists)
    third = Screener.from_store(lists, cache, ownership=blocked_by_ownership(lists))
    assert third.index_file not in (first.index_file, second.index_file)
    assert third.versions[-1] == "ownership"
    assert len(list(cache.glob("index-*.idx"))) == 3


def test_a_saved_index_opens_to_the_same_index(tmp_path):
    entities = [e for path in default_lists() for e in open_list(path).entities()]
    built = NameIndex(entities)
    built.save(tmp_path / "index.idx")
    opened = NameIndex.load(tmp_path / "index.idx")
    assert opened is not None
    assert opened.entities[-1] == built.entities[-1] and opened.forms[2:5] == built.forms[2:5]
    assert list(opened.entities) == built.entities and list(opened.forms) == built.forms
    assert list(opened.form_name) == built.form_name and list(opened.indexed_keys()) == list(built.indexed_keys())
    for name in ("posting_offsets", "posting_forms", "key_weights", "weak_forms", "form_entity"):
        assert np.array_equal(getattr(opened, name), getattr(built, name)), name
        assert getattr(opened, name).flags.writeable  # one array type for the compiled kernels
    for name, value in vars(built.table).items():
        assert np.array_equal(getattr(opened.table, name), value), name


def test_a_file_that_is_not_an_index_of_this_layout_is_not_opened(tmp_path):
    (tmp_path / "old.idx").write_bytes(b"\x80\x05old pickled index")
    assert NameIndex.load(tmp_path / "old.idx") is None
    assert NameIndex.load(tmp_path / "missing.idx") is None
