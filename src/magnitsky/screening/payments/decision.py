"""PASS / HOLD / REJECT / BLOCK for a payment, with every cause named and explained.

Per transaction, each party is screened as an entity (name, country, BIC, LEI, account and other
ids), its free text is scanned for listed names, and each party is checked against the
jurisdiction rules. A cause is:

- a strong match (score >= the match threshold) to an entry whose measures include an asset
  freeze -> BLOCK: the funds are frozen and go to the register;
- a strong match to an entry with other measures (OFAC non-SDN sectoral, menu-based, CAPTA ...)
  -> REJECT: the payment is prohibited, not blocked;
- a strong match to an entry for which no measures are known, a possible match (score >= the
  review threshold), a listed name found in free text, or free text too long to screen whole
  -> HOLD: a reviewer decides;
- a jurisdiction rule -> the rule's own decision.

A listed name in remittance information is a HOLD, not a BLOCK: it shows that a listed person is
mentioned, not that they are a party with an interest in the funds; a reviewer reads the text and,
if they are the beneficial owner, blocks it. The transaction takes the gravest decision of its
causes (BLOCK > REJECT > HOLD > PASS) and the message the gravest of its transactions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from magnitsky.model import Entity
from magnitsky.screening.measures import MeasuresTable
from magnitsky.screening.payments.freetext import FreeTextScanner
from magnitsky.screening.payments.jurisdictions import JurisdictionRules
from magnitsky.screening.payments.parties import Party, PaymentMessage, Transaction
from magnitsky.screening.screener import Screener, ScreeningHit
from magnitsky.settings import REVIEW_THRESHOLD

PARTY_CACHE = 50_000  # distinct parties whose screening result a decider keeps


class Decision(StrEnum):
    PASS = "PASS"
    HOLD = "HOLD"
    REJECT = "REJECT"
    BLOCK = "BLOCK"

    @property
    def gravity(self) -> int:
        return list(Decision).index(self)


def gravest(decisions) -> Decision:
    return max(decisions, key=lambda d: d.gravity, default=Decision.PASS)


@dataclass(frozen=True)
class Cause:
    """One reason for a decision: which party or text, which entry or rule, and why."""

    decision: Decision
    kind: str  # "party_match", "free_text_match", "jurisdiction", "unscreened_text"
    field: str  # where in the message
    reason: str  # one line for a person
    role: str | None = None
    party: str | None = None
    entity_id: str | None = None
    caption: str | None = None
    score: float | None = None
    programs: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    rule: str | None = None
    explanation: dict | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if v not in (None, (), "")}
        data["decision"] = self.decision.value
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


@dataclass
class TransactionDecision:
    transaction: Transaction
    decision: Decision
    causes: list[Cause] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.transaction.to_dict(),
            "decision": self.decision.value,
            "causes": [c.to_dict() for c in self.causes],
        }


@dataclass
class PaymentDecision:
    message: PaymentMessage
    decision: Decision
    transactions: list[TransactionDecision]
    basis: dict[str, Any]  # thresholds, list versions, measures table and rules versions

    def to_dict(self) -> dict[str, Any]:
        m = self.message
        return {
            "message": {"type": m.type, "version": m.version, "message_id": m.message_id, "sender": m.sender},
            "decision": self.decision.value,
            "transactions": [t.to_dict() for t in self.transactions],
            **self.basis,
        }


class PaymentDecider:
    """Decides payments against one screener, measures table and set of jurisdiction rules."""

    def __init__(
        self,
        screener: Screener,
        measures: MeasuresTable | None = None,
        rules: JurisdictionRules | None = None,
        review_threshold: float = REVIEW_THRESHOLD,
    ):
        self.screener = screener
        self.measures = measures or MeasuresTable.load()
        self.rules = rules or JurisdictionRules.load()
        self.review_threshold = min(review_threshold, screener.threshold)
        self.free_text = FreeTextScanner(screener)
        self._entities: dict[str, Entity] = {e.id: e for e in screener.index.entities}
        # Agents' BICs and regular counterparties recur in message after message: screen each once.
        self._possible_matches = lru_cache(maxsize=PARTY_CACHE)(self._screen_party)

    def decide(self, message: PaymentMessage) -> PaymentDecision:
        decisions = [self._transaction(tx) for tx in message.transactions]
        basis = {
            "thresholds": {"match": self.screener.threshold, "review": self.review_threshold},
            "list_versions": list(self.screener.versions),
            "measures_table": self.measures.version,
            "jurisdiction_rules": self.rules.version,
        }
        return PaymentDecision(message, gravest(d.decision for d in decisions), decisions, basis)

    def _transaction(self, tx: Transaction) -> TransactionDecision:
        causes: list[Cause] = []
        for party in tx.parties:
            causes += self._party_causes(party)
            causes += [
                Cause(
                    Decision(hit.rule.decision),
                    "jurisdiction",
                    party.field,
                    f"{party.label} ({party.role}): {hit.rule.name} - {hit.evidence}",
                    role=party.role,
                    party=party.label,
                    basis=(hit.rule.basis,),
                    rule=hit.rule.id,
                )
                for hit in self.rules.check(party)
            ]
        scan = self.free_text.scan(tx.free_text, self.review_threshold)
        for found in scan.hits:
            hit = found.hit
            causes.append(
                Cause(
                    Decision.HOLD,
                    "free_text_match",
                    found.field,
                    f"free text names {hit.caption} ({hit.entity_id}, score {hit.score:.2f}) in {found.excerpt!r}: "
                    "a listed name is mentioned; a reviewer decides whether the entry has an interest in the funds",
                    entity_id=hit.entity_id,
                    caption=hit.caption,
                    score=hit.score,
                    programs=self._entity(hit.entity_id).programs,
                    explanation=hit.explanation,
                )
            )
        if note := scan.note():
            causes.append(
                Cause(Decision.HOLD, "unscreened_text", "free text", f"{note}; a reviewer must read the rest")
            )
        causes.sort(key=lambda c: (-c.decision.gravity, -(c.score or 0)))
        return TransactionDecision(tx, gravest(c.decision for c in causes), causes)

    def _party_causes(self, party: Party) -> list[Cause]:
        query = party.query()
        if query is None:
            return []
        key = json.dumps(query, sort_keys=True)
        return [self._match_cause(party, hit) for hit in self._possible_matches(key)]

    def _screen_party(self, query: str) -> tuple[ScreeningHit, ...]:
        result = self.screener.screen(json.loads(query), self.review_threshold, limit=5)
        # a person on several lists: a cause per listing, each citing its own list's measures and basis
        listings = (listing for person in result.matches for listing in person.each_listing())
        return tuple(h for h in listings if h.score >= self.review_threshold)

    def _match_cause(self, party: Party, hit: ScreeningHit) -> Cause:
        entity = self._entity(hit.entity_id)
        applied = self.measures.for_entity(entity)
        strong = hit.score >= self.screener.threshold
        who = f"{party.label} ({party.role}) matches {hit.caption} ({hit.entity_id}, score {hit.score:.2f})"
        if strong and applied.freeze:
            decision, why = Decision.BLOCK, "subject to an asset freeze: the funds are blocked"
        elif strong and applied.measures:
            decision, why = (
                Decision.REJECT,
                f"subject to {', '.join(sorted(applied.measures))}, not a freeze: the payment is rejected",
            )
        elif strong:
            decision, why = Decision.HOLD, "no measures known for this entry: a reviewer decides"
        else:
            decision, why = (
                Decision.HOLD,
                f"possible match below the match threshold {self.screener.threshold}: a reviewer decides",
            )
        if derivation := hit.ownership:  # not listed itself: blocked through its owners
            why += f"; not listed itself, blocked by the ownership rule: {derivation['paths'][0]['text']}"
        return Cause(
            decision,
            "party_match",
            party.field,
            f"{who}; {why}",
            role=party.role,
            party=party.label,
            entity_id=hit.entity_id,
            caption=hit.caption,
            score=hit.score,
            programs=entity.programs,
            measures=tuple(sorted(applied.measures)),
            basis=applied.basis + entity.legal_basis,
            explanation=hit.explanation,
        )

    def _entity(self, entity_id: str) -> Entity:
        return self._entities[entity_id]
