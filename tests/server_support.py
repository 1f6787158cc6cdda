"""A real ``magnitsky serve`` in a child process, on 127.0.0.1 and a free port, over a store holding
the bundled list excerpts: for what only a real server shows (worker processes, connection
limits and timeouts), which the in-process test client cannot."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from api_support import keep_saved_indexes, load_bundled, with_saved_indexes
from magnitsky.api.keys import KeyStore, Role


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    port: int
    key: str
    log: Path  # the server's stderr: uvicorn's own log lines

    def get(self, path: str, **kwargs) -> httpx.Response:
        """One request on a connection of its own (so no request rides on a worker killed meanwhile)."""
        headers = {"Authorization": f"ApiKey {self.key}", **kwargs.pop("headers", {})}
        return httpx.get(self.url + path, headers=headers, timeout=30, **kwargs)

    def workers(self) -> set[int]:
        """The pids of the uvicorn worker processes (children of the server, spawned by multiprocessing)."""
        pids = set()
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            for pid in (task / "children").read_text().split():
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                if b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
                    pids.add(int(pid))
        return pids

    def started_workers(self) -> int:
        """How many workers have finished their startup (uvicorn logs one line each)."""
        return self.log.read_text().count("Application startup complete.")

    def raw(self, request: bytes, wait: float = 30) -> bytes:
        """Send bytes on a new connection; everything the server answers until it closes it."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=wait) as connection:
            connection.sendall(request)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
            return answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(home: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 240):
    """``magnitsky serve ARGS`` (with the variables ``env`` set) over the bundled lists, once
    ``/readyz`` answers 200."""
    database = f"sqlite:///{home / 'magnitsky.db'}"
    store = load_bundled(database)
    key = KeyStore(store.engine).create("server-test", Role.ADMIN, "test", rate=1e6)[1]
    store.engine.dispose()
    with_saved_indexes(home / "index")
    port, log = free_port(), home / "server.log"
    env = {**os.environ, **(env or {}), "MAGNITSKY_HOME": str(home), "MAGNITSKY_DB": database}
    with open(log, "wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "magnitsky.cli", "serve", "--port", str(port), "--poll", "0", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its workers are stopped with it
        )
    server = Server(process, f"http://127.0.0.1:{port}", port, key, log)
    try:
        deadline = time.monotonic() + timeout
        while not _ready(server):
            assert process.poll() is None, f"the server exited: {log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"the server was not ready in {timeout} s: {log.read_text()[-2000:]}"
            time.sleep(0.2)
        keep_saved_indexes(home / "index")
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _ready(server: Server) -> bool:
    try:
        return server.get("/readyz").status_code == 200
    except httpx.TransportError:
        return False
