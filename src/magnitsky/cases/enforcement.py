"""Alerts from the doors: a payment HOLD or a visa REFER leaves a person a case to decide.

The screening modules decide and record (payment register, visa audit record); they sit below the
case store and know nothing of it. This module, used by the HTTP routes and the CLI commands that
run them, opens the alerts right after the decision is recorded, all of one decision's alerts in
one transaction. Opening is idempotent by (subject, listed entry): an undecided alert is never
opened twice, so screening the same payment message again (a retry after a crash, which returns
the stored decision) opens exactly the alerts that are missing.

* Payment: each HOLD cause of each held transaction is one alert with measure ``HOLD`` on the
  subject ``payment:<decision id>/<transaction id>``. Clearing it as a false positive releases the
  payment, so it needs a supervisor's approval (four-eyes, see ``cases/approvals.py``). A HOLD
  with no listed entry behind it (a jurisdiction rule, free text too long to screen) gets an alert
  on the rule or the check itself (``rule:<id>``, ``check:<kind>``), so no held payment goes
  unreviewed.
* Visa: each REFER entry of a REFER decision is one alert with measure ``REFER`` on the subject
  ``visa:<document number>`` (or a digest of the form); clearing a strong match needs approval.

BLOCKs and DENYs are not alerts: they are decided by the rules, and a BLOCK leaves the
frozen-assets register only through a recorded release (``magnitsky frozen release``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from magnitsky.cases import Alerts, Finding, FindingOutcome, FoundEntry, Subject
from magnitsky.cases.db import canonical, writing
from magnitsky.cases.runs import ListedEntries
from magnitsky.screening import Screener
from magnitsky.screening.payments import Decision, Outcome
from magnitsky.screening.visa import REFER, VisaDecision

PAYMENT, VISA = "payment", "visa"


@dataclass(frozen=True)
class OpenedAlert:
    """What became of one finding (a :class:`FindingOutcome`), and its alert if it has one."""

    alert_id: int | None
    subject_id: str
    entity_id: str
    outcome: FindingOutcome

    def to_dict(self) -> dict[str, Any]:
        return {
            "alert_id": self.alert_id,
            "subject_id": self.subject_id,
            "entity_id": self.entity_id,
            "outcome": self.outcome,
        }

    def describe(self) -> str:
        """One line for a person, e.g. ``alert 12 opened: payment:3/E2E-1 ~ ofac_sdn:16399``."""
        what = {
            FindingOutcome.OPENED: "opened",
            FindingOutcome.ACTIVE: "already open",
            FindingOutcome.KNOWN: "decided a true match before",
        }
        head = (
            f"alert {self.alert_id} {what[self.outcome]}"
            if self.alert_id
            else "no alert (cleared before: good-guy list)"
        )
        return f"{head}: {self.subject_id} ~ {self.entity_id}"


def _digest(data: Any) -> str:
    return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()


_CONTEXT = ("kind", "field", "reason", "role", "party", "rule", "basis")  # of a payment cause, kept with its alert


def payment_subject_id(decision_id: int, transaction_id: str) -> str:
    """The subject id of the alerts on one held transaction (at most 200 characters in all): the
    payments desk finds a transaction's alerts by it."""
    short = (
        transaction_id
        if len(transaction_id) <= 120
        else "sha256-" + hashlib.sha256(transaction_id.encode()).hexdigest()
    )
    return f"payment:{decision_id}/{short}"


def _reviewed(cause: dict) -> str:
    """What a reviewer decides on for a cause: the listed entry, else the rule, else the check."""
    if cause.get("entity_id"):
        return cause["entity_id"]
    return f"rule:{cause['rule']}" if cause.get("rule") else f"check:{cause['kind']}"


