"""Start-up: how long the command line takes to answer, with every shared list loaded.

For each tree of the code measured (this one, and with ``--before SRC`` an older checkout's
``src``, e.g. a worktree of main: ``git worktree add /tmp/before main``), in the same run:

* ``python -c pass``: the interpreter alone, the baseline;
* ``magnitsky --help``, ``magnitsky sources``: commands that don't screen;
* ``magnitsky screen NAME``: warm (the index saved, the compiled kernels cached) and cold after
  install (the index saved, numba's cache empty: every kernel compiles);
* the service with 2 workers: peak memory (RSS and PSS summed over its processes) while it loads
  the index and answers a few /match requests;
* with ``--existing``: bench/batch.py and bench/http_api.py at quick settings, per tree.

Wall times are medians of ``--runs``; CPU is user + system time of the command's process. On a
machine shared with other work, wall time grows with the load (printed) and CPU time much less.
Each tree's modules are compiled to bytecode once, before the timed runs, into a cache of its own
(as ``pip install`` does), whatever ``PYTHONDONTWRITEBYTECODE`` says.
Lists: every file of ../shared/data that ``magnitsky load`` reads (compressed ones decompressed),
loaded once into ``--home`` (kept for later runs).

Run: python bench/startup.py [--before /tmp/before/src] [--runs 5] [--existing]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, ROOT, SHARED_DATA, print_table  # noqa: E402

LISTS = [  # every shared list file magnitsky reads: OFAC SDN and consolidated, UN, EU, UK, Canada, Australia
    "ofac/sdn.xml.xz",
    "ofac_cons/consolidated.xml.xz",
    "un/consolidated.xml",
    "eu/20240513-FULL-1_1(xsd).xml.xz",
    "uk/ConList.xlsx",
    "canada/2020-04/sema-lmes.xml",
    "australia/regulation8_consolidated.xlsx",
]
QUERY = "Ramzan Kadyrov"


def run(src: Path, args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of ``python args`` with ``src`` first on the path, its bytecode cached
    in bench/out (a checkout's modules otherwise compile on every run where bytecode is not written)."""
    environment = {**os.environ, "PYTHONPATH": str(src), "PYTHONPYCACHEPREFIX": str(_bytecode(src)), **(env or {})}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], env=environment, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed with PYTHONPATH={src}")
    return wall, usage.ru_utime + usage.ru_stime


def _bytecode(src: Path) -> Path:
    return OUT / "startup" / "bytecode" / hashlib.sha256(str(src.resolve()).encode()).hexdigest()[:12]


