"""The service as deployed: ``magnitsky serve`` with two worker processes on a real socket.

On SQLite only: what is tested here is processes and connections, not the database."""

import os
import shutil
import signal
import time

import pytest

from case_lists import append_rows
from magnitsky.data import default_lists
from magnitsky.sources import open_list
from magnitsky.store import ListStore
from server_support import running_server

pytestmark = pytest.mark.slow  # starts a real server: .ci/run runs it, `pytest -m "not slow"` leaves it out
ENTRY = "/entities/ofac_sdn:16399"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("serve")
    with running_server(home, "--workers", "2", env={"MAGNITSKY_API_REQUEST_TIMEOUT": "3"}) as server:
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
    assert len(statuses) > 5 and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}


def test_an_oversized_request_head_is_refused_with_431(server):
    big_header = b"X-Padding: " + b"a" * 1_000_000 + b"\r\n"
    answer = server.raw(b"GET /healthz HTTP/1.1\r\nHost: test\r\n" + big_header + b"Connection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert b"over 65,536 bytes" in answer
    normal = server.raw(
        b"GET /healthz HTTP/1.1\r\nHost: test\r\nX-Padding: " + b"a" * 8000 + b"\r\nConnection: close\r\n\r\n"
    )
    assert normal.startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize(
    ("headers", "refusal"),
    [
        (b"X-Padding: " + b"a" * 100_000 + b"\r\n", b"over 65,536 bytes"),
        (b"".join(b"X-H%d: v\r\n" % i for i in range(1000)), b"over 100 header fields"),
    ],
    ids=["100 KB header", "1000 headers"],
)
def test_a_request_head_over_the_limits_sent_at_once_is_refused_with_431(server, headers, refusal):
    """Sent in one piece the whole head reaches the server in one read: it used to be parsed and
    answered 200 before its size was counted."""
    answer = server.raw(b"GET /healthz HTTP/1.1\r\nHost: test\r\n" + headers + b"Connection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert refusal in answer


@pytest.mark.parametrize(
    "sent",
    [
        b"",
        b"GET /healthz HTTP/1.1\r\nHost: te",
        b"POST /match/default HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\n{",
    ],
    ids=["nothing", "half a head", "half a body"],
)
def test_a_client_too_slow_to_send_its_request_is_cut_off(server, sent):
    """The server runs with MAGNITSKY_API_REQUEST_TIMEOUT=3: a client that sends part of a request
    (or nothing) and then waits is answered 408, or disconnected once the head was read, instead
    of keeping its connection for ever. (The socket waits 30 s for the server to close it.)"""
    started = time.monotonic()
    answer = server.raw(sent)
    assert time.monotonic() - started < 30
    if b"\r\n\r\n" in sent:
        assert not answer.startswith(b"HTTP/1.1 2"), answer[:200]
    else:
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]


def test_readyz_stays_200_while_a_worker_serves_the_previous_version_and_is_503_while_one_has_no_index(tmp_path):
    """One worker is stopped (SIGSTOP) while a new OFAC version is loaded: the other follows it
    within its poll, and /readyz (asked of the worker that answers) stays 200, 'updating', naming
    the stopped one and what it still serves; once that one follows too, 'ok'. A worker killed and
    respawned has no index until it loads one: 503 'loading' meanwhile."""
    with running_server(tmp_path, "--workers", "2", "--poll", "1") as server:
        first = _readyz_until(server, lambda body: len(body["workers"]) == 2 and body["status"] == "ok").json()
        assert {w["pid"] for w in first["workers"]} == server.workers() and all(w["current"] for w in first["workers"])
        [stopped, running] = sorted(server.workers())
        os.kill(stopped, signal.SIGSTOP)
        try:
            shutil.copytree(default_lists()[0].parent, tmp_path / "ofac_sdn")  # sdn.csv with its companions
            newer = tmp_path / "ofac_sdn" / "sdn.csv"
            newer.write_text(default_lists()[0].read_text(encoding="utf-8"), encoding="utf-8")
            append_rows(newer, "\r\n")  # same entries, a new OFAC version
            store = ListStore(f"sqlite:///{tmp_path / 'magnitsky.db'}")
            store.load(open_list(newer, "ofac_csv", "ofac_sdn"), actor="test")
            behind = _readyz_until(server, lambda body: body["versions"] == ["ofac_sdn:2", "un_sc:1"])
            assert behind.status_code == 200 and behind.json()["status"] == "updating"
            assert behind.json()["detail"].startswith(f"worker {stopped} screens against ofac_sdn:1, un_sc:1;")
            assert {w["pid"]: w["versions"] for w in behind.json()["workers"]} == {
                stopped: ["ofac_sdn:1", "un_sc:1"],
                running: ["ofac_sdn:2", "un_sc:1"],
            }
        finally:
            os.kill(stopped, signal.SIGCONT)
        ready = _readyz_until(server, lambda body: body["status"] == "ok")
        assert ready.status_code == 200
        assert ready.json()["workers"] == [
            {"pid": pid, "versions": ["ofac_sdn:2", "un_sc:1"], "ready": True, "current": True}
            for pid in (stopped, running)
        ]

        os.kill(stopped, signal.SIGKILL)
        starting = _readyz_until(server, lambda body: any(not w["ready"] for w in body["workers"]), pause=0.02)
        assert starting.status_code == 503 and starting.json()["status"] == "loading"
        assert "screens against no index yet" in starting.json()["detail"]
        assert _readyz_until(server, lambda body: len(body["workers"]) == 2 and body["status"] == "ok")


def _readyz_until(server, wanted, timeout: float = 180, pause: float = 0.2):
    deadline = time.monotonic() + timeout
    while not wanted((answer := server.get("/readyz")).json()):
        assert time.monotonic() < deadline, answer.text
        time.sleep(pause)
    return answer


def test_the_kernels_are_compiled_once_before_the_workers_start_and_it_is_said(tmp_path):
    """With numba's cache empty (a fresh install), serve compiles the screening kernels once, with
    progress on stderr, before its workers start; the workers then load them from the cache: no
    kernel is compiled or cached anew while they answer."""
    import httpx

    cache = tmp_path / "numba-cache"
    with running_server(tmp_path, "--workers", "2", env={"NUMBA_CACHE_DIR": str(cache)}, timeout=1200) as server:
        cached = {path: path.stat().st_mtime_ns for path in cache.rglob("*") if path.is_file()}
        for name in ("Vladimir Putin", "Rosneft", "Кадыров Рамзан", "Kim Jong Un", "Banco Nacional de Cuba"):
            body = {"queries": {"q": {"schema": "Thing", "properties": {"name": [name]}}}}
            answer = httpx.post(
                server.url + "/match/default", json=body, headers={"Authorization": f"ApiKey {server.key}"}, timeout=600
            )
            assert answer.status_code == 200, answer.text
        after = {path: path.stat().st_mtime_ns for path in cache.rglob("*") if path.is_file()}
    log = server.log.read_text()
    assert log.count("Compiling the screening kernels") == 1, log[-3000:]
    assert "compiled 1: " in log
    assert len(cached) > 20 and after == cached
