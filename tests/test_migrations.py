"""The schema's migrations: one linear chain, and databases stamped while it had branches still open."""

from __future__ import annotations

import sqlite3

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from magnitsky.store import ListStore
from magnitsky.store.database import MIGRATIONS, head_revision


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def _upgrade_to(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


def test_the_revisions_form_one_linear_chain():
    scripts = _scripts()
    assert len(scripts.get_heads()) == 1
    for revision in scripts.walk_revisions():
        assert len(revision.nextrev) <= 1, f"{revision.revision} has several children"


def test_the_head_read_without_alembic_is_alembics_head():
    assert head_revision() == _scripts().get_current_head()


def test_a_database_one_revision_behind_is_upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'behind.db'}"
    head = _scripts().get_current_head()
    _upgrade_to(url, _scripts().get_revision(head).down_revision)

    ListStore(url).current_versions()  # opening upgrades: the stamp is not the head

    db = sqlite3.connect(tmp_path / "behind.db")
    assert [row[0] for row in db.execute("SELECT version_num FROM alembic_version")] == [head]
    db.close()


def test_a_database_stamped_with_the_old_branch_heads_opens_at_the_single_head(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _upgrade_to(url, "0007_key_users")  # the schema of that time: later revisions must still apply
    head = _scripts().get_current_head()
    db = sqlite3.connect(tmp_path / "old.db")
    # what a database created before the chain was made linear carries: one row per branch head
    db.execute("DELETE FROM alembic_version")
    db.executemany(
        "INSERT INTO alembic_version VALUES (?)",
        [("0003_payments",), ("0004_ownership",), ("0005_cases",), ("0007_key_users",)],
    )
    db.commit()
    db.close()

    ListStore(url).current_versions()  # opening upgrades

    db = sqlite3.connect(tmp_path / "old.db")
    assert [row[0] for row in db.execute("SELECT version_num FROM alembic_version")] == [head]
    db.close()