class EnforcementAlerts:
    """Opens the alerts enforcement decisions call for, on the case store in ``engine``."""

    def __init__(self, engine: Engine, screener: Screener):
        self.engine = engine
        self.alerts = Alerts(engine)
        self.listed = ListedEntries(screener)

    def for_payment(self, outcome: Outcome, actor: str) -> list[OpenedAlert]:
        """Alerts for the HOLD causes of the held transactions of a recorded (or replayed) decision."""
        stored = outcome.stored
        details = stored.details
        message = details["message"]
        findings = []
        for tx in details["transactions"]:
            if tx["decision"] != Decision.HOLD.value:
                continue  # a blocked or rejected transaction is not released by a review
            caption = (
                f"{message['version']} {message['message_id']} from {message['sender'] or 'unknown sender'}, "
                f"transaction {tx['id']}: {tx['amount']} {tx['currency']}"
            )
            subject = Subject(PAYMENT, payment_subject_id(stored.id, tx["id"]), caption, _digest(tx))
            reviewed: dict[str, list[dict]] = {}  # what a reviewer decides on -> the causes it raised
            for cause in tx["causes"]:
                if cause["decision"] != Decision.HOLD.value:
                    continue
                if cause.get("entity_id") and cause["entity_id"] not in self.listed.entities:
                    continue  # a replayed decision whose entry has left the lists since: nothing to review
                reviewed.setdefault(_reviewed(cause), []).append(cause)
            findings += [self._payment_finding(subject, key, tx, causes, details) for key, causes in reviewed.items()]
        return self._open(findings, PAYMENT, actor, Decision.HOLD.value)

    def for_visa(self, decision: VisaDecision, actor: str) -> list[OpenedAlert]:
        """Alerts for the entries that made a decision REFER."""
        if decision.decision != REFER:
            return []
        applicant = decision.applicant
        document = f", document {applicant.document_number}" if applicant.document_number else ""
        subject = Subject(
            VISA,
            applicant.subject(),
            f"{applicant.full_name}, born {applicant.birth_date or '?'}{document}",
            _digest(applicant.to_dict()),
        )
        findings = []
        for entry in decision.matches:
            if entry.outcome != REFER:
                continue
            entity = self.listed.entities[entry.entity_id]
            cause = {
                "reason": entry.reason,
                "birth_date": entry.birth_date,
                "document_listed": entry.document_listed,
                "measures": list(entry.measures),
                "basis": list(entry.basis),
                "decided_at": decision.decided_at,
            }
            hit = FoundEntry(
                entity.id, entity.source, entry.caption, entry.score, {**entry.explanation, "cause": cause}
            )
            findings.append(self.listed.finding(subject, hit))
        return self._open(findings, VISA, actor, REFER)

    def _payment_finding(self, subject: Subject, key: str, tx: dict, causes: list[dict], details: dict) -> Finding:
        """One alert per entry (or rule) in a held transaction, however many causes it raised there."""
        contexts = [{"transaction": tx["id"], **{k: c[k] for k in _CONTEXT if k in c}} for c in causes]
        first = causes[0]  # the gravest, best-scoring: causes come sorted
        if first.get("entity_id"):  # a party or a name in the free text matched a listed entry
            entity = self.listed.entities[key]
            hit = FoundEntry(
                entity.id,
                entity.source,
                first["caption"],
                first["score"],
                {**first.get("explanation", {}), "causes": contexts},
            )
            return self.listed.finding(subject, hit)
        # No entry behind it (a jurisdiction rule, unscreened text): the rule or check is what is reviewed.
        version = (
            f"jurisdiction_rules:{details['jurisdiction_rules']}"
            if first.get("rule")
            else ",".join(details["list_versions"])[:120]
        )
        kind = key.partition(":")[0]
        hit = FoundEntry(key, kind, first["reason"], 1.0, {"causes": contexts})
        return Finding(subject, hit, _digest(contexts), version)

    def _open(self, findings: list[Finding], origin: str, actor: str, measure: str) -> list[OpenedAlert]:
        if not findings:
            return []
        with writing(self.engine) as conn:
            opening = self.alerts.open_findings(conn, findings, origin, actor, measure=measure)
        return [
            OpenedAlert(alert_id, f.subject.id, f.hit.entity_id, outcome) for f, outcome, alert_id in opening.outcomes
        ]