def timed(src: Path, args: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    run(src, args, env)  # writes the bytecode the timed runs read
    times = [run(src, args, env) for _ in range(runs)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def load_lists(home: Path, data: Path) -> None:
    """Load every shared list into ``home`` unless done by an earlier run."""
    if (home / "lists-loaded").exists():
        return
    files = []
    with tempfile.TemporaryDirectory() as folder:
        for name in LISTS:
            path = data / name
            if path.suffix == ".xz":
                plain = Path(folder) / path.stem.replace("(xsd)", "")
                plain.write_bytes(lzma.open(path).read())
                path = plain
            files.append(str(path))
        cli = [sys.executable, "-m", "magnitsky", "--home", str(home), "load", *files]
        subprocess.run(cli, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True)
    (home / "lists-loaded").touch()


def service_memory(src: Path, home: Path, numba_cache: Path) -> tuple[float, float]:
    """Peak summed RSS and PSS (MB) of ``magnitsky serve --workers 2`` from start to a few answers."""
    port = _free_port()
    key = _api_key(src, home)
    env = {**os.environ, "PYTHONPATH": str(src), "NUMBA_CACHE_DIR": str(numba_cache)}
    server = subprocess.Popen(
        [sys.executable, "-m", "magnitsky", "--home", str(home), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    peak_rss = peak_pss = 0.0
    try:
        deadline, answered = time.monotonic() + 600, 0
        body = json.dumps({"queries": {"q": {"schema": "Person", "properties": {"name": [QUERY]}}}}).encode()
        while answered < 20:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the service did not answer")
            rss, pss = _tree_memory(server.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/match/default",
                    data=body,
                    headers={"Content-Type": "application/json", "Authorization": f"ApiKey {key}"},
                )
                with urllib.request.urlopen(request, timeout=30) as response:
                    answered += response.status == 200
            except OSError:
                time.sleep(0.5)
        rss, pss = _tree_memory(server.pid)
        return max(peak_rss, rss), max(peak_pss, pss)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)


def _api_key(src: Path, home: Path) -> str:
    """A new admin key for this measurement: key names are unique, and the home is kept across trees and runs."""
    script = (
        "import sys\nfrom magnitsky.api.keys import KeyStore, Role\nfrom magnitsky.store import open_database\n"
        f"print(KeyStore(open_database('sqlite:///{home / 'magnitsky.db'}')).create("
        f"'startup-bench-{time.time_ns()}', Role.ADMIN, 'bench', rate=1e6)[1])"
    )
    environment = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout.strip()


def _tree_memory(root: int) -> tuple[float, float]:
    """RSS and PSS (MB) summed over ``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    rss = pss = 0.0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith(("Rss:", "Pss:")):
                    value = int(line.split()[1]) / 1024
                    rss, pss = (rss + value, pss) if line.startswith("Rss:") else (rss, pss + value)
        except OSError:
            continue
    return rss, pss


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(label: str, src: Path, home: Path, runs: int) -> list[list]:
    numba_cache = OUT / "startup" / f"numba-{label}"  # this tree's own cache: the trees compile differently
    warm = {"NUMBA_CACHE_DIR": str(numba_cache)}
    magnitsky = ["-m", "magnitsky", "--home", str(home)]
    rows = []
    for name, args in (
        ("python -c pass (baseline)", ["-c", "pass"]),
        ("magnitsky --help", [*magnitsky, "--help"]),
        ("magnitsky sources", [*magnitsky, "sources"]),
    ):
        rows.append([label, name, *timed(src, args, runs)])
    screen = [*magnitsky, "screen", QUERY]
    run(src, screen, warm)  # builds this tree's index if missing and fills its kernel cache
    rows.append([label, "magnitsky screen (warm)", *timed(src, screen, runs, warm)])
    with tempfile.TemporaryDirectory() as empty:
        rows.append(
            [label, "magnitsky screen (cold: numba cache empty)", *run(src, screen, {"NUMBA_CACHE_DIR": empty})]
        )
    rss, pss = service_memory(src, home, numba_cache)
    rows.append([label, "serve --workers 2: peak RSS / PSS MB", round(rss), round(pss)])
    return rows


def existing_benches(label: str, src: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(src)}
    for bench in (
        [
            "batch.py",
            "--sizes",
            "2000",
            "--engines",
            "local1,local2",
            "--work",
            str(OUT / "startup" / f"batch-{label}"),
        ],
        ["http_api.py", "--seconds", "5", "--workers", "2"],
    ):
        print(f"\n[{label}] bench/{' '.join(bench)}", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / bench[0]), *bench[1:]], env=environment, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--home", type=Path, default=OUT / "startup" / "home")
    parser.add_argument("--before", type=Path, help="src folder of the code to compare with (a worktree of main)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--existing", action="store_true", help="also bench/batch.py and bench/http_api.py, quick")
    args = parser.parse_args()
    args.home.mkdir(parents=True, exist_ok=True)
    load_lists(args.home, args.data)
    trees = [("before", args.before.resolve())] if args.before else []
    trees.append(("after", ROOT / "src"))
    load = os.getloadavg()[0]
    rows = [row for label, src in trees for row in measure(label, src, args.home, args.runs)]
    print_table(
        f"Start-up with every shared list loaded ({os.cpu_count()} cores, load average {load:.1f} before the run; "
        f"medians of {args.runs} runs, the cold screen once)",
        ["code", "command", "wall s (RSS MB)", "CPU s (PSS MB)"],
        rows,
    )
    if args.existing:
        for label, src in trees:
            existing_benches(label, src)


if __name__ == "__main__":
    main()
