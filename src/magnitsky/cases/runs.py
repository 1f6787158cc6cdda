"""A screening run: subjects screened, their hits turned into alerts, committed in batches.

Each batch commits its alerts, their audit records and the run's counters in one transaction, so
a crash loses at most the batch in flight and never leaves half of one. A run that never finished
keeps ``finished_at`` empty; running again is safe because an undecided alert is never opened
twice for the same pair.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, update

from magnitsky.cases.alerts import Alerts
from magnitsky.cases.db import canonical, now, writing
from magnitsky.cases.faults import crash_point
from magnitsky.cases.records import Finding, FindingOutcome, FoundEntry, Opening, Subject
from magnitsky.cases.schema import screening_runs
from magnitsky.screening import Screener, ScreeningHit
from magnitsky.store import AuditLog

COMMIT_EVERY = 500  # subjects per transaction


@dataclass
class RunSummary:
    run_id: int
    kind: str
    versions: dict[str, int]
    screened: int = 0
    opened: int = 0
    active: int = 0  # hits whose pair already has an undecided alert
    known: int = 0  # hits on pairs already decided as true matches
    suppressed: int = 0  # hits cleared before (good-guy list), both sides unchanged
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class ListedEntries:
    """The listed side of a hit: each entry's content hash and list version, from the screener."""

    def __init__(self, screener: Screener):
        self.entities = {e.id: e for e in screener.index.entities}
        self.labels = {label.partition(":")[0]: label for label in screener.versions}
        self._fingerprints: dict[str, str] = {}

    def versions(self) -> dict[str, int]:
        """The list version screened against, by source. Entities blocked by the ownership rule
        (label ``ownership``) belong to no list version, so they are not among them."""
        found = {}
        for source, label in self.labels.items():
            _, _, number = label.partition(":")
            if number.isdigit():
                found[source] = int(number)
        return found

    def finding(self, subject: Subject, hit: FoundEntry) -> Finding:
        fingerprint = self._fingerprints.get(hit.entity_id)
        if fingerprint is None:
            fingerprint = self._fingerprints[hit.entity_id] = self.entities[hit.entity_id].fingerprint()
        return Finding(subject, hit, fingerprint, self.labels.get(hit.source, hit.source))


class ScreeningRun:
    def __init__(
        self,
        engine: Engine,
        kind: str,
        actor: str,
        screener: Screener,
        origin: str,
        commit_every: int = COMMIT_EVERY,
    ):
        self.engine, self.actor, self.origin = engine, actor, origin
        self.alerts = Alerts(engine)
        self.audit = AuditLog(engine)
        self.listed = ListedEntries(screener)
        self.commit_every = max(1, commit_every)
        self._pending: list[Finding] = []
        self._pending_subjects = 0
        self._started = time.perf_counter()
        versions = self.listed.versions()
        with writing(engine) as conn:
            run_id = conn.execute(
                insert(screening_runs)
                .values(
                    kind=kind,
                    actor=actor,
                    versions=canonical(versions),
                    threshold=screener.threshold,
                    started_at=now(),
                    screened=0,
                    opened=0,
                    suppressed=0,
                )
                .returning(screening_runs.c.id)
            ).scalar_one()
            self.audit.append(
                actor,
                "screening.start",
                f"run:{run_id}",
                {"kind": kind, "versions": versions, "threshold": screener.threshold},
                conn=conn,
            )
        self.summary = RunSummary(run_id, kind, versions)
        self.opening = Opening()  # every outcome of the run, for reports

    @property
    def screened(self) -> int:
        """Subjects screened so far, committed or not."""
        return self.summary.screened + self._pending_subjects

    def add(self, subject: Subject, hits: list[ScreeningHit]) -> None:
        """Record that ``subject`` was screened with these hits (at or above the threshold)."""
        self._pending.extend(self.listed.finding(subject, FoundEntry.of(hit)) for hit in hits)
        self._pending_subjects += 1
        if self._pending_subjects >= self.commit_every:
            with writing(self.engine) as conn:
                self._flush(conn)
                crash_point("screening.batch")

    def finish(self, report: Callable[[Connection], dict] | None = None) -> RunSummary:
        """Commit the last batch and mark the run finished. ``report`` runs in that transaction,
        after the last batch (so ``self.opening`` is complete); what it returns is kept with the
        run and in its closing audit record."""
        with writing(self.engine) as conn:
            self._flush(conn)
            details = report(conn) if report else None
            self.summary.seconds = round(time.perf_counter() - self._started, 3)
            conn.execute(
                update(screening_runs)
                .where(screening_runs.c.id == self.summary.run_id)
                .values(finished_at=now(), report=json.dumps(details, ensure_ascii=False) if details else None)
            )
            self.audit.append(
                self.actor,
                "screening.finish",
                f"run:{self.summary.run_id}",
                {**self.summary.to_dict(), "report": details},
                conn=conn,
            )
        return self.summary

    def _flush(self, conn: Connection) -> None:
        opening = self.alerts.open_findings(conn, self._pending, self.origin, self.actor, self.summary.run_id)
        self.summary.screened += self._pending_subjects
        for outcome in FindingOutcome:
            setattr(self.summary, outcome.value, getattr(self.summary, outcome.value) + opening.count(outcome))
        conn.execute(
            update(screening_runs)
            .where(screening_runs.c.id == self.summary.run_id)
            .values(screened=self.summary.screened, opened=self.summary.opened, suppressed=self.summary.suppressed)
        )
        self.opening.outcomes.extend(opening.outcomes)
        self._pending, self._pending_subjects = [], 0
