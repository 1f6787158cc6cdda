"""Screening a payment message end to end: detect, parse, decide once, record.

``PaymentScreening.screen(data)`` is what a bank's payment system calls for each message. The
format is detected from the content (ISO 20022 XML or SWIFT MT); a message already decided
returns its stored decision unchanged, so a retry or a duplicate delivery never blocks or audits
twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from magnitsky.screening.measures import MeasuresTable
from magnitsky.screening.payments.decision import PaymentDecider
from magnitsky.screening.payments.iso20022 import is_iso20022, parse_iso20022
from magnitsky.screening.payments.jurisdictions import JurisdictionRules
from magnitsky.screening.payments.mt103 import is_mt, parse_mt103
from magnitsky.screening.payments.parties import MessageError, PaymentMessage
from magnitsky.screening.payments.register import FrozenAssetsRegister, StoredDecision
from magnitsky.screening.screener import Screener
from magnitsky.settings import REVIEW_THRESHOLD


def parse_message(data: bytes, name: str = "message") -> PaymentMessage:
    """A pacs.008, pain.001 or MT103 message, recognised by its content."""
    if not data.strip():
        raise MessageError(name, "message is empty")
    if is_iso20022(data):
        return parse_iso20022(data, name)
    if is_mt(data[:64].decode("utf-8", errors="replace")):
        return parse_mt103(data, name)
    raise MessageError(
        name, "neither ISO 20022 XML (pacs.008, pain.001) nor a SWIFT MT103 ('{1:' or ':20:' at the start)"
    )


@dataclass(frozen=True)
class Outcome:
    stored: StoredDecision
    replayed: bool  # True when the message had been decided before and the stored decision is returned

    def to_dict(self) -> dict[str, Any]:
        return {**self.stored.to_dict(), "replayed": self.replayed}


class PaymentScreening:
    def __init__(
        self,
        screener: Screener,
        engine: Engine,
        measures: MeasuresTable | None = None,
        rules: JurisdictionRules | None = None,
        review_threshold: float = REVIEW_THRESHOLD,
    ):
        self.decider = PaymentDecider(screener, measures, rules, review_threshold)
        self.register = FrozenAssetsRegister(engine)

    def screen(self, data: bytes, actor: str, name: str = "message") -> Outcome:
        message = parse_message(data, name)
        digest = hashlib.sha256(data).hexdigest()
        if (stored := self.register.find(message, digest)) is not None:
            return Outcome(stored, True)
        decision = self.decider.decide(message)
        stored, created = self.register.record(decision, digest, actor)
        return Outcome(stored, not created)
