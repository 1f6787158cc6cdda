"""HTTP throughput and latency of POST /match over every official list in ../shared/data.

Starts the real server (`magnitsky serve`, uvicorn) on loopback with 1 and 2 workers and drives it
with wrk (Debian package `wrk`; a Lua script sends a rotating set of match bodies), because a C
load generator costs the 2-core machine far less CPU than a Python client would. Reports requests
per second, p50/p99/max latency and errors: for GET /healthz (the HTTP stack alone: the baseline),
for /match, and for /match while a new list version is loaded and the index rebuilt and swapped.
Every /match answer is audited, so the numbers include the audit write. The server's CPU time per
request (all its processes, user + system) is reported too: on a shared machine it moves far less
with other load than requests per second do.

Run: python bench/http_api.py [--seconds 20] [--connections-per-worker 4] [--skip-reload]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED_DATA, list_paths, print_table  # noqa: E402
from magnitsky.api.keys import KeyStore, Role  # noqa: E402
from magnitsky.screening import Screener  # noqa: E402
from magnitsky.sources import open_list  # noqa: E402
from magnitsky.store import ListStore  # noqa: E402
from speed import queries  # noqa: E402

MAGNITSKY = [sys.executable, "-m", "magnitsky.cli"]
LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "ApiKey %(key)s"
local bodies = %(bodies)s
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, "/match/default", nil, bodies[(i %% #bodies) + 1])
end
"""
HEALTH_LUA = 'wrk.path = "/healthz"\n'
_RELOADS = itertools.count(1)


def prepare(home: Path, data: Path) -> tuple[str, Path]:
    """Load the lists, save the index, create a key; returns the key and a file to reload with."""
    store = ListStore(f"sqlite:///{home / 'magnitsky.db'}")
    for path, source in list_paths(data):
        store.load(open_list(path, source=source), actor="bench", allow_shrink=True)  # samples state the whole count
    Screener.from_store(store, home / "index")
    _, key = KeyStore(store.engine).create("bench", Role.ADMIN, "bench", rate=1e6)
    return key, data / "samples" / "sample_hmt.csv"


def lua_bodies(entities_store: ListStore, count: int = 200) -> str:
    entities = list(entities_store.entities())
    bodies = [json.dumps({"queries": {"q": q}}) for q in queries(entities, count, random.Random(11))]
    return "{" + ",".join(json.dumps(b) for b in bodies) + "}"


def wait_ready(port: int, workers: int, timeout: float = 180) -> None:
    """Until every worker answers /readyz 200 (each request lands on some worker: ask many times)."""
    deadline, ok = time.monotonic() + timeout, 0
    while ok < 10 * workers:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not become ready")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                ok += response.status == 200
        except OSError:
            ok = 0
            time.sleep(0.5)


def server_cpu_seconds(session: int) -> float:
    """CPU time (user + system) so far of every live process in the server's session."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        except OSError:  # a process that ended meanwhile
            continue
        if int(fields[3]) == session:  # stat fields 6 (session), 14 (utime) and 15 (stime)
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measured(server: subprocess.Popen, script: Path, url: str, seconds: int, connections: int) -> dict:
    """``wrk`` and the server's CPU milliseconds per request while it ran."""
    cpu = server_cpu_seconds(server.pid)
    result = wrk(script, url, seconds, connections)
    result["cpu_ms"] = (server_cpu_seconds(server.pid) - cpu) * 1000 / max(result["requests"], 1)
    return result


def wrk(script: Path, url: str, seconds: int, connections: int) -> dict:
    # A generous timeout: a slow answer is measured as slow, not counted as an error.
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "max": ms(r"Latency\s+[\d.]+\w+\s+[\d.]+\w+"),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": errors,
    }


def reload_midway(home: Path, key: str, port: int, reload_file: Path, delay: float, results: dict) -> None:
    """A list update in the middle of a run: load a new version, then ask the server to reload."""
    time.sleep(delay)
    changed = home / "sample_hmt.csv"
    # same entries, a file unlike any loaded before: a new version (the same bytes twice would be a no-op)
    changed.write_bytes(reload_file.read_bytes() + b"\n" * next(_RELOADS))
    subprocess.run(
        [*MAGNITSKY, "--home", str(home), "load", "--source", "uk_ofsi_sample", str(changed)],
        check=True,
        capture_output=True,
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/admin/reload?wait=true", method="POST", headers={"Authorization": f"ApiKey {key}"}
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=120) as response:
        results["reload"] = json.load(response)
    results["reload_seconds"] = time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections-per-worker", type=int, default=4)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--skip-reload", action="store_true", help="leave out /match during a list reload")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")
    load_before = os.getloadavg()[0]  # other work on the machine skews the numbers: say how much there was
    home = Path(tempfile.mkdtemp(prefix="magnitsky-http-bench-"))
    key, reload_file = prepare(home, args.data)
    match_lua, health_lua = home / "match.lua", home / "health.lua"
    match_lua.write_text(LUA % {"key": key, "bodies": lua_bodies(ListStore(f"sqlite:///{home / 'magnitsky.db'}"))})
    health_lua.write_text(HEALTH_LUA)
    url = f"http://127.0.0.1:{args.port}"
    rows = []
    try:
        for workers in args.workers:
            server = subprocess.Popen(
                [
                    *MAGNITSKY,
                    "--home",
                    str(home),
                    "serve",
                    "--port",
                    str(args.port),
                    "--workers",
                    str(workers),
                    "--poll",
                    "2",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                wait_ready(args.port, workers)
                connections = args.connections_per_worker * workers
                wrk(match_lua, url, 3, connections)  # warm up: entity views are cached on first use
                for label, script in (("GET /healthz (baseline)", health_lua), ("POST /match", match_lua)):
                    result = measured(server, script, url, args.seconds, connections)
                    rows.append(_row(label, workers, connections, result))
                if args.skip_reload:
                    continue
                during: dict = {}
                reloader = threading.Thread(
                    target=reload_midway, args=(home, key, args.port, reload_file, args.seconds / 3, during)
                )
                reloader.start()
                result = measured(server, match_lua, url, args.seconds, connections)
                reloader.join()
                label = f"POST /match during reload ({during['reload']['status']}, {during['reload_seconds']:.1f} s)"
                rows.append(_row(label, workers, connections, result))
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(30)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print_table(
        f"HTTP /match over the full lists ({os.cpu_count()} cores, load average before the run: {load_before:.1f})",
        [
            "endpoint",
            "workers",
            "connections",
            "requests",
            "req/s",
            "server CPU ms/req",
            "p50 ms",
            "p99 ms",
            "max ms",
            "errors",
        ],
        rows,
    )


def _row(label: str, workers: int, connections: int, r: dict) -> list:
    return [
        label,
        workers,
        connections,
        r["requests"],
        round(r["rps"], 1),
        round(r["cpu_ms"], 2),
        r["p50"],
        r["p99"],
        r["max"],
        r["errors"],
    ]


if __name__ == "__main__":
    main()
