"""Readiness across the workers of one ``magnitsky serve``: each worker publishes the list versions
it screens against in a file of its own, so that any worker's ``/readyz`` answers for all of them.

A load balancer asks ``/readyz`` of whichever worker takes the connection. Answered per worker, it
said 200 while another worker had no index yet, or screened against the previous lists without
saying so. Files rather than shared memory: uvicorn's workers are separate
processes it kills and respawns, and the file of a worker that died is recognised by its pid and
removed instead of holding readiness back for ever.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Set by ``magnitsky serve`` for its workers: the directory all of them publish in.
READY_DIR = "MAGNITSKY_READY_DIR"


@dataclass(frozen=True)
class WorkerState:
    """What one live worker screens against (``()``: no list loaded yet)."""

    pid: int
    versions: tuple[str, ...]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, under another user
        return True
    return True


class ReadinessBoard:
    """One directory, one ``<pid>.json`` per worker of a server."""

    def __init__(self, directory: Path, pid: int | None = None):
        self.directory = directory
        self.pid = pid or os.getpid()

    @classmethod
    def of_this_server(cls, home: Path) -> ReadinessBoard:
        """The board ``magnitsky serve`` gave its workers; without one (the app run in a process of
        its own, as by the tests' client), a board of this process alone."""
        named = os.environ.get(READY_DIR)
        return cls(Path(named) if named else home / "run" / "ready" / str(os.getpid()))

    @classmethod
    def for_new_server(cls, home: Path) -> ReadinessBoard:
        """A fresh, empty board for a server starting in this process; boards left behind by
        servers that have stopped are removed."""
        boards = home / "run" / "ready"
        if boards.is_dir():
            for left in boards.iterdir():
                if not (left.name.isdigit() and _alive(int(left.name))):
                    shutil.rmtree(left, ignore_errors=True)
        board = cls(boards / str(os.getpid()))
        shutil.rmtree(board.directory, ignore_errors=True)
        board.directory.mkdir(parents=True, mode=0o700)
        return board

    def publish(self, versions: Sequence[str]) -> None:
        """Say which versions this worker now screens against; written whole, then renamed into
        place, so a reader never sees half a file."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.directory / f"{self.pid}.json"
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps({"pid": self.pid, "versions": list(versions)}), encoding="utf-8")
        os.replace(partial, path)

    def withdraw(self) -> None:
        """This worker stops: it no longer counts."""
        (self.directory / f"{self.pid}.json").unlink(missing_ok=True)

    def remove(self) -> None:
        """The server stops: its board goes."""
        shutil.rmtree(self.directory, ignore_errors=True)

    def workers(self) -> list[WorkerState]:
        """Every live worker's state, by pid; files of workers that died are removed."""
        states = []
        for path in sorted(self.directory.glob("*.json")):
            pid = int(path.stem) if path.stem.isdigit() else 0
            if not (pid and _alive(pid)):
                path.unlink(missing_ok=True)
                continue
            try:
                published = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:  # withdrawn meanwhile
                continue
            states.append(WorkerState(pid, tuple(published["versions"])))
        return states
