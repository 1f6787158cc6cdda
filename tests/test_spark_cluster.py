"""``magnitsky batch --engine spark`` on a real Spark standalone cluster (a master and two one-core
workers on 127.0.0.1, tests/spark_cluster.py): the local engine's file, byte for byte, and the same
when a worker dies mid-job and Spark runs its tasks again elsewhere.

Lists: the bundled real excerpts, loaded with ``magnitsky load``; customers: 40,000 synthetic ones
(``magnitsky.batch.synthetic``, 1 % listed people planted), enough for eight input splits of a few
seconds each, so both workers screen and a worker can be killed while it does.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from magnitsky.batch.synthetic import customers, plantable, write_customers
from magnitsky.data import default_lists
from magnitsky.sources import open_list
from spark_cluster import Cluster, start_cluster

pytestmark = pytest.mark.slow  # runs Spark: .ci/run runs it, `pytest -m "not slow"` leaves it out

CUSTOMERS = 40_000


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = start_cluster(tmp_path_factory.mktemp("spark-cluster"))
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def batch_case(tmp_path_factory):
    """A data directory with the bundled lists loaded, the customer file, and the local engine's results."""
    folder = tmp_path_factory.mktemp("spark-batch")
    listed = [e for path in default_lists() for e in open_list(path).entities()]
    source = folder / "customers.csv"
    write_customers(source, customers(CUSTOMERS, plantable(listed), 0.01, seed=17), folder / "truth.csv")
    home = folder / "home"
    magnitsky(home, "load", *map(str, default_lists()))
    local = folder / "local.csv"
    magnitsky(home, "batch", str(source), "--out", str(local), "--workers", "2")
    return home, source, local


def magnitsky(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "magnitsky", "--home", str(home), *args], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    return result


@contextmanager
def spark_batch(cluster: Cluster, home: Path, source: Path, target: Path) -> Iterator[subprocess.Popen]:
    """The batch job on the cluster: its driver (and the driver's JVM) in a session of their own,
    killed if the test ends before the job does."""
    command = ["batch", str(source), "--out", str(target), "--engine", "spark", "--master", cluster.url]
    job = subprocess.Popen(
        [sys.executable, "-m", "magnitsky", "--home", str(home), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cluster.environment(),
        start_new_session=True,
    )
    try:
        yield job
    finally:
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGKILL)
            job.communicate(timeout=60)


def record_ids(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(dict.fromkeys(row["id"] for row in csv.DictReader(fh)))  # a record's rows are adjacent


def task_end_reasons(event_log: Path) -> list[str]:
    events = [json.loads(line) for line in event_log.read_text(encoding="utf-8").splitlines()]
    return [e["Task End Reason"]["Reason"] for e in events if e["Event"] == "SparkListenerTaskEnd"]


def test_a_standalone_cluster_writes_the_local_engines_file(cluster, batch_case, tmp_path):
    home, source, local = batch_case
    target = tmp_path / "spark.csv"
    with spark_batch(cluster, home, source, target) as job:
        _, stderr = job.communicate(timeout=1200)
    assert job.returncode == 0, stderr
    assert f"{CUSTOMERS} records" in stderr
    assert target.read_bytes() == local.read_bytes()
    # both workers screened: tasks ran on two executors of the cluster, not in the driver
    events = [json.loads(line) for line in cluster.event_logs()[-1].read_text(encoding="utf-8").splitlines()]
    executors = {e["Task Info"]["Executor ID"] for e in events if e["Event"] == "SparkListenerTaskEnd"}
    assert len(executors) == 2 and "driver" not in executors
    assert len(task_end_reasons(cluster.event_logs()[-1])) >= 8


def test_a_worker_killed_mid_job_loses_and_repeats_no_record(cluster, batch_case, tmp_path):
    home, source, local = batch_case
    target = tmp_path / "spark.csv"
    logs_before = set(cluster.event_logs())
    with spark_batch(cluster, home, source, target) as job:
        victim = cluster.workers[-1]
        deadline = time.monotonic() + 900  # a JVM, a driver and an executor starting on a busy machine
        while not any("pyspark.daemon" in p or "pyspark.worker" in p for p in victim.processes()):
            assert job.poll() is None, job.communicate()[1]  # the job must not end before the worker screens
            assert time.monotonic() < deadline, "the worker's executor never started screening"
            time.sleep(0.1)
        victim.stop()  # the worker, its executor and the executor's Python workers, mid-task
        _, stderr = job.communicate(timeout=1200)
    assert job.returncode == 0, stderr
    (event_log,) = set(cluster.event_logs()) - logs_before
    reasons = task_end_reasons(event_log)
    assert "ExecutorLostFailure" in reasons  # a task was running on the killed worker and was lost ...
    assert reasons.count("Success") >= 8  # ... and every split was screened to the end somewhere
    assert record_ids(target) == record_ids(local)  # none lost, none twice, in input order
    assert len(record_ids(target)) == CUSTOMERS
    assert target.read_bytes() == local.read_bytes()
