"""The service as deployed: ``magnitsky serve`` with two worker processes on a real socket.

On SQLite only: what is tested here is processes and connections, not the database."""

import os
import signal
import time

import pytest

from server_support import running_server

ENTRY = "/entities/ofac_sdn:16399"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("serve"), "--workers", "2") as server:
        yield server


def test_a_respawned_worker_takes_no_request_before_its_index_is_loaded(server):
    """A killed worker is respawned; until the new one has loaded its index the other answers
    everything. Requests go one at a time, each on its own connection, so none is in flight on
    the worker when it is killed: every one of them must be answered 200."""
    assert server.get(ENTRY).status_code == 200
    started = server.started_workers()
    [victim, *_] = sorted(server.workers())
    os.kill(victim, signal.SIGKILL)
    statuses, respawned_at, deadline = [], None, time.monotonic() + 180
    while respawned_at is None or time.monotonic() < respawned_at + 3:  # and 3 s of traffic after its startup
        assert time.monotonic() < deadline, f"no worker respawned: {server.log.read_text()[-2000:]}"
        statuses.append(server.get(ENTRY).status_code)
        if respawned_at is None and server.started_workers() > started:
            respawned_at = time.monotonic()
    assert victim not in server.workers() and len(server.workers()) == 2
    assert len(statuses) > 20 and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
