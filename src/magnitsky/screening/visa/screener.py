"""The visa/border screening service: MRZ or form in, audited DENY / REFER / CLEAR out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from magnitsky.screening.measures import MeasuresTable
from magnitsky.screening.screener import Screener
from magnitsky.screening.visa.applicant import Applicant
from magnitsky.screening.visa.decision import (
    DEFAULT_STRONG_THRESHOLD,
    MatchedEntry,
    Thresholds,
    VisaDecision,
    assess,
    decide,
)
from magnitsky.screening.visa.mrz import TravelDocument, parse_mrz
from magnitsky.store.audit import AuditLog

CANDIDATES = 10
AUDIT_ACTION = "visa.decide"


class VisaScreener:
    """Screens travellers against the lists loaded in ``screener``.

    ``measures`` says which entries carry a travel ban (default: the bundled table); with ``audit``
    every decision, a clearance included, is appended to the audit trail before it is returned.
    """

    def __init__(
        self,
        screener: Screener,
        measures: MeasuresTable | None = None,
        audit: AuditLog | None = None,
        strong_threshold: float = DEFAULT_STRONG_THRESHOLD,
    ):
        self.screener = screener
        self.measures = measures or MeasuresTable.load()
        self.audit = audit
        self.thresholds = Thresholds(screener.threshold, strong_threshold)
        self._entities = {entity.id: entity for entity in screener.index.entities}

    def screen_mrz(self, text: str, actor: str = "api", today: date | None = None) -> VisaDecision:
        """Parse the MRZ (raising :class:`MrzError` if it is malformed) and decide."""
        return self.screen_document(parse_mrz(text, today), actor, today)

    def screen_document(self, document: TravelDocument, actor: str = "api", today: date | None = None) -> VisaDecision:
        """Decide on an already parsed travel document."""
        return self._decide(Applicant.from_document(document), document, actor, today or date.today())

    def screen_applicant(self, applicant: Applicant, actor: str = "api") -> VisaDecision:
        """Decide on a plain applicant form (see :meth:`Applicant.from_form`)."""
        return self._decide(applicant, None, actor, date.today())

    def _decide(self, applicant: Applicant, document: TravelDocument | None, actor: str, today: date) -> VisaDecision:
        result = self.screener.screen(applicant.query(), threshold=self.thresholds.match, limit=CANDIDATES)
        entries: list[MatchedEntry] = []
        for person in result.matches:
            for hit in person.each_listing():  # a person on several lists: each list's measures and basis
                entity = self._entities[hit.entity_id]
                entry = assess(hit, entity, self.measures.for_entity(entity), applicant, self.thresholds)
                if entry is not None:
                    entries.append(entry)
        outcome, reasons = decide(entries)
        decision = VisaDecision(
            outcome,
            tuple(reasons),
            tuple(_notes(applicant, document, today)),
            applicant,
            document.to_dict() if document else None,
            tuple(entries),
            self.thresholds,
            self.screener.versions,
            self.measures.version,
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        if self.audit is None:
            return decision
        record = self.audit.append(actor, AUDIT_ACTION, applicant.subject(), decision.to_dict())
        return replace(decision, audit={"seq": record.seq, "hash": record.hash})


def _notes(applicant: Applicant, document: TravelDocument | None, today: date) -> list[str]:
    notes = []
    if document is not None:
        if document.expiry_date is not None and document.expired(today):
            notes.append(f"the document expired on {document.expiry_date.isoformat()}")
        if document.name_truncated:
            notes.append("the name fills the whole MRZ name field and may be truncated; compare with the visual zone")
        if document.nationality.country is None:
            notes.append(f"nationality {document.nationality.code}: {document.nationality.meaning}")
        if document.issuing_state.country is None and document.issuing_state.code != document.nationality.code:
            notes.append(f"issued by {document.issuing_state.code}: {document.issuing_state.meaning}")
    if applicant.birth_date is None:
        notes.append("no birth date: matches cannot be confirmed or ruled out by date of birth")
    elif len(applicant.birth_date) < 10:
        notes.append(f"birth date known only as {applicant.birth_date}")
    return notes
