"""The store's plain reader (magnitsky.store.reading): what ``magnitsky sources`` shows, read with
the database's own driver, is what the store reads through SQLAlchemy; any database the store must
open itself (missing, at an older revision, unreachable) is left to it."""

from __future__ import annotations

from magnitsky.sources import open_list
from magnitsky.store import Publications
from magnitsky.store.reading import shown


def test_the_plain_reader_reads_what_the_store_reads(store, database_url, fixtures):
    store.load(open_list(fixtures / "un_xml" / "consolidated_excerpt.xml"))
    store.load(open_list(fixtures / "canada_xml" / "sema_lmes_excerpt.xml"))
    updates = Publications(store.engine)
    updates.checked("un_sc", "https://un.example/list.xml", '"etag"', None, "ab" * 32, changed=True)
    updates.failed("un_sc", "https://un.example/list.xml", "HTTP 503")
    updates.not_modified("eu_fsf", "https://eu.example/list.xml")

    versions, publications = shown(database_url)

    assert [v.source for v in versions] == ["ca_sema", "un_sc"]
    assert versions == store.current_versions()
    assert publications == updates.all()
    assert publications["un_sc"].error == "HTTP 503" and publications["un_sc"].checked_at is not None
    assert all(v.loaded_at.tzinfo for v in versions)


def test_a_database_the_store_must_open_is_left_to_it(tmp_path, store, database_url):
    missing = tmp_path / "elsewhere" / "magnitsky.db"
    assert shown(f"sqlite:///{missing}") is None
    assert not missing.parent.exists()  # nothing created
    assert shown("postgresql+psycopg://nobody@127.0.0.1:1/none") is None  # no server there
    assert shown(database_url) == ([], {})  # at the newest revision: read
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    assert shown(database_url) is None  # to be upgraded: the store does that
