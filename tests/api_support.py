"""Shared by the HTTP API tests: a real app over a real store holding the bundled list excerpts
(OFAC SDN MAGNIT/GLOMAG and UN excerpts, see src/magnitsky/data/default/SOURCE.md)."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from magnitsky.api.app import create_app
from magnitsky.api.keys import Role
from magnitsky.data import default_lists
from magnitsky.settings import ScreeningSettings, ServiceSettings, Settings, StoreSettings
from magnitsky.sources import open_list
from magnitsky.store import ListStore

KLYUEV = {"schema": "Person", "properties": {"name": ["Dmitry Klyuev"], "birthDate": ["1967-08-10"]}}


@dataclass
class Api:
    client: TestClient
    app: object
    keys: dict[str, str]  # role name -> key

    def headers(self, role: str = "screener") -> dict[str, str]:
        return {"Authorization": f"ApiKey {self.keys[role]}"}

    def post(self, path: str, body, role: str = "screener", **kwargs):
        return self.client.post(path, json=body, headers=self.headers(role), **kwargs)

    def get(self, path: str, role: str = "screener", **kwargs):
        return self.client.get(path, headers=self.headers(role), **kwargs)

    def slow_refill_key(self, name: str) -> dict[str, str]:
        """Headers of a new screener key refilling one request a minute beyond the service's burst.
        Rate-limit tests use it: at the service's own rate a request slower than its share of a
        second (a busy machine) refills the bucket before the limit is reached."""
        _, key = self.app.state.keys.create(name, Role.SCREENER, "test", rate=1 / 60)
        return {"Authorization": f"ApiKey {key}"}


# The saved indexes the apps of this test process have built, shared between them (see with_saved_indexes).
_SAVED_INDEXES = Path(tempfile.mkdtemp(prefix="magnitsky-test-indexes-"))


def with_saved_indexes(index_dir: Path) -> None:
    """Give ``index_dir`` (a home's ``index``) copies of the indexes other apps of this test process
    have saved: most API tests screen the bundled lists, and building their index took a third of
    the CPU of each app's start. A saved index is named by the hashes of the lists and derived
    entities it holds and by the index layout (``screening.screener.saved_index_path``), so an app
    opens a copy only where it would have built that very index; other versions (a reload after a
    load) are built as before. Copies, not links: a test that alters its home's index alters only its own."""
    index_dir.mkdir(parents=True, exist_ok=True)
    for saved in _SAVED_INDEXES.glob("index-*.idx"):
        shutil.copy2(saved, index_dir / saved.name)


def keep_saved_indexes(index_dir: Path) -> None:
    """Keep the indexes an app has just saved in ``index_dir`` (before its test runs, so as built)
    for the next apps of this test process."""
    for built in index_dir.glob("index-*.idx"):
        if not (_SAVED_INDEXES / built.name).exists():
            partial = _SAVED_INDEXES / f".{built.name}"
            shutil.copy2(built, partial)
            partial.replace(_SAVED_INDEXES / built.name)  # whole or not at all


def load_bundled(url: str) -> ListStore:
    store = ListStore(url)
    for path in default_lists():
        store.load(open_list(path), actor="test")
    return store


@contextmanager
def running_api(database_url: str, home: Path, screening: ScreeningSettings | None = None, **service):
    """The app with its index loaded and one key per role; ``service`` are ServiceSettings fields."""
    load_bundled(database_url)
    settings = Settings(
        StoreSettings(home, database_url),
        screening or ScreeningSettings(),
        ServiceSettings(**{"reload_poll_seconds": 0, **service}),
    )
    with_saved_indexes(settings.store.index_dir)
    app = create_app(settings)
    keys = {role.label: app.state.keys.create(f"test-{role.label}", role, "test")[1] for role in Role}
    with TestClient(app) as client:
        assert app.state.holder.wait(300) and app.state.holder.current is not None
        keep_saved_indexes(settings.store.index_dir)
        yield Api(client, app, keys)
