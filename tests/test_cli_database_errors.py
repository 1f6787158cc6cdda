"""What a command says when the database refuses: one line, no traceback, no personal data.

The disk is filled for real: the command runs with a file-size limit (RLIMIT_FSIZE) just above
the database's size, so SQLite's next write fails as on a full disk."""

import csv
import os
import resource
import signal
import subprocess
import sys

from magnitsky.cases import CaseService
from test_cases_cli import MAP, run_child


def _customers(path, count):
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["customer_no", "full_name", "dob", "country"])
        for n in range(count):
            writer.writerow([f"C{n:05d}", f"Anastasia Wojciechowska-Nakamura {n}", "1970-01-01", "PL"])


def test_customers_import_on_a_full_disk_fails_in_one_line(tmp_path):
    home, url = tmp_path / "home", f"sqlite:///{tmp_path / 'magnitsky.db'}"
    CaseService.open(url).engine.dispose()  # the schema, so that only the import's writes hit the limit
    customers = tmp_path / "customers.csv"
    _customers(customers, 3000)
    limit = sum(p.stat().st_size for p in tmp_path.glob("magnitsky.db*")) + 64 * 1024

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    child = subprocess.run(
        [sys.executable, "-m", "magnitsky.cli", "--home", str(home), "--db", url, "customers", "import"]
        + [str(customers), "--map", MAP],
        env={**os.environ, "COLUMNS": "300"},
        capture_output=True,
        text=True,
        preexec_fn=full_disk,
        timeout=600,
    )
    assert child.returncode == 1, child.stderr
    assert "Traceback" not in child.stderr and "Wojciechowska" not in child.stderr, child.stderr
    assert child.stderr.strip().startswith("error: the database could not complete the command")
    assert len(child.stderr.strip().splitlines()) == 1, child.stderr
    cases = CaseService.open(url)
    assert cases.customers.count() == 0  # all or nothing
    cases.engine.dispose()


def test_customers_import_with_a_nul_is_bad_input_on_both_databases(database_url, tmp_path):
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_no,full_name,dob,country\nC001,Maria\x00Schmidt,1980-01-01,DE\n")
    code, _, stderr = run_child(tmp_path / "home", database_url, "customers", "import", str(customers), "--map", MAP)
    assert code == 1 and "Traceback" not in stderr, stderr
    assert "line 2: column 'full_name' holds a NUL character" in stderr
