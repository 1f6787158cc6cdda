"""Customer screening and list-change monitoring: how much a monitor run saves over a full re-screen.

Synthetic customers (``magnitsky generate-customers``, 1 % listed people planted) are imported
into a fresh SQLite case store, screened in full against the bundled lists (the baseline), then
the OFAC excerpt is updated (one alias added, one new entry, as in tests/case_lists.py) and
``monitor`` re-screens only what the change can affect.

    python bench/cases.py [N ...]      (default: 2000 10000)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import peak_rss_mb, print_table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from case_lists import load_bundled, updated_ofac  # noqa: E402
from magnitsky.cases import CaseService  # noqa: E402
from magnitsky.screening import Screener  # noqa: E402
from magnitsky.sources import open_list  # noqa: E402


def run(count: int, work: Path) -> list:
    url = f"sqlite:///{work / f'cases-{count}.db'}"
    store = load_bundled(url)
    customers = work / f"customers-{count}.csv"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "magnitsky.cli",
            "--home",
            str(work),
            "--db",
            url,
            "generate-customers",
            str(count),
            "-o",
            str(customers),
            "--planted-share",
            "0.01",
        ],
        check=True,
        capture_output=True,
    )
    cases = CaseService(store.engine)
    started = time.perf_counter()
    cases.customers.import_file(customers, actor="bench")
    imported = time.perf_counter() - started
    full = cases.customers.screen(Screener.from_store(store), "bench")
    store.load(open_list(updated_ofac(work / f"update-{count}")))
    started = time.perf_counter()
    report = cases.monitor(store).run(Screener.from_store(store))
    monitored = time.perf_counter() - started
    verified = cases.audit.verify()
    return [
        count,
        f"{count / imported:.0f}",
        f"{full.seconds:.1f}",
        f"{full.screened / full.seconds:.0f}",
        full.opened,
        f"{monitored:.1f}",
        report.run.screened,
        report.run.opened,
        f"{full.seconds / monitored:.1f}x",
        verified.ok,
        f"{peak_rss_mb():.0f}",
    ]


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [2000, 10000]
    with tempfile.TemporaryDirectory() as tmp:
        rows = [run(n, Path(tmp)) for n in counts]
    print_table(
        "Customer screening (baseline: full re-screen) vs monitor after a list update, SQLite, 1 process",
        [
            "customers",
            "import/s",
            "full screen s",
            "screened/s",
            "alerts",
            "monitor s",
            "re-screened",
            "new alerts",
            "monitor speed-up",
            "audit ok",
            "peak MB",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
