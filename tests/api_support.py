"""Shared by the HTTP API tests: a real app over a real store holding the bundled list excerpts
(OFAC SDN MAGNIT/GLOMAG and UN excerpts, see src/magnitsky/data/default/SOURCE.md)."""

from __future__ import annotations

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
    app = create_app(settings)
    keys = {role.label: app.state.keys.create(f"test-{role.label}", role, "test")[1] for role in Role}
    with TestClient(app) as client:
        assert app.state.holder.wait(300) and app.state.holder.current is not None
        yield Api(client, app, keys)
