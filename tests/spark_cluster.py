"""A real Spark standalone cluster on 127.0.0.1: one master and workers of one core each, started
with ``spark-class`` from the pyspark package (pip's pyspark ships ``bin/spark-class`` and the jars,
not ``sbin/start-master.sh``). Every port is chosen by the JVM (port 0) and read back from the logs,
so several clusters can run on one machine; logs and work directories live in a temporary folder.

Each daemon runs in a session of its own, so killing a worker kills what it launched with it:
its executor JVM and the executor's Python workers.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyspark

SPARK_HOME = Path(pyspark.__file__).parent
SOURCE_ROOT = Path(__import__("magnitsky").__file__).resolve().parents[1]  # the magnitsky under test
DAEMON_MEMORY = "256m"  # master and worker JVMs: they only schedule
EXECUTOR_MEMORY = "512m"  # the executor JVM; screening runs in its Python workers


@dataclass
class Daemon:
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own session: the JVM and its children
            self.process.wait(30)

    def processes(self) -> list[str]:
        """Command lines of every live process in this daemon's session (the JVM and its children)."""
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                if os.getsid(int(proc.name)) == self.process.pid:
                    found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except (OSError, ProcessLookupError):
                continue
        return found


@dataclass
class Cluster:
    folder: Path
    master: Daemon
    url: str
    workers: list[Daemon] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        """The environment of a driver process using this cluster."""
        return spark_environment(self.folder)

    def event_logs(self) -> list[Path]:
        return sorted((self.folder / "events").iterdir())

    def stop(self) -> None:
        for daemon in [*self.workers, self.master]:
            daemon.stop()


def spark_environment(folder: Path) -> dict[str, str]:
    """Daemons and drivers alike: Spark from pyspark, the cluster's defaults in ``folder/conf``
    (small executors, an event log, no UI ports), 127.0.0.1 only, and for the executors' Python
    workers this Python with the magnitsky under test (a cluster shares one installation here;
    docs/spark.md ships a wheel to a managed one)."""
    return {
        **os.environ,
        "SPARK_HOME": str(SPARK_HOME),
        "SPARK_CONF_DIR": str(folder / "conf"),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "PYSPARK_PYTHON": sys.executable,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SOURCE_ROOT), os.environ.get("PYTHONPATH")])),
    }


def _spark_class(cls: str, args: list[str], log: Path, env: dict[str, str]) -> Daemon:
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(SPARK_HOME / "bin" / "spark-class"), cls, *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    return Daemon(process, log)


def _wait_for(daemon: Daemon, pattern: str, count: int = 1, timeout: float = 120) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.findall(pattern, daemon.log.read_text(errors="replace"))
        if len(found) >= count:
            return found
        if daemon.process.poll() is not None:
            break
        time.sleep(0.3)
    raise AssertionError(f"no {pattern!r} in {daemon.log}:\n{daemon.log.read_text(errors='replace')[-3000:]}")


def start_cluster(folder: Path, workers: int = 2) -> Cluster:
    """A master and ``workers`` workers of one core each, registered and ready."""
    (folder / "conf").mkdir(parents=True)
    (folder / "events").mkdir()
    (folder / "conf" / "spark-defaults.conf").write_text(
        f"spark.executor.memory {EXECUTOR_MEMORY}\n"
        "spark.driver.memory 512m\n"
        "spark.ui.enabled false\n"
        "spark.driver.host 127.0.0.1\n"
        "spark.eventLog.enabled true\n"
        "spark.eventLog.compress false\n"
        "spark.eventLog.rolling.enabled false\n"  # one file per application (Spark 4 rolls into a folder)
        f"spark.eventLog.dir file://{folder / 'events'}\n",
        encoding="utf-8",
    )
    env = {
        **spark_environment(folder),
        "SPARK_LOG_DIR": str(folder),
        "SPARK_DAEMON_MEMORY": DAEMON_MEMORY,
        # no REST submission server (a fixed port, 6066). (The worker timeout stays the default:
        # a worker's heartbeats follow its own setting, and a killed worker's executor is noticed by
        # the driver when its connection drops, not by the master's timeout.)
        "SPARK_MASTER_OPTS": "-Dspark.master.rest.enabled=false",
    }
    master = _spark_class(
        "org.apache.spark.deploy.master.Master",
        ["--host", "127.0.0.1", "--port", "0", "--webui-port", "0"],
        folder / "master.log",
        env,
    )
    cluster = Cluster(folder, master, "")
    try:
        cluster.url = _wait_for(master, r"Starting Spark master at (spark://127\.0\.0\.1:\d+)")[0]
        _wait_for(master, r"I have been elected leader")
        for number in range(workers):
            work = folder / f"worker-{number}"
            work.mkdir()
            cluster.workers.append(
                _spark_class(
                    "org.apache.spark.deploy.worker.Worker",
                    [cluster.url, "--host", "127.0.0.1", "--port", "0", "--webui-port", "0"]
                    + ["--cores", "1", "--memory", "768m", "--work-dir", str(work)],
                    folder / f"worker-{number}.log",
                    env,
                )
            )
        _wait_for(master, r"Registering worker 127\.0\.0\.1:\d+ with 1 cores", count=workers)
    except BaseException:
        cluster.stop()
        raise
    return cluster
